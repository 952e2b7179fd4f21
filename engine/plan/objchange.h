// Terraform's plan consistency checks (objchange.AssertObjectCompatible): a value that should
// complete a planned one, with every known planned leaf unchanged. The engine runs them where
// Terraform does: on the provider's plan at apply time against the saved plan ("Provider
// produced inconsistent final plan") and on the provider's result against the plan ("Provider
// produced inconsistent result after apply"). The problems read as Terraform's: a cty path and
// the values in cty's Go syntax, since they are meant to reach the provider's developers.
#pragma once

#include <string>
#include <vector>

#include "schema/schema.h"
#include "value/value.h"

namespace fgform::plan {

// One problem per string, e.g. `.memory_size: was cty.NumberIntVal(128), but now
// cty.NumberIntVal(256)`. Empty when `actual` is a valid completion of `planned`. Both must
// conform to the block's implied type. Sensitive attributes never show their values.
std::vector<std::string> assert_object_compatible(const schema::Block& block,
                                                  const value::Value& planned,
                                                  const value::Value& actual);

// The value in cty's GoString form: cty.StringVal("a"), cty.NumberIntVal(1), cty.True,
// cty.NullVal(cty.String), cty.ListVal([]cty.Value{...}), ...
std::string cty_go_string(const value::Value& v);

}  // namespace fgform::plan
