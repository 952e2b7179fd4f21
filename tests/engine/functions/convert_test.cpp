#include "value/convert.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;
using fgform::value::convert;
using fgform::value::unify;

TEST_CASE("convert: primitives, including Terraform's unsafe string conversions", "[convert]") {
  CHECK(convert(S("12"), Type::number()).value == N(12));
  CHECK(convert(S("1.5e2"), Type::number()).value == N(150));
  CHECK(convert(S("abc"), Type::number()).error == "a number is required");
  CHECK(convert(S("true"), Type::boolean()).value == B(true));
  CHECK(convert(S("0"), Type::boolean()).value == B(false));
  CHECK(convert(S("True"), Type::boolean()).error ==
        "a bool is required; to convert from string, use lowercase \"true\"");
  CHECK(convert(S("yes"), Type::boolean()).error == "a bool is required");
  CHECK(convert(N("1.50"), Type::string()).value == S("1.5"));
  CHECK(convert(B(false), Type::string()).value == S("false"));
  CHECK(convert(B(true), Type::number()).error == "number required, but have bool");
  CHECK(convert(N(1), Type::boolean()).error == "bool required, but have number");
  CHECK(convert(SL({"a"}), Type::string()).error == "string required, but have list of string");
}

TEST_CASE("convert: structural to collection and back", "[convert]") {
  auto list = convert(T({S("a"), N(1)}), Type::list(Type::string()));
  REQUIRE(list.ok());
  CHECK(list.value == SL({"a", "1"}));

  auto nums = convert(T({S("1"), S("x")}), Type::list(Type::number()));
  CHECK(nums.error == "[1]: a number is required");

  auto bad = convert(T({S("a"), N(1), SL({})}), Type::list(Type::string()));
  CHECK(bad.error == "element 2: string required, but have list of string");

  auto set = convert(T({S("b"), S("a"), S("b")}), Type::set(Type::string()));
  REQUIRE(set.ok());
  CHECK(set.value.length() == 2);

  auto any_list = convert(T({S("a"), N(1)}), Type::list(Type::dynamic()));
  REQUIRE(any_list.ok());
  CHECK(any_list.value.type() == Type::list(Type::string()));

  auto mixed = convert(T({S("a"), SL({})}), Type::list(Type::dynamic()));
  CHECK(mixed.error == "all list elements must have the same type");

  auto map = convert(O({{"a", S("x")}, {"b", N(2)}}), Type::map(Type::string()));
  REQUIRE(map.ok());
  CHECK(map.value == M(Type::string(), {{"a", S("x")}, {"b", S("2")}}));

  Type obj = Type::object({{"name", Type::string()}, {"size", Type::number()}});
  auto from_map = convert(M(Type::string(), {{"name", S("f")}, {"size", S("3")}}), obj);
  REQUIRE(from_map.ok());
  CHECK(from_map.value.attribute("size") == N(3));
  CHECK(convert(M(Type::string(), {{"name", S("f")}}), obj).error ==
        "map has no element for required attribute \"size\"");
  CHECK(convert(O({{"name", S("f")}}), obj).error == "attribute \"size\" is required");
  CHECK(convert(O({}), obj).error == "attributes \"name\" and \"size\" are required");
  auto extra = convert(O({{"name", S("f")}, {"size", N(1)}, {"x", B(true)}}), obj);
  REQUIRE(extra.ok());
  CHECK(extra.value.type() == obj);

  auto nested = convert(O({{"name", S("f")}, {"size", S("big")}}), obj);
  CHECK(nested.error == ".size: a number is required");

  CHECK(convert(SL({"a", "b"}), Type::set(Type::string())).value.type() ==
        Type::set(Type::string()));
  CHECK(convert(Value::set(Type::string(), {S("x")}), Type::list(Type::string())).value ==
        SL({"x"}));
}

TEST_CASE("convert: null, unknown, dynamic and marks", "[convert]") {
  CHECK(convert(Value::null(Type::string()), Type::number()).value == Value::null(Type::number()));
  CHECK(convert(Value::unknown(Type::dynamic()), Type::string()).value ==
        Value::unknown(Type::string()));
  CHECK(convert(Value(), Type::list(Type::string())).value.is_null());
  CHECK(convert(S("x"), Type::dynamic()).value == S("x"));
  auto unknown_list =
      convert(Value::unknown(Type::tuple({Type::string()})), Type::list(Type::dynamic()));
  CHECK(unknown_list.value.type() == Type::list(Type::string()));
  auto marked = convert(S("5").marked_sensitive(), Type::number());
  CHECK(marked.value.is_sensitive());
  CHECK(marked.value == N(5));
  auto inner = convert(T({S("1").marked_sensitive()}), Type::list(Type::number()));
  CHECK(inner.value.contains_sensitive());
}

TEST_CASE("unify: the common type of several", "[convert]") {
  CHECK(*unify({Type::string(), Type::number()}) == Type::string());
  CHECK(*unify({Type::number(), Type::number()}) == Type::number());
  CHECK_FALSE(unify({Type::number(), Type::boolean()}).has_value());  // neither converts
  CHECK_FALSE(unify({Type::number(), Type::list(Type::string())}).has_value());
  CHECK(*unify({Type::list(Type::string()), Type::list(Type::number())}) ==
        Type::list(Type::string()));
  CHECK(*unify({Type::object({{"a", Type::string()}}), Type::object({{"b", Type::number()}})}) ==
        Type::map(Type::string()));
  CHECK(*unify({Type::tuple({Type::string()}), Type::list(Type::string())}) ==
        Type::list(Type::string()));
  CHECK(*unify({Type::dynamic(), Type::string()}) == Type::string());
  CHECK_FALSE(unify({}).has_value());
}
