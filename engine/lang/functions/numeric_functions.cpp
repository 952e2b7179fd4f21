// Numeric functions. abs, ceil, floor, max, min, signum and parseint are exact on decimal
// numbers (as cty's big.Float is for these sizes); log and pow go through double, as in cty.
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

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

// The value of validated digits in base `b`. Numbers are decimal text, so base 10 is a copy;
// other bases are converted through base-1e9 limbs, several digits per step. (One Number
// multiply-add per digit was quadratic in big-number arithmetic: 100,000 digits took >10 s.)
Number digits_to_number(std::string_view digits, int b) {
  if (b == 10) return *Number::parse(digits);
  constexpr std::uint64_t kLimb = 1000000000;
  std::vector<std::uint32_t> limbs;  // little-endian, base 1e9
  // The most digits whose combined weight b^k still fits in 32 bits.
  int per_step = 0;
  std::uint64_t step_weight = 1;
  while (step_weight * static_cast<std::uint64_t>(b) <= 0xffffffffULL) {
    step_weight *= static_cast<std::uint64_t>(b);
    ++per_step;
  }
  for (std::size_t i = 0; i < digits.size();) {
    std::uint64_t chunk = 0, weight = 1;
    for (int k = 0; k < per_step && i < digits.size(); ++k, ++i) {
      chunk = chunk * static_cast<std::uint64_t>(b) +
              static_cast<std::uint64_t>(digit_value(digits[i], b));
      weight *= static_cast<std::uint64_t>(b);
    }
    std::uint64_t carry = chunk;
    for (auto& limb : limbs) {
      const std::uint64_t v = static_cast<std::uint64_t>(limb) * weight + carry;
      limb = static_cast<std::uint32_t>(v % kLimb);
      carry = v / kLimb;
    }
    while (carry > 0) {
      limbs.push_back(static_cast<std::uint32_t>(carry % kLimb));
      carry /= kLimb;
    }
  }
  if (limbs.empty()) return Number();
  std::string text = std::to_string(limbs.back());
  for (std::size_t k = limbs.size() - 1; k-- > 0;) {
    std::string part = std::to_string(limbs[k]);
    text.append(9 - part.size(), '0');
    text += part;
  }
  return *Number::parse(text);
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
    for (std::size_t k = i; k < s.size(); ++k) {
      if (digit_value(s[k], b) >= b) return fail();
    }
    const Number result = digits_to_number(std::string_view(s).substr(i), b);
    return Value::number(negative ? value::negate(result) : result);
  };
  table["parseint"] = parseint;
}

}  // namespace fgform::lang::functions
