// Shared building blocks of the function library: parameter and function constructors, error
// values, UTF-8 helpers. Internal to engine/lang/functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hcl/function.h"
#include "lang/functions/builtin_functions.h"
#include "value/convert.h"
#include "value/number_math.h"
#include "value/type.h"
#include "value/value.h"

namespace fgform::lang::functions {

using hcl::Function;
using hcl::FunctionError;
using hcl::FunctionParam;
using hcl::FunctionTable;
using value::Number;
using value::Type;
using value::Value;
using Args = std::vector<Value>;
using Result = std::variant<Value, FunctionError>;
using TypeResult = std::variant<Type, FunctionError>;

// Parameter flags, or-ed together.
enum ParamFlags : unsigned {
  kAllowNull = 1,
  kAllowUnknown = 2,
  kAllowDynamic = 4,
  kAllowMarked = 8,
};

FunctionParam param(std::string name, Type type, unsigned flags = 0);

// A function whose result type does not depend on its arguments.
Function make(std::vector<FunctionParam> params, Type result,
              std::function<Result(const Args&)> impl, std::string description = {});
// The same with a variadic parameter.
Function make_variadic(std::vector<FunctionParam> params, FunctionParam variadic, Type result,
                       std::function<Result(const Args&)> impl, std::string description = {});

inline FunctionError error(std::string message, int argument = -1) {
  return FunctionError{std::move(message), argument};
}

// Number helpers.
Value number_value(std::int64_t n);
// The argument as an integer, or an error naming it ("invalid index: value must be a whole
// number"): cty's gocty conversion rules.
std::optional<std::int64_t> to_int(const Value& v);

// UTF-8: code points of a string (invalid bytes count as one character each).
std::vector<std::string_view> utf8_chars(std::string_view s);
bool valid_utf8(std::string_view s);

// Each family adds its functions to the table.
void add_string_functions(FunctionTable& table);
void add_regex_functions(FunctionTable& table);
void add_text_encoding_functions(FunctionTable& table);
void add_yaml_functions(FunctionTable& table);
void add_network_functions(FunctionTable& table);
void add_format_functions(FunctionTable& table);
void add_collection_functions(FunctionTable& table);
void add_conversion_functions(FunctionTable& table);
void add_encoding_functions(FunctionTable& table);
void add_filesystem_functions(FunctionTable& table, const FunctionOptions& options);
void add_crypto_functions(FunctionTable& table, const FunctionOptions& options);
void add_numeric_functions(FunctionTable& table);
void add_datetime_functions(FunctionTable& table, const FunctionOptions& options);
// Last: it takes a snapshot of the table for the functions templates may call.
void add_templatefile_function(FunctionTable& table, const FunctionOptions& options);

}  // namespace fgform::lang::functions

namespace fgform::lang::functions {

// True for list, set and tuple types.
bool is_sequence(const Type& t);
// True for map and object types.
bool is_mapping(const Type& t);
// A list of `items`, typed by their unified element type (`fallback` when empty); a conversion
// error when they have no common type.
Result make_list(const Value::Elements& items, const Type& fallback);

}  // namespace fgform::lang::functions

namespace fgform::lang::functions {

std::string base64_encode(std::string_view bytes);
// nullopt on malformed input (standard alphabet, padding required as Go's StdEncoding does).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace fgform::lang::functions

namespace fgform::lang::functions {

// Go's Regexp.ReplaceAllString of `pattern` (RE2 syntax) in `str`: the result (index 0), or
// Go's compile error (index 1).
std::variant<std::string, std::string> regex_replace(const std::string& str,
                                                     const std::string& pattern,
                                                     const std::string& replacement);

// Terraform's jsonencode text of a wholly known value.
std::string json_encode(const Value& v);

}  // namespace fgform::lang::functions

namespace fgform::lang::functions {

// Go's filepath.Clean for slash-separated paths.
std::string clean_path(const std::string& path);
// A file argument as Terraform resolves it: ~ expanded, relative to base_dir, cleaned.
std::variant<std::string, FunctionError> resolve_path(const FunctionOptions& options,
                                                      const std::string& path);
// The file's bytes, or Terraform's "no file exists at ..." error.
std::variant<std::string, FunctionError> read_file(const FunctionOptions& options,
                                                   const std::string& path);

}  // namespace fgform::lang::functions
