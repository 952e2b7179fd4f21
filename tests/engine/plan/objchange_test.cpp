// Terraform's consistency checks, with Terraform's messages (objchange.AssertObjectCompatible).
#include <catch2/catch.hpp>

#include "plan/objchange.h"

using fgform::plan::assert_object_compatible;
using fgform::plan::cty_go_string;
using fgform::value::Number;
using fgform::value::Type;
using fgform::value::Value;
namespace schema = fgform::schema;

namespace {

schema::Attribute attribute(std::string name, Type type, bool sensitive = false) {
  schema::Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.optional = true;
  a.computed = true;
  a.sensitive = sensitive;
  return a;
}

// A function-like block: scalar attributes, a map, a set, a sensitive one and a list block.
const schema::Block& block() {
  static const schema::Block b = [] {
    schema::Block built;
    built.attributes = {attribute("id", Type::string()), attribute("memory_size", Type::number()),
                        attribute("tags", Type::map(Type::string())),
                        attribute("vpcs", Type::set(Type::string())),
                        attribute("token", Type::string(), true)};
    schema::NestedBlock mount;
    mount.name = "mount";
    mount.nesting = schema::Nesting::kList;
    mount.block.attributes = {attribute("path", Type::string())};
    mount.block.cache_implied_types();
    built.blocks = {mount};
    built.cache_implied_types();
    return built;
  }();
  return b;
}

struct Obj {
  Value id = Value::string("urn:1");
  Value memory = Value::number(128);
  std::map<std::string, std::string> tags = {{"team", "a"}};
  std::vector<std::string> vpcs = {"v1"};
  Value token = Value::string("t");
  std::vector<std::string> mounts = {"/mnt/a"};

  Value value() const {
    Value::Entries t;
    for (const auto& [k, v] : tags) t.emplace(k, Value::string(v));
    Value::Elements s;
    for (const auto& v : vpcs) s.push_back(Value::string(v));
    const Type mount_type = block().blocks[0].block.implied_type();
    Value::Elements m;
    for (const auto& p : mounts)
      m.push_back(Value::object(mount_type, {{"path", Value::string(p)}}));
    return Value::object(block().implied_type(), {{"id", id},
                                                  {"memory_size", memory},
                                                  {"tags", Value::map(Type::string(), t)},
                                                  {"vpcs", Value::set(Type::string(), s)},
                                                  {"token", token},
                                                  {"mount", Value::list(mount_type, m)}});
  }
};

}  // namespace

TEST_CASE("a result equal to the plan, or filling its unknowns, is compatible") {
  Obj planned;
  CHECK(assert_object_compatible(block(), planned.value(), planned.value()).empty());
  Obj with_unknown;
  with_unknown.id = Value::unknown(Type::string());
  CHECK(assert_object_compatible(block(), with_unknown.value(), planned.value()).empty());
}

TEST_CASE("a changed known value is reported as Terraform reports it") {
  Obj planned, actual;
  actual.memory = Value::number(256);
  auto errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == ".memory_size: was cty.NumberIntVal(128), but now cty.NumberIntVal(256)");

  actual = planned;
  actual.tags = {{"team", "b"}, {"extra", "x"}};
  errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 2);
  CHECK(errs[0] == ".tags[\"team\"]: was cty.StringVal(\"a\"), but now cty.StringVal(\"b\")");
  CHECK(errs[1] == ".tags: new element \"extra\" has appeared");

  actual = planned;
  actual.id = Value::null(Type::string());
  errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == ".id: was cty.StringVal(\"urn:1\"), but now null");
}

TEST_CASE("sensitive values are never shown") {
  Obj planned, actual;
  actual.token = Value::string("other");
  auto errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == ".token: inconsistent values for sensitive attribute");
}

TEST_CASE("blocks and sets: counts and correlation") {
  Obj planned, actual;
  actual.mounts = {"/mnt/a", "/mnt/b"};
  auto errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == ".mount: block count changed from 1 to 2");

  actual = planned;
  actual.mounts = {"/mnt/z"};
  errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] ==
        ".mount[0].path: was cty.StringVal(\"/mnt/a\"), but now cty.StringVal(\"/mnt/z\")");

  actual = planned;
  actual.vpcs = {"v2"};
  errs = assert_object_compatible(block(), planned.value(), actual.value());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] ==
        ".vpcs: planned set element cty.StringVal(\"v1\") does not correlate with any "
        "element in actual");
}

TEST_CASE("a whole object that appears or vanishes") {
  Obj planned;
  const Value null_obj = Value::null(block().implied_type());
  auto errs = assert_object_compatible(block(), planned.value(), null_obj);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == "Root object was present, but now absent");
  CHECK(assert_object_compatible(block(), null_obj, null_obj).empty());
}

TEST_CASE("values in cty's Go syntax") {
  CHECK(cty_go_string(Value::string("a\"b\n")) == "cty.StringVal(\"a\\\"b\\n\")");
  CHECK(cty_go_string(Value::boolean(true)) == "cty.True");
  CHECK(cty_go_string(Value::number(*Number::parse("1.5"))) == "cty.NumberFloatVal(1.5)");
  CHECK(cty_go_string(Value::null(Type::list(Type::string()))) ==
        "cty.NullVal(cty.List(cty.String))");
  CHECK(cty_go_string(Value::list(Type::string(), {Value::string("x")})) ==
        "cty.ListVal([]cty.Value{cty.StringVal(\"x\")})");
  CHECK(cty_go_string(Value::map(Type::number(), {})) == "cty.MapValEmpty(cty.Number)");
  CHECK(cty_go_string(Value::unknown(Type::string())) == "cty.UnknownVal(cty.String)");
}
