// The JSON plan's view of values (jsonplan): plain JSON with unknowns left out, plus the
// after_unknown and before/after_sensitive masks. Both the JSON plan and the human renderer work
// from this form, as Terraform's own renderer does, so the two always agree.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "schema/schema.h"
#include "value/path.h"
#include "value/value.h"

namespace fgform::render {

using Json = nlohmann::json;

// jsonplan's omitUnknowns + ctyjson.Marshal with the value's own type (so dynamic attributes
// hold plain JSON, not {"value","type"}): unknown object attributes and map entries are left
// out, unknown list elements become null. nullopt when `v` itself is unknown.
std::optional<Json> value_json(const value::Value& v);

// jsonplan's unknownAsBool: true where unknown; objects omit false members, sequences keep them.
Json unknown_mask(const value::Value& v);

// jsonstate's SensitiveAsBool over the value's sensitive marks.
Json sensitive_mask(const value::Value& v);

// `v` with every attribute the schema declares sensitive marked, nested blocks included, so
// schema sensitivity and sensitive variables are handled the same way afterwards.
value::Value mark_schema_sensitive(const value::Value& v, const schema::Block& block);

// A path as jsonplan writes replace_paths: ["a", 0, "k"].
Json path_json(const value::Path& p);

}  // namespace fgform::render
