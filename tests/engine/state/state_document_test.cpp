// A state document parsed with instance attributes compacted on the way (state/state_document.h).
#include <catch2/catch.hpp>

#include "state/state_document.h"
#include "state/state_file.h"

using fgform::state::parse_state;
using fgform::state::parse_state_document;
using nlohmann::json;

namespace {

const char* kState = R"({
  "version": 4, "serial": 3, "lineage": "l",
  "resources": [
    {"mode": "managed", "type": "functiongraph_function", "name": "a",
     "provider": "provider[\"registry.terraform.io/fgform/functiongraph\"]",
     "instances": [
       {"schema_version": 0, "attributes": {"id": "x", "memory_size": 128, "tags": {"k": "v"}}},
       {"index_key": 1, "attributes": {"id": "y", "nested": {"attributes": {"deep": true}}}}
     ]}
  ],
  "outputs": {"o": {"value": {"attributes": 1}, "type": ["object", {"attributes": "number"}]}}
})";

}  // namespace

TEST_CASE("state document: each instance's attributes become text; nothing else does") {
  auto doc = parse_state_document(kState);
  REQUIRE(doc.attributes.size() == 2);
  const json& instances = doc.root["resources"][0]["instances"];
  CHECK(instances[0]["attributes"].is_binary());
  CHECK(instances[1]["attributes"].is_binary());
  // Objects named "attributes" elsewhere (an output, inside the attributes) stay trees.
  CHECK(doc.root["outputs"]["o"]["value"]["attributes"] == 1);
  auto first = doc.take_attributes(instances[0]["attributes"]);
  REQUIRE(first);
  CHECK(first->tree() == json{{"id", "x"}, {"memory_size", 128}, {"tags", {{"k", "v"}}}});
  auto second = doc.take_attributes(instances[1]["attributes"]);
  REQUIRE(second);
  CHECK(second->tree() == json{{"id", "y"}, {"nested", {{"attributes", {{"deep", true}}}}}});
  CHECK_FALSE(doc.take_attributes(json{{"id", "x"}}));    // not a placeholder
  CHECK_FALSE(doc.take_attributes(json::binary({}, 7)));  // names nothing
}

TEST_CASE("state document: the rest of the tree is what json::parse builds") {
  auto doc =
      parse_state_document(R"({"a": [1, -2, 3.5, "s", null, true, {}, []], "b": {"c": {}}})");
  CHECK(doc.root == json::parse(R"({"a": [1, -2, 3.5, "s", null, true, {}, []], "b": {"c": {}}})"));
  CHECK(doc.attributes.empty());
  // A later duplicate key wins, as in json::parse.
  CHECK(parse_state_document(R"({"k": 1, "k": 2})").root == json{{"k", 2}});
}

TEST_CASE("state document: invalid JSON throws what json::parse throws") {
  CHECK_THROWS_AS(parse_state_document(R"({"version": 4,)"), json::parse_error);
  CHECK_THROWS_AS(parse_state_document("[1e400]"), json::out_of_range);
  try {
    parse_state_document("{\"a\": x}");
    FAIL("no exception");
  } catch (const json::parse_error& e) {
    CHECK(e.byte == 7);  // the same offset json::parse reports
  }
}

TEST_CASE("state document: parse_state reads compacted attributes like any others") {
  auto parsed = parse_state(kState, "terraform.tfstate");
  REQUIRE(parsed.ok());
  const auto& rs = parsed.value.resources.begin()->second;
  REQUIRE(rs.instances.size() == 2);
  const auto& obj = *rs.instances.begin()->second.current;
  CHECK(obj.attributes.tree() == json{{"id", "x"}, {"memory_size", 128}, {"tags", {{"k", "v"}}}});
  // Attributes that are not an object are still refused, with their path.
  auto bad = parse_state(R"({"version": 4, "serial": 1, "lineage": "l", "resources": [
    {"mode": "managed", "type": "t", "name": "n", "provider": "provider[\"p\"]",
     "instances": [{"attributes": [1]}]}]})",
                         "s.tfstate");
  CHECK_FALSE(bad.ok());
  REQUIRE(bad.diagnostics.size() >= 1);
  CHECK(bad.diagnostics.items()[0].detail.find("resources[0].instances[0].attributes") !=
        std::string::npos);
}

TEST_CASE("attributes: copies share one text") {
  fgform::state::AttributesJson a = json{{"id", "x"}};
  fgform::state::AttributesJson b = a;
  CHECK(&a.text() == &b.text());
  CHECK(a == b);
}
