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
  // When a nested part of the value failed, the message starts with that part's path as
  // Terraform renders it: "[1]: a number is required", ".tags[\"team\"]: ...".
  std::string error;
  bool ok() const { return error.empty(); }
};

// Converts `v` to `want` (which may contain dynamic, meaning "any"). Null and unknown values
// convert to null/unknown of the wanted type; marks are kept. Includes cty's "unsafe"
// conversions (string to number or bool), which Terraform applies everywhere.
Conversion convert(const Value& v, const Type& want);

// The single type all of `types` can convert to: used by conditionals, list and map
// constructors and for-expressions. nullopt when there is none. `unsafe` (the default, as
// hcl's conditionals and Terraform's functions use: convert.UnifyUnsafe) also lets strings
// stand for numbers and bools; false gives convert.Unify.
std::optional<Type> unify(const std::vector<Type>& types, bool unsafe = true);

// Whether any conversion exists between the types (values may still fail, as "abc" to number).
bool can_convert(const Type& from, const Type& to, bool unsafe = true);
// cty's MismatchMessage: why no value of `got` can become `want` ("number required, but have
// bool", "attribute \"x\" is required", "element 2: string required").
std::string mismatch(const Type& got, const Type& want);

}  // namespace fgform::value
