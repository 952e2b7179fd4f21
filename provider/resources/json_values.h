// Reading platform JSON answers into values of the schema's attribute types.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "value/value.h"

namespace fgform::resources {

// String field, or null when absent, null or empty (the platform uses "" for "not set").
value::Value string_field(const nlohmann::json& object, const char* key);
// String field kept even when empty.
value::Value string_field_keep_empty(const nlohmann::json& object, const char* key);
value::Value number_field(const nlohmann::json& object, const char* key);
value::Value bool_field(const nlohmann::json& object, const char* key);

// Value accessors that treat null and unknown as "not set".
std::string text_or(const value::Value& object, const std::string& name,
                    const std::string& fallback = {});
bool is_set(const value::Value& object, const std::string& name);

}  // namespace fgform::resources
