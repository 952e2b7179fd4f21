// Expected values are Terraform's documentation examples where one exists.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

// "%.1000000000f" used to end in an uncaught std::bad_alloc.
TEST_CASE("format: widths and precisions are bounded", "[functions][string]") {
  const std::string limit =
      "invalid format string starting at offset 2: a width, precision or argument index may be "
      "at most 1000000";
  CHECK(err("format", {S("x %.1000000000f"), N(1)}) == limit);
  CHECK(err("format", {S("x %1000000000d"), N(1)}) == limit);
  CHECK(err("format", {S("x %99999999999999999999s"), S("a")}) == limit);
  CHECK(err("format", {S("x %[99999999999999999999]s"), S("a")}) == limit);
  CHECK(err("formatlist", {S("x %.1000000000f"), Value::list(Type::number(), {N(1)})}) ==
        "error on format iteration 0: " + limit);
  CHECK(ok("format", {S("%.3f"), N(1)}) == S("1.000"));
  CHECK(ok("format", {S("%1000000s"), S("a")}).as_string().size() == 1000000);
}

TEST_CASE("format: verbs, flags, widths, indexes", "[functions][string]") {
  CHECK(ok("format", {S("Hello, %s!"), S("Ander")}) == S("Hello, Ander!"));
  CHECK(ok("format", {S("There are %d lights"), N(4)}) == S("There are 4 lights"));
  CHECK(ok("format", {S("%.2f"), N("3.14159")}) == S("3.14"));
  CHECK(ok("format", {S("%f"), N("1.5")}) == S("1.500000"));
  CHECK(ok("format", {S("%5d|"), N(42)}) == S("   42|"));
  CHECK(ok("format", {S("%-5d|"), N(42)}) == S("42   |"));
  CHECK(ok("format", {S("%05d"), N(-42)}) == S("-0042"));
  CHECK(ok("format", {S("%+d"), N(5)}) == S("+5"));
  CHECK(ok("format", {S("%x %X %o %b"), N(255), N(255), N(8), N(5)}) == S("ff FF 10 101"));
  CHECK(ok("format", {S("%#x"), N(255)}) == S("0xff"));
  CHECK(ok("format", {S("%e"), N("1234.5678")}) == S("1.234568e+03"));
  CHECK(ok("format", {S("%.3g"), N("3.14159")}) == S("3.14"));
  CHECK(ok("format", {S("%g"), N("0.00001")}) == S("1e-05"));
  CHECK(ok("format", {S("%v"), N(1000000)}) == S("1e+06"));
  CHECK(ok("format", {S("%v"), N("12.5")}) == S("12.5"));
  CHECK(ok("format", {S("%v %v"), S("a"), B(true)}) == S("a true"));
  CHECK(ok("format", {S("%#v"), O({{"a", N(1)}})}) == S("{\"a\":1}"));
  CHECK(ok("format", {S("%#v"), S("x")}) == S("\"x\""));
  CHECK(ok("format", {S("%q"), S("hi")}) == S("\"hi\""));
  CHECK(ok("format", {S("%t"), B(true)}) == S("true"));
  CHECK(ok("format", {S("%[2]s %[1]s"), S("a"), S("b")}) == S("b a"));
  CHECK(ok("format", {S("%s %[1]s %s"), S("a"), S("b")}) == S("a a b"));
  CHECK(ok("format", {S("100%%")}) == S("100%"));
  CHECK(ok("format", {S("%.3s|%6s|%-6s|"), S("abcdef"), S("ab"), S("ab")}) ==
        S("abc|    ab|ab    |"));
  CHECK(ok("format", {S("%s"), N(12)}) == S("12"));
  CHECK(ok("format", {S("%d"), S("12")}) == S("12"));
  CHECK(ok("format", {S("%d"), N("123456789012345678901234567890")}) ==
        S("123456789012345678901234567890"));
  CHECK(ok("format", {S("%v"), Value::null(Type::string())}) == S("null"));

  CHECK(err("format", {S("%d"), N("1.5")}) ==
        "unsupported value for \"%d\" at 0: an integer is required");
  CHECK(err("format", {S("%s")}) ==
        "not enough arguments for \"%s\" at 0: need index 1 but have 0 total");
  CHECK(err("format", {S("a"), N(1)}) == "too many arguments; no verbs in format string");
  CHECK(err("format", {S("%s"), S("a"), S("b")}) ==
        "too many arguments; only 1 used by format string");
  CHECK(err("format", {S("%s"), Value::null(Type::string())}) ==
        "unsupported value for \"%s\" at 0: null value cannot be formatted");
  CHECK(err("format", {S("%d"), S("x")}) ==
        "unsupported value for \"%d\" at 0: a number is required");
  CHECK(err("format", {S("%y"), N(1)}) == "unsupported format verb \"y\" in \"%y\" at offset 0");
  CHECK(err("format", {S("%!"), N(1)}) == "unrecognized format character \"!\" at offset 1");

  CHECK(ok("format", {S("%s"), Value::unknown(Type::string())}) == Value::unknown(Type::string()));
}

TEST_CASE("formatlist", "[functions][string]") {
  CHECK(ok("formatlist", {S("Hello, %s!"), SL({"Valentina", "Ander", "Olivia", "Sam"})}) ==
        SL({"Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"}));
  CHECK(ok("formatlist", {S("%s, %s!"), S("Salutations"), SL({"Valentina", "Ander"})}) ==
        SL({"Salutations, Valentina!", "Salutations, Ander!"}));
  CHECK(err("formatlist", {S("%s %s"), SL({"a"}), SL({"a", "b"})}) ==
        "argument 2 has length 2, which is inconsistent with argument 1 of length 1");
  CHECK(ok("formatlist", {S("%s"), SL({})}) == SL({}));
}

TEST_CASE("join, split, replace", "[functions][string]") {
  CHECK(ok("join", {S(", "), SL({"foo", "bar", "baz"})}) == S("foo, bar, baz"));
  CHECK(ok("join", {S(", "), SL({"foo"})}) == S("foo"));
  CHECK(ok("join", {S("-"), SL({"a"}), SL({"b", "c"})}) == S("a-b-c"));
  CHECK(ok("join", {S(","), T({S("a"), N(1)})}) == S("a,1"));
  CHECK(err("join", {S(",")}) == "at least one list is required");
  CHECK(err("join", {S(","), L(Type::string(), {S("a"), Value::null(Type::string())})}) ==
        "element 1 is null; cannot concatenate null values");
  CHECK(ok("split", {S(","), S("foo,bar,baz")}) == SL({"foo", "bar", "baz"}));
  CHECK(ok("split", {S(","), S("foo")}) == SL({"foo"}));
  CHECK(ok("split", {S(","), S("")}) == SL({""}));
  CHECK(ok("replace", {S("1 + 2 + 3"), S("+"), S("-")}) == S("1 - 2 - 3"));
  CHECK(ok("replace", {S("hello world"), S("/w.*d/"), S("everybody")}) == S("hello everybody"));
  CHECK(ok("replace", {S("hello world"), S("/(h)(e)/"), S("$2$1")}) == S("ehllo world"));
  CHECK(ok("replace", {S("abc"), S("/(?P<x>b)/"), S("[${x}]")}) == S("a[b]c"));
}

TEST_CASE("regex and regexall", "[functions][string]") {
  CHECK(ok("regex", {S("[a-z]+"), S("53453453.345345aaabbbccc23454")}) == S("aaabbbccc"));
  CHECK(ok("regex", {S("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), S("2019-02-01")}) ==
        T({S("2019"), S("02"), S("01")}));
  CHECK(ok("regex", {S("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                     S("https://terraform.io/docs/")}) ==
        O({{"authority", S("terraform.io")}, {"scheme", S("https")}}));
  CHECK(ok("regex", {S("(?i)HELLO"), S("say hello")}) == S("hello"));
  CHECK(err("regex", {S("[a-z]+"), S("53453453.34534523454")}) ==
        "pattern did not match any part of the given string");
  CHECK(err("regex", {S("(?P<a>x)(y)"), S("xy")}) ==
        "invalid regexp pattern: cannot mix both named and unnamed capture groups");
  CHECK(ok("regexall", {S("[a-z]+"), S("1234abcd5678efgh9")}) == SL({"abcd", "efgh"}));
  CHECK(ok("length", {ok("regexall", {S("[a-z]+"), S("123456789")})}) == N(0));
  auto unknown = ok("regex", {Value::unknown(Type::string()), S("x")});
  CHECK(unknown.is_unknown());
}

TEST_CASE("case, trimming and substrings", "[functions][string]") {
  CHECK(ok("lower", {S("HELLO")}) == S("hello"));
  CHECK(ok("lower", {S("АЛЛО!")}) == S("алло!"));
  CHECK(ok("upper", {S("hello")}) == S("HELLO"));
  CHECK(ok("upper", {S("алло!")}) == S("АЛЛО!"));
  CHECK(ok("title", {S("hello world")}) == S("Hello World"));
  CHECK(ok("trim", {S("?!hello?!"), S("!?")}) == S("hello"));
  CHECK(ok("trim", {S("foobar"), S("far")}) == S("oob"));
  CHECK(ok("trimspace", {S("  hello\n\n")}) == S("hello"));
  CHECK(ok("trimprefix", {S("helloworld"), S("hello")}) == S("world"));
  CHECK(ok("trimprefix", {S("helloworld"), S("cat")}) == S("helloworld"));
  CHECK(ok("trimsuffix", {S("helloworld"), S("world")}) == S("hello"));
  CHECK(ok("chomp", {S("hello\n")}) == S("hello"));
  CHECK(ok("chomp", {S("hello\r\n")}) == S("hello"));
  CHECK(ok("chomp", {S("hello\n\n")}) == S("hello"));
  CHECK(ok("substr", {S("hello world"), N(1), N(4)}) == S("ello"));
  CHECK(ok("substr", {S("🤔🤷"), N(0), N(1)}) == S("🤔"));
  CHECK(ok("substr", {S("hello world"), N(-5), N(-1)}) == S("world"));
  CHECK(ok("substr", {S("hello world"), N(6), N(10)}) == S("world"));
  CHECK(ok("substr", {S("hello"), N(10), N(2)}) == S(""));
  CHECK(ok("strrev", {S("hello")}) == S("olleh"));
  CHECK(ok("strrev", {S("a ☃")}) == S("☃ a"));
  CHECK(ok("indent", {N(2), S("[\n  foo,\n  bar,\n]\n")}) == S("[\n    foo,\n    bar,\n  ]\n  "));
  CHECK(ok("startswith", {S("hello world"), S("hello")}) == B(true));
  CHECK(ok("startswith", {S("hello world"), S("world")}) == B(false));
  CHECK(ok("endswith", {S("hello world"), S("world")}) == B(true));
  CHECK(ok("strcontains", {S("hello world"), S("wor")}) == B(true));
  CHECK(ok("strcontains", {S("hello world"), S("wod")}) == B(false));
}

TEST_CASE("string functions: unknown, null and sensitive arguments", "[functions][string]") {
  CHECK(ok("upper", {Value::unknown(Type::string())}) == Value::unknown(Type::string()));
  CHECK(err("upper", {Value::null(Type::string())}) == "argument must not be null");
  auto marked = ok("upper", {S("a").marked_sensitive()});
  CHECK(marked.is_sensitive());
  CHECK(marked == S("A"));
  CHECK(ok("upper", {N(12)}) == S("12"));
  auto r = call("upper", {SL({})});
  REQUIRE(r.error);
  CHECK(r.error->argument == 0);
}
