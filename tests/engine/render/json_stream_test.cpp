// The -json UI stream, line for line against real `terraform plan -json` / `apply -json` /
// diagnostic output (testdata/tf_stream_*.jsonl): every line Terraform wrote is rebuilt from
// its inputs and must come out byte-identical, "terraform.ui" said as "fgform.ui".
#include <sstream>

#include <catch2/catch.hpp>

#include "fixtures.h"
#include "render/json_stream.h"
#include "value/codec.h"

namespace fgform::render::test {
namespace {

using Json = nlohmann::json;
using plan::Action;

ResourceAddress address_from(const Json& r) {
  ResourceAddress a;
  a.addr = r["addr"];
  a.module = r["module"];
  a.type = r["resource_type"];
  a.name = r["resource_name"];
  if (r["resource_key"].is_number()) a.key = Value::number(r["resource_key"].get<std::int64_t>());
  if (r["resource_key"].is_string()) a.key = Value::string(r["resource_key"].get<std::string>());
  return a;
}

Action action_from_word(const std::string& w) {
  if (w == "create") return Action::kCreate;
  if (w == "update") return Action::kUpdate;
  if (w == "delete") return Action::kDelete;
  if (w == "replace") return Action::kDeleteThenCreate;
  if (w == "read") return Action::kRead;
  return Action::kNoOp;
}

plan::ActionReason reason_from_word(const std::string& w) {
  using R = plan::ActionReason;
  if (w == "cannot_update") return R::kReplaceBecauseCannotUpdate;
  if (w == "tainted") return R::kReplaceBecauseTainted;
  if (w == "requested") return R::kReplaceByRequest;
  if (w == "replace_triggered_by") return R::kReplaceByTriggers;
  if (w == "delete_because_count_index") return R::kDeleteBecauseCountIndex;
  if (w == "delete_because_each_key") return R::kDeleteBecauseEachKey;
  return R::kNone;
}

// Rebuilds one line of Terraform's stream with our JsonStream.
std::string rebuild(const Json& line, const std::map<std::string, std::string>& sources) {
  const std::string ts = line["@timestamp"];
  const JsonStream stream("1.11.4", [ts] { return ts; });
  const std::string type = line["type"];
  if (type == "version") return stream.version();
  if (type == "refresh_start" || type == "refresh_complete") {
    const Json& h = line["hook"];
    const auto r = address_from(h["resource"]);
    return type == "refresh_start"
               ? stream.refresh_start(r, h.value("id_key", ""), h.value("id_value", ""))
               : stream.refresh_complete(r, h.value("id_key", ""), h.value("id_value", ""));
  }
  if (type == "apply_start" || type == "apply_complete") {
    const Json& h = line["hook"];
    const auto r = address_from(h["resource"]);
    const Action a = action_from_word(h["action"]);
    if (type == "apply_start")
      return stream.apply_start(r, a, h.value("id_key", ""), h.value("id_value", ""));
    return stream.apply_complete(r, a, h.value("id_key", ""), h.value("id_value", ""),
                                 h["elapsed_seconds"].get<double>());
  }
  if (type == "planned_change") {
    const Json& ch = line["change"];
    const auto r = address_from(ch["resource"]);
    plan::ResourceInstanceChange c;
    c.address = r.addr;
    c.module_address = r.module;
    c.type = r.type;
    c.name = r.name;
    c.index_key = r.key;
    c.action = action_from_word(ch["action"]);
    c.reason = reason_from_word(ch.value("reason", ""));
    if (ch.contains("previous_resource")) c.previous_address = ch["previous_resource"]["addr"];
    return stream.planned_change(c);
  }
  if (type == "change_summary") {
    const Json& c = line["changes"];
    ChangeSummary s{c["add"], c["change"], c["import"], c["remove"], Operation::kPlan};
    if (c["operation"] == "apply") s.operation = Operation::kApply;
    if (c["operation"] == "destroy") s.operation = Operation::kDestroy;
    return stream.change_summary(s);
  }
  if (type == "outputs") {
    const Json& outs = line["outputs"];
    bool from_plan = false;
    for (auto it = outs.begin(); it != outs.end(); ++it) from_plan |= it.value().contains("action");
    if (from_plan) {
      std::vector<plan::OutputChange> changes;
      for (auto it = outs.begin(); it != outs.end(); ++it) {
        plan::OutputChange o;
        o.name = it.key();
        o.sensitive = it.value()["sensitive"];
        const std::string a = it.value()["action"];
        o.action = a == "noop" ? Action::kNoOp : action_from_word(a);
        changes.push_back(o);
      }
      return stream.outputs(changes);
    }
    std::vector<OutputValue> values;
    for (auto it = outs.begin(); it != outs.end(); ++it) {
      OutputValue o;
      o.name = it.key();
      o.sensitive = it.value()["sensitive"];
      const auto t = value::Type::from_json(it.value()["type"]);
      REQUIRE(t);
      o.value = it.value().contains("value") ? value::from_json(it.value()["value"], *t).value
                                             : Value::string("a secret the stream must not show");
      values.push_back(o);
    }
    return stream.outputs(values);
  }
  if (type == "diagnostic") {
    const Json& d = line["diagnostic"];
    value::Diagnostic diag = d["severity"] == "error"
                                 ? value::Diagnostic::error(d["summary"], d["detail"])
                                 : value::Diagnostic::warning(d["summary"], d["detail"]);
    if (d.contains("range")) {
      const Json& r = d["range"];
      value::SourceRange range;
      range.filename = r["filename"].get<std::string>();
      range.start = {r["start"]["line"], r["start"]["column"], r["start"]["byte"]};
      range.end = {r["end"]["line"], r["end"]["column"], r["end"]["byte"]};
      diag = std::move(diag).at(range);
    }
    return stream.diagnostic(diag, sources);
  }
  FAIL("unexpected line type " << type);
  return "";
}

void check_stream_file(const std::string& name,
                       const std::map<std::string, std::string>& sources = {}) {
  std::istringstream in(read_testdata(name));
  std::string real;
  int lines = 0;
  while (std::getline(in, real)) {
    if (real.empty()) continue;
    ++lines;
    const Json parsed = Json::parse(real);
    std::string expected = replace_all(real, "\"terraform.ui\"", "\"fgform.ui\"");
    expected = replace_all(expected, "\"@message\":\"Terraform 1.11.4\"",
                           "\"@message\":\"fgform 1.11.4\"");
    const std::string ours = rebuild(parsed, sources);
    INFO(real);
    CHECK(ours == expected);
    CHECK(Json::parse(ours)["type"] == parsed["type"]);
  }
  CHECK(lines > 0);
}

}  // namespace

TEST_CASE("stream: plan -json lines match terraform") {
  check_stream_file("tf_stream_plan.jsonl");
}

TEST_CASE("stream: apply -json lines match terraform, sensitive output values left out") {
  check_stream_file("tf_stream_apply.jsonl");
  CHECK(read_testdata("tf_stream_apply.jsonl").find("hunter") == std::string::npos);
}

TEST_CASE("stream: diagnostic with range and snippet matches terraform") {
  check_stream_file("tf_stream_diag.jsonl", {{"main.tf", read_testdata("tf_stream_diag.tf")}});
}

TEST_CASE("stream: moved and deleted resources, drift, progress, errors and logs") {
  const JsonStream stream("0.1.0", [] { return std::string("2026-01-02T03:04:05.000006Z"); });
  plan::ResourceInstanceChange moved;
  moved.address = "terraform_data.s2";
  moved.type = "terraform_data";
  moved.name = "s2";
  moved.action = Action::kUpdate;
  moved.previous_address = "terraform_data.s";
  // Captured from terraform 1.11.4 `plan -json` for the same move.
  CHECK(stream.planned_change(moved) ==
        "{\"@level\":\"info\",\"@message\":\"terraform_data.s2: Plan to update\",\"@module\":"
        "\"fgform.ui\",\"@timestamp\":\"2026-01-02T03:04:05.000006Z\",\"change\":{\"resource\":{"
        "\"addr\":\"terraform_data.s2\",\"module\":\"\",\"resource\":\"terraform_data.s2\","
        "\"implied_provider\":\"terraform\",\"resource_type\":\"terraform_data\","
        "\"resource_name\":\"s2\",\"resource_key\":null},\"previous_resource\":{\"addr\":"
        "\"terraform_data.s\",\"module\":\"\",\"resource\":\"terraform_data.s\","
        "\"implied_provider\":\"terraform\",\"resource_type\":\"terraform_data\","
        "\"resource_name\":\"s\",\"resource_key\":null},\"action\":\"update\"},\"type\":"
        "\"planned_change\"}");

  plan::ResourceInstanceChange gone;
  gone.address = "module.m[\"a\"].functiongraph_function.f[0]";
  gone.module_address = "module.m[\"a\"]";
  gone.type = "functiongraph_function";
  gone.name = "f";
  gone.index_key = Value::number(0);
  gone.action = Action::kDelete;
  gone.reason = plan::ActionReason::kDeleteBecauseCountIndex;
  const Json g = Json::parse(stream.planned_change(gone));
  CHECK(g["@message"] == "module.m[\"a\"].functiongraph_function.f[0]: Plan to delete");
  CHECK(g["change"]["resource"]["module"] == "module.m[\"a\"]");
  CHECK(g["change"]["resource"]["resource"] == "functiongraph_function.f[0]");
  CHECK(g["change"]["resource"]["implied_provider"] == "functiongraph");
  CHECK(g["change"]["resource"]["resource_key"] == 0);
  CHECK(g["change"]["reason"] == "delete_because_count_index");

  plan::ResourceInstanceChange imported;
  imported.address = "functiongraph_vpc.imp";
  imported.type = "functiongraph_vpc";
  imported.name = "imp";
  imported.action = Action::kNoOp;
  imported.import_id = "vpc-1";
  const Json im = Json::parse(stream.planned_change(imported));
  CHECK(im["change"]["action"] == "import");
  CHECK(im["change"]["importing"]["id"] == "vpc-1");

  plan::ResourceDrift drift;
  drift.address = "functiongraph_function.f";
  drift.type = "functiongraph_function";
  drift.name = "f";
  drift.before = obj({{"id", str("x")}});
  drift.after = Value::null(drift.before.type());
  const Json d = Json::parse(stream.resource_drift(drift));
  CHECK(d["type"] == "resource_drift");
  CHECK(d["@message"] == "functiongraph_function.f: Drift detected (delete)");
  CHECK(d["change"]["action"] == "delete");

  const ResourceAddress r = ResourceAddress::of(gone);
  const Json p = Json::parse(stream.apply_progress(r, Action::kCreate, 10));
  CHECK(p["type"] == "apply_progress");
  CHECK(p["@message"] ==
        "module.m[\"a\"].functiongraph_function.f[0]: Still creating... [10s elapsed]");
  CHECK(p["hook"]["elapsed_seconds"] == 10);
  CHECK(p["hook"]["action"] == "create");
  const Json e = Json::parse(stream.apply_errored(r, Action::kUpdate, 65));
  CHECK(e["type"] == "apply_errored");
  CHECK(e["@message"] ==
        "module.m[\"a\"].functiongraph_function.f[0]: Modifications errored after 1m5s");
  const Json l = Json::parse(stream.log(LogLevel::kWarn, "careful"));
  CHECK(l["type"] == "log");
  CHECK(l["@level"] == "warn");
  CHECK(l["@message"] == "careful");
  const Json s = Json::parse(stream.change_summary({0, 0, 0, 3, Operation::kDestroy}));
  CHECK(s["@message"] == "Destroy complete! Resources: 3 destroyed.");
  CHECK(s["changes"]["operation"] == "destroy");
  const Json w = Json::parse(stream.diagnostic(value::Diagnostic::warning("Deprecated", "Use x.")));
  CHECK(w["@level"] == "warn");
  CHECK(w["@message"] == "Warning: Deprecated");
  CHECK(w["diagnostic"]["severity"] == "warning");
  CHECK_FALSE(w["diagnostic"].contains("range"));
}

TEST_CASE("stream: the default timestamp has Terraform's shape") {
  const JsonStream stream;
  const Json v = Json::parse(stream.version());
  const std::string ts = v["@timestamp"];
  REQUIRE(ts.size() == 27);
  CHECK(ts[10] == 'T');
  CHECK(ts[19] == '.');
  CHECK(ts.back() == 'Z');
  CHECK(v["@message"] == "fgform 0.1.0");
  CHECK(v["terraform"] == "0.1.0");
  CHECK(v["ui"] == "1.2");
}

}  // namespace fgform::render::test

namespace fgform::render::test {

TEST_CASE("stream: a whole plan as lines, each one JSON object without values") {
  plan::Plan p;
  auto c =
      tfdata_change("f", plan::Action::kUpdate,
                    tfdata(str("i"), str("hunter2").marked_sensitive(), str("x"), null_dynamic()),
                    tfdata(str("i"), str("hunter3").marked_sensitive(),
                           Value::unknown(Type::string()), null_dynamic()));
  p.changes.push_back(c);
  auto noop = tfdata_change("n", plan::Action::kNoOp, c.before, c.before);
  p.changes.push_back(noop);
  plan::ResourceDrift d;
  d.address = "terraform_data.f";
  d.type = "terraform_data";
  d.name = "f";
  d.before = c.before;
  d.after = tfdata(str("i"), str("hunter2").marked_sensitive(), str("y"), null_dynamic());
  p.drift.push_back(d);
  plan::OutputChange o;
  o.name = "o";
  o.action = plan::Action::kCreate;
  o.after = str("hunter4");
  p.outputs.push_back(o);
  const JsonStream stream;
  const auto lines = plan_stream_lines(p, stream);
  REQUIRE(lines.size() == 4);
  const char* types[] = {"resource_drift", "planned_change", "change_summary", "outputs"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(lines[i].find('\n') == std::string::npos);
    CHECK(lines[i].find("hunter") == std::string::npos);
    CHECK(nlohmann::json::parse(lines[i])["type"] == types[i]);
  }
  CHECK(nlohmann::json::parse(lines[2])["changes"]["change"] == 1);
}

}  // namespace fgform::render::test

#include "render/diagnostics.h"

namespace fgform::render::test {

TEST_CASE("diagnostics for people match terraform, plain and boxed in colour") {
  value::SourceRange range;
  range.filename = "main.tf";
  range.start = {2, 11, 42};
  range.end = {2, 22, 53};
  const auto d = value::Diagnostic::error(
                     "Reference to undeclared input variable",
                     "An input variable with the name \"missing\" has not been declared. This "
                     "variable can be declared with a variable \"missing\" {} block.")
                     .at(range);
  const std::map<std::string, std::string> sources = {
      {"main.tf", read_testdata("tf_stream_diag.tf")}};
  CHECK(format_diagnostic(d, sources, false) == read_testdata("tf_diag_plain.txt"));
  CHECK(format_diagnostic(d, sources, true) == read_testdata("tf_diag_color.txt"));
  const auto w = value::Diagnostic::warning("Careful", "Something.");
  CHECK(format_diagnostic(w, {}, false) == "\nWarning: Careful\n\nSomething.\n");
  // A range in a file we do not have: no snippet, but the location.
  CHECK(format_diagnostic(value::Diagnostic::error("Bad").at(range), {}, false) ==
        "\nError: Bad\n\n  on main.tf line 2:\n  (source code not available)\n\n");
}

TEST_CASE("diagnostics of a function call carry terraform's while-calling note") {
  // Source, diagnostic and expected text from `terraform validate -no-color` (1.11.4).
  const std::string src = "locals {\n  x = tonumber(\"abc\")\n}\n";
  value::SourceRange range;
  range.filename = "main.tf";
  range.start = {2, 16, 24};
  range.end = {2, 21, 29};
  auto d = value::Diagnostic::error(
               "Invalid function argument",
               "Invalid value for \"v\" parameter: cannot convert \"abc\" to number; given "
               "string must be a decimal representation of a number.")
               .at(range);
  d.function_call = "tonumber(v)";
  CHECK(format_diagnostic(d, {{"main.tf", src}}, false) ==
        "\nError: Invalid function argument\n\n"
        "  on main.tf line 2, in locals:\n"
        "   2:   x = tonumber(\"abc\")\n"
        "    \u251c\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
        "\u2500\u2500\u2500\n"
        "    \u2502 while calling tonumber(v)\n\n"
        "Invalid value for \"v\" parameter: cannot convert \"abc\" to number; given string\n"
        "must be a decimal representation of a number.\n");
}

}  // namespace fgform::render::test
