// Typed access to request-body fields. Every helper names the field in its 400 message, so a
// client learns exactly which attribute was wrong.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "api.h"

namespace fgform::emulator::fields {

// Refuses keys outside `allowed` (the platform's request model for this call).
void reject_unknown(const Json& object, std::initializer_list<std::string_view> allowed,
                    std::string_view where);

std::optional<std::string> opt_string(const Json& object, const char* key,
                                      std::size_t max_len = 4096);
std::string req_string(const Json& object, const char* key, std::size_t max_len = 4096);
std::optional<long long> opt_int(const Json& object, const char* key, long long min, long long max);
long long req_int(const Json& object, const char* key, long long min, long long max);
std::optional<bool> opt_bool(const Json& object, const char* key);
// An object-valued field; nullopt when absent or null.
std::optional<Json> opt_object(const Json& object, const char* key);
std::optional<Json> opt_array(const Json& object, const char* key, std::size_t max_items);

}  // namespace fgform::emulator::fields
