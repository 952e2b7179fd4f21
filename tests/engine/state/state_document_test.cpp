// A state document parsed with instance attributes compacted on the way (state/state_document.h).
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

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

TEST_CASE("state document: read in chunks, it is the document the whole text gives") {
  // A source that hands out a few bytes per call, so chunk ends fall inside every kind of token.
  const std::string text = kState;
  std::size_t at = 0;
  std::size_t calls = 0;
  std::size_t largest_request = 0;
  const fgform::state::ReadChunk read = [&](char* buffer, std::size_t capacity) {
    ++calls;
    largest_request = std::max(largest_request, capacity);
    const std::size_t n = std::min({capacity, text.size() - at, 1 + calls % 5});
    std::copy_n(text.data() + at, n, buffer);
    at += n;
    return n;
  };
  const auto doc = parse_state_document(read);
  const auto whole = parse_state_document(text);
  CHECK(doc.root == whole.root);
  REQUIRE(doc.attributes.size() == whole.attributes.size());
  for (std::size_t i = 0; i < doc.attributes.size(); ++i) {
    CHECK(doc.attributes[i].text() == whole.attributes[i].text());
  }
  CHECK(calls > text.size() / 5);        // every byte came through `read`, a few at a time
  CHECK(largest_request <= 256 * 1024);  // into a buffer of a chunk, not of the whole text

  // Errors are the text's: the same exception at the same offset.
  const std::string bad = "{\"a\": x}";
  at = 0;
  const fgform::state::ReadChunk read_bad = [&](char* buffer, std::size_t capacity) {
    const std::size_t n = std::min<std::size_t>({capacity, bad.size() - at, 2});
    std::copy_n(bad.data() + at, n, buffer);
    at += n;
    return n;
  };
  try {
    parse_state_document(read_bad);
    FAIL("no exception");
  } catch (const json::parse_error& e) {
    CHECK(e.byte == 7);
  }
  // A read error passes through the parse as it was thrown.
  const fgform::state::ReadChunk failing = [](char*, std::size_t) -> std::size_t {
    throw std::runtime_error("disk on fire");
  };
  CHECK_THROWS_WITH(parse_state_document(failing), "disk on fire");
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
