#include "json_values.h"

namespace fgform::resources {

using value::Type;
using value::Value;

Value string_field(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get<std::string>().empty())
    return Value::null(Type::string());
  return Value::string(it->get<std::string>());
}

Value string_field_keep_empty(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return Value::null(Type::string());
  return Value::string(it->get<std::string>());
}

Value number_field(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return Value::null(Type::number());
  if (it->is_number_integer()) return Value::number(it->get<std::int64_t>());
  auto n = value::Number::from_double(it->get<double>());
  return n ? Value::number(*n) : Value::null(Type::number());
}

Value bool_field(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_boolean()) return Value::null(Type::boolean());
  return Value::boolean(it->get<bool>());
}

bool is_set(const Value& object, const std::string& name) {
  if (object.is_null() || !object.is_known() || !object.type().has_attribute(name)) return false;
  Value v = object.attribute(name);
  return v.is_known() && !v.is_null();
}

std::string text_or(const Value& object, const std::string& name, const std::string& fallback) {
  if (!is_set(object, name)) return fallback;
  return object.attribute(name).as_string();
}

}  // namespace fgform::resources
