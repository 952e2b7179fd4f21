#include <random>

#include <catch2/catch.hpp>

#include "hcl/json.h"
#include "hcl/parser.h"
#include "hcl/static.h"
#include "test_util.h"

using namespace hcltest;
using namespace fgform::hcl;

namespace {

std::vector<std::string> parse_errors(const std::string& src) {
  return summaries(parse_config(src, "main.tf").diagnostics);
}

const BodySchema kTop{{{"region", false}},
                      {{"resource", {"type", "name"}}, {"variable", {"name"}}, {"locals", {}}}};
const BodySchema kResource{{{"memory_size", true}, {"handler", false}}, {{"timeouts", {}}}};

const char* kValid = R"(# a config
region = "cn-north-4"

variable "size" {
  default = 128
}

resource "functiongraph_function" "f" {
  memory_size = var.size * 2
  handler     = "index.handler"
  timeouts { create = "5m" }
}

locals {
  names = [for s in ["a", "b"] : upper(s)]
  obj = {
    a = 1
    b = [1, 2,
         3]
  }
  doc = <<-EOT
    hello ${var.size}
    EOT
}
)";

}  // namespace

TEST_CASE("parser: a valid configuration decodes with a schema") {
  auto f = parse_config(kValid, "main.tf");
  REQUIRE(summaries(f.diagnostics).empty());
  auto c = f.value->body->content(kTop);
  REQUIRE(summaries(c.diagnostics).empty());
  REQUIRE(c.value.attributes.size() == 1);
  CHECK(c.value.attributes[0].name == "region");
  CHECK(c.value.attributes[0].name_range.start.line == 2);
  REQUIRE(c.value.blocks.size() == 3);
  const Block& r = c.value.blocks[1];
  CHECK(r.type == "resource");
  CHECK(r.labels == std::vector<std::string>{"functiongraph_function", "f"});
  CHECK(r.label_ranges[1].start.column == 35);
  auto rc = r.body->content(kResource);
  REQUIRE(summaries(rc.diagnostics).empty());
  REQUIRE(rc.value.blocks.size() == 1);
  auto t = rc.value.blocks[0].body->just_attributes();
  REQUIRE(t.value.size() == 1);
  CHECK(t.value[0].name == "create");
  EvalContext ctx;
  ctx.variables["var"] = Value::object({{"size", num(64)}});
  CHECK(rc.value.attribute("memory_size")->expr->evaluate(ctx).value == num(128));
  auto locals = c.value.blocks[2].body->just_attributes();
  REQUIRE(locals.value.size() == 3);
  CHECK(locals.value[2].expr->evaluate(ctx).value == str("hello 64\n"));
  CHECK(locals.value[1].expr->evaluate(ctx).value ==
        Value::object({{"a", num(1)}, {"b", Value::tuple({num(1), num(2), num(3)})}}));
}

TEST_CASE("parser: schema errors") {
  auto f = parse_config("resource \"a\" \"b\" {\n  memry_size = 1\n  timeout {}\n}\n", "main.tf");
  REQUIRE(summaries(f.diagnostics).empty());
  auto c = f.value->body->content(kTop);
  auto rc = c.value.blocks[0].body->content(kResource);
  CHECK(summaries(rc.diagnostics) == std::vector<std::string>{"Unsupported argument @2:3",
                                                              "Missing required argument @1:18",
                                                              "Unsupported block type @3:3"});
  CHECK(rc.diagnostics.items()[0].detail ==
        "An argument named \"memry_size\" is not expected here. Did you mean \"memory_size\"?");
  CHECK(summaries(parse_config("variable {\n}\nvariable \"a\" \"b\" {\n}\nbogus = 1\n", "m")
                      .value->body->content(kTop)
                      .diagnostics) ==
        std::vector<std::string>{"Unsupported argument @5:1", "Missing name for variable @1:10",
                                 "Extraneous label for variable @3:14"});
  auto p = parse_config("region = 1\nlocals {\n a = 1\n}\n", "m")
               .value->body->partial_content({{{"region", false}}, {}});
  CHECK(p.value.content.attributes.size() == 1);
  CHECK(summaries(p.value.remain->content({{}, {{"locals", {}}}}).diagnostics).empty());
  CHECK(
      summaries(parse_config("a = 1\nb {\n}\n", "m").value->body->just_attributes().diagnostics) ==
      std::vector<std::string>{"Unexpected \"b\" block @2:1"});
}

TEST_CASE("parser: remaining bodies hide what each partial_content took, views of one body") {
  auto f = parse_config("count = 1\nname = \"f\"\nsize = 2\nlifecycle {\n}\nextra {\n}\n", "m");
  REQUIRE(summaries(f.diagnostics).empty());
  auto first = f.value->body->partial_content({{{"count", false}}, {{"lifecycle", {}}}});
  REQUIRE(first.value.remain);
  CHECK(first.value.content.attributes.size() == 1);
  CHECK(first.value.content.blocks.size() == 1);
  auto second = first.value.remain->partial_content({{{"name", false}, {"count", false}}, {}});
  REQUIRE(second.value.remain);
  // count was taken by the first: the second sees only name.
  REQUIRE(second.value.content.attributes.size() == 1);
  CHECK(second.value.content.attributes[0].name == "name");
  // What is left: size and the extra block; count, name and lifecycle are invisible, not
  // unexpected, and a required argument taken earlier is not missing.
  auto rest = second.value.remain->content({{{"size", false}, {"count", true}}, {}});
  CHECK(summaries(rest.diagnostics) == std::vector<std::string>{"Unsupported block type @6:1"});
  REQUIRE(rest.value.attributes.size() == 1);
  CHECK(rest.value.attributes[0].name == "size");
  auto attrs = second.value.remain->just_attributes();
  CHECK(summaries(attrs.diagnostics) ==
        std::vector<std::string>{"Unexpected \"extra\" block @6:1"});
  REQUIRE(attrs.value.size() == 1);
  CHECK(attrs.value[0].name == "size");
  // The original body is unchanged by the views made of it.
  CHECK(f.value->body
            ->content({{{"count", false}, {"name", false}, {"size", false}},
                       {{"lifecycle", {}}, {"extra", {}}}})
            .value.attributes.size() == 3);
}

TEST_CASE("parser: an expression's start range is its own only where it differs") {
  auto call = parse_expression("upper(\"a\")", "e");
  REQUIRE(call.ok());
  // A call starts at its name; the whole call is longer.
  CHECK(call.value->range().start.column == 1);
  CHECK(call.value->range().end.column == 11);
  CHECK(call.value->start_range().start.column == 1);
  CHECK(call.value->start_range().end.column == 6);
  auto literal = parse_expression("42", "e");
  REQUIRE(literal.ok());
  CHECK(literal.value->start_range() == literal.value->range());
  LiteralExpr node(fgform::value::Value::number(1));
  fgform::value::SourceRange whole{"f", {1, 1, 0}, {1, 9, 8}};
  fgform::value::SourceRange head{"f", {1, 1, 0}, {1, 3, 2}};
  node.set_range(whole, head);
  CHECK(node.start_range() == head);
  node.set_range(whole);  // a start of its own is dropped with a new range
  CHECK(node.start_range() == whole);
}

TEST_CASE("parser: syntax errors with positions") {
  CHECK(parse_errors("a = 1\na = 2\n") == std::vector<std::string>{"Attribute redefined @2:1"});
  CHECK(parse_errors("a\n") ==
        std::vector<std::string>{"Argument or block definition required @1:2"});
  CHECK(parse_errors("a = 1 b = 2\n") ==
        std::vector<std::string>{"Missing newline after argument @1:7"});
  CHECK(parse_errors("a = \n") == std::vector<std::string>{"Invalid expression @1:5"});
  CHECK(parse_errors("b {\n a = 1\n") ==
        std::vector<std::string>{"Unclosed configuration block @1:3"});
  CHECK(parse_errors("b { a = 1 c = 2 }\n") ==
        std::vector<std::string>{"Invalid single-argument block definition @1:11"});
  CHECK(parse_errors("b \"x\"\n{\n}\n")[0] == "Invalid block definition @1:6");
  CHECK(parse_errors("b\n")[0] == "Argument or block definition required @1:2");
  CHECK(parse_errors("a = [1 2]\n") == std::vector<std::string>{"Missing item separator @1:8"});
  CHECK(parse_errors("a = {x = 1 y = 2}\n") ==
        std::vector<std::string>{"Missing attribute separator @1:12"});
  CHECK(parse_errors("a = \"x\ny\"\n") ==
        std::vector<std::string>{"Invalid multi-line string @1:7"});
  CHECK(parse_errors("a = \"abc") == std::vector<std::string>{"Unterminated template string @1:9"});
  CHECK(parse_errors("a = (1 + 2\n") == std::vector<std::string>{"Unbalanced parentheses @2:1"});
  CHECK(parse_errors("a = f(1 2)\n") ==
        std::vector<std::string>{"Missing argument separator @1:9"});
  CHECK(parse_errors("a = x.\n") == std::vector<std::string>{"Invalid attribute name @1:7"});
  CHECK(parse_errors("a = 1 & 2\n") == std::vector<std::string>{"Unsupported operator @1:7"});
  CHECK(parse_errors("a = 'x'\n")[0] == "Invalid character @1:5");
  CHECK(parse_errors("a = \"\\q\"\n") == std::vector<std::string>{"Invalid escape sequence @1:6"});
  CHECK(parse_errors("a = \"%{if x}y\"\n") ==
        std::vector<std::string>{"Unterminated template if @1:6"});
  CHECK(parse_errors("a = \"%{endif}\"\n") ==
        std::vector<std::string>{"Unexpected endif directive @1:6"});
  CHECK(parse_errors("a = [for x in y x]\n") ==
        std::vector<std::string>{"Invalid 'for' expression @1:17"});
  CHECK(parse_errors("a = true ? 1\n") ==
        std::vector<std::string>{"Missing false expression in conditional @1:13"});
  CHECK(parse_errors("/* open") == std::vector<std::string>{"Unterminated comment @1:1"});
  CHECK(parse_errors("a = 1\n}\n") ==
        std::vector<std::string>{"Argument or block definition required @2:1"});
  // Recovery: one error per bad line, later lines still parse.
  auto f = parse_config("a = = 1\nb = 2\n", "m");
  CHECK(summaries(f.diagnostics) == std::vector<std::string>{"Invalid expression @1:5"});
  CHECK(f.value->body->just_attributes().value.back().name == "b");
}

TEST_CASE("parser: nesting is bounded") {
  std::string deep(100000, '[');
  auto e = parse_expression(deep, "d");
  CHECK(summaries(e.diagnostics)[0].find("Nesting too deep") == 0);
  std::string chain = "1";
  for (int i = 0; i < 5000; ++i) chain += " + 1";
  CHECK(summaries(parse_expression(chain, "d").diagnostics)[0].find("Nesting too deep") == 0);
  std::string ok_depth(400, '(');
  ok_depth += "1" + std::string(400, ')');
  auto fine = parse_expression(ok_depth, "d");
  REQUIRE_FALSE(fine.diagnostics.has_errors());
  CHECK(fine.value->evaluate({}).value == num(1));
  std::string blocks;
  for (int i = 0; i < 2000; ++i) blocks += "b {\n";
  CHECK_FALSE(summaries(parse_config(blocks, "d").diagnostics).empty());
}

// Template directives nest by recursion too: 20,000 of them used to overflow the stack.
TEST_CASE("parser: template directive nesting is bounded") {
  auto nested = [](const std::string& open, const std::string& close, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += open;
    s += "x";
    for (int i = 0; i < n; ++i) s += close;
    return s;
  };
  const std::string ifs = nested("%{if true}", "%{endif}", 20000);
  const std::string fors = nested("%{for v in [1]}", "%{endfor}", 20000);
  for (const auto& body : {ifs, fors}) {
    auto quoted = parse_config("a = \"" + body + "\"\n", "q.tf");
    REQUIRE_FALSE(quoted.diagnostics.empty());
    CHECK(quoted.diagnostics.begin()->summary == "Nesting too deep");
    auto heredoc = parse_config("a = <<EOT\n" + body + "\nEOT\n", "h.tf");
    REQUIRE_FALSE(heredoc.diagnostics.empty());
    CHECK(heredoc.diagnostics.begin()->summary == "Nesting too deep");
    CHECK(heredoc.diagnostics.begin()->range.has_value());
    auto tmpl = parse_template(body, "t.tftpl");
    REQUIRE_FALSE(tmpl.diagnostics.empty());
    CHECK(tmpl.diagnostics.begin()->summary == "Nesting too deep");
  }
  // Within the bound, nested directives still evaluate.
  auto fine = parse_template(nested("%{if true}", "%{endif}", 100), "t.tftpl");
  REQUIRE_FALSE(fine.diagnostics.has_errors());
  CHECK(fine.value->evaluate({}).value == str("x"));
}

TEST_CASE("parser: every prefix and random bytes parse without crashing") {
  std::string inputs[] = {
      kValid, "a = \"x${ {b = \"}\"}.b }y\" # c\nc { d = [for k, v in e : k => v...] }\n",
      "x = <<EOT\n  ${a}%{ for i in b ~}\n${i}\n%{~ endfor }\nEOT\n"};
  for (const auto& src : inputs) {
    for (std::size_t n = 0; n <= src.size(); ++n) {
      auto f = parse_config(src.substr(0, n), "p.tf");
      for (const auto& d : f.diagnostics) CHECK(d.range.has_value());
      auto e = parse_expression(src.substr(0, n), "p.tf");
      if (!e.diagnostics.has_errors()) e.value->evaluate({});
      parse_template(src.substr(0, n), "p.tf");
    }
  }
  std::mt19937 rng(42);
  const std::string alphabet = "{}[]()\"$%~<>-=!&|*/+.,:;?#\n \tab01eEOT\\\xff\xc3";
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    auto f = parse_config(s, "r.tf");
    for (const auto& d : f.diagnostics) CHECK(d.range.has_value());
    auto e = parse_expression(s, "r.tf");
    if (!e.diagnostics.has_errors()) e.value->evaluate({});
    parse_template(s, "r.tf");
    parse_json_config(s, "r.tf.json");
  }
}

TEST_CASE("static analysis") {
  auto e = parse_expression("[functiongraph_function.f, var.x[\"k\"], module.m[0].out]", "s").value;
  auto list = static_list(e);
  REQUIRE(list);
  REQUIRE(list->size() == 3);
  std::vector<std::string> refs;
  for (const auto& x : *list) refs.push_back(traversal_to_string(*absolute_traversal(x)));
  CHECK(refs ==
        std::vector<std::string>{"functiongraph_function.f", "var.x[\"k\"]", "module.m[0].out"});
  CHECK(keyword(parse_expression("all", "s").value) == "all");
  CHECK_FALSE(keyword(parse_expression("a.b", "s").value));
  CHECK_FALSE(absolute_traversal(parse_expression("f(a)", "s").value));
  auto call =
      static_call(parse_expression("object({a = string, b = optional(number, 1)})", "s").value);
  REQUIRE(call);
  CHECK(call->name == "object");
  auto map = static_map(call->args[0]);
  REQUIRE(map);
  CHECK(keyword((*map)[0].key) == "a");
  CHECK(keyword((*map)[0].value) == "string");
  auto opt = static_call((*map)[1].value);
  REQUIRE(opt);
  CHECK(opt->args.size() == 2);
  auto tr = parse_traversal("module.a[\"x\"].functiongraph_function.f[0]", "cli");
  REQUIRE_FALSE(tr.diagnostics.has_errors());
  CHECK(traversal_to_string(tr.value) == "module.a[\"x\"].functiongraph_function.f[0]");
  CHECK(parse_traversal("a.", "cli").diagnostics.has_errors());
  CHECK(parse_traversal("a b", "cli").diagnostics.has_errors());
}

TEST_CASE("template parsing for templatefile") {
  auto t = parse_template("Hello ${name}!\n%{ for x in xs }- ${x}\n%{ endfor }", "t.tftpl");
  REQUIRE_FALSE(t.diagnostics.has_errors());
  EvalContext c;
  c.variables["name"] = str("fg");
  c.variables["xs"] = Value::list(Type::string(), {str("a"), str("b")});
  CHECK(t.value->evaluate(c).value == str("Hello fg!\n- a\n- b\n"));
  CHECK(parse_template("${", "t").diagnostics.has_errors());
}

TEST_CASE("json syntax") {
  const char* src = R"({
  "//": "comment",
  "region": "cn-${var.r}",
  "resource": {
    "functiongraph_function": {
      "f": {"memory_size": 12345678901234567890123, "handler": "${var.h}"},
      "g": [{"memory_size": 1}, {"memory_size": 2}]
    }
  },
  "variable": {"r": {}}
})";
  auto f = parse_json_config(src, "main.tf.json");
  REQUIRE(summaries(f.diagnostics).empty());
  auto c = f.value->body->content(kTop);
  REQUIRE(summaries(c.diagnostics).empty());
  REQUIRE(c.value.blocks.size() == 4);
  CHECK(c.value.blocks[0].labels == std::vector<std::string>{"functiongraph_function", "f"});
  CHECK(c.value.blocks[2].labels == std::vector<std::string>{"functiongraph_function", "g"});
  CHECK(c.value.blocks[3].type == "variable");
  EvalContext ctx;
  ctx.variables["var"] = Value::object({{"r", str("north")}, {"h", num(5)}});
  CHECK(c.value.attribute("region")->expr->evaluate(ctx).value == str("cn-north"));
  auto rc = c.value.blocks[0].body->content(kResource);
  REQUIRE(summaries(rc.diagnostics).empty());
  CHECK(rc.value.attribute("memory_size")->expr->evaluate(ctx).value ==
        numt("12345678901234567890123"));
  CHECK(rc.value.attribute("handler")->expr->evaluate(ctx).value == num(5));  // unwrapped
  CHECK(traversal_to_string(rc.value.attribute("handler")->expr->variables()[0]) == "var.h");
  auto bad = parse_json_config("{\"regin\": 1, \"region\": 1, \"region\": 2}", "m.json")
                 .value->body->content(kTop);
  CHECK(
      summaries(bad.diagnostics) ==
      std::vector<std::string>{"Extraneous JSON object property @1:2", "Duplicate argument @1:27"});
  CHECK(summaries(parse_json_config("{\"a\": [1,]}", "m").diagnostics) ==
        std::vector<std::string>{"Invalid JSON keyword @1:10"});
  auto deps = parse_json_expression("[\"functiongraph_function.f\"]", "m").value;
  auto l = static_list(deps);
  REQUIRE(l);
  CHECK(traversal_to_string(*absolute_traversal((*l)[0])) == "functiongraph_function.f");
}

TEST_CASE("parser: an unsupported argument names itself and a suggestion") {
  std::string src =
      "resource \"functiongraph_function\" \"f\" {\n  handler = \"x\"\n  memry_size = 128\n}\n";
  auto f = parse_config(src, "main.tf");
  auto rc = f.value->body->content(kTop).value.blocks[0].body->content(
      {{{"memry_size_x", false}, {"handler", false}}, {}});
  REQUIRE(rc.diagnostics.size() == 1);
  const auto& d = rc.diagnostics.items()[0];
  CHECK(d.summary == "Unsupported argument");
  CHECK(d.detail ==
        "An argument named \"memry_size\" is not expected here. Did you mean \"memry_size_x\"?");
  REQUIRE(d.range);
  CHECK(d.range->start.line == 3);
  CHECK(d.range->start.column == 3);
  CHECK(d.range->end.column == 13);
}

TEST_CASE("parser: a line comment still ends the line it is on") {
  // hclsyntax turns the newline a "#" or "//" comment swallows back into a newline token.
  CHECK(parse_errors("a = 1 # c\nb = 2\n").empty());
  CHECK(parse_errors("a = 1 // c\nb = 2\n").empty());
  CHECK(parse_errors("a = {\n  b = 1 # x\n  c = 2 // y\n}\n").empty());
  CHECK(parse_errors("b {\n  # only a comment\n  a = 1 # after\n  // another\n}\n").empty());
  CHECK(parse_errors("b {\n  c { # open\n  } # close\n}\n").empty());
  CHECK(parse_errors("a = [\n  1, # one\n  2, // two\n]\n").empty());
  CHECK(parse_errors("a = f(\n  1, # one\n  2\n)\n").empty());
  // A block comment does not end a line.
  CHECK(parse_errors("a = 1 /* c */ b = 2\n") ==
        std::vector<std::string>{"Missing newline after argument @1:15"});
  auto f = parse_config("a = 1 # c\nb = 2\n", "m");
  auto attrs = f.value->body->just_attributes();
  REQUIRE(attrs.value.size() == 2);
  CHECK(attrs.value[1].name == "b");
}

TEST_CASE("parser: full splat at the end of a line") {
  CHECK(parse_errors("a = x[*]\nb = 1\n").empty());
  CHECK(parse_errors("a = x[*].id\nb = x.*.id\nc = 1\n").empty());
  CHECK(parse_errors("a = x[*][0]\nb = 1\n").empty());
}

TEST_CASE("parser: attribute access by a number needs one number per step") {
  // hclsyntax lexes "0.1" as one number literal, which is not a valid attribute name.
  CHECK(!parse_errors("a = x.0.1\n").empty());
  CHECK(parse_errors("a = x.0\n").empty());
  CHECK(parse_errors("a = x.0.y\n").empty());
}

TEST_CASE("parser: a heredoc needs a newline after its closing marker") {
  CHECK(parse_errors("a = <<EOT\nx\nEOT\n").empty());
  CHECK(parse_errors("a = <<-EOT\n  x\n  EOT\n").empty());
  CHECK(!parse_errors("a = <<EOT\nx\nEOT").empty());
}

// A file of garbage used to give one diagnostic per byte, each printed with its source line.
TEST_CASE("parser: invalid characters are merged and errors per file are capped") {
  auto run = parse_config("a = 1 @@@@\n", "r.tf");
  REQUIRE(run.diagnostics.size() == 1);
  const auto& d = *run.diagnostics.begin();
  CHECK(d.summary == "Invalid character");
  CHECK(d.range->start.column == 7);
  CHECK(d.range->end.column == 11);
  // Each kind of mistake is told a bounded number of times, as hclsyntax does.
  auto semis = parse_config("a = 1;\nb = 2;\nc = 3;\n", "s.tf");
  CHECK(summaries(semis.diagnostics) == std::vector<std::string>{"Invalid character @1:6"});
  std::string garbage;
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const char c = static_cast<char>(rng() % 256);
    garbage += c;
    if (i % 40 == 39) garbage += '\n';
  }
  auto g = parse_config(garbage, "garbage.tf");
  REQUIRE(g.diagnostics.size() <= fgform::hcl::kMaxFileErrors + 1);
  const auto& last = g.diagnostics.items().back();
  CHECK(last.summary == "Too many errors");
  CHECK(last.detail.find("more errors in garbage.tf are not shown") != std::string::npos);
  CHECK(last.range.has_value());
  // One line of 20,000 invalid characters is one diagnostic.
  auto line = parse_config(std::string(20000, '@'), "line.tf");
  REQUIRE(line.diagnostics.size() == 1);
  CHECK(line.diagnostics.begin()->range->end.column == 20001);
}
