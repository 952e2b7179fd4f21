#include "json_values.h"

namespace fgform::resources {

using cloud::field_of;
using value::Type;
using value::Value;

Value string_field(const nlohmann::json& o, const char* key) {
  const auto* f = field_of(o, key);
  if (!f || !f->is_string() || f->get_ref<const std::string&>().empty())
    return Value::null(Type::string());
  return Value::string(f->get<std::string>());
}

Value string_field_keep_empty(const nlohmann::json& o, const char* key) {
  const auto* f = field_of(o, key);
  if (!f || !f->is_string()) return Value::null(Type::string());
  return Value::string(f->get<std::string>());
}

Value number_field(const nlohmann::json& o, const char* key) {
  const auto* f = field_of(o, key);
  if (!f || !f->is_number()) return Value::null(Type::number());
  if (auto i = cloud::integer_value(*f); i && !f->is_number_float()) return Value::number(*i);
  auto n = value::Number::from_double(f->get<double>());
  return n ? Value::number(*n) : Value::null(Type::number());
}

Value bool_field(const nlohmann::json& o, const char* key) {
  const auto* f = field_of(o, key);
  if (!f || !f->is_boolean()) return Value::null(Type::boolean());
  return Value::boolean(f->get<bool>());
}

value::Diagnostic answer_error(const std::string& doing, const std::string& problem) {
  return value::Diagnostic::error("Error " + doing,
                                  "Unexpected answer from the platform: " + problem + ".");
}

value::Diagnostic created_without_id(const std::string& doing, const std::string& missing,
                                     const std::string& import_as) {
  return answer_error(doing, "the answer carries no " + missing +
                                 ". It may have been created all the same: if it exists, "
                                 "import it as " +
                                 import_as);
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
