// regex, regexall and replace with a /pattern/ on RE2, with Go's regexp behaviour.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("regex: Go's RE2 syntax", "[functions][regex]") {
  // Go 1.22's (?<name>...) as well as (?P<name>...).
  CHECK(ok("regex", {S("(?<year>\\d{4})-(?P<month>\\d\\d)"), S("on 2019-02-01")}) ==
        O({{"month", S("02")}, {"year", S("2019")}}));
  CHECK(ok("regex", {S("\\pL+"), S("12 héllo 34")}) == S("héllo"));
  CHECK(ok("regex", {S("(?s)a.b"), S("a\nb")}) == S("a\nb"));
  CHECK(err("regex", {S("a.b"), S("a\nb")}) ==
        "pattern did not match any part of the given string");
  CHECK(ok("regex", {S("(?U)a+"), S("aaa")}) == S("a"));
  CHECK(ok("regex", {S("\\Aab\\z"), S("ab")}) == S("ab"));
  // A group that took no part in the match is null.
  CHECK(ok("regex", {S("(a)|(b)"), S("b")}) == T({Value::null(Type::string()), S("b")}));
  // Leftmost-first alternation, as in Go.
  CHECK(ok("regex", {S("a|ab"), S("ab")}) == S("a"));
}

TEST_CASE("regex: pattern errors use Go's texts", "[functions][regex]") {
  CHECK(err("regex", {S("(a"), S("a")}) == "invalid regexp pattern: missing closing ) in (a");
  CHECK(err("regexall", {S("a**"), S("a")}) ==
        "invalid regexp pattern: invalid nested repetition operator in **");
  CHECK(err("regex", {S("(?=a)"), S("a")}) ==
        "invalid regexp pattern: invalid or unsupported Perl syntax in (?=");
  CHECK(err("replace", {S("a"), S("/[a/"), S("b")}) ==
        "error parsing regexp: missing closing ]: `[a`");
}

TEST_CASE("regexall and replace step over empty matches as Go does", "[functions][regex]") {
  CHECK(ok("regexall", {S("a*"), S("baaac")}) == SL({"", "aaa", ""}));
  CHECK(ok("replace", {S("baaac"), S("/a*/"), S("-")}) == S("-b-c-"));
  CHECK(ok("regexall", {S(""), S("hé")}) == SL({"", "", ""}));
  CHECK(ok("replace", {S("hé"), S("//"), S(".")}) == S(".h.é."));
}

TEST_CASE("replace: Go's Expand templates", "[functions][regex]") {
  CHECK(ok("replace", {S("abc"), S("/(b)/"), S("$1x")}) == S("ac"));  // the group named "1x"
  CHECK(ok("replace", {S("abc"), S("/(b)/"), S("${1}x")}) == S("abxc"));
  CHECK(ok("replace", {S("abc"), S("/(?P<n>b)/"), S("<$n>")}) == S("a<b>c"));
  CHECK(ok("replace", {S("abc"), S("/b/"), S("$$ $")}) == S("a$ $c"));
  CHECK(ok("replace", {S("abc"), S("/b/"), S("${}")}) == S("a${}c"));
  CHECK(ok("replace", {S("abc"), S("/(b)/"), S("$01|$99999999999999999999|$9")}) == S("a||c"));
}

// std::regex recursed once per character and backtracked without bound; RE2 is linear.
TEST_CASE("regex functions on hostile input", "[functions][regex]") {
  const std::string as(40, 'a');
  CHECK(ok("regexall", {S("(a|a)*b"), S(as)}) == Value::list(Type::tuple({Type::string()}), {}));
  CHECK(err("regex", {S("(a|a)*b"), S(as)}) ==
        "pattern did not match any part of the given string");
  const std::string big = std::string(200000, 'x') + "y";
  CHECK(ok("regex", {S("(x+)y"), S(big)}) == T({S(std::string(200000, 'x'))}));
  CHECK(ok("replace", {S(big), S("/x/"), S("ab")}).as_string().size() == 400001);
  CHECK(ok("length", {ok("regexall", {S("(.)"), S(big)})}) == N(200001));
  CHECK(ok("replace", {S(big), S("/(x|x)*y/"), S("z")}) == S("z"));
}
