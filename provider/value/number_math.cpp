#include "number_math.h"

#include <algorithm>
#include <string>
#include <vector>

// Numbers arrive as canonical decimal text, so the arithmetic here works on decimal digits:
// a value is sign * digits * 10^-scale with `digits` an unsigned integer in decimal text. Sums,
// differences and products are then exact integer operations. Only division is inexact; it is
// carried out to kDivisionDigits significant digits and rounded half-to-even.
//
// Why 155 digits: cty computes with big.Float at 512 bits of mantissa, which is 154.1 decimal
// digits. 155 significant decimal digits is therefore at least as precise as cty everywhere,
// and results that cty shows exactly (1/4, 10/8, 1/1024) are exact here too. Where cty rounds in
// binary (1/3) we round in decimal, so the last digits of long quotients may differ; Terraform
// never shows that many digits in practice.
namespace fgform::value {
namespace {

constexpr long kDivisionDigits = 155;

struct Dec {
  bool negative = false;
  std::string digits = "0";  // unsigned integer, no leading zeros
  long scale = 0;            // value = digits * 10^-scale
};

std::string strip_zeros(std::string s) {
  std::size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0') ++i;
  return s.substr(i);
}

bool is_zero(const std::string& digits) {
  return digits == "0";
}

Dec to_dec(const Number& n) {
  Dec d;
  std::string_view t = n.text();
  if (!t.empty() && t[0] == '-') {
    d.negative = true;
    t.remove_prefix(1);
  }
  std::size_t point = t.find('.');
  if (point == std::string_view::npos) {
    d.digits = strip_zeros(std::string(t));
  } else {
    d.digits = strip_zeros(std::string(t.substr(0, point)) + std::string(t.substr(point + 1)));
    d.scale = static_cast<long>(t.size() - point - 1);
  }
  if (is_zero(d.digits)) d.negative = false;
  return d;
}

Number from_dec(const Dec& d) {
  std::string text = d.negative && !is_zero(d.digits) ? "-" : "";
  text += d.digits;
  if (d.scale != 0) text += "e" + std::to_string(-d.scale);
  // parse() canonicalises (moves the point, drops zeros); the text is well formed by design.
  return Number::parse(text).value_or(Number());
}

int compare_digits(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string add_digits(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  auto i = a.rbegin(), j = b.rbegin();
  while (i != a.rend() || j != b.rend() || carry) {
    int s = carry;
    if (i != a.rend()) s += *i++ - '0';
    if (j != b.rend()) s += *j++ - '0';
    out.push_back(static_cast<char>('0' + s % 10));
    carry = s / 10;
  }
  std::reverse(out.begin(), out.end());
  return strip_zeros(out);
}

// a - b for a >= b.
std::string sub_digits(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  auto j = b.rbegin();
  for (auto i = a.rbegin(); i != a.rend(); ++i) {
    int d = *i - '0' - borrow;
    if (j != b.rend()) d -= *j++ - '0';
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    out.push_back(static_cast<char>('0' + d));
  }
  std::reverse(out.begin(), out.end());
  return strip_zeros(out);
}

std::string mul_digits(const std::string& a, const std::string& b) {
  if (is_zero(a) || is_zero(b)) return "0";
  std::vector<unsigned long long> acc(a.size() + b.size(), 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned long long x = static_cast<unsigned long long>(a[a.size() - 1 - i] - '0');
    if (x == 0) continue;
    for (std::size_t j = 0; j < b.size(); ++j) {
      acc[i + j] += x * static_cast<unsigned long long>(b[b.size() - 1 - j] - '0');
    }
    // Keep the accumulators small enough that long inputs cannot overflow them.
    if (i % 1000 == 999) {
      for (std::size_t k = 0; k + 1 < acc.size(); ++k) {
        acc[k + 1] += acc[k] / 10;
        acc[k] %= 10;
      }
    }
  }
  std::string out;
  unsigned long long carry = 0;
  for (unsigned long long v : acc) {
    v += carry;
    out.push_back(static_cast<char>('0' + v % 10));
    carry = v / 10;
  }
  while (carry) {
    out.push_back(static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
  std::reverse(out.begin(), out.end());
  return strip_zeros(out);
}

// Long division of unsigned integers: quotient and remainder. b must not be zero.
void divmod_digits(const std::string& a, const std::string& b, std::string* quotient,
                   std::string* remainder) {
  std::string q;
  std::string r = "0";
  for (char c : a) {
    r = strip_zeros(r + c);
    int d = 0;
    while (compare_digits(r, b) >= 0) {
      r = sub_digits(r, b);
      ++d;
    }
    q.push_back(static_cast<char>('0' + d));
  }
  *quotient = strip_zeros(q.empty() ? "0" : q);
  *remainder = r;
}

// Brings both to the same scale so their digits can be added or compared directly.
void align(Dec* a, Dec* b) {
  if (a->scale < b->scale) {
    if (!is_zero(a->digits))
      a->digits += std::string(static_cast<std::size_t>(b->scale - a->scale), '0');
    a->scale = b->scale;
  } else if (b->scale < a->scale) {
    if (!is_zero(b->digits))
      b->digits += std::string(static_cast<std::size_t>(a->scale - b->scale), '0');
    b->scale = a->scale;
  }
}

Dec add_dec(Dec a, Dec b) {
  align(&a, &b);
  Dec out;
  out.scale = a.scale;
  if (a.negative == b.negative) {
    out.digits = add_digits(a.digits, b.digits);
    out.negative = a.negative;
  } else if (compare_digits(a.digits, b.digits) >= 0) {
    out.digits = sub_digits(a.digits, b.digits);
    out.negative = a.negative;
  } else {
    out.digits = sub_digits(b.digits, a.digits);
    out.negative = b.negative;
  }
  if (is_zero(out.digits)) out.negative = false;
  return out;
}

}  // namespace

Number add(const Number& a, const Number& b) {
  return from_dec(add_dec(to_dec(a), to_dec(b)));
}

Number subtract(const Number& a, const Number& b) {
  return add(a, negate(b));
}

Number negate(const Number& a) {
  Dec d = to_dec(a);
  d.negative = !d.negative && !is_zero(d.digits);
  return from_dec(d);
}

Number multiply(const Number& a, const Number& b) {
  Dec x = to_dec(a), y = to_dec(b);
  Dec out;
  out.digits = mul_digits(x.digits, y.digits);
  out.scale = x.scale + y.scale;
  out.negative = x.negative != y.negative && !is_zero(out.digits);
  return from_dec(out);
}

std::optional<Number> divide(const Number& a, const Number& b) {
  Dec x = to_dec(a), y = to_dec(b);
  if (is_zero(y.digits)) return std::nullopt;
  if (is_zero(x.digits)) return Number();
  // Scale the dividend so the integer quotient has kDivisionDigits + 1 digits (one guard digit
  // for rounding): x.digits * 10^shift / y.digits.
  long shift = kDivisionDigits + 1 -
               (static_cast<long>(x.digits.size()) - static_cast<long>(y.digits.size()));
  if (shift < 0) shift = 0;
  std::string q, r;
  divmod_digits(x.digits + std::string(static_cast<std::size_t>(shift), '0'), y.digits, &q, &r);
  long scale = x.scale - y.scale + shift;
  const bool inexact = !is_zero(r);
  // Round to kDivisionDigits significant digits, half to even; a non-zero remainder means the
  // dropped part is strictly above any exact half.
  if (static_cast<long>(q.size()) > kDivisionDigits) {
    const std::size_t drop = q.size() - static_cast<std::size_t>(kDivisionDigits);
    std::string kept = q.substr(0, q.size() - drop);
    std::string dropped = q.substr(q.size() - drop);
    const char first = dropped[0];
    const bool rest_zero = !inexact && std::all_of(dropped.begin() + 1, dropped.end(),
                                                   [](char c) { return c == '0'; });
    bool round_up = first > '5' || (first == '5' && !rest_zero) ||
                    (first == '5' && rest_zero && (kept.back() - '0') % 2 == 1);
    if (round_up) kept = add_digits(kept, "1");
    q = kept;
    scale -= static_cast<long>(drop);
  }
  Dec out;
  out.digits = strip_zeros(q);
  out.scale = scale;
  out.negative = x.negative != y.negative && !is_zero(out.digits);
  return from_dec(out);
}

std::optional<Number> modulo(const Number& a, const Number& b) {
  Dec x = to_dec(a), y = to_dec(b);
  if (is_zero(y.digits)) return std::nullopt;
  align(&x, &y);
  std::string q, r;
  divmod_digits(x.digits, y.digits, &q, &r);
  Dec out;
  out.digits = r;
  out.scale = x.scale;
  out.negative = x.negative && !is_zero(r);
  return from_dec(out);
}

}  // namespace fgform::value
