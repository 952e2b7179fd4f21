// Numeric functions. abs, ceil, floor, max, min, signum and parseint are exact on decimal
// numbers (as cty's big.Float is for these sizes); log and pow go through double, as in cty.
#include <cmath>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

Function unary_number(std::function<Result(const Number&)> op) {
  return make({param("num", Type::number())}, Type::number(),
              [op](const Args& a) -> Result { return op(a[0].as_number()); });
}

// The integer part, rounded towards zero.
Number truncate(const Number& n) {
  const std::string& t = n.text();
  auto point = t.find('.');
  if (point == std::string::npos) return n;
  return *Number::parse(t.substr(0, point));
}

Result from_double(double d) {
  auto n = Number::from_double(d);
  if (!n) return error("result is not a number");
  return Value::number(*n);
}

Function extreme(bool max) {
  return make_variadic({}, param("numbers", Type::number()), Type::number(),
                       [max](const Args& a) -> Result {
                         if (a.empty()) return error("must pass at least one number");
                         Number best = a[0].as_number();
                         for (const auto& v : a) {
                           const Number& n = v.as_number();
                           if (max ? best < n : n < best) best = n;
                         }
                         return Value::number(best);
                       });
}

// The value of one digit in bases up to 62: 0-9, then a-z (A-Z too up to base 36), then A-Z.
int digit_value(char c, int base) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
  return 99;
}

}  // namespace

void add_numeric_functions(FunctionTable& table) {
  table["abs"] = unary_number([](const Number& n) -> Result {
    return Value::number(n.is_negative() ? value::negate(n) : n);
  });
  table["ceil"] = unary_number([](const Number& n) -> Result {
    Number t = truncate(n);
    if (!(t == n) && !n.is_negative()) t = value::add(t, Number::from_int(1));
    return Value::number(t);
  });
  table["floor"] = unary_number([](const Number& n) -> Result {
    Number t = truncate(n);
    if (!(t == n) && n.is_negative()) t = value::subtract(t, Number::from_int(1));
    return Value::number(t);
  });
  table["signum"] = unary_number([](const Number& n) -> Result {
    if (n == Number()) return number_value(0);
    return number_value(n.is_negative() ? -1 : 1);
  });
  table["max"] = extreme(true);
  table["min"] = extreme(false);
  table["log"] = make({param("num", Type::number()), param("base", Type::number())}, Type::number(),
                      [](const Args& a) -> Result {
                        return from_double(std::log(a[0].as_number().to_double()) /
                                           std::log(a[1].as_number().to_double()));
                      });
  table["pow"] = make(
      {param("num", Type::number()), param("power", Type::number())}, Type::number(),
      [](const Args& a) -> Result {
        return from_double(std::pow(a[0].as_number().to_double(), a[1].as_number().to_double()));
      });

  Function parseint;
  parseint.params = {param("number", Type::dynamic()), param("base", Type::number())};
  parseint.return_type = [](const Args& a) -> TypeResult {
    if (a[0].type().kind() != Type::Kind::kString && a[0].type().kind() != Type::Kind::kDynamic) {
      return error("first argument must be a string, not " + a[0].type().friendly_name(), 0);
    }
    return Type::number();
  };
  parseint.impl = [](const Args& a) -> Result {
    const std::string& s = a[0].as_string();
    auto base = to_int(a[1]);
    if (!base || *base < 2 || *base > 62) {
      return error("base must be a whole number between 2 and 62 inclusive", 1);
    }
    const int b = static_cast<int>(*base);
    auto fail = [&]() {
      return error(nlohmann::json(s).dump().insert(0, "cannot parse ") + " as a base " +
                       std::to_string(b) + " integer",
                   0);
    };
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i == s.size()) return fail();
    Number result;
    const Number radix = Number::from_int(b);
    for (; i < s.size(); ++i) {
      const int d = digit_value(s[i], b);
      if (d >= b) return fail();
      result = value::add(value::multiply(result, radix), Number::from_int(d));
    }
    return Value::number(negative ? value::negate(result) : result);
  };
  table["parseint"] = parseint;
}

}  // namespace fgform::lang::functions
