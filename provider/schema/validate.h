// Checks a configuration value against its schema: required arguments, unconfigurable
// (computed-only) arguments, block counts, and each attribute's validation. Unknown values are
// skipped (they are checked again once known). Every diagnostic names the attribute path.
#pragma once

#include "schema.h"

namespace fgform::schema {

value::Diagnostics validate_config(const Block& block, const value::Value& config,
                                   const value::Path& base = {});

// The value-level checks of one attribute (validation rules only).
value::Diagnostics validate_value(const Attribute& attribute, const value::Value& v,
                                  const value::Path& path);

}  // namespace fgform::schema
