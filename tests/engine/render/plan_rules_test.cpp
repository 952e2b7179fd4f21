// Rendering rules without a Terraform transcript at hand (nested block kinds, sets, JSON
// strings, heredocs, plan-level messages), each expectation worked out from Terraform's
// renderer rules and written here by hand.
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "render/human_plan.h"

namespace fgform::render::test {
namespace {

using plan::Action;

schema::Attribute attr(const std::string& name, Type type, bool computed = false,
                       bool sensitive = false) {
  schema::Attribute a;
  a.name = name;
  a.type = std::move(type);
  a.optional = !computed;
  a.computed = computed;
  a.sensitive = sensitive;
  return a;
}

schema::NestedBlock nested(const std::string& name, schema::Nesting nesting,
                           std::vector<schema::Attribute> attrs) {
  schema::NestedBlock b;
  b.name = name;
  b.nesting = nesting;
  b.block.attributes = std::move(attrs);
  return b;
}

// A resource with every nesting mode.
const schema::Schema& thing_schema() {
  static const schema::Schema s = [] {
    schema::Schema sc;
    sc.type_name = "x_thing";
    sc.block.attributes = {attr("id", Type::string(), true), attr("name", Type::string()),
                           attr("tags", Type::map(Type::string())),
                           attr("ports", Type::set(Type::number())),
                           attr("secret", Type::string(), false, true)};
    sc.block.blocks = {
        nested("image", schema::Nesting::kSingle,
               {attr("url", Type::string()), attr("command", Type::string())}),
        nested("rule", schema::Nesting::kSet,
               {attr("port", Type::number()), attr("proto", Type::string())}),
        nested("route", schema::Nesting::kMap, {attr("target", Type::string())}),
        nested("mount", schema::Nesting::kList, {attr("path", Type::string())}),
    };
    sc.block.cache_implied_types();
    return sc;
  }();
  return s;
}

const schema::Schema& str_schema() {
  static const schema::Schema s = [] {
    schema::Schema sc;
    sc.type_name = "x_str";
    sc.block.attributes = {attr("count", Type::number()), attr("enabled", Type::boolean()),
                           attr("note", Type::string()), attr("policy", Type::string()),
                           attr("script", Type::string())};
    return sc;
  }();
  return s;
}

Value object_of(const schema::Block& b, Value::Entries e) {
  return Value::object(b.implied_type(), std::move(e));
}

Value block_of(const schema::NestedBlock& nb, Value::Entries e) {
  return object_of(nb.block, std::move(e));
}

struct Thing {
  std::string tags_b = "2";
  std::vector<std::int64_t> ports = {80, 443};
  std::string secret = "TOPSECRET-1";
  std::string url = "u1";
  std::vector<std::pair<std::int64_t, std::string>> rules = {{80, "tcp"}};
  std::vector<std::pair<std::string, std::string>> routes = {{"r1", "t1"}};
  std::vector<std::string> mounts = {"/a"};
  bool mounts_unknown = false;
  Value id = str("i-1");
};

Value thing(const Thing& t) {
  const auto& b = thing_schema().block;
  Value::Elements ports;
  for (auto p : t.ports) ports.push_back(num(p));
  Value::Elements rules;
  for (auto& [port, proto] : t.rules)
    rules.push_back(block_of(*b.block("rule"), {{"port", num(port)}, {"proto", str(proto)}}));
  Value::Entries routes;
  for (auto& [k, target] : t.routes)
    routes[k] = block_of(*b.block("route"), {{"target", str(target)}});
  Value::Elements mounts;
  for (auto& m : t.mounts) mounts.push_back(block_of(*b.block("mount"), {{"path", str(m)}}));
  const Type& mount_type = b.implied_type().attributes().at("mount");
  return object_of(
      b,
      {{"id", t.id},
       {"name", str("n")},
       {"tags", Value::map(Type::string(), {{"a", str("1")}, {"b", str(t.tags_b)}})},
       {"ports", Value::set(Type::number(), ports)},
       {"secret", str(t.secret)},
       {"image", block_of(*b.block("image"), {{"url", str(t.url)}, {"command", str("c")}})},
       {"rule", Value::set(b.block("rule")->block.implied_type(), rules)},
       {"route", Value::map(b.block("route")->block.implied_type(), routes)},
       {"mount", t.mounts_unknown ? Value::unknown(mount_type)
                                  : Value::list(b.block("mount")->block.implied_type(), mounts)}});
}

plan::ResourceInstanceChange change(const schema::Schema& s, const std::string& name, Action action,
                                    Value before, Value after) {
  plan::ResourceInstanceChange c;
  c.address = s.type_name + "." + name;
  c.type = s.type_name;
  c.name = name;
  c.provider_address = "provider[\"registry.terraform.io/fgform/functiongraph\"]";
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  c.schema = &s;
  return c;
}

std::string render_one(plan::ResourceInstanceChange c, bool color = false) {
  plan::Plan p;
  p.changes.push_back(std::move(c));
  RenderOptions o;
  o.color = color;
  return render_plan(p, o);
}

// The part of a plan between "# address" and the resource's closing brace.
std::string resource_block(const std::string& plan_text, const std::string& address) {
  const auto start = plan_text.find("  # " + address);
  const auto end = plan_text.find("\n    }\n", start);
  if (start == std::string::npos || end == std::string::npos) return plan_text;
  return plan_text.substr(start, end + 7 - start);
}

}  // namespace

TEST_CASE("rules: sets, maps and every block nesting mode in an update") {
  Thing before, after;
  after.ports = {443, 8080};
  after.url = "u2";
  after.rules = {{80, "tcp"}, {22, "tcp"}};
  after.routes = {{"r1", "t1"}, {"r2", "t2"}};
  const std::string out =
      render_one(change(thing_schema(), "t", Action::kUpdate, thing(before), thing(after)));
  CHECK(resource_block(out, "x_thing.t") ==
        "  # x_thing.t will be updated in-place\n"
        "  ~ resource \"x_thing\" \"t\" {\n"
        "        id     = \"i-1\"\n"
        "        name   = \"n\"\n"
        "      ~ ports  = [\n"
        "          - 80,\n"
        "          + 8080,\n"
        "            # (1 unchanged element hidden)\n"
        "        ]\n"
        "        tags   = {\n"
        "            \"a\" = \"1\"\n"
        "            \"b\" = \"2\"\n"
        "        }\n"
        "        # (1 unchanged attribute hidden)\n"
        "\n"
        "      ~ image {\n"
        "          ~ url     = \"u1\" -> \"u2\"\n"
        "            # (1 unchanged attribute hidden)\n"
        "        }\n"
        "\n"
        "      + route \"r2\" {\n"
        "          + target = \"t2\"\n"
        "        }\n"
        "\n"
        "      + rule {\n"
        "          + port  = 22\n"
        "          + proto = \"tcp\"\n"
        "        }\n"
        "\n"
        "        # (3 unchanged blocks hidden)\n"
        "    }\n");
  CHECK(out.find("Plan: 0 to add, 1 to change, 0 to destroy.") != std::string::npos);
}

TEST_CASE("rules: replacement forced by a block, sensitive change, unknown block list") {
  Thing before, after;
  after.tags_b = "3";
  after.secret = "TOPSECRET-2";
  after.url = "u2";
  after.mounts_unknown = true;
  after.id = unknown_string();
  auto c = change(thing_schema(), "t", Action::kDeleteThenCreate, thing(before), thing(after));
  c.replace_paths.push_back(value::Path::attribute("image"));
  c.reason = plan::ActionReason::kReplaceBecauseCannotUpdate;
  const std::string out = render_one(c);
  CHECK(resource_block(out, "x_thing.t") ==
        "  # x_thing.t must be replaced\n"
        "-/+ resource \"x_thing\" \"t\" {\n"
        "      ~ id     = \"i-1\" -> (known after apply)\n"
        "        name   = \"n\"\n"
        "      ~ secret = (sensitive value)\n"
        // tags is one of the attributes Terraform always shows in full.
        "      ~ tags   = {\n"
        "            \"a\" = \"1\"\n"
        "          ~ \"b\" = \"2\" -> \"3\"\n"
        "        }\n"
        "        # (1 unchanged attribute hidden)\n"
        "\n"
        "      ~ image { # forces replacement\n"
        "          ~ url     = \"u1\" -> \"u2\"\n"
        "            # (1 unchanged attribute hidden)\n"
        "        }\n"
        "\n"
        "      ~ mount (known after apply)\n"
        "      - mount {\n"
        "          - path = \"/a\" -> null\n"
        "        }\n"
        "\n"
        "        # (2 unchanged blocks hidden)\n"
        "    }\n");
  CHECK(out.find("TOPSECRET") == std::string::npos);
  CHECK(out.find("-/+ destroy and then create replacement") != std::string::npos);
  CHECK(out.find("Plan: 1 to add, 0 to change, 1 to destroy.") != std::string::npos);
}

TEST_CASE("rules: JSON strings, whitespace-only JSON changes, heredocs, null transitions") {
  const auto& b = str_schema().block;
  const Value before = object_of(b, {{"count", num(1)},
                                     {"note", str("hello")},
                                     {"policy", str("{\"a\":1}")},
                                     {"script", str("x\ny\n")}});
  const Value after = object_of(b, {{"count", num(2)},
                                    {"enabled", Value::boolean(true)},
                                    {"note", str("{\"k\":true}")},
                                    {"policy", str("{ \"a\": 1 }")}});
  const std::string out = render_one(change(str_schema(), "s", Action::kUpdate, before, after));
  CHECK(resource_block(out, "x_str.s") ==
        "  # x_str.s will be updated in-place\n"
        "  ~ resource \"x_str\" \"s\" {\n"
        "      ~ count   = 1 -> 2\n"
        "      + enabled = true\n"
        "      ~ note    = \"hello\" -> jsonencode(\n"
        "            {\n"
        "              + k = true\n"
        "            }\n"
        "        )\n"
        "      ~ policy  = jsonencode( # whitespace changes\n"
        "            {\n"
        "                a = 1\n"
        "            }\n"
        "        )\n"
        "      - script  = <<-EOT\n"
        "            x\n"
        "            y\n"
        "        EOT -> null\n"
        "    }\n");
}

TEST_CASE("rules: legacy schemas treat empty strings as null") {
  const auto& b = str_schema().block;
  const Value before = object_of(b, {{"note", str("")}, {"count", num(1)}});
  const Value after = object_of(b, {{"note", Value::null(Type::string())}, {"count", num(2)}});
  const std::string out = render_one(change(str_schema(), "s", Action::kUpdate, before, after));
  CHECK(out.find("note") == std::string::npos);
  CHECK(out.find("# (1 unchanged attribute hidden)") != std::string::npos);
}

TEST_CASE("rules: colour follows Terraform's markup only when asked") {
  const auto& b = str_schema().block;
  const Value before = object_of(b, {{"count", num(1)}});
  const Value after = object_of(b, {{"count", num(2)}});
  const auto c = change(str_schema(), "s", Action::kUpdate, before, after);
  const std::string plain = render_one(c, false);
  const std::string color = render_one(c, true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(color.find("\x1b[33m~\x1b[0m\x1b[0m count = 1 \x1b[33m->\x1b[0m\x1b[0m 2") !=
        std::string::npos);
  CHECK(color.find("\x1b[1m  # x_str.s\x1b[0m will be updated in-place\n\x1b[0m") !=
        std::string::npos);
  CHECK(color.find("\x1b[1mPlan:\x1b[0m 0 to add, 1 to change, 0 to destroy.\n\x1b[0m") !=
        std::string::npos);
}

TEST_CASE("rules: drift before changes in a normal plan") {
  const auto& b = str_schema().block;
  plan::Plan p;
  plan::ResourceDrift d;
  d.address = "x_str.s";
  d.type = "x_str";
  d.name = "s";
  d.schema = &str_schema();
  d.before = object_of(b, {{"note", str("a")}});
  d.after = object_of(b, {{"note", str("b")}});
  p.drift.push_back(d);
  plan::ResourceDrift gone = d;
  gone.address = "x_str.g";
  gone.name = "g";
  gone.after = Value::null(d.before.type());
  p.drift.push_back(gone);
  p.changes.push_back(
      change(str_schema(), "s", Action::kUpdate, d.after, object_of(b, {{"note", str("c")}})));
  const std::string out = render_plan(p, RenderOptions{});
  const std::string rule(77 * 3, '\0');
  CHECK(out.rfind(
            "\nNote: Objects have changed outside of fgform\n\nfgform detected the following "
            "changes made outside of fgform since the last\n\"fgform apply\" which may "
            "have affected this plan:\n\n  # x_str.s has changed\n  ~ resource \"x_str\" \"s\" {\n"
            "      ~ note = \"a\" -> \"b\"\n    }\n",
            0) == 0);
  CHECK(out.find("  # x_str.g has been deleted\n  - resource \"x_str\" \"g\" {\n"
                 "      - note = \"a\" -> null\n    }\n") != std::string::npos);
  CHECK(out.find("\n\n\nUnless you have made equivalent changes to your configuration, or "
                 "ignored the\nrelevant attributes using ignore_changes, the following plan may "
                 "include\nactions to undo or respond to these changes.\n\n") != std::string::npos);
  CHECK(out.find("\n\xe2\x94\x80\xe2\x94\x80") != std::string::npos);  // the rule
  CHECK(out.find("  # x_str.s will be updated in-place") != std::string::npos);

  // Drift alone in a normal plan is not shown (the plan has nothing to do)...
  plan::Plan only_drift;
  only_drift.drift = p.drift;
  const std::string quiet = render_plan(only_drift, RenderOptions{});
  CHECK(quiet.find("Objects have changed") == std::string::npos);
  CHECK(quiet.find("No changes. Your infrastructure matches the configuration.") !=
        std::string::npos);
  // ...but it is the whole point of a refresh-only plan.
  only_drift.mode = plan::PlanMode::kRefreshOnly;
  const std::string refresh = render_plan(only_drift, RenderOptions{});
  CHECK(refresh.find("This is a refresh-only plan, so fgform will not take any actions") !=
        std::string::npos);
  CHECK(refresh.find("No changes.") == std::string::npos);
}

TEST_CASE("rules: errored plans, output-only plans, data reads, moves, forget, reasons") {
  const auto& b = str_schema().block;
  const Value v1 = object_of(b, {{"note", str("a")}});

  plan::Plan errored;
  errored.errored = true;
  CHECK(render_plan(errored, RenderOptions{}) ==
        "\nPlanning failed. fgform encountered an error while generating this plan.\n\n");
  errored.changes.push_back(change(str_schema(), "s", Action::kCreate, Value::null(v1.type()), v1));
  CHECK(render_plan(errored, RenderOptions{})
            .find("\nfgform planned the following actions, but then encountered a problem:\n") !=
        std::string::npos);

  plan::Plan outputs_only;
  plan::OutputChange o;
  o.name = "url";
  o.action = Action::kCreate;
  o.before = Value::null(Type::string());
  o.after = str("https://x");
  outputs_only.outputs.push_back(o);
  CHECK(render_plan(outputs_only, RenderOptions{}) ==
        "\nChanges to Outputs:\n  + url = \"https://x\"\n\nYou can apply this plan to save these "
        "new output values to the fgform state,\nwithout changing any real infrastructure.\n");

  plan::Plan reads;
  auto read = change(str_schema(), "d", Action::kRead, Value::null(v1.type()),
                     object_of(b, {{"note", unknown_string()}}));
  read.address = "data.x_str.d";
  read.mode = plan::Mode::kData;
  read.reason = plan::ActionReason::kReadBecauseConfigUnknown;
  reads.changes.push_back(read);
  const std::string r = render_plan(reads, RenderOptions{});
  CHECK(r.find(" <= read (data resources)\n") != std::string::npos);
  CHECK(r.find("  # data.x_str.d will be read during apply\n  # (config refers to values not yet "
               "known)\n <= data \"x_str\" \"d\" {\n      + note = (known after apply)\n    }\n") !=
        std::string::npos);

  plan::Plan moved;
  auto m = change(str_schema(), "new", Action::kNoOp, v1, v1);
  m.previous_address = "x_str.old";
  moved.changes.push_back(m);
  const std::string mv = render_plan(moved, RenderOptions{});
  CHECK(mv.find("  # x_str.old has moved to x_str.new\n    resource \"x_str\" \"new\" {\n"
                "        # (1 unchanged attribute hidden)\n    }\n") != std::string::npos);
  CHECK(mv.find("Plan: 0 to add, 0 to change, 0 to destroy.") != std::string::npos);
  CHECK(mv.find("Resource actions are indicated") == std::string::npos);

  plan::Plan forget;
  forget.changes.push_back(change(str_schema(), "f", Action::kForget, v1, Value::null(v1.type())));
  CHECK(
      render_plan(forget, RenderOptions{})
          .find(
              " # x_str.f will no longer be managed by fgform, but will not be destroyed\n"
              " # (destroy = false is set in the configuration)\n . resource \"x_str\" \"f\" {") !=
      std::string::npos);

  const auto deleted = [&](plan::ActionReason reason, Value key, const std::string& module) {
    plan::Plan p;
    auto c = change(str_schema(), "d", Action::kDelete, v1, Value::null(v1.type()));
    c.reason = reason;
    c.index_key = std::move(key);
    c.module_address = module;
    p.changes.push_back(c);
    return render_plan(p, RenderOptions{});
  };
  using R = plan::ActionReason;
  CHECK(deleted(R::kDeleteBecauseNoResourceConfig, {}, "")
            .find("  # (because x_str.d is not in configuration)\n") != std::string::npos);
  CHECK(deleted(R::kDeleteBecauseNoModule, {}, "module.gone")
            .find("  # (because module.gone is not in configuration)\n") != std::string::npos);
  CHECK(deleted(R::kDeleteBecauseWrongRepetition, {}, "")
            .find("  # (because resource uses count or for_each)\n") != std::string::npos);
  CHECK(deleted(R::kDeleteBecauseWrongRepetition, num(0), "")
            .find("  # (because resource does not use count)\n") != std::string::npos);
  CHECK(deleted(R::kDeleteBecauseWrongRepetition, str("k"), "")
            .find("  # (because resource does not use for_each)\n") != std::string::npos);
  CHECK(deleted(R::kDeleteBecauseEachKey, str("k"), "")
            .find("  # (because key [\"k\"] is not in for_each map)\n") != std::string::npos);
}

TEST_CASE("rules: import without changes and import with replacement") {
  const auto& b = str_schema().block;
  const Value v1 = object_of(b, {{"note", str("a")}, {"count", num(1)}});
  plan::Plan p;
  auto c = change(str_schema(), "i", Action::kNoOp, v1, v1);
  c.import_id = "abc";
  p.changes.push_back(c);
  const std::string out = render_plan(p, RenderOptions{});
  // Imports show every attribute, unchanged ones included.
  CHECK(out.find("  # x_str.i will be imported\n    resource \"x_str\" \"i\" {\n"
                 "        count = 1\n        note  = \"a\"\n    }\n") != std::string::npos);
  CHECK(out.find("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.") != std::string::npos);

  plan::Plan r;
  auto rc = change(str_schema(), "i", Action::kDeleteThenCreate, v1,
                   object_of(b, {{"note", str("b")}, {"count", num(1)}}));
  rc.import_id = "abc";
  r.changes.push_back(rc);
  CHECK(
      render_plan(r, RenderOptions{})
          .find("  # x_str.i must be replaced\n  # (imported from \"abc\")\n  # Warning: this will "
                "destroy the imported resource\n") != std::string::npos);
}

}  // namespace fgform::render::test
