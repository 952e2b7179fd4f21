#include "value/number_math.h"

#include <catch2/catch.hpp>

using fgform::value::Number;

namespace {

Number n(const char* text) {
  return *Number::parse(text);
}

}  // namespace

TEST_CASE("number math: exact sums and products", "[number]") {
  using namespace fgform::value;
  CHECK(add(n("0.1"), n("0.2")).text() == "0.3");
  CHECK(add(n("99999999999999999999"), n("1")).text() == "100000000000000000000");
  CHECK(add(n("-5"), n("3")).text() == "-2");
  CHECK(add(n("-0.5"), n("0.5")).text() == "0");
  CHECK(subtract(n("1"), n("0.9")).text() == "0.1");
  CHECK(subtract(n("-1"), n("-1")).text() == "0");
  CHECK(multiply(n("12345678901234567890"), n("98765432109876543210")).text() ==
        "1219326311370217952237463801111263526900");
  CHECK(multiply(n("-1.5"), n("2")).text() == "-3");
  CHECK(multiply(n("0.1"), n("0.1")).text() == "0.01");
  CHECK(multiply(n("-3"), n("0")).text() == "0");
  CHECK(negate(n("4.5")).text() == "-4.5");
  CHECK(negate(n("0")).text() == "0");
}

TEST_CASE("number math: division rounds to 155 significant digits", "[number]") {
  using namespace fgform::value;
  CHECK(divide(n("10"), n("4"))->text() == "2.5");
  CHECK(divide(n("1"), n("1024"))->text() == "0.0009765625");
  CHECK(divide(n("-9"), n("3"))->text() == "-3");
  CHECK(divide(n("100000000000000000000000000"), n("10"))->text() == "10000000000000000000000000");
  CHECK_FALSE(divide(n("1"), n("0")).has_value());
  const std::string third = divide(n("1"), n("3"))->text();
  CHECK(third == "0." + std::string(155, '3'));
  const std::string two_thirds = divide(n("2"), n("3"))->text();
  CHECK(two_thirds == "0." + std::string(154, '6') + "7");
  CHECK(divide(n("0"), n("7"))->text() == "0");
}

TEST_CASE("number math: modulo takes the sign of the dividend", "[number]") {
  using namespace fgform::value;
  CHECK(modulo(n("7"), n("3"))->text() == "1");
  CHECK(modulo(n("-7"), n("3"))->text() == "-1");
  CHECK(modulo(n("7"), n("-3"))->text() == "1");
  CHECK(modulo(n("-7"), n("-3"))->text() == "-1");
  CHECK(modulo(n("5.5"), n("2"))->text() == "1.5");
  CHECK(modulo(n("6"), n("3"))->text() == "0");
  CHECK_FALSE(modulo(n("1"), n("0")).has_value());
}
