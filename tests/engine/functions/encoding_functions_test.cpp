// Expected values are Terraform's documentation examples where one exists.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("jsonencode and jsondecode", "[functions][encoding]") {
  CHECK(ok("jsonencode", {O({{"hello", S("world")}})}) == S("{\"hello\":\"world\"}"));
  CHECK(ok("jsonencode", {S("<b>&")}) == S("\"\\u003cb\\u003e\\u0026\""));
  CHECK(ok("jsonencode", {T({N("1.5"), B(false), Value::null(Type::string())})}) ==
        S("[1.5,false,null]"));
  CHECK(ok("jsonencode", {N("12345678901234567890")}) == S("12345678901234567890"));
  CHECK(ok("jsonencode", {Value::null(Type::dynamic())}) == S("null"));
  CHECK(ok("jsonencode", {T({Value::unknown(Type::string())})}) == Value::unknown(Type::string()));

  CHECK(ok("jsondecode", {S("{\"hello\": \"world\"}")}) == O({{"hello", S("world")}}));
  CHECK(ok("jsondecode", {S("true")}) == B(true));
  CHECK(ok("jsondecode", {S("[1, \"a\", null]")}) ==
        T({N(1), S("a"), Value::null(Type::dynamic())}));
  CHECK(ok("jsondecode", {S("12345678901234567890.5")}) == N("12345678901234567890.5"));
  CHECK(ok("jsondecode", {S("\"\\u00e9\\ud83d\\ude00\"")}) == S("é😀"));
  CHECK(err("jsondecode", {S("{")}) == "unexpected end of JSON input");
  CHECK(err("jsondecode", {S("x")}) == "invalid character 'x' looking for beginning of value");
  CHECK(err("jsondecode", {S("{\"a\":1,\"a\":2}")}) == "duplicate \"a\" property in JSON object");
  CHECK(ok("jsondecode", {Value::unknown(Type::string())}).is_unknown());
}

TEST_CASE("base64 and urlencode", "[functions][encoding]") {
  CHECK(ok("base64encode", {S("Hello World")}) == S("SGVsbG8gV29ybGQ="));
  CHECK(ok("base64encode", {S("")}) == S(""));
  CHECK(ok("base64encode", {S("ab")}) == S("YWI="));
  CHECK(ok("base64decode", {S("SGVsbG8gV29ybGQ=")}) == S("Hello World"));
  CHECK(err("base64decode", {S("/w==")}) ==
        "the result of decoding the provided string is not valid UTF-8");
  CHECK(err("base64decode", {S("!!")}) == "failed to decode base64 data \"!!\"");
  CHECK(err("base64decode", {S("!!").marked_sensitive()}) ==
        "failed to decode base64 data (sensitive value)");
  CHECK(ok("urlencode", {S("Hello World!")}) == S("Hello+World%21"));
  CHECK(ok("urlencode", {S("☃")}) == S("%E2%98%83"));
  CHECK(ok("urlencode", {S("foo:bar@localhost?foo=bar&bar=baz")}) ==
        S("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"));
}

TEST_CASE("yamlencode", "[functions][encoding]") {
  CHECK(ok("yamlencode", {O({{"a", S("b")}, {"c", S("d")}})}) == S("\"a\": \"b\"\n\"c\": \"d\"\n"));
  CHECK(ok("yamlencode", {O({{"foo", T({N(1), N(2), N(3)})}, {"bar", S("baz")}})}) ==
        S("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"));
  CHECK(ok("yamlencode",
           {O({{"foo", T({N(1), O({{"a", S("b")}, {"c", S("d")}}), N(3)})}, {"bar", S("baz")}})}) ==
        S("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"));
  CHECK(ok("yamlencode", {O({{"a", O({{"b", B(true)}})}})}) == S("\"a\":\n  \"b\": true\n"));
  CHECK(ok("yamlencode", {O({{"a", T({})}, {"b", O({})}, {"c", Value::null(Type::string())}})}) ==
        S("\"a\": []\n\"b\": {}\n\"c\": null\n"));
  CHECK(ok("yamlencode", {S("plain")}) == S("\"plain\"\n"));
  CHECK(ok("yamlencode", {T({T({N(1), N(2)})})}) == S("- - 1\n  - 2\n"));
  CHECK(ok("yamlencode", {O({{"s", S("line1\nline2\n")}})}) == S("\"s\": |\n  line1\n  line2\n"));
}

TEST_CASE("csvdecode", "[functions][encoding]") {
  CHECK(ok("csvdecode", {S("a,b,c\n1,2,3\n4,5,6")}) ==
        L(Type::object({{"a", Type::string()}, {"b", Type::string()}, {"c", Type::string()}}),
          {O({{"a", S("1")}, {"b", S("2")}, {"c", S("3")}}),
           O({{"a", S("4")}, {"b", S("5")}, {"c", S("6")}})}));
  CHECK(ok("csvdecode", {S("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")}) ==
        L(Type::object({{"a", Type::string()}, {"b", Type::string()}}),
          {O({{"a", S("x,y")}, {"b", S("say \"hi\"")}})}));
  CHECK(err("csvdecode", {S("")}) == "missing header line");
  CHECK(err("csvdecode", {S("a,a\n1,2")}) == "duplicate column name \"a\"");
  CHECK(err("csvdecode", {S("a,b\n1")}) == "CSV parse error on line 2: wrong number of fields");
}
