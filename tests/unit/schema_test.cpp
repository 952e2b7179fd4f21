// Schemas as data: loading, Terraform's schema rules, implied types, and config validation.
#include <catch2/catch.hpp>

#include "schema/formats.h"
#include "schema/registry.h"
#include "schema/validate.h"
#include "value/codec.h"

using namespace fgform;
using schema::Registry;
using value::Value;

namespace {

Value config_of(const schema::Schema& s, const std::string& json) {
  auto decoded = value::from_json(nlohmann::json::parse(json), s.block.implied_type());
  REQUIRE(decoded.ok());
  return decoded.value;
}

std::string messages(const value::Diagnostics& d) {
  std::string out;
  for (const auto& item : d) out += item.to_string() + "\n";
  return out;
}

}  // namespace

TEST_CASE("the schemas compiled into the binary load without a single diagnostic") {
  const Registry& r = Registry::builtin();
  INFO(messages(r.diagnostics()));
  CHECK(r.diagnostics().empty());
  CHECK(r.provider().type_name == "functiongraph");
  CHECK(r.provider().block.attribute("secret_key")->sensitive);
  REQUIRE(r.resource("functiongraph_function") != nullptr);
  CHECK(r.resource("functiongraph_vpc") != nullptr);
  CHECK(r.resource("nope") == nullptr);
  for (const auto& [name, s] : r.resources()) {
    INFO(name);
    CHECK(name.rfind("functiongraph_", 0) == 0);
    CHECK(s.block.attribute("id") != nullptr);
    CHECK_FALSE(s.example.empty());
  }
}

TEST_CASE("implied types follow Terraform's block rules") {
  const auto& fn = *Registry::builtin().resource("functiongraph_function");
  value::Type t = fn.block.implied_type();
  CHECK(t.attributes().at("memory_size") == value::Type::number());
  CHECK(t.attributes().at("tags") == value::Type::map(value::Type::string()));
  CHECK(t.attributes().at("mount").kind() == value::Type::Kind::kList);
  CHECK(t.attributes().at("mount").element().has_attribute("local_path"));
  CHECK(t.attributes().at("custom_image").kind() == value::Type::Kind::kObject);
}

TEST_CASE("schema files are checked against Terraform's rules and ours") {
  auto bad = schema::parse_schema(R"({
    "kind": "resource", "type_name": "functiongraph_x", "description": "x", "example": "x",
    "block": {"attributes": [
      {"name": "Bad-Name", "type": "string", "optional": true, "description": "d"},
      {"name": "both", "type": "string", "required": true, "optional": true, "description": "d"},
      {"name": "none", "type": "string", "description": "d"},
      {"name": "defaulted", "type": "number", "optional": true, "default": 1, "description": "d"},
      {"name": "undocumented", "type": "string", "optional": true},
      {"name": "unanswered", "type": "string", "computed": true, "not_returned": true, "description": "d"}
    ], "blocks": [{"name": "one", "nesting": "single", "max_items": 2, "block": {}}]}})",
                                  "test.json");
  REQUIRE(bad.value.has_value());
  std::string all = messages(schema::check_schema(*bad.value));
  CHECK(all.find("Bad-Name") != std::string::npos);
  CHECK(all.find("both: required excludes optional") != std::string::npos);
  CHECK(all.find("none: set one of required, optional, computed") != std::string::npos);
  CHECK(all.find("defaulted: a default needs optional and computed") != std::string::npos);
  CHECK(all.find("undocumented: every attribute needs a description") != std::string::npos);
  CHECK(all.find("single blocks allow") != std::string::npos);
  CHECK(all.find("unanswered: not_returned is for configured attributes") != std::string::npos);

  auto broken = schema::parse_schema(R"({"kind": "thing", "block": {"attributes": [
      {"name": "a", "type": "strin", "optional": true, "description": "d", "validation": {"regex": "(", "odd": 1}}]}})",
                                     "broken.json");
  CHECK_FALSE(broken.ok());
  std::string msg = messages(broken.diagnostics);
  CHECK(msg.find("broken.json") != std::string::npos);
  CHECK(msg.find("kind") != std::string::npos);
  CHECK(msg.find("not a cty type") != std::string::npos);
  CHECK(msg.find("unknown validation \"odd\"") != std::string::npos);
  CHECK_FALSE(schema::parse_schema("not json", "x.json").ok());
}

TEST_CASE("config validation names the attribute and the allowed values") {
  const auto& fn = *Registry::builtin().resource("functiongraph_function");
  auto d = schema::validate_config(
      fn.block, config_of(fn, R"({"name": "hello", "runtime": "Python3.9", "memory_size": 130})"));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].attribute->to_string() == "memory_size");
  CHECK(d.items()[0].detail.find("130") != std::string::npos);
  CHECK(d.items()[0].detail.find("128, 256, 512") != std::string::npos);

  auto many = schema::validate_config(fn.block, config_of(fn, R"({
      "runtime": "python", "timeout": 2, "name": "9bad", "urn": "x",
      "code_url": "ftp://x", "ephemeral_storage": 100,
      "mount": [{"type": "nfs", "resource_id": "r", "share_path": "s", "local_path": "relative"}]})"));
  std::string all = messages(many);
  CHECK(all.find("at runtime") != std::string::npos);
  CHECK(all.find("timeout must be from 3 to 259200, got 2") != std::string::npos);
  CHECK(all.find("name must be 1-60 letters") != std::string::npos);
  CHECK(all.find("set by the provider") != std::string::npos);
  CHECK(all.find("code_url must be an https:// or obs://") != std::string::npos);
  CHECK(all.find("at mount[0].type") != std::string::npos);
  CHECK(all.find("mount[0].local_path must be an absolute path") != std::string::npos);

  auto missing = schema::validate_config(fn.block, config_of(fn, R"({"runtime": "Python3.9"})"));
  REQUIRE(missing.size() == 1);
  CHECK(missing.items()[0].summary == "Missing required argument");
  CHECK(missing.items()[0].attribute->to_string() == "name");
}

TEST_CASE("unknown values are not validated yet; collections are checked per element") {
  const auto& fn = *Registry::builtin().resource("functiongraph_function");
  value::Type t = fn.block.implied_type();
  Value config = Value::object(t, {{"name", Value::string("ok")},
                                   {"runtime", Value::unknown(value::Type::string())},
                                   {"memory_size", Value::unknown(value::Type::number())}});
  CHECK(schema::validate_config(fn.block, config).empty());

  schema::Attribute runtimes;
  runtimes.name = "runtimes";
  runtimes.type = value::Type::set(value::Type::string());
  runtimes.validation.one_of = {Value::string("a"), Value::string("b")};
  runtimes.validation.max_length = 2;
  auto d = schema::validate_value(
      runtimes,
      Value::set(value::Type::string(),
                 {Value::string("a"), Value::string("c"), Value::string("b")}),
      value::Path::attribute("runtimes"));
  std::string all = messages(d);
  CHECK(all.find("at most 2 elements") != std::string::npos);
  CHECK(all.find("runtimes[2] is \"c\"") != std::string::npos);
}

TEST_CASE("patterns are RE2, compiled once, linear on long input; none_of refuses values") {
  auto parsed = schema::parse_schema(R"({
    "kind": "resource", "type_name": "functiongraph_x", "description": "x", "example": "x",
    "block": {"attributes": [
      {"name": "path", "type": "string", "optional": true, "description": "d",
       "validation": {"regex": "^/.*", "regex_message": "must be an absolute path"}},
      {"name": "db", "type": "string", "optional": true, "description": "d",
       "validation": {"none_of": ["admin", "local"]}}
    ]}})",
                                     "x.json");
  REQUIRE(parsed.ok());
  const schema::Block& block = parsed.value->block;
  const schema::Attribute& path = *block.attribute("path");
  CHECK(path.validation.pattern != nullptr);
  // A megabyte matched by a backtracking engine overflows the stack; RE2 is linear.
  const std::string long_path = "/" + std::string(1 << 20, 'a');
  CHECK(schema::validate_value(path, Value::string(long_path), value::Path::attribute("path"))
            .empty());
  CHECK(messages(schema::validate_value(path, Value::string(std::string(1 << 20, 'a')),
                                        value::Path::attribute("path")))
            .find("path must be an absolute path") != std::string::npos);

  const schema::Attribute& db = *block.attribute("db");
  CHECK(schema::validate_value(db, Value::string("orders"), value::Path::attribute("db")).empty());
  CHECK(messages(schema::validate_value(db, Value::string("local"), value::Path::attribute("db")))
            .find("db must not be \"local\"") != std::string::npos);

  // Go's regexp syntax, as the provider SDK's validators use: no look-ahead.
  auto lookahead = schema::parse_schema(R"({"kind": "resource", "block": {"attributes": [
      {"name": "a", "type": "string", "optional": true, "description": "d",
       "validation": {"regex": "^(?!x).*$"}}]}})",
                                        "lookahead.json");
  CHECK(messages(lookahead.diagnostics).find("does not compile") != std::string::npos);
  auto wrong_type = schema::parse_schema(R"({"kind": "resource", "block": {"attributes": [
      {"name": "a", "type": "number", "optional": true, "description": "d",
       "validation": {"none_of": ["x"]}}]}})",
                                         "wrong.json");
  CHECK(messages(wrong_type.diagnostics).find("none_of") != std::string::npos);

  // The GeminiDB / DDS database names use it in place of a look-ahead pattern.
  const auto& trigger = *Registry::builtin().resource("functiongraph_trigger");
  const auto* dds = trigger.block.block("dds");
  REQUIRE(dds != nullptr);
  CHECK_FALSE(schema::validate_value(*dds->block.attribute("db_name"), Value::string("admin"),
                                     value::Path::attribute("db_name"))
                  .empty());
}

TEST_CASE("named formats: cron, rate, JSON, CIDR") {
  CHECK(schema::check_format("cron", "0 */10 * * * ?").empty());
  CHECK_FALSE(schema::check_format("cron", "every day").empty());
  CHECK(schema::check_format("timer_rate", "5m").empty());
  CHECK(schema::check_format("json_object", "{\"a\":1}").empty());
  CHECK_FALSE(schema::check_format("json_object", "[1]").empty());
  CHECK(schema::check_format("cidr", "10.0.0.0/8").empty());
  CHECK_FALSE(schema::check_format("cidr", "10.0.0.0/33").empty());
  CHECK_FALSE(schema::check_format("cidr", "300.0.0.0/8").empty());
  CHECK(schema::check_format("cidr_list", "10.8.0.0/16").empty());
  CHECK(schema::check_format("cidr_list",
                             "10.1.0.0/16;10.2.0.0/16;10.3.0.0/16;10.4.0.0/16;"
                             "10.5.0.0/16")
            .empty());
  CHECK(schema::check_format("cidr_list",
                             "10.1.0.0/16;10.2.0.0/16;10.3.0.0/16;10.4.0.0/16;"
                             "10.5.0.0/16;10.6.0.0/16")
            .find("at most 5") != std::string::npos);
  CHECK_FALSE(schema::check_format("cidr_list", "10.1.0.0/16;;10.2.0.0/16").empty());
  CHECK_FALSE(schema::check_format("cidr_list", "10.1.0.0/16,10.2.0.0/16").empty());
  CHECK_FALSE(schema::check_format("cidr_list", "").empty());
  // Long inputs are matched in linear time, without recursion (RE2).
  std::string every = "@every ";
  for (int i = 0; i < 200000; ++i) every += "1s";
  CHECK(schema::check_format("cron", every).empty());
  CHECK_FALSE(schema::check_format("cron", every + "x").empty());
  CHECK(schema::check_format("cidr", "010.1.2.3/08").empty());
  CHECK_FALSE(schema::check_format("cidr", "10.1.2.256/8").empty());
  CHECK(schema::is_known_format("cron"));
  CHECK_FALSE(schema::is_known_format("yaml"));
}
