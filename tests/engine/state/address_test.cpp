#include <algorithm>
#include <catch2/catch.hpp>

#include "state/address.h"
#include "test_util.h"

namespace fgform::state {
namespace {

std::string round_trip(const std::string& text) {
  auto parsed = parse_abs_resource_instance(text);
  INFO(testing::text(parsed.diagnostics));
  REQUIRE(parsed.ok());
  return parsed.value.to_string();
}

TEST_CASE("resource instance addresses parse and print like Terraform's") {
  for (const char* text : {
           "functiongraph_function.f",
           "functiongraph_function.f[0]",
           "functiongraph_function.f[-1]",
           "data.functiongraph_function.x",
           "module.m[\"k\"].data.functiongraph_function.x",
           "module.a[\"x\"].module.b[0].functiongraph_trigger.t[\"a.b\"]",
           "functiongraph_function.f[\"with \\\"quote\\\" and \\\\ and \\n\"]",
           "functiongraph_function.f[\"$${not} %%{tmpl}\"]",
           "functiongraph_function.f[\"\"]",
           "terraform_data.each[\"y\\\"q\"]",
           "functiongraph_function.f-with-dash_1",
       }) {
    CHECK(round_trip(text) == text);
  }
}

TEST_CASE("address parts are what the text says") {
  auto p = parse_abs_resource_instance("module.m[\"k\"].module.n.data.functiongraph_function.x[3]");
  REQUIRE(p.ok());
  REQUIRE(p.value.module.steps.size() == 2);
  CHECK(p.value.module.steps[0].name == "m");
  CHECK(p.value.module.steps[0].key == InstanceKey::string("k"));
  CHECK(p.value.module.steps[1].key.is_none());
  CHECK(p.value.resource.mode == ResourceMode::kData);
  CHECK(p.value.resource.type == "functiongraph_function");
  CHECK(p.value.resource.name == "x");
  CHECK(p.value.key == InstanceKey::integer(3));
  CHECK(p.value.module.to_string() == "module.m[\"k\"].module.n");
}

TEST_CASE("string keys decode escapes and print with HCL quoting") {
  auto p = parse_abs_resource_instance("a.b[\"tab\\there \\u00e9 $${x}\"]");
  REQUIRE(p.ok());
  CHECK(p.value.key.as_string() == "tab\there \xc3\xa9 ${x}");
  CHECK(InstanceKey::string("\x01 ok").to_string() == "[\"\\u0001 ok\"]");
  CHECK(InstanceKey::string("${a}").to_string() == "[\"$${a}\"]");
  CHECK(InstanceKey::string("\xe2\x80\xa8").to_string() == "[\"\\u2028\"]");
}

TEST_CASE("bad addresses give clear diagnostics") {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : {
           Case{"", "empty"},
           Case{"functiongraph_function", "type and name"},
           Case{"module.m", "type and name"},
           Case{"module.m.", "resource type"},
           Case{"functiongraph_function.f[", "whole number or a quoted string"},
           Case{"functiongraph_function.f[1", "expected ']'"},
           Case{"functiongraph_function.f[1.5]", "']'"},
           Case{"functiongraph_function.f[\"x]", "unterminated"},
           Case{"functiongraph_function.f[\"\\q\"]", "invalid escape"},
           Case{"functiongraph_function.f[\"\\ud800\"]", "valid Unicode code point"},
           Case{"functiongraph_function.f[\"a\\\"]", "unterminated"},
           Case{"functiongraph_function.f[\"${x}\"]", "template"},
           Case{"functiongraph_function.f.extra", "unexpected text"},
           Case{"functiongraph_function.f[0][1]", "unexpected text"},
           Case{"1abc.f", "resource type"},
       }) {
    auto p = parse_abs_resource_instance(c.text);
    INFO(c.text);
    REQUIRE_FALSE(p.ok());
    CHECK(p.diagnostics.items()[0].summary == "Invalid address");
    CHECK_THAT(p.diagnostics.items()[0].detail, Catch::Contains(c.says));
    CHECK_THAT(p.diagnostics.items()[0].detail, Catch::Contains("column"));
  }
  auto with_key = parse_abs_resource("a.b[0]");
  CHECK_FALSE(with_key.ok());
  CHECK(parse_abs_resource("module.x.a.b").ok());
  CHECK(parse_module_instance("module.a[1].module.b").ok());
  CHECK(parse_module_instance("").ok());
  CHECK_FALSE(parse_module_instance("module.a.b").ok());
  CHECK_FALSE(parse_module_instance("mod.a").ok());
}

TEST_CASE("addresses sort like Terraform's") {
  // The order `terraform state list` printed for the checked-in sample.
  const std::string expected = testing::data("tf111_tainted_moved.list");
  std::vector<AbsResourceInstance> addrs;
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < expected.size()) {
    const auto nl = expected.find('\n', pos);
    lines.push_back(expected.substr(pos, nl - pos));
    pos = nl + 1;
  }
  REQUIRE(lines.size() == 13);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    auto p = parse_abs_resource_instance(*it);
    REQUIRE(p.ok());
    addrs.push_back(p.value);
  }
  std::sort(addrs.begin(), addrs.end());
  for (std::size_t i = 0; i < lines.size(); ++i) CHECK(addrs[i].to_string() == lines[i]);

  auto a = [](const char* t) { return parse_abs_resource_instance(t).value; };
  CHECK(a("x.y[2]") < a("x.y[10]"));                      // ints numerically
  CHECK(a("x.y") < a("x.y[0]"));                          // no key first
  CHECK(a("x.y[5]") < a("x.y[\"a\"]"));                   // ints before strings
  CHECK(a("data.z.z") < a("a.a"));                        // data before managed
  CHECK(a("z.z") < a("module.a.a.a"));                    // root before modules
  CHECK(a("module.b.a.a") < a("module.a.module.a.a.a"));  // shorter module paths first
  CHECK(a("module.a[2].a.a") < a("module.a[10].a.a"));
}

}  // namespace
}  // namespace fgform::state
