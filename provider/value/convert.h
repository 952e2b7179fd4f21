// Type conversion and unification in the shape of go-cty's convert package: the one place that
// decides whether "12" may become 12, a tuple a list, an object a map. The engine's evaluator
// (operators, function arguments, variable type constraints, resource attributes) and the
// function library all convert through here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "type.h"
#include "value.h"

namespace fgform::value {

struct Conversion {
  Value value;
  // Empty on success; otherwise cty's wording ("a number is required", "element 2: string
  // required", "attribute \"name\" is required"), ready to follow "Inappropriate value: ".
  std::string error;
  bool ok() const { return error.empty(); }
};

// Converts `v` to `want` (which may contain dynamic, meaning "any"). Null and unknown values
// convert to null/unknown of the wanted type; marks are kept. Includes cty's "unsafe"
// conversions (string to number or bool), which Terraform applies everywhere.
Conversion convert(const Value& v, const Type& want);

// The single type all of `types` can convert to (convert.Unify): used by conditionals, list
// and map constructors and for-expressions. nullopt when there is none.
std::optional<Type> unify(const std::vector<Type>& types);

}  // namespace fgform::value
