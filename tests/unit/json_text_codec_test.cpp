// value::from_json_text: JSON text decoded without a tree must give from_json's result for every
// input, value and diagnostics, and throw what json::parse throws for text that is not JSON.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "value/json_text_codec.h"

using namespace fgform::value;

namespace {

std::string described(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d) {
    out += x.summary + ": " + x.detail;
    if (x.attribute) out += " at " + x.attribute->to_string();
    out += "\n";
  }
  return out;
}

void check_same_as_tree(const std::string& text, const Type& type, JsonDecodeOptions options) {
  INFO(text << " as " << type.friendly_name()
            << (options.ignore_undefined_attributes ? " (ignoring undefined)" : ""));
  const auto tree = from_json(nlohmann::json::parse(text), type, options);
  const auto fast = from_json_text(text, type, options);
  CHECK(fast.value == tree.value);
  CHECK(fast.value.type() == tree.value.type());
  CHECK(fast.value.is_null() == tree.value.is_null());
  CHECK(described(fast.diagnostics) == described(tree.diagnostics));
}

}  // namespace

TEST_CASE("json text: every shape decodes as from_json decodes its tree") {
  const Type fn = Type::object(
      {{"name", Type::string()},
       {"memory", Type::number()},
       {"enabled", Type::boolean()},
       {"tags", Type::map(Type::string())},
       {"subnets", Type::list(Type::string())},
       {"ports", Type::set(Type::number())},
       {"pair", Type::tuple({Type::string(), Type::number()})},
       {"mounts", Type::list(Type::object({{"path", Type::string()}, {"size", Type::number()}}))}});
  const std::vector<std::string> texts = {
      // the ordinary case, in and out of order, with nulls and empties
      R"({"name":"f","memory":128,"enabled":true,"tags":{"a":"1","b":"2"},"subnets":["s1","s2"],
          "ports":[80,443],"pair":["x",1],"mounts":[{"path":"/m","size":10}]})",
      R"({"mounts":[],"tags":{},"pair":null,"name":null,"memory":-1})",
      R"({})",
      R"(null)",
      // numbers in every form the tree path takes
      R"({"memory":18446744073709551615})",
      R"({"memory":-9223372036854775808})",
      R"({"memory":1.5e300})",
      R"({"memory":0.1})",
      R"({"memory":"42"})",
      R"({"memory":"4.2e1"})",
      // a repeated key: the last wins
      R"({"name":"a","name":"b","tags":{"k":"1","k":"2"}})",
      // attributes the type does not have, shallow and deep
      R"({"name":"f","old":1})",
      R"({"old":{"deep":[1,[2,{"x":[]}],{"y":null}]},"name":"f","older":[[]]})",
      R"({"mounts":[{"path":"/m","gone":{"a":[1,2]}}]})",
      // mismatches: errors, from the tree path
      R"({"name":1})",
      R"({"memory":"many"})",
      R"({"memory":true})",
      R"({"enabled":"yes"})",
      R"({"tags":[]})",
      R"({"subnets":{}})",
      R"({"pair":["x"]})",
      R"({"pair":["x",1,2]})",
      R"({"mounts":[{"path":[]}]})",
      R"([])",
      R"("f")",
  };
  for (const auto& text : texts) {
    check_same_as_tree(text, fn, {});
    check_same_as_tree(text, fn, {.ignore_undefined_attributes = true});
  }
  // Root types other than objects.
  check_same_as_tree(R"(["a","b"])", Type::set(Type::string()), {});
  check_same_as_tree(R"({"a":[1,2]})", Type::map(Type::list(Type::number())), {});
  check_same_as_tree(R"(3)", Type::number(), {});
  check_same_as_tree(R"(3)", Type::string(), {});
}

TEST_CASE("json text: dynamic parts and deep nesting take the tree path and agree with it") {
  const Type with_dynamic = Type::object({{"v", Type::dynamic()}, {"n", Type::number()}});
  check_same_as_tree(R"({"v":{"value":"x","type":"string"},"n":1})", with_dynamic, {});
  check_same_as_tree(R"({"v":{"type":"number","value":2}})", with_dynamic, {});
  check_same_as_tree(R"({"v":{"value":"x"}})", with_dynamic, {});
  check_same_as_tree(R"({"v":null,"n":1})", with_dynamic, {});
  check_same_as_tree(R"({"v":"bare","n":1})", with_dynamic, {});
  check_same_as_tree(R"([null,{"value":[1],"type":["list","number"]}])",
                     Type::list(Type::dynamic()), {});
  check_same_as_tree(R"(null)", Type::dynamic(), {});

  Type deep = Type::number();
  std::string text = "1";
  for (int i = 0; i < 300; ++i) {
    deep = Type::list(deep);
    text = "[" + text + "]";
  }
  check_same_as_tree(text, deep, {});
}

TEST_CASE("json text: text that is not JSON throws what json::parse throws") {
  const Type t = Type::object({{"name", Type::string()}});
  CHECK_THROWS_AS(from_json_text(R"({"name":)", t), nlohmann::json::parse_error);
  CHECK_THROWS_AS(from_json_text(R"({"name":"a"} trailing)", t), nlohmann::json::parse_error);
  CHECK_THROWS_AS(from_json_text("", t), nlohmann::json::parse_error);
  CHECK_THROWS_AS(from_json_text(R"({"name":1e999})", t), nlohmann::json::out_of_range);
}
