// Helpers for the function tests: build values tersely, call a built-in by name.
#pragma once

#include <string>
#include <vector>

#include "hcl/function.h"
#include "lang/functions/builtin_functions.h"
#include "value/value.h"

namespace fgform::test {

using value::Number;
using value::Type;
using value::Value;

inline Value S(std::string s) {
  return Value::string(std::move(s));
}
inline Value N(const std::string& text) {
  return Value::number(*Number::parse(text));
}
inline Value N(long long n) {
  return Value::number(Number::from_int(n));
}
inline Value B(bool b) {
  return Value::boolean(b);
}
inline Value T(std::vector<Value> items) {
  return Value::tuple(std::move(items));
}
inline Value L(Type element, std::vector<Value> items) {
  return Value::list(std::move(element), std::move(items));
}
inline Value SL(std::vector<std::string> items) {
  std::vector<Value> v;
  for (auto& s : items) v.push_back(S(s));
  return Value::list(Type::string(), std::move(v));
}
inline Value O(Value::Entries entries) {
  return Value::object(std::move(entries));
}
inline Value M(Type element, Value::Entries entries) {
  return Value::map(std::move(element), std::move(entries));
}

const hcl::FunctionTable& builtins();

// Calls the named built-in; the result's error (if any) is in .error.
hcl::FunctionCallResult call(const std::string& name, std::vector<Value> args);
// The value of a successful call; fails the test (and returns null) on an error.
Value ok(const std::string& name, std::vector<Value> args);
// The message of a failed call; fails the test when the call succeeds.
std::string err(const std::string& name, std::vector<Value> args);

}  // namespace fgform::test
