// Expected values are Terraform's documentation examples where one exists.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

namespace {

Value NL(std::vector<long long> items) {
  std::vector<Value> v;
  for (auto n : items) v.push_back(N(n));
  return Value::list(Type::number(), std::move(v));
}

Value SS(std::vector<std::string> items) {
  std::vector<Value> v;
  for (auto& s : items) v.push_back(S(s));
  return Value::set(Type::string(), std::move(v));
}

}  // namespace

TEST_CASE("length", "[functions][collection]") {
  CHECK(ok("length", {T({})}) == N(0));
  CHECK(ok("length", {SL({"a", "b"})}) == N(2));
  CHECK(ok("length", {M(Type::string(), {{"a", S("b")}})}) == N(1));
  CHECK(ok("length", {S("hello")}) == N(5));
  CHECK(ok("length", {S("🤔🤷")}) == N(2));
  CHECK(ok("length", {Value::unknown(Type::list(Type::string()))}) ==
        Value::unknown(Type::number()));
  CHECK(ok("length", {Value::unknown(Type::tuple({Type::string()}))}) == N(1));
  CHECK(ok("length", {SL({"a"}).marked_sensitive()}).is_sensitive());
  CHECK(err("length", {N(1)}) ==
        "argument must be a string, a collection type, or a structural type");
}

TEST_CASE("concat, merge, lookup, keys, values", "[functions][collection]") {
  CHECK(ok("concat", {SL({"a", ""}), SL({"b", "c"})}) == SL({"a", "", "b", "c"}));
  CHECK(ok("concat", {T({S("a")}), T({N(1)})}) == T({S("a"), N(1)}));
  CHECK(err("concat", {S("a")}) == "all arguments must be lists or tuples; got string");
  CHECK(ok("merge", {O({{"a", S("b")}, {"c", S("d")}}), O({{"e", S("f")}, {"c", S("z")}})}) ==
        O({{"a", S("b")}, {"c", S("z")}, {"e", S("f")}}));
  CHECK(ok("merge", {M(Type::string(), {{"a", S("x")}}), M(Type::string(), {{"b", S("y")}})}) ==
        M(Type::string(), {{"a", S("x")}, {"b", S("y")}}));
  CHECK(ok("merge", {}) == O({}));
  CHECK(err("merge", {S("a")}) == "arguments must be maps or objects, got string");
  Value m = M(Type::string(), {{"a", S("ay")}, {"b", S("bee")}});
  CHECK(ok("lookup", {m, S("a"), S("what?")}) == S("ay"));
  CHECK(ok("lookup", {m, S("c"), S("what?")}) == S("what?"));
  CHECK(ok("lookup", {O({{"a", N(1)}}), S("a")}) == N(1));
  CHECK(err("lookup", {m, S("c")}) == "lookup failed to find key \"c\"");
  CHECK(ok("keys", {O({{"a", N(1)}, {"c", N(2)}, {"d", N(3)}})}) == T({S("a"), S("c"), S("d")}));
  CHECK(ok("keys", {m}) == SL({"a", "b"}));
  CHECK(ok("values", {O({{"a", N(3)}, {"c", N(2)}, {"d", N(1)}})}) == T({N(3), N(2), N(1)}));
  CHECK(ok("values", {m}) == SL({"ay", "bee"}));
}

TEST_CASE("flatten, distinct, zipmap, contains, element, index, slice", "[functions][collection]") {
  CHECK(ok("flatten", {T({SL({"a", "b"}), SL({}), SL({"c"})})}) == T({S("a"), S("b"), S("c")}));
  CHECK(ok("flatten", {T({T({SL({"a", "b"}), SL({})}), SL({"c"})})}) ==
        T({S("a"), S("b"), S("c")}));
  CHECK(ok("distinct", {SL({"a", "b", "a", "c", "d", "b"})}) == SL({"a", "b", "c", "d"}));
  CHECK(ok("zipmap", {SL({"a", "b"}), T({N(1), N(2)})}) == O({{"a", N(1)}, {"b", N(2)}}));
  CHECK(ok("zipmap", {SL({"a", "b"}), NL({1, 2})}) ==
        M(Type::number(), {{"a", N(1)}, {"b", N(2)}}));
  CHECK(err("zipmap", {SL({"a"}), NL({1, 2})}) ==
        "number of keys (1) does not match number of values (2)");
  CHECK(ok("contains", {SL({"a", "b", "c"}), S("a")}) == B(true));
  CHECK(ok("contains", {SL({"a", "b", "c"}), S("d")}) == B(false));
  CHECK(ok("contains", {NL({1, 2}), S("2")}) == B(true));
  CHECK(ok("element", {SL({"a", "b", "c"}), N(1)}) == S("b"));
  CHECK(ok("element", {SL({"a", "b", "c"}), N(3)}) == S("a"));
  CHECK(err("element", {SL({}), N(0)}) == "cannot use element function with an empty list");
  CHECK(err("element", {SL({"a"}), N(-1)}) == "cannot use element function with a negative index");
  CHECK(ok("index", {SL({"a", "b", "c"}), S("b")}) == N(1));
  CHECK(err("index", {SL({"a"}), S("z")}) == "item not found");
  CHECK(ok("slice", {SL({"a", "b", "c", "d"}), N(1), N(3)}) == SL({"b", "c"}));
  CHECK(ok("slice", {T({S("a"), N(1), B(true)}), N(1), N(3)}) == T({N(1), B(true)}));
  CHECK(err("slice", {SL({"a"}), N(0), N(2)}) ==
        "end index must not be greater than the length of the list");
  CHECK(err("slice", {SL({"a"}), N(1), N(0)}) == "start index must not be greater than end index");
}

TEST_CASE("range", "[functions][collection]") {
  CHECK(ok("range", {N(3)}) == NL({0, 1, 2}));
  CHECK(ok("range", {N(1), N(4)}) == NL({1, 2, 3}));
  CHECK(ok("range", {N(1), N(8), N(2)}) == NL({1, 3, 5, 7}));
  CHECK(ok("range", {N(4), N(1)}) == NL({4, 3, 2}));
  CHECK(ok("range", {N(10), N(5), N(-2)}) == NL({10, 8, 6}));
  CHECK(ok("range", {N(0)}) == NL({}));
  CHECK(ok("range", {N(1), N(3), N("0.5")}) == L(Type::number(), {N(1), N("1.5"), N(2), N("2.5")}));
  CHECK(err("range", {}) == "must have one, two, or three arguments");
  CHECK(err("range", {N(1), N(2), N(0)}) == "step must not be zero");
  CHECK(err("range", {N(2000)}).rfind("more than 1024 values were generated", 0) == 0);
}

TEST_CASE("set functions", "[functions][collection]") {
  CHECK(ok("setunion", {SL({"a", "b"}), SL({"b", "c"}), SL({"d"})}) == SS({"a", "b", "c", "d"}));
  CHECK(ok("setintersection", {SL({"a", "b"}), SL({"b", "c"}), SL({"b", "d"})}) == SS({"b"}));
  CHECK(ok("setsubtract", {SL({"a", "b", "c"}), SL({"a", "c"})}) == SS({"b"}));
  auto product = ok("setproduct", {SL({"development", "staging"}), SL({"app1", "app2"})});
  CHECK(product ==
        L(Type::list(Type::string()), {SL({"development", "app1"}), SL({"development", "app2"}),
                                       SL({"staging", "app1"}), SL({"staging", "app2"})}));
  CHECK(err("setproduct", {SL({"a"})}) == "at least two arguments are required");
}

TEST_CASE("coalesce, coalescelist, compact, chunklist, reverse, sort, one",
          "[functions][collection]") {
  CHECK(ok("coalesce", {S("a"), S("b")}) == S("a"));
  CHECK(ok("coalesce", {S(""), S("b")}) == S("b"));
  CHECK(ok("coalesce", {N(1), N(2)}) == N(1));
  CHECK(ok("coalesce", {Value::null(Type::string()), N(2)}) == S("2"));
  CHECK(err("coalesce", {Value::null(Type::string()), S("")}) ==
        "no non-null, non-empty-string arguments");
  CHECK(ok("coalescelist", {SL({"a", "b"}), SL({"c", "d"})}) == SL({"a", "b"}));
  CHECK(ok("coalescelist", {SL({}), SL({"c", "d"})}) == SL({"c", "d"}));
  CHECK(ok("compact", {L(Type::string(), {S("a"), S(""), S("b"), Value::null(Type::string()),
                                          S("c")})}) == SL({"a", "b", "c"}));
  CHECK(ok("chunklist", {SL({"a", "b", "c", "d", "e"}), N(2)}) ==
        L(Type::list(Type::string()), {SL({"a", "b"}), SL({"c", "d"}), SL({"e"})}));
  CHECK(err("chunklist", {SL({"a"}), N(-1)}) == "the size argument must be positive");
  CHECK(ok("reverse", {NL({1, 2, 3})}) == NL({3, 2, 1}));
  CHECK(ok("sort", {SL({"e", "d", "a", "x"})}) == SL({"a", "d", "e", "x"}));
  CHECK(ok("one", {SL({})}) == Value::null(Type::string()));
  CHECK(ok("one", {SL({"hello"})}) == S("hello"));
  CHECK(err("one", {SL({"hello", "goodbye"})}) ==
        "must be a list, set, or tuple value with either zero or one elements");
}

TEST_CASE("alltrue, anytrue, sum, transpose, matchkeys", "[functions][collection]") {
  CHECK(ok("alltrue", {T({S("true"), B(true)})}) == B(true));
  CHECK(ok("alltrue", {T({B(true), B(false)})}) == B(false));
  CHECK(ok("alltrue", {T({})}) == B(true));
  CHECK(ok("anytrue", {T({S("true")})}) == B(true));
  CHECK(ok("anytrue", {T({})}) == B(false));
  CHECK(ok("anytrue", {T({B(false), Value::unknown(Type::boolean())})}).is_unknown());
  CHECK(ok("sum", {T({N(10), N(13), N(6), N("4.5")})}) == N("33.5"));
  CHECK(ok("sum", {T({N("0.1"), N("0.2")})}) == N("0.3"));
  CHECK(err("sum", {T({})}) == "cannot sum an empty list");
  CHECK(ok("transpose", {O({{"a", SL({"1", "2"})}, {"b", SL({"2", "3"})}})}) ==
        M(Type::list(Type::string()), {{"1", SL({"a"})}, {"2", SL({"a", "b"})}, {"3", SL({"b"})}}));
  CHECK(ok("matchkeys", {SL({"i-123", "i-abc", "i-def"}), SL({"us-west", "us-east", "us-east"}),
                         SL({"us-east"})}) == SL({"i-abc", "i-def"}));
  CHECK(err("matchkeys", {SL({"a"}), SL({}), SL({})}) ==
        "length of keys and values should be equal");
}

TEST_CASE("type conversion and sensitivity functions", "[functions][conversion]") {
  CHECK(ok("tolist", {T({S("a"), S("b"), S("c")})}) == SL({"a", "b", "c"}));
  CHECK(ok("tolist", {T({S("a"), S("b"), N(3)})}) == SL({"a", "b", "3"}));
  CHECK(ok("toset", {T({S("c"), S("b"), S("b")})}) == SS({"b", "c"}));
  CHECK(ok("tomap", {O({{"a", N(1)}, {"b", N(2)}})}) ==
        M(Type::number(), {{"a", N(1)}, {"b", N(2)}}));
  CHECK(ok("tomap", {O({{"a", S("foo")}, {"b", B(true)}})}) ==
        M(Type::string(), {{"a", S("foo")}, {"b", S("true")}}));
  CHECK(ok("tonumber", {S("1")}) == N(1));
  CHECK(ok("tonumber", {Value::null(Type::string())}) == Value::null(Type::number()));
  CHECK(err("tonumber", {S("no")}) ==
        "cannot convert \"no\" to number; given string must be a decimal representation of a "
        "number");
  CHECK(ok("tostring", {N(1)}) == S("1"));
  CHECK(ok("tostring", {B(true)}) == S("true"));
  CHECK(err("tostring", {T({})}) == "cannot convert tuple to string");
  CHECK(ok("tobool", {S("true")}) == B(true));
  CHECK(err("tobool", {S("no")}) ==
        "cannot convert \"no\" to bool; only the strings \"true\" or \"false\" are allowed");
  CHECK(err("tonumber", {S("x").marked_sensitive()}) ==
        "cannot convert this sensitive string to number");
  CHECK(ok("tostring", {Value::unknown(Type::number())}) == Value::unknown(Type::string()));

  CHECK(ok("sensitive", {S("x")}).is_sensitive());
  CHECK_FALSE(ok("nonsensitive", {S("x").marked_sensitive()}).is_sensitive());
  CHECK(ok("issensitive", {S("x").marked_sensitive()}) == B(true));
  CHECK(ok("issensitive", {S("x")}) == B(false));
  CHECK(ok("issensitive", {Value::unknown(Type::string())}).is_unknown());
}
