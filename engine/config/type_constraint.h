// Type constraint expressions, as in `variable { type = map(object({a = string})) }`: written
// as expressions but read statically (Terraform's typeexpr), never evaluated.
#pragma once

#include "hcl/expression.h"
#include "value/codec.h"
#include "value/type.h"

namespace fgform::config {

// string, number, bool, any, list(T), set(T), map(T), tuple([T, ...]), object({k = T, ...})
// and optional(T[, default]) inside object attributes (the default is not kept yet: the
// attribute becomes plain T).
value::Decoded<value::Type> parse_type_constraint(const hcl::Expression& expr);

}  // namespace fgform::config
