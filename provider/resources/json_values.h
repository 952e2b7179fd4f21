// Reading platform JSON answers into values of the schema's attribute types. The readers follow
// the rules of cloud/json_read.h (never throw; a non-object container, a missing key, null or a
// value of another JSON type reads as absent) and give a null of the attribute's type for
// absent.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cloud/json_read.h"
#include "value/diagnostics.h"
#include "value/value.h"

namespace fgform::resources {

// String field, or null when absent, null or empty (the platform uses "" for "not set").
value::Value string_field(const nlohmann::json& object, const char* key);
// String field kept even when empty.
value::Value string_field_keep_empty(const nlohmann::json& object, const char* key);
value::Value number_field(const nlohmann::json& object, const char* key);
value::Value bool_field(const nlohmann::json& object, const char* key);

// An answer that cannot be used (not an object, or without a field that must be there, such as
// the ID of what was just created): "Error <doing>", saying what was wrong with it.
value::Diagnostic answer_error(const std::string& doing, const std::string& problem);
// The answer to a create without what identifies the new object (`missing`, e.g. "\"id\"
// text"): it may exist all the same, and only an import by `import_as` can bring it back.
value::Diagnostic created_without_id(const std::string& doing, const std::string& missing,
                                     const std::string& import_as);

// Value accessors that treat null and unknown as "not set".
std::string text_or(const value::Value& object, const std::string& name,
                    const std::string& fallback = {});
bool is_set(const value::Value& object, const std::string& name);

}  // namespace fgform::resources
