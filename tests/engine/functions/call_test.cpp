#include "hcl/function.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;
using fgform::hcl::Function;
using fgform::hcl::FunctionError;
using fgform::hcl::FunctionParam;

namespace {

// upper-like: one string parameter, returns its length as a number.
Function count_function(bool allow_unknown = false) {
  Function f;
  FunctionParam p;
  p.name = "str";
  p.type = Type::string();
  p.allow_unknown = allow_unknown;
  f.params = {p};
  f.return_type = [](const std::vector<Value>&) { return Type::number(); };
  f.impl = [](const std::vector<Value>& args) -> std::variant<Value, FunctionError> {
    if (args[0].is_unknown()) return Value::unknown(Type::number());
    return N(static_cast<long long>(args[0].as_string().size()));
  };
  return f;
}

}  // namespace

TEST_CASE("call: arity, conversion, null, unknown, marks", "[call]") {
  using fgform::hcl::call;
  Function f = count_function();
  CHECK(call(f, {S("abc")}).value == N(3));
  CHECK(call(f, {N(1234)}).value == N(4));  // converted to string first
  auto arity = call(f, {});
  REQUIRE(arity.error);
  CHECK(arity.error->message == "wrong number of arguments (1 required; 0 given)");
  auto conv = call(f, {SL({})});
  REQUIRE(conv.error);
  CHECK(conv.error->argument == 0);
  CHECK(conv.error->message == "string required, but have list of string");
  auto null = call(f, {Value::null(Type::string())});
  REQUIRE(null.error);
  CHECK(null.error->message == "argument must not be null");
  auto unknown = call(f, {Value::unknown(Type::string())});
  CHECK_FALSE(unknown.error);
  CHECK(unknown.value == Value::unknown(Type::number()));
  auto dynamic = call(f, {Value::unknown(Type::dynamic())});
  CHECK(dynamic.value.is_unknown());
  auto marked = call(f, {S("ab").marked_sensitive()});
  CHECK(marked.value.is_sensitive());
  CHECK(marked.value == N(2));

  Function v = count_function();
  FunctionParam rest;
  rest.name = "more";
  v.variadic = rest;
  auto few = call(v, {});
  REQUIRE(few.error);
  CHECK(few.error->message == "wrong number of arguments (at least 1 required; 0 given)");
  CHECK(call(v, {S("a"), N(1), N(2)}).value == N(1));
}
