#include <catch2/catch.hpp>

#include "drift/ignore_rules.h"

using fgform::drift::IgnoreRules;
using fgform::drift::without_instance_keys;

TEST_CASE("an attribute rule covers that attribute of every instance, and what is inside it") {
  IgnoreRules r;
  REQUIRE_FALSE(r.add("functiongraph_function.api.tags", "-ignore").has_errors());
  CHECK(r.matches("functiongraph_function.api", "tags"));
  CHECK(r.matches("functiongraph_function.api[0]", "tags[\"team\"]"));
  CHECK(r.matches("functiongraph_function.api[\"x\"]", "tags"));
  CHECK_FALSE(r.matches("functiongraph_function.api", "tags_all"));
  CHECK_FALSE(r.matches("functiongraph_function.api", "description"));
  CHECK_FALSE(r.matches("functiongraph_function.other", "tags"));
  CHECK_FALSE(r.matches("module.m.functiongraph_function.api", "tags"));
  // An attribute rule never hides a deletion.
  CHECK_FALSE(r.matches("functiongraph_function.api", ""));
}

TEST_CASE("a keyed address covers only that instance") {
  IgnoreRules r;
  REQUIRE_FALSE(r.add("functiongraph_function.api[1].memory_size", "-ignore").has_errors());
  CHECK(r.matches("functiongraph_function.api[1]", "memory_size"));
  CHECK_FALSE(r.matches("functiongraph_function.api[0]", "memory_size"));
  // Brackets are a key, not an fnmatch character class.
  CHECK_FALSE(r.matches("functiongraph_function.api1", "memory_size"));
}

TEST_CASE("a map key in a rule is literal") {
  IgnoreRules r;
  REQUIRE_FALSE(r.add("functiongraph_function.api.tags[\"t*\"]", "-ignore").has_errors());
  CHECK(r.matches("functiongraph_function.api", "tags[\"t*\"]"));
  CHECK_FALSE(r.matches("functiongraph_function.api", "tags[\"team\"]"));
}

TEST_CASE("globs: whole objects, every resource, modules") {
  IgnoreRules r;
  REQUIRE_FALSE(r.add("module.edge.functiongraph_trigger.*", "-ignore").has_errors());
  REQUIRE_FALSE(r.add("*.description", "-ignore").has_errors());
  CHECK(r.matches("module.edge[\"a\"].functiongraph_trigger.t", ""));
  CHECK(r.matches("module.edge.functiongraph_trigger.t[0]", "status"));
  CHECK_FALSE(r.matches("functiongraph_trigger.t", "status"));
  CHECK(r.matches("functiongraph_vpc.v", "description"));
  CHECK(r.matches("module.x.functiongraph_vpc.v", "description"));
  CHECK_FALSE(r.matches("functiongraph_vpc.v", "cidr"));
}

TEST_CASE("bad rules are refused with their source") {
  IgnoreRules r;
  auto d = r.add("functiongraph_function", "-ignore");
  REQUIRE(d.has_errors());
  CHECK(d.begin()->detail.find("-ignore") != std::string::npos);
  CHECK(r.add("a.b[\"x", "-ignore").has_errors());
  CHECK(r.add("data.functiongraph_function.f", "-ignore").has_errors());
  CHECK(r.add("", "-ignore").has_errors());
  CHECK(r.empty());
}

TEST_CASE("an ignore file: comments, blank lines, errors with file:line") {
  IgnoreRules r;
  auto d = r.add_file(
      "# site rules\n\nfunctiongraph_function.api.tags  # owned by FinOps\n"
      "  *.description\r\nbroken\n",
      ".fgformignore");
  REQUIRE(d.has_errors());
  CHECK(d.begin()->detail.find(".fgformignore:5") != std::string::npos);
  CHECK(r.size() == 2);
  CHECK(r.matches("functiongraph_function.api", "tags"));
  CHECK(r.matches("functiongraph_agency.a", "description"));
}

TEST_CASE("instance keys are removed, quoted brackets included") {
  CHECK(without_instance_keys("module.a[\"x]\"].t.n[0]") == "module.a.t.n");
  CHECK(without_instance_keys("t.n") == "t.n");
}
