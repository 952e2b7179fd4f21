#include "number.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fgform::value {
namespace {

constexpr long kMaxExponent = 100000;  // beyond this a "number" is an attack, not a value

}  // namespace

Number Number::from_int(std::int64_t n) {
  return Number(std::to_string(n));
}

std::optional<Number> Number::from_double(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  if (ec != std::errc()) return std::nullopt;
  return parse(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

std::optional<Number> Number::parse(std::string_view s) {
  bool negative = false;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::string digits;  // all significant digits, integer part then fraction
  long point = 0;      // number of digits before the decimal point
  bool seen_digit = false;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      if (!seen_point) ++point;
      seen_digit = true;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) exp_negative = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    long exponent = 0;
    for (; i < s.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > kMaxExponent) return std::nullopt;
    }
    point += exp_negative ? -exponent : exponent;
  }
  // Drop leading zeros (moving the point) and trailing zeros of the significand.
  std::size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  if (lead == digits.size()) return Number("0");
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();

  std::string out = negative ? "-" : "";
  const long n = static_cast<long>(digits.size());
  if (point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= n) {
    out += digits + std::string(static_cast<std::size_t>(point - n), '0');
  } else {
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." +
           digits.substr(static_cast<std::size_t>(point));
  }
  return Number(std::move(out));
}

std::optional<std::int64_t> Number::to_int64() const {
  if (!is_integer()) return std::nullopt;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), n);
  if (ec != std::errc() || end != text_.data() + text_.size()) return std::nullopt;
  return n;
}

double Number::to_double() const {
  return std::strtod(text_.c_str(), nullptr);
}

int compare(const Number& a, const Number& b) {
  if (a.is_negative() != b.is_negative()) return a.is_negative() ? -1 : 1;
  const int sign = a.is_negative() ? -1 : 1;
  std::string_view x = a.text_, y = b.text_;
  if (sign < 0) {
    x.remove_prefix(1);
    y.remove_prefix(1);
  }
  auto int_len = [](std::string_view t) {
    std::size_t p = t.find('.');
    return p == std::string_view::npos ? t.size() : p;
  };
  // Canonical integer parts have no leading zeros ("0" aside), so longer means larger.
  const std::size_t lx = int_len(x), ly = int_len(y);
  if (x.substr(0, lx) == "0" && y.substr(0, ly) != "0") return -sign;
  if (y.substr(0, ly) == "0" && x.substr(0, lx) != "0") return sign;
  if (lx != ly) return lx < ly ? -sign : sign;
  int c = x.compare(y);  // same integer length: digit-wise comparison is numeric
  return c == 0 ? 0 : (c < 0 ? -sign : sign);
}

}  // namespace fgform::value
