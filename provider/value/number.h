// Arbitrary-precision decimal numbers, as Terraform's number type: 12345678901234567890 and
// 0.1 survive every round trip, unlike int64 or double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fgform::value {

class Number {
 public:
  Number() : text_("0") {}
  static Number from_int(std::int64_t n);
  // Shortest decimal text that reads back as the same double. nullopt for NaN and infinities.
  static std::optional<Number> from_double(double d);
  // Decimal text with optional sign, fraction and exponent ("-1.50e3"). nullopt when malformed.
  static std::optional<Number> parse(std::string_view text);

  // Canonical decimal text: no exponent, no leading or trailing zeros, "0" for zero.
  const std::string& text() const { return text_; }
  bool is_integer() const { return text_.find('.') == std::string::npos; }
  bool is_negative() const { return text_[0] == '-'; }
  std::optional<std::int64_t> to_int64() const;
  double to_double() const;

  friend bool operator==(const Number& a, const Number& b) { return a.text_ == b.text_; }
  // Numeric order.
  friend int compare(const Number& a, const Number& b);
  friend bool operator<(const Number& a, const Number& b) { return compare(a, b) < 0; }

 private:
  explicit Number(std::string canonical) : text_(std::move(canonical)) {}
  std::string text_;
};

}  // namespace fgform::value
