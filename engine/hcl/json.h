// The JSON syntax (`.tf.json`): a File whose Body decides attribute vs block from the schema
// given to content(), as hcl's json package does.
#pragma once

#include <string>
#include <string_view>

#include "hcl/parser.h"

namespace fgform::hcl {

value::Decoded<std::shared_ptr<File>> parse_json_config(std::string_view source,
                                                        std::string filename);
// A standalone JSON value as an expression (strings are templates).
value::Decoded<ExprPtr> parse_json_expression(std::string_view source, std::string filename);

}  // namespace fgform::hcl
