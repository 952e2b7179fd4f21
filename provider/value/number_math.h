// Arithmetic on arbitrary-precision numbers, as cty does with big.Float: integers stay exact at
// any size, and 0.1 + 0.2 is 0.3. Division and fractional powers round to a fixed precision
// (at least 512 bits of mantissa, like cty) and the result is shown in its shortest exact text.
#pragma once

#include <optional>

#include "number.h"

namespace fgform::value {

Number add(const Number& a, const Number& b);
Number subtract(const Number& a, const Number& b);
Number multiply(const Number& a, const Number& b);
Number negate(const Number& a);
// nullopt when b is zero (the caller reports "Division by zero" / an error).
std::optional<Number> divide(const Number& a, const Number& b);
// Remainder with the sign of a (cty's Modulo: a - b*trunc(a/b)); nullopt when b is zero.
std::optional<Number> modulo(const Number& a, const Number& b);

}  // namespace fgform::value
