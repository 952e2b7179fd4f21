#include <catch2/catch.hpp>

#include "hcl/json.h"
#include "hcl/parser.h"
#include "test_util.h"

using namespace hcltest;
using fgform::hcl::EvalContext;
using fgform::hcl::FunctionTable;

namespace {

EvalContext vars() {
  EvalContext c;
  c.variables["n"] = num(3);
  c.variables["s"] = str("hi");
  c.variables["l"] = Value::list(Type::string(), {str("a"), str("b")});
  c.variables["m"] = Value::map(Type::number(), {{"x", num(1)}, {"y", num(2)}});
  c.variables["o"] = Value::object({{"name", str("f")}, {"size", num(128)}});
  c.variables["u"] = Value::unknown(Type::number());
  c.variables["ud"] = Value::unknown(Type::dynamic());
  c.variables["secret"] = str("pw").marked_sensitive();
  c.variables["nul"] = Value::null(Type::string());
  c.variables["objs"] =
      Value::list(Type::object({{"id", Type::string()}}),
                  {Value::object({{"id", str("a")}}), Value::object({{"id", str("b")}})});
  return c;
}

}  // namespace

TEST_CASE("eval: literals and numbers") {
  CHECK(ok("12") == num(12));
  CHECK(ok("-12") == num(-12));
  CHECK(ok("1.5e3") == num(1500));
  CHECK(ok("123456789012345678901234567890") == numt("123456789012345678901234567890"));
  CHECK(ok("true") == boolean(true));
  CHECK(ok("false") == boolean(false));
  CHECK(ok("null").is_null());
  CHECK(ok("\"a\\tb\\u00e9\\U0001F600\"") == str("a\tbé\xF0\x9F\x98\x80"));
}

TEST_CASE("eval: arithmetic and precedence") {
  CHECK(ok("1 + 2 * 3") == num(7));
  CHECK(ok("(1 + 2) * 3") == num(9));
  CHECK(ok("10 - 4 - 3") == num(3));
  CHECK(ok("7 % 3") == num(1));
  CHECK(ok("0.1 + 0.2") == numt("0.3"));
  CHECK(ok("\"2\" + 3") == num(5));
  CHECK(ok("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 4 == false") == boolean(true));
  CHECK(ok("true || false && false") == boolean(true));
  CHECK(ok("!true") == boolean(false));
  CHECK(ok("-n", vars()) == num(-3));
  CHECK(ok("1 == 1.0") == boolean(true));
  CHECK(ok("\"1\" == 1") == boolean(false));
  CHECK(ok("[1, \"a\"] == [1, \"a\"]") == boolean(true));
  CHECK(ok("null == null") == boolean(true));
  CHECK(ok("nul == null", vars()) == boolean(true));
  CHECK(ok("1 != 2") == boolean(true));
  auto e = eval("1 / 0");
  CHECK(e.errors() == std::vector<std::string>{"Operation failed @1:1"});
  e = eval("true + 1");
  CHECK(e.errors() == std::vector<std::string>{"Invalid operand @1:1"});
  e = eval("1 + null");
  CHECK(e.errors() == std::vector<std::string>{"Invalid operand @1:5"});
}

TEST_CASE("eval: unknowns propagate with types") {
  auto c = vars();
  CHECK(ok("u + 1", c) == Value::unknown(Type::number()));
  CHECK(ok("u > 1", c) == Value::unknown(Type::boolean()));
  CHECK(ok("u == 1", c) == Value::unknown(Type::boolean()));
  CHECK(ok("\"x${u}\"", c) == Value::unknown(Type::string()));
  CHECK(ok("ud ? 1 : 2", c) == Value::unknown(Type::number()));
  CHECK(ok("false && ud", c) == boolean(false));
  CHECK(ok("[for x in ud : x]", c) == Value::unknown(Type::dynamic()));
  CHECK(ok("ud.foo[0]", c) == Value::unknown(Type::dynamic()));
  CHECK(ok("ud[*].id", c) == Value::unknown(Type::dynamic()));
}

TEST_CASE("eval: sensitive marks propagate") {
  auto c = vars();
  CHECK(ok("\"x-${secret}\"", c).is_sensitive());
  CHECK(ok("secret == \"pw\"", c).is_sensitive());
  CHECK_FALSE(ok("s", c).is_sensitive());
  CHECK(ok("[secret]", c).contains_sensitive());
  CHECK(ok("secret", c) == str("pw"));
}

TEST_CASE("eval: traversals") {
  auto c = vars();
  CHECK(ok("o.name", c) == str("f"));
  CHECK(ok("o[\"size\"]", c) == num(128));
  CHECK(ok("l[1]", c) == str("b"));
  CHECK(ok("l.1", c) == str("b"));
  CHECK(ok("m.x", c) == num(1));
  CHECK(ok("m[\"y\"]", c) == num(2));
  CHECK(ok("l[n - 2]", c) == str("b"));
  CHECK(ok("objs[0].id", c) == str("a"));
  CHECK(eval("o.nme", c).errors() == std::vector<std::string>{"Unsupported attribute @1:2"});
  CHECK(eval("l[5]", c).errors() == std::vector<std::string>{"Invalid index @1:2"});
  CHECK(eval("m.z", c).errors() == std::vector<std::string>{"Missing map element @1:2"});
  CHECK(eval("s.x", c).errors() == std::vector<std::string>{"Unsupported attribute @1:2"});
  CHECK(eval("nul.x", c).errors() ==
        std::vector<std::string>{"Attempt to get attribute from null value @1:4"});
  auto e = eval("nn + 1", c);
  REQUIRE(e.errors() == std::vector<std::string>{"Unknown variable @1:1"});
  CHECK(e.diagnostics.items()[0].detail ==
        "There is no variable named \"nn\". Did you mean \"n\"?");
}

TEST_CASE("eval: conditional") {
  auto c = vars();
  CHECK(ok("true ? 1 : 2") == num(1));
  CHECK(ok("false ? 1 : \"2\"") == str("2"));
  CHECK(ok("n > 2 ? \"big\" : \"small\"", c) == str("big"));
  CHECK(ok("true ? 1 : o.missing", c) == num(1));  // the other branch's error is not reported
  CHECK(eval("null ? 1 : 2").errors() == std::vector<std::string>{"Null condition @1:1"});
  CHECK(eval("\"x\" ? 1 : 2").errors() ==
        std::vector<std::string>{"Incorrect condition type @1:1"});
  CHECK(eval("true ? [1] : {a = 1}").errors() ==
        std::vector<std::string>{"Inconsistent conditional result types @1:8"});
  CHECK(ok("true ? 1 : 2 ? 3 : 4").type() == Type::number());
}

TEST_CASE("eval: templates") {
  auto c = vars();
  CHECK(ok("\"${n} items\"", c) == str("3 items"));
  CHECK(ok("\"${true}/${1.50}\"") == str("true/1.5"));
  CHECK(ok("\"${o}\"", c).type() ==
        Type::object({{"name", Type::string()}, {"size", Type::number()}}));  // unwrapped
  CHECK(ok("\"$${x} %%{y}\"") == str("${x} %{y}"));
  CHECK(ok("\"a ${~ \"b\" ~} c\"") == str("abc"));
  CHECK(ok("\"%{if n > 1}many%{else}one%{endif}\"", c) == str("many"));
  CHECK(ok("\"%{ for i, v in l }${i}=${v};%{ endfor }\"", c) == str("0=a;1=b;"));
  CHECK(ok("\"%{for v in l~}\\n ${v}\\n%{~endfor}\"", c) == str("ab"));
  CHECK(eval("\"x${nul}\"", c).errors() ==
        std::vector<std::string>{"Invalid template interpolation value @1:5"});
  CHECK(ok("\"${nul}\"", c).is_null());  // unwrapped: no stringification
  CHECK(eval("\"${l}x\"", c).errors() ==
        std::vector<std::string>{"Invalid template interpolation value @1:4"});
}

TEST_CASE("eval: heredocs") {
  CHECK(ok("<<EOT\nhello\n  world\nEOT\n") == str("hello\n  world\n"));
  CHECK(ok("<<-EOT\n    a\n      b\n    EOT\n") == str("a\n  b\n"));
  CHECK(ok("<<-EOT\n    a ${1 + 1}\n\n    c\n  EOT\n") == str("a 2\n\nc\n"));
}

TEST_CASE("eval: collections") {
  auto c = vars();
  CHECK(ok("[1, \"a\", true]") == Value::tuple({num(1), str("a"), boolean(true)}));
  CHECK(ok("[\n1,\n2,\n]") == Value::tuple({num(1), num(2)}));
  CHECK(ok("{a = 1, b: 2}") == Value::object({{"a", num(1)}, {"b", num(2)}}));
  CHECK(ok("{\n a = 1\n \"b c\" = 2\n}") == Value::object({{"a", num(1)}, {"b c", num(2)}}));
  CHECK(ok("{(s) = 1, s = 2}", c) == Value::object({{"hi", num(1)}, {"s", num(2)}}));
  CHECK(ok("{for = 1}") == Value::object({{"for", num(1)}}));
  CHECK(ok("{}") == Value::object({}));
  CHECK(ok("[]") == Value::tuple({}));
  CHECK(eval("{(nul) = 1}", c).errors() == std::vector<std::string>{"Null value as key @1:2"});
}

TEST_CASE("eval: for expressions") {
  auto c = vars();
  CHECK(ok("[for x in l : \"${x}!\"]", c) == Value::tuple({str("a!"), str("b!")}));
  CHECK(ok("[for i, x in l : i]", c) == Value::tuple({num(0), num(1)}));
  CHECK(ok("{for k, v in m : v => k}", c) == Value::object({{"1", str("x")}, {"2", str("y")}}));
  CHECK(ok("[for k, v in {b = 1, a = 2} : k]") == Value::tuple({str("a"), str("b")}));
  CHECK(
      ok("{for x in [\"a\", \"b\", \"a\"] : x => x...}") ==
      Value::object({{"a", Value::tuple({str("a"), str("a")})}, {"b", Value::tuple({str("b")})}}));
  CHECK(eval("{for x in [\"a\", \"a\"] : x => x}").errors() ==
        std::vector<std::string>{"Duplicate object key @1:24"});
  CHECK(eval("[for x in nul : x]", c).errors() ==
        std::vector<std::string>{"Iteration over null value @1:11"});
  CHECK(eval("[for x in 1 : x]").errors() ==
        std::vector<std::string>{"Iteration over non-iterable value @1:11"});
  CHECK(ok("[for x in [1, 2, 3] : x * 2 if x > 1]") == Value::tuple({num(4), num(6)}));
}

TEST_CASE("eval: splats") {
  auto c = vars();
  CHECK(ok("objs[*].id", c) == Value::list(Type::string(), {str("a"), str("b")}));
  CHECK(ok("objs.*.id", c) == Value::list(Type::string(), {str("a"), str("b")}));
  CHECK(ok("o[*].name", c) == Value::tuple({str("f")}));
  CHECK(ok("nul[*]", c) == Value::tuple({}));
  CHECK(ok("[{a = [1]}, {a = [2]}][*].a[0]") == Value::tuple({num(1), num(2)}));
  CHECK(eval("objs[*].id[0]", c).errors() == std::vector<std::string>{"Invalid index @1:11"});
}

TEST_CASE("eval: functions") {
  FunctionTable fns;
  fgform::hcl::Function upper;
  upper.params.push_back({"str", Type::string()});
  upper.return_type = [](const std::vector<Value>&) { return Type::string(); };
  upper.impl = [](const std::vector<Value>& a) -> std::variant<Value, fgform::hcl::FunctionError> {
    std::string s = a[0].as_string();
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return Value::string(s);
  };
  fgform::hcl::Function sum;
  sum.variadic = fgform::hcl::FunctionParam{"n", Type::number()};
  sum.return_type = [](const std::vector<Value>&) { return Type::number(); };
  sum.impl = [](const std::vector<Value>& a) -> std::variant<Value, fgform::hcl::FunctionError> {
    std::int64_t t = 0;
    for (const auto& v : a) t += *v.as_number().to_int64();
    return Value::number(t);
  };
  fns["upper"] = upper;
  fns["sum"] = sum;
  fns["provider::fg::sum"] = sum;
  EvalContext c = vars();
  c.functions = &fns;
  CHECK(ok("upper(s)", c) == str("HI"));
  CHECK(ok("sum(1, 2, 3)", c) == num(6));
  CHECK(ok("sum([1, 2, 3]...)", c) == num(6));
  CHECK(ok("provider::fg::sum(1, 2)", c) == num(3));
  CHECK(ok("sum(\n1,\n2\n)", c) == num(3));
  auto e = eval("uper(s)", c);
  REQUIRE(e.errors() == std::vector<std::string>{"Call to unknown function @1:1"});
  CHECK(e.diagnostics.items()[0].detail ==
        "There is no function named \"uper\". Did you mean \"upper\"?");
  CHECK(eval("upper()", c).errors() ==
        std::vector<std::string>{"Not enough function arguments @1:7"});
  CHECK(eval("upper(1, 2)", c).errors() ==
        std::vector<std::string>{"Too many function arguments @1:10"});
  CHECK(eval("sum(1...)", c).errors() ==
        std::vector<std::string>{"Invalid expanding argument value @1:5"});
  CHECK(ok("try(o.missing, \"fallback\")", c) == str("fallback"));
  CHECK(ok("try(o.name, \"fallback\")", c) == str("f"));
  CHECK(ok("try(u, 1)", c).is_unknown());
  CHECK(eval("try(o.missing, l[9])", c).errors() ==
        std::vector<std::string>{"Error in function call @1:1"});
  CHECK(ok("can(o.missing)", c) == boolean(false));
  CHECK(ok("can(o.name)", c) == boolean(true));
  CHECK(ok("can(u)", c) == Value::unknown(Type::boolean()));
}

TEST_CASE("eval: variables() lists references") {
  auto p = fgform::hcl::parse_expression(
      "[for k, v in var.m : \"${k}-${v}-${local.x}\" if v != a.b[0].c] ++ f(d[e].g)", "v.hcl");
  // `++` is invalid: the parse fails, but a valid variant follows.
  auto q = fgform::hcl::parse_expression(
      "concat([for k, v in var.m : \"${k}-${v}-${local.x}\" if v != a.b[0].c], f(d[e].g), s.*.id)",
      "v.hcl");
  REQUIRE_FALSE(q.diagnostics.has_errors());
  std::vector<std::string> names;
  for (const auto& t : q.value->variables()) names.push_back(fgform::hcl::traversal_to_string(t));
  CHECK(names == std::vector<std::string>{"var.m", "local.x", "a.b[0].c", "d", "e", "s"});
  CHECK(p.diagnostics.has_errors());
}

TEST_CASE("eval: errors of a call name its signature for the while-calling note") {
  fgform::hcl::FunctionTable table;
  fgform::hcl::Function f;
  f.params = {{"str", Type::string()}};
  f.variadic = fgform::hcl::FunctionParam{"more", Type::string()};
  f.return_type = [](const std::vector<Value>&) { return Type::string(); };
  f.impl = [](const std::vector<Value>&) -> std::variant<Value, fgform::hcl::FunctionError> {
    return fgform::hcl::FunctionError{"no", 0};
  };
  table["f"] = f;
  fgform::hcl::EvalContext ctx;
  ctx.functions = &table;
  auto e = eval("f(\"a\", \"b\")", ctx);
  REQUIRE(e.diagnostics.size() == 1);
  CHECK(e.diagnostics.begin()->summary == "Invalid function argument");
  CHECK(e.diagnostics.begin()->function_call == std::optional<std::string>("f(str, more...)"));
  // An error inside an argument is not the call's.
  auto inner = eval("f(nope)", ctx);
  REQUIRE(inner.diagnostics.has_errors());
  CHECK_FALSE(inner.diagnostics.begin()->function_call.has_value());
}

// 8,000 locals, each wrapping the previous one in a list, used to overflow the stack (issue 12):
// evaluation refuses a value past kMaxValueDepth with a diagnostic at the expression.
TEST_CASE("eval: values nest at most kMaxValueDepth deep") {
  using fgform::hcl::kMaxValueDepth;
  EvalContext ctx;
  ctx.variables["v"] = num(1);
  for (int depth = 1; depth <= kMaxValueDepth; ++depth) {
    auto e = eval("[v]", ctx);
    REQUIRE(e.errors().empty());
    REQUIRE(e.value.depth() == depth);
    ctx.variables["v"] = e.value;
  }
  for (const char* wrap : {"[v]", "{a = v}", "[for x in [1] : v]", "{for x in [1] : x => v}"}) {
    auto e = eval(wrap, ctx);
    CHECK(e.errors() == std::vector<std::string>{"Value nested too deeply @1:1"});
    CHECK_FALSE(e.value.is_known());
  }
  // The JSON syntax's arrays and objects are bounded the same way.
  auto json = fgform::hcl::parse_json_expression("[\"${v}\"]", "e.json");
  REQUIRE(json.ok());
  auto r = json.value->evaluate(ctx);
  CHECK(summaries(r.diagnostics) == std::vector<std::string>{"Value nested too deeply @1:1"});
}

// Deep values built without the evaluator (a decoder, a test) are still destroyed without one
// stack frame per level.
TEST_CASE("eval: a very deep value and its type are destroyed without recursion") {
  Value v = num(1);
  for (int i = 0; i < 200000; ++i) v = Value::tuple({v});
  CHECK(v.depth() == 200000);
  CHECK(v.type().depth() == 200000);
  Value shared = v;  // a second owner: the first destruction must leave it intact
  v = num(0);
  CHECK(shared.depth() == 200000);
  shared = num(0);
  Type t = Type::string();
  for (int i = 0; i < 200000; ++i) t = Type::list(i % 2 ? t : Type::object({{"a", t}}));
  t = Type::number();
  CHECK(t.depth() == 0);
}
