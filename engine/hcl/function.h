// Functions callable from expressions, in the shape of go-cty's function package: typed
// parameters, an optional variadic parameter, a return-type rule and an implementation. The
// evaluator only calls `call`; the library of built-ins lives in engine/lang/functions.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "value/type.h"
#include "value/value.h"

namespace fgform::hcl {

struct FunctionParam {
  std::string name;
  value::Type type = value::Type::dynamic();  // dynamic: any type
  // When false, `call` rejects null arguments with "argument must not be null".
  bool allow_null = false;
  // When false, an unknown argument makes the result unknown without running the function.
  bool allow_unknown = false;
  // When false, an argument of dynamic type (unknown type) makes the result a dynamic unknown.
  bool allow_dynamic_type = false;
  // When false, sensitive marks are removed before the call and put back on the result.
  bool allow_marked = false;
};

struct FunctionError {
  std::string message;
  int argument = -1;  // 0-based index of the argument at fault, or -1
};

struct Function {
  std::vector<FunctionParam> params;
  std::optional<FunctionParam> variadic;
  // The result type for these (converted) arguments; may be called with unknown arguments.
  std::function<std::variant<value::Type, FunctionError>(const std::vector<value::Value>&)>
      return_type;
  std::function<std::variant<value::Value, FunctionError>(const std::vector<value::Value>&)> impl;
  std::string description;
};

using FunctionTable = std::map<std::string, Function, std::less<>>;

struct FunctionCallResult {
  value::Value value;
  std::optional<FunctionError> error;
};

// cty's function.Call: arity check, conversion of each argument to its parameter type,
// null/unknown/dynamic/mark rules above, then return_type and impl. The result is converted to
// the return type.
FunctionCallResult call(const Function& function, const std::vector<value::Value>& args);

}  // namespace fgform::hcl
