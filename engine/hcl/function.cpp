#include "hcl/function.h"

#include <string>

#include "value/convert.h"

namespace fgform::hcl {
namespace {

using value::Type;
using value::Value;

FunctionCallResult fail(std::string message, int argument = -1) {
  return FunctionCallResult{Value::unknown(Type::dynamic()),
                            FunctionError{std::move(message), argument}};
}

}  // namespace

FunctionCallResult call(const Function& function, const std::vector<Value>& args) {
  const std::size_t fixed = function.params.size();
  if (!function.variadic && args.size() != fixed) {
    return fail("wrong number of arguments (" + std::to_string(fixed) + " required; " +
                std::to_string(args.size()) + " given)");
  }
  if (function.variadic && args.size() < fixed) {
    return fail("wrong number of arguments (at least " + std::to_string(fixed) + " required; " +
                std::to_string(args.size()) + " given)");
  }

  // Conversion to the parameter types (what hcl does before cty's Call), then cty's checks in
  // its order: null, dynamic type; unknown and marks are dealt with once the type is known.
  std::vector<Value> converted;
  converted.reserve(args.size());
  bool dynamic_argument = false;
  bool unknown_argument = false;
  bool sensitive_result = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const FunctionParam& param = i < fixed ? function.params[i] : *function.variadic;
    const int index = static_cast<int>(i);
    value::Conversion c = value::convert(args[i], param.type);
    if (!c.ok()) return fail(c.error, index);
    Value v = std::move(c.value);
    if (!param.allow_marked && v.contains_sensitive()) {
      sensitive_result = true;
      v = v.without_marks();
    }
    if (v.is_null() && !param.allow_null) return fail("argument must not be null", index);
    if (v.type().kind() == Type::Kind::kDynamic && !param.allow_dynamic_type) {
      dynamic_argument = true;
    }
    if (v.is_unknown() && !param.allow_unknown) unknown_argument = true;
    converted.push_back(std::move(v));
  }

  auto with_marks = [&](Value v) { return sensitive_result ? v.marked_sensitive() : v; };
  if (dynamic_argument) return FunctionCallResult{with_marks(Value::unknown(Type::dynamic())), {}};

  Type expected = Type::dynamic();
  if (function.return_type) {
    auto rt = function.return_type(converted);
    if (auto* e = std::get_if<FunctionError>(&rt))
      return FunctionCallResult{Value::unknown(Type::dynamic()), *e};
    expected = std::get<Type>(rt);
  }
  if (unknown_argument) return FunctionCallResult{with_marks(Value::unknown(expected)), {}};

  if (!function.impl) return fail("function has no implementation");
  auto result = function.impl(converted);
  if (auto* e = std::get_if<FunctionError>(&result)) {
    return FunctionCallResult{Value::unknown(expected), *e};
  }
  Value out = std::get<Value>(std::move(result));
  if (out.type() != expected && expected.kind() != Type::Kind::kDynamic) {
    value::Conversion c = value::convert(out, expected);
    if (!c.ok()) return fail("function returned an unsuitable value: " + c.error);
    out = std::move(c.value);
  }
  return FunctionCallResult{with_marks(std::move(out)), {}};
}

}  // namespace fgform::hcl
