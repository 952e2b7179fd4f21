#include <regex>

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("numeric functions", "[functions][numeric]") {
  CHECK(ok("abs", {N(23)}) == N(23));
  CHECK(ok("abs", {N(0)}) == N(0));
  CHECK(ok("abs", {N("-12.4")}) == N("12.4"));
  CHECK(ok("ceil", {N(5)}) == N(5));
  CHECK(ok("ceil", {N("5.1")}) == N(6));
  CHECK(ok("ceil", {N("-1.5")}) == N(-1));
  CHECK(ok("floor", {N(5)}) == N(5));
  CHECK(ok("floor", {N("4.9")}) == N(4));
  CHECK(ok("floor", {N("-1.5")}) == N(-2));
  CHECK(ok("log", {N(50), N(10)}) == N("1.6989700043360185"));
  CHECK(ok("log", {N(16), N(2)}) == N(4));
  CHECK(ok("max", {N(12), N(54), N(3)}) == N(54));
  CHECK(ok("min", {N(12), N(54), N(3)}) == N(3));
  CHECK(err("max", {}) == "must pass at least one number");
  CHECK(ok("parseint", {S("100"), N(10)}) == N(100));
  CHECK(ok("parseint", {S("FF"), N(16)}) == N(255));
  CHECK(ok("parseint", {S("-10"), N(16)}) == N(-16));
  CHECK(ok("parseint", {S("1011111011101111"), N(2)}) == N(48879));
  CHECK(ok("parseint", {S("aA"), N(62)}) == N(656));
  CHECK(ok("parseint", {S("123456789012345678901234567890"), N(10)}) ==
        N("123456789012345678901234567890"));
  CHECK(err("parseint", {S("12"), N(2)}) == "cannot parse \"12\" as a base 2 integer");
  CHECK(err("parseint", {S("1"), N(63)}) ==
        "base must be a whole number between 2 and 62 inclusive");
  CHECK(ok("parseint", {S("3b9aca00"), N(16)}) == N(1000000000));  // one limb exactly
  CHECK(ok("parseint", {S("zzzzz"), N(36)}) == N(60466175));
  CHECK(ok("parseint", {S("-000"), N(7)}) == N(0));
  CHECK(ok("pow", {N(3), N(2)}) == N(9));
  CHECK(ok("pow", {N(4), N(0)}) == N(1));
  CHECK(ok("signum", {N(-13)}) == N(-1));
  CHECK(ok("signum", {N(0)}) == N(0));
  CHECK(ok("signum", {N(344)}) == N(1));
  CHECK(ok("abs", {S("-3")}) == N(3));
  CHECK(err("abs", {S("x")}) == "a number is required");
}

TEST_CASE("date and time functions", "[functions][datetime]") {
  CHECK(ok("formatdate", {S("DD MMM YYYY hh:mm ZZZ"), S("2018-01-02T23:12:01Z")}) ==
        S("02 Jan 2018 23:12 UTC"));
  CHECK(ok("formatdate", {S("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), S("2018-01-02T23:12:01Z")}) ==
        S("Tuesday, 02-Jan-18 23:12:01 UTC"));
  CHECK(ok("formatdate", {S("EEE, DD MMM YYYY hh:mm:ss ZZZ"), S("2018-01-02T23:12:01-08:00")}) ==
        S("Tue, 02 Jan 2018 23:12:01 -0800"));
  CHECK(ok("formatdate", {S("MMM DD, YYYY"), S("2018-01-02T23:12:01Z")}) == S("Jan 02, 2018"));
  CHECK(ok("formatdate", {S("HH:mmaa"), S("2018-01-02T23:12:01Z")}) == S("11:12pm"));
  CHECK(ok("formatdate", {S("h'h'mm"), S("2018-01-02T23:12:01-08:00")}) == S("23h12"));
  CHECK(ok("formatdate", {S("YYYY-MM-DD'T'hh:mm:ssZ"), S("2024-02-29T05:06:07+05:30")}) ==
        S("2024-02-29T05:06:07+05:30"));
  CHECK(err("formatdate", {S("YYY"), S("2018-01-02T23:12:01Z")}) ==
        "invalid date format verb \"YYY\": year must either be \"YY\" or \"YYYY\"");
  CHECK(err("formatdate", {S("'abc"), S("2018-01-02T23:12:01Z")}) == "unterminated literal '");
  CHECK(err("formatdate", {S("YYYY"), S("2018-01-02")}) ==
        "not a valid RFC3339 timestamp: missing required time introducer 'T'");
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("10m")}) == S("2017-11-22T00:10:00Z"));
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("-1h")}) == S("2017-11-21T23:00:00Z"));
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00+01:00"), S("1h30m")}) ==
        S("2017-11-22T01:30:00+01:00"));
  CHECK(ok("timeadd", {S("2016-02-28T12:00:00Z"), S("24h")}) == S("2016-02-29T12:00:00Z"));
  CHECK(err("timeadd", {S("2017-11-22T00:00:00Z"), S("1d")}) ==
        "time: unknown unit \"d\" in duration \"1d\"");
  CHECK(ok("timecmp", {S("2017-11-22T00:00:00Z"), S("2017-11-22T00:00:00Z")}) == N(0));
  CHECK(ok("timecmp", {S("2017-11-22T00:00:00Z"), S("2017-11-22T01:00:00Z")}) == N(-1));
  CHECK(ok("timecmp", {S("2017-11-22T01:00:00Z"), S("2017-11-22T00:00:00Z")}) == N(1));
  CHECK(ok("timecmp", {S("2017-11-22T01:00:00Z"), S("2017-11-22T00:00:00-01:00")}) == N(0));
  CHECK(ok("plantimestamp", {}) == Value::unknown(Type::string()));  // no plan time in tests
  const std::string now = ok("timestamp", {}).as_string();
  CHECK(std::regex_match(now, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")));
}

// One big-number multiply-add per digit made parseint quadratic: 100,000 digits took >10 s.
TEST_CASE("parseint on 100,000 digits", "[functions][numeric]") {
  const std::string nines(100000, '9');
  CHECK(ok("parseint", {S(nines), N(10)}) == N(nines));
  // 16^n - 1 in hex and in binary is one number.
  const std::string hex(100000, 'f');
  const std::string bin(400000, '1');
  const Value from_hex = ok("parseint", {S(hex), N(16)});
  CHECK(from_hex == ok("parseint", {S(bin), N(2)}));
  CHECK(from_hex.as_number().text().size() == 120412);  // digits of 2^400000
}
