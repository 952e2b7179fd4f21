#include <catch2/catch.hpp>

#include "state/state_file.h"
#include "test_util.h"

namespace fgform::state {
namespace {

using testing::data;

AbsResourceInstance addr(const char* text) {
  return parse_abs_resource_instance(text).value;
}

TEST_CASE("state files written by Terraform 1.11 rewrite byte for byte") {
  for (const char* name : {"tf111_full.tfstate", "tf111_tainted_moved.tfstate",
                           "tf111_destroyed.tfstate", "handmade_deposed.tfstate"}) {
    INFO(name);
    const std::string original = data(name);
    REQUIRE_FALSE(original.empty());
    auto parsed = parse_state(original, name);
    INFO(testing::text(parsed.diagnostics));
    REQUIRE(parsed.ok());
    CHECK(write_state(parsed.value) == original);
  }
}

TEST_CASE("a Terraform state reads into the model") {
  auto parsed = parse_state(data("tf111_full.tfstate"), "full");
  REQUIRE(parsed.ok());
  const State& s = parsed.value;
  CHECK(s.terraform_version == "1.11.4");
  CHECK(s.serial == 11);
  CHECK(s.lineage == "d7285266-5538-dc23-ccec-727a226dedaa");
  CHECK(s.outputs.size() == 4);
  CHECK(s.outputs.at("secret").sensitive);
  CHECK(s.outputs.at("secret").value == "hunter2 <&> \xe2\x80\xa8 tab\t");
  CHECK(s.outputs.at("num").type == "number");
  CHECK(s.instance_addresses().size() == 13);

  const InstanceObject* each = s.find(addr("terraform_data.each[\"y\\\"q\"]"));
  REQUIRE(each);
  CHECK(each->dependencies == std::vector<std::string>{"terraform_data.single"});
  CHECK(each->attributes.tree()["input"]["value"] == "y\"q");

  const InstanceObject* inner = s.find(addr("module.multi[\"k1\"].terraform_data.inner"));
  REQUIRE(inner);
  CHECK(inner->create_before_destroy);
  CHECK(s.find_resource({parse_module_instance("module.child").value,
                         {ResourceMode::kData, "terraform_remote_state", "rs"}})
            ->provider == "provider[\"terraform.io/builtin/terraform\"]");

  const InstanceObject* sens = s.find(addr("terraform_data.sens"));
  REQUIRE(sens);
  auto paths = sensitive_paths(*sens);
  REQUIRE(paths.size() == 2);
  CHECK(paths[0].to_string() == "input.l[0]");
  CHECK(paths[1].to_string() == "input.pw");
  REQUIRE(s.check_results.size() == 1);
  CHECK(s.check_results[0].objects[0].object_addr == "check.c1");

  auto tainted = parse_state(data("tf111_tainted_moved.tfstate"), "t");
  REQUIRE(tainted.ok());
  CHECK(tainted.value.find(addr("terraform_data.counted[1]"))->status == ObjectStatus::kTainted);
  CHECK(tainted.value.find(addr("terraform_data.each[\"moved\"]")));
  CHECK_FALSE(tainted.value.find(addr("terraform_data.each[\"x\"]")));
}

TEST_CASE("sensitive paths convert to and from value::Path") {
  InstanceObject o;
  const std::vector<value::Path> paths{value::Path::attribute("a").key("k").index(2),
                                       value::Path::attribute("secret")};
  set_sensitive_paths(o, paths);
  CHECK(o.sensitive_attributes[0][1] ==
        nlohmann::json{{"type", "index"}, {"value", {{"value", "k"}, {"type", "string"}}}});
  CHECK(sensitive_paths(o) == paths);
  // A set element key (an object) has no value::Path form: skipped, not misread.
  o.sensitive_attributes.push_back(nlohmann::json::parse(
      R"([{"type":"get_attr","value":"s"},)"
      R"({"type":"index","value":{"value":{"a":1},"type":["object",{"a":"number"}]}}])"));
  CHECK(sensitive_paths(o).size() == 2);

  // Written in Terraform's step field order (type, then value; the key value, then type).
  State s = State::create("1.11.4");
  s.set(addr("x.y"), o, "provider[\"registry.terraform.io/fgform/functiongraph\"]");
  const std::string text = write_state(s);
  CHECK_THAT(text, Catch::Contains("\"type\": \"index\",\n"));
  CHECK_THAT(text, Catch::Contains("\"value\": {\n                  \"value\": \"k\",\n"
                                   "                  \"type\": \"string\"\n"));
  auto back = parse_state(text, "x");
  REQUIRE(back.ok());
  CHECK(write_state(back.value) == text);
}

TEST_CASE("what fgform writes has Terraform's shape") {
  State s = State::create("1.11.4");
  s.serial = 3;
  InstanceObject o;
  o.attributes = nlohmann::json{{"name", "f<1>&"},
                                {"memory_size", 128},
                                {"ratio", 0.1},
                                {"big", 1e21},
                                {"any", {{"value", "x"}, {"type", "string"}}}};
  o.private_data = "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==";
  o.dependencies = {"functiongraph_agency.a"};
  o.schema_version = 1;
  s.set(addr("module.m[\"k\"].functiongraph_function.f[0]"), o,
        "module.m[\"k\"].provider[\"registry.terraform.io/fgform/functiongraph\"]");
  s.set(addr("functiongraph_function.a"), InstanceObject{},
        "provider[\"registry.terraform.io/fgform/functiongraph\"]");
  s.outputs["o"] = {"v", "string", true};
  const std::string text = write_state(s);
  CHECK(text.back() == '\n');
  CHECK(text.rfind("{\n  \"version\": 4,\n  \"terraform_version\": \"1.11.4\",\n  \"serial\": 3,\n",
                   0) == 0);
  CHECK_THAT(text, Catch::Contains("\"name\": \"f\\u003c1\\u003e\\u0026\""));
  CHECK_THAT(text, Catch::Contains("\"big\": 1000000000000000000000,"));
  CHECK_THAT(text, Catch::Contains("\"ratio\": 0.1"));
  CHECK_THAT(text, Catch::Contains("\"any\": {\n"));
  CHECK_THAT(text, Catch::Contains("\"value\": \"x\",\n"));
  CHECK_THAT(text, Catch::Contains("\"check_results\": null\n}\n"));
  CHECK_THAT(text, Catch::Contains("\"private\": \"eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==\""));
  // Root resources come before module ones (module "" sorts first).
  CHECK(text.find("\"name\": \"a\"") < text.find("\"module\": \"module.m[\\\"k\\\"]\""));
  auto back = parse_state(text, "x");
  REQUIRE(back.ok());
  CHECK(back.value.same_content(s));
  CHECK(back.value.lineage == s.lineage);
}

TEST_CASE("missing and empty state files are empty states") {
  testing::TempDir dir;
  auto missing = read_state_file(dir.file("nope.tfstate"));
  CHECK(missing.ok());
  CHECK(missing.value.lineage.empty());
  CHECK(missing.value.empty());
  testing::write_file(dir.file("empty.tfstate"), "");
  CHECK(read_state_file(dir.file("empty.tfstate")).ok());
  // Not a file at all: an error, not an empty state.
  auto directory = read_state_file(dir.path());
  REQUIRE_FALSE(directory.ok());
  CHECK_THAT(testing::text(directory.diagnostics), Catch::Contains("Cannot read"));
}

TEST_CASE("a state file read a chunk at a time reads as its whole text does") {
  // Several of the reader's 256 KiB chunks: the fixture and 3,000 more instances.
  State s = parse_state(data("tf111_full.tfstate"), "t").value;
  const AbsResourceInstance first = s.instance_addresses().front();
  const InstanceObject object = *s.find(first);
  const std::string provider = s.find_resource(first.containing())->provider;
  for (int i = 0; i < 3000; ++i) {
    s.set(addr(("functiongraph_function.many[" + std::to_string(i) + "]").c_str()), object,
          provider);
  }
  const std::string text = write_state(s);
  REQUIRE(text.size() > 4 * 256 * 1024);
  testing::TempDir dir;
  const std::string path = dir.file("big.tfstate");
  testing::write_file(path, text);
  auto streamed = read_state_file(path);
  REQUIRE(streamed.ok());
  CHECK(streamed.value.instance_addresses().size() == s.instance_addresses().size());
  CHECK(write_state(streamed.value) == text);

  // An error past the first chunks gets the diagnostic the text gets, line and column included.
  std::string broken = text;
  broken.insert(text.find('\n', text.size() / 2) + 1, "@");
  testing::write_file(path, broken);
  auto refused = read_state_file(path);
  REQUIRE_FALSE(refused.ok());
  CHECK(testing::text(refused.diagnostics) == testing::text(parse_state(broken, path).diagnostics));
  CHECK_THAT(testing::text(refused.diagnostics), Catch::Contains("is not valid JSON: line "));

  // Whitespace only and a truncated file, likewise.
  for (const std::string& bad : {std::string(" \n\t"), text.substr(0, text.size() / 2)}) {
    testing::write_file(path, bad);
    auto r = read_state_file(path);
    REQUIRE_FALSE(r.ok());
    CHECK(testing::text(r.diagnostics) == testing::text(parse_state(bad, path).diagnostics));
  }
}

// Terraform reads only a zero-byte file as "no state": whitespace is a JSON syntax error, and a
// state file that lost its content must not silently become an empty state.
TEST_CASE("a whitespace-only state file is refused as Terraform refuses it") {
  auto ws = parse_state(" \n\t", "ws.tfstate");
  REQUIRE_FALSE(ws.ok());
  REQUIRE(ws.diagnostics.size() == 2);
  const auto& first = *ws.diagnostics.begin();
  CHECK(first.summary == "Unsupported state file format");
  CHECK(first.detail ==
        "The state file could not be parsed as JSON: syntax error at byte offset 3.");
  REQUIRE(first.range.has_value());
  CHECK(first.range->filename == "ws.tfstate");
  CHECK(ws.diagnostics.items()[1].detail ==
        "The state file does not have a \"version\" attribute, which is required to identify the "
        "format version.");
}

TEST_CASE("corrupt state files name the file and the position") {
  const std::string full = data("tf111_full.tfstate");
  auto truncated = parse_state(full.substr(0, 700), "terraform.tfstate");
  REQUIRE_FALSE(truncated.ok());
  const auto& d = truncated.diagnostics.items()[0];
  CHECK(d.summary == "Failed to load state");
  CHECK_THAT(d.detail, Catch::Contains("\"terraform.tfstate\" is not valid JSON"));
  CHECK_THAT(d.detail, Catch::Contains("truncated"));
  REQUIRE(d.range);
  CHECK(d.range->filename == "terraform.tfstate");
  CHECK(d.range->start.line > 20);

  auto bad = parse_state("{\n  \"version\": 4,\n  \"serial\": 1,,\n}", "s.tfstate");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.diagnostics.items()[0].detail, Catch::Contains("line 3, column 15"));

  CHECK_FALSE(parse_state("[1,2]", "a").ok());
  CHECK_FALSE(parse_state("{\"serial\": 1}", "a").ok());
}

TEST_CASE("state format versions other than 4 are refused clearly") {
  auto newer = parse_state(R"({"version": 5, "serial": 1, "lineage": "x"})", "t.tfstate");
  REQUIRE_FALSE(newer.ok());
  CHECK_THAT(newer.diagnostics.items()[0].detail,
             Catch::Contains("state snapshot in \"t.tfstate\" was created by a newer version"));
  auto older = parse_state(R"({"version": 3, "serial": 1, "lineage": "x", "modules": []})", "t");
  REQUIRE_FALSE(older.ok());
  CHECK_THAT(older.diagnostics.items()[0].detail, Catch::Contains("Upgrade it with Terraform"));
}

// nlohmann refuses a number beyond a double with out_of_range, not parse_error: it escaped
// parse_state (found by the state fuzz target; reproducer in fuzz/seeds/state).
TEST_CASE("a number too large for a double is a diagnostic, not an exception") {
  auto r = parse_state(R"({"version":4,"serial":1,"lineage":"l","outputs":{"o":{"value":1e999,
    "type":"number"}},"resources":[]})",
                       "big.tfstate");
  REQUIRE_FALSE(r.ok());
  CHECK(r.diagnostics.begin()->summary == "Failed to load state");
  CHECK_THAT(testing::text(r.diagnostics), Catch::Contains("could not be read: number overflow"));
}

TEST_CASE("missing or mistyped fields are reported with their JSON path") {
  auto r = parse_state(R"({"version":4,"serial":1,"lineage":"l","resources":[
    {"mode":"managed","type":"a","name":"b","provider":"p","instances":[]},
    {"mode":"managed","type":"a","name":"c","instances":[]}]})",
                       "s");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(testing::text(r.diagnostics), Catch::Contains("resources[1].provider"));
  CHECK_THAT(testing::text(r.diagnostics), Catch::Contains("required"));

  auto t = parse_state(R"({"version":4,"serial":"1","lineage":"l"})", "s");
  REQUIRE_FALSE(t.ok());
  CHECK_THAT(testing::text(t.diagnostics), Catch::Contains("at serial: expected a non-negative"));

  auto k = parse_state(R"({"version":4,"serial":1,"lineage":"l","resources":[
    {"mode":"managed","type":"a","name":"b","provider":"p","instances":[{"index_key":true}]}]})",
                       "s");
  REQUIRE_FALSE(k.ok());
  CHECK_THAT(testing::text(k.diagnostics), Catch::Contains("resources[0].instances[0].index_key"));

  auto dup = parse_state(R"({"version":4,"serial":1,"lineage":"l","resources":[
    {"mode":"managed","type":"a","name":"b","provider":"p","instances":[{},{}]}]})",
                         "s");
  REQUIRE_FALSE(dup.ok());
  CHECK_THAT(testing::text(dup.diagnostics), Catch::Contains("appears more than once"));

  auto mode = parse_state(R"({"version":4,"serial":1,"lineage":"l","resources":[
    {"mode":"odd","type":"a","name":"b","provider":"p","instances":[]}]})",
                          "s");
  CHECK_THAT(testing::text(mode.diagnostics), Catch::Contains("resources[0].mode"));
}

TEST_CASE("state helpers: set, find, remove, move, list, compare") {
  State s = State::create("1.11.4");
  const std::string p = "provider[\"registry.terraform.io/fgform/functiongraph\"]";
  InstanceObject o;
  o.attributes = nlohmann::json{{"id", "1"}};
  s.set(addr("f.a[1]"), o, p);
  s.set(addr("f.a[0]"), o, p);
  s.set(addr("module.m.f.b"), o, p);
  CHECK(s.instance_addresses().size() == 3);
  CHECK(s.instance_addresses()[0].to_string() == "f.a[0]");

  State copy = s;
  CHECK(copy.same_content(s));
  copy.serial = 99;
  CHECK(copy.same_content(s));  // serial and lineage are not content
  copy.find_resource(addr("f.a").containing());
  InstanceObject changed = o;
  auto tree = changed.attributes.tree();
  tree["id"] = "2";
  changed.attributes = tree;
  copy.set(addr("f.a[0]"), changed, "");
  CHECK_FALSE(copy.same_content(s));

  CHECK(s.move(addr("f.a[1]"), addr("f.c")).empty());
  CHECK(s.find(addr("f.c")));
  CHECK_FALSE(s.find(addr("f.a[1]")));
  CHECK(s.find_resource(addr("f.c").containing())->provider == p);
  CHECK_THAT(testing::text(s.move(addr("f.a[0]"), addr("f.c"))), Catch::Contains("already"));
  CHECK_THAT(testing::text(s.move(addr("f.zz"), addr("f.q"))), Catch::Contains("no such"));
  CHECK_THAT(testing::text(s.move(addr("f.a[0]"), addr("g.a"))), Catch::Contains("same resource"));
  CHECK(s.move_resource(addr("module.m.f.b").containing(), addr("module.n[\"x\"].f.b").containing())
            .empty());
  CHECK(s.find(addr("module.n[\"x\"].f.b")));

  CHECK(s.remove(addr("f.a[0]")));
  CHECK_FALSE(s.remove(addr("f.a[0]")));
  CHECK_FALSE(s.find_resource(addr("f.a").containing()));  // pruned

  s.set_deposed(addr("f.c"), "00000001", o, p);
  CHECK(s.find_deposed(addr("f.c"), "00000001"));
  CHECK(s.remove(addr("f.c")));
  CHECK(s.find_resource(addr("f.c").containing()));  // the deposed object remains
  CHECK(s.remove_deposed(addr("f.c"), "00000001"));
  CHECK_FALSE(s.find_resource(addr("f.c").containing()));
}

TEST_CASE("lineages are random version 4 UUIDs") {
  const std::string a = new_uuid();
  const std::string b = new_uuid();
  CHECK(a != b);
  REQUIRE(a.size() == 36);
  CHECK(a[14] == '4');
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
  CHECK(new_deposed_key().size() == 8);
}

}  // namespace
}  // namespace fgform::state
