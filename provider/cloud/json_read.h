// Tolerant readers of the platform's JSON answers.
//
// nlohmann's value(), operator[], at() and get<T>() throw type_error or out_of_range when an
// answer has another shape than the code expects, and nothing above a resource operation is
// meant to see an exception: one odd answer from the platform, a proxy or an emulator would end
// fgform or the provider plugin. Every read of an answer goes through these instead. They never
// throw, and they follow one rule set:
//
// * A container that is not an object has no keys: a list item that is a number, a top-level
//   array or string where an object belongs, and null all read as "every field absent".
// * A missing key and a JSON null give the fallback.
// * A value of another JSON type than asked for is treated as absent and gives the fallback.
//   Nothing is converted: a number where text belongs is not stringified, "12" is not an
//   integer, 1 and "true" are not booleans. Where the platform is known to write a field two
//   ways (flags as "true"), the caller reads both shapes itself and says so.
// * An integer is a JSON number with an integral value that fits in std::int64_t: 12 and 12.0
//   are 12; 12.5, 1e300 and 2^64 are absent. A number is any finite JSON number, as a double.
// * Text is returned as it is, "" included: whether "" means "not set" is the caller's rule.
//
// A field that must be there (an ID after a create) is read with the same functions; the caller
// checks for the fallback and reports an error diagnostic naming what was missing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fgform::cloud {

// The field `key` of `object`, or nullptr when `object` is not an object, has no such key, or
// holds null there.
const nlohmann::json* field_of(const nlohmann::json& object, std::string_view key);

std::string text_of(const nlohmann::json& object, std::string_view key,
                    std::string_view fallback = {});
std::int64_t integer_of(const nlohmann::json& object, std::string_view key,
                        std::int64_t fallback = 0);
double number_of(const nlohmann::json& object, std::string_view key, double fallback = 0);
bool bool_of(const nlohmann::json& object, std::string_view key, bool fallback = false);

// The field when it is an object (an array), else a shared empty object (array): safe to
// iterate and to read from again. The reference stays valid as long as `object` does: never
// hand them a temporary (`for (auto& x : as_array(Json::parse(...)))` dangles).
const nlohmann::json& object_of(const nlohmann::json& object, std::string_view key);
const nlohmann::json& array_of(const nlohmann::json& object, std::string_view key);

// The same rules for a value that is not a field: `j` itself when it is an object (an array),
// else the shared empty one (a whole answer, an element of a list).
const nlohmann::json& as_object(const nlohmann::json& j);
const nlohmann::json& as_array(const nlohmann::json& j);

// The integer rule above for one value; nullopt when `j` is not such an integer.
std::optional<std::int64_t> integer_value(const nlohmann::json& j);

}  // namespace fgform::cloud
