// An instance object's attributes held as compact JSON text (state/attributes_json.h).
#include <catch2/catch.hpp>

#include "state/attributes_json.h"
#include "state/state_file.h"

using fgform::state::AttributesJson;
using nlohmann::json;

TEST_CASE("attributes: held as compact text, read back as the same tree") {
  json tree = {{"name", "f<1>&"},   {"memory_size", 128}, {"ratio", 0.1}, {"tags", {{"a", "b"}}},
               {"list", {1, 2, 3}}, {"nothing", nullptr}, {"big", 1e21}};
  AttributesJson a = tree;
  CHECK(a.tree() == tree);
  CHECK(a.text().find('\n') == std::string::npos);
  CHECK_FALSE(a.empty());
  CHECK(AttributesJson().empty());
  CHECK(AttributesJson().tree() == json::object());
  CHECK(AttributesJson(json()).empty());  // a null tree is no attributes, as the reader has it
}

TEST_CASE("attributes: equal JSON compares equal even where its text differs") {
  CHECK(AttributesJson(json{{"n", 1}}) == AttributesJson(json{{"n", 1.0}}));
  CHECK_FALSE(AttributesJson(json{{"n", 1}}) == AttributesJson(json{{"n", 2}}));
  CHECK_FALSE(AttributesJson(json{{"n", 1}}) == AttributesJson(json{{"m", 1}}));
}

TEST_CASE("attributes: invalid UTF-8 becomes U+FFFD, as Go writes it, not an exception") {
  AttributesJson a = json{{"s", std::string("a\xff"
                                            "b")}};
  CHECK(a.tree()["s"] ==
        "a\xEF\xBF\xBD"
        "b");
}

TEST_CASE("attributes: a state file's attributes write back as they were read") {
  const std::string text = R"({
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 1,
  "lineage": "l",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "functiongraph_function",
      "name": "f",
      "provider": "provider[\"registry.terraform.io/fgform/functiongraph\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "id": "urn:fss:cn-north-4:p:function:default:f:latest",
            "memory_size": 128,
            "ratio": 0.25,
            "tags": {
              "a": "\u003cb\u003e"
            },
            "x": null
          },
          "sensitive_attributes": []
        }
      ]
    }
  ],
  "check_results": null
}
)";
  auto parsed = fgform::state::parse_state(text, "t.tfstate");
  REQUIRE_FALSE(parsed.diagnostics.has_errors());
  CHECK(fgform::state::write_state(parsed.value) == text);
}

TEST_CASE("attributes json: the text keeps no spare room") {
  // The dump grows its string by doubling; the state keeps the text for the whole run, so the
  // room left over would be a quarter of the state's attribute memory on average.
  json tree = json::object();
  for (int i = 0; i < 80; ++i) tree["attribute_" + std::to_string(i)] = std::string(20, 'x');
  AttributesJson a(tree);
  REQUIRE(a.text().size() > 2000);
  CHECK(a.text().capacity() - a.text().size() < 16);
  CHECK(json::parse(a.text()) == tree);
}
