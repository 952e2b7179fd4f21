#include "json_read.h"

#include <cmath>

namespace fgform::cloud {

using Json = nlohmann::json;

const Json* field_of(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string text_of(const Json& object, std::string_view key, std::string_view fallback) {
  const Json* f = field_of(object, key);
  return f && f->is_string() ? f->get_ref<const std::string&>() : std::string(fallback);
}

std::optional<std::int64_t> integer_value(const Json& j) {
  if (j.is_number_integer()) {
    if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      return std::nullopt;
    return j.get<std::int64_t>();
  }
  if (j.is_number_float()) {
    const double d = j.get<double>();
    // [-2^63, 2^63): both bounds are exact doubles, so the cast below cannot overflow.
    if (std::isfinite(d) && std::trunc(d) == d && d >= -9223372036854775808.0 &&
        d < 9223372036854775808.0)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::int64_t integer_of(const Json& object, std::string_view key, std::int64_t fallback) {
  const Json* f = field_of(object, key);
  if (!f) return fallback;
  return integer_value(*f).value_or(fallback);
}

double number_of(const Json& object, std::string_view key, double fallback) {
  const Json* f = field_of(object, key);
  if (!f || !f->is_number()) return fallback;
  const double d = f->get<double>();
  return std::isfinite(d) ? d : fallback;
}

bool bool_of(const Json& object, std::string_view key, bool fallback) {
  const Json* f = field_of(object, key);
  return f && f->is_boolean() ? f->get<bool>() : fallback;
}

namespace {

const Json& empty_object() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

const Json& empty_array() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}

}  // namespace

const Json& as_object(const Json& j) {
  return j.is_object() ? j : empty_object();
}

const Json& as_array(const Json& j) {
  return j.is_array() ? j : empty_array();
}

const Json& object_of(const Json& object, std::string_view key) {
  const Json* f = field_of(object, key);
  return f ? as_object(*f) : empty_object();
}

const Json& array_of(const Json& object, std::string_view key) {
  const Json* f = field_of(object, key);
  return f ? as_array(*f) : empty_array();
}

}  // namespace fgform::cloud
