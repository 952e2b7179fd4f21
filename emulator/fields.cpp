#include "fields.h"

#include <algorithm>

namespace fgform::emulator::fields {
namespace {

const Json* lookup(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

void reject_unknown(const Json& object, std::initializer_list<std::string_view> allowed,
                    std::string_view where) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      bad_request("unknown field \"" + it.key() + "\" in " + std::string(where));
    }
  }
}

std::optional<std::string> opt_string(const Json& object, const char* key, std::size_t max_len) {
  const Json* v = lookup(object, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) bad_request(std::string(key) + " must be a string");
  std::string s = v->get<std::string>();
  if (s.size() > max_len) {
    bad_request(std::string(key) + " is longer than " + std::to_string(max_len) + " characters");
  }
  return s;
}

std::string req_string(const Json& object, const char* key, std::size_t max_len) {
  auto s = opt_string(object, key, max_len);
  if (!s || s->empty()) bad_request(std::string(key) + " is required");
  return *s;
}

std::optional<long long> opt_int(const Json& object, const char* key, long long min,
                                 long long max) {
  const Json* v = lookup(object, key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) bad_request(std::string(key) + " must be an integer");
  long long n = v->get<long long>();
  if (n < min || n > max) {
    bad_request(std::string(key) + " must be from " + std::to_string(min) + " to " +
                std::to_string(max) + ", got " + std::to_string(n));
  }
  return n;
}

long long req_int(const Json& object, const char* key, long long min, long long max) {
  auto n = opt_int(object, key, min, max);
  if (!n) bad_request(std::string(key) + " is required");
  return *n;
}

std::optional<bool> opt_bool(const Json& object, const char* key) {
  const Json* v = lookup(object, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) bad_request(std::string(key) + " must be true or false");
  return v->get<bool>();
}

std::optional<Json> opt_object(const Json& object, const char* key) {
  const Json* v = lookup(object, key);
  if (!v) return std::nullopt;
  if (!v->is_object()) bad_request(std::string(key) + " must be an object");
  return *v;
}

std::optional<Json> opt_array(const Json& object, const char* key, std::size_t max_items) {
  const Json* v = lookup(object, key);
  if (!v) return std::nullopt;
  if (!v->is_array()) bad_request(std::string(key) + " must be an array");
  if (v->size() > max_items) {
    bad_request(std::string(key) + " has more than " + std::to_string(max_items) + " items");
  }
  return *v;
}

}  // namespace fgform::emulator::fields
