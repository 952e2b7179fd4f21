#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "drift/analyze.h"
#include "drift/render_report.h"
#include "fixtures.h"

using namespace drift_fixtures;
using namespace fgform::drift;
using fgform::plan::Action;

namespace {

// One resource changed (description with a `|`, and the secret), one deleted, one clean, one
// configuration change.
Report sample() {
  Thing applied;
  Thing live = applied;
  live.description = "a|b <c>";
  live.secret = "rotated";
  Thing configured = applied;
  configured.memory = 512;
  static auto st = state_with({"t_thing.a", "t_thing.b", "t_thing.c", "t_thing.d"});
  static fgform::plan::Plan plan;
  plan = {};
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  plan.drift.push_back(drift_of("t_thing.b", applied.value(), null_thing()));
  plan.changes.push_back(
      change_of("t_thing.d", Action::kUpdate, applied.value(), configured.value()));
  return analyze({st, plan, nullptr, nullptr});
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

RenderContext context() {
  RenderContext c;
  c.fgform_version = "9.9.9";
  return c;
}

}  // namespace

TEST_CASE("human: drift first, configuration changes apart, secrets masked") {
  const std::string text = render_human(sample(), context());
  CHECK(text.find("Drift detected: 2 of 4 resources changed outside fgform.") == 0);
  CHECK(text.find("  ~ t_thing.a: changed outside fgform\n") != std::string::npos);
  CHECK(text.find("      description: \"d\" (last applied) -> \"a|b <c>\" (live)\n") !=
        std::string::npos);
  CHECK(text.find("      secret: (sensitive value) (last applied) -> (sensitive value) (live)") !=
        std::string::npos);
  CHECK(text.find("  - t_thing.b: deleted outside fgform\n") != std::string::npos);
  CHECK(text.find("memory_size: 128 -> 512 (configuration)") != std::string::npos);
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("rotated") == std::string::npos);
}

TEST_CASE("human: no drift") {
  Report clean;
  clean.resources = {"t_thing.a", "t_thing.b"};
  CHECK(render_human(clean, context()) == "No drift. 2 resources match the last apply.\n");
}

TEST_CASE("json: the documented schema, no secret values") {
  auto j = nlohmann::json::parse(render_json(sample(), context()));
  CHECK(j["format_version"] == "1.0");
  CHECK(j["fgform_version"] == "9.9.9");
  CHECK(j["drift_detected"] == true);
  CHECK(j["summary"]["resources"] == 4);
  CHECK(j["summary"]["changed"] == 1);
  CHECK(j["summary"]["deleted"] == 1);
  CHECK(j["summary"]["config_changed"] == 1);
  REQUIRE(j["findings"].size() == 3);
  const auto& a = j["findings"][0];
  CHECK(a["address"] == "t_thing.a");
  CHECK(a["kind"] == "changed");
  CHECK(a["drift"] == true);
  CHECK(a["attributes"][0]["path"] == "description");
  CHECK(a["attributes"][0]["last_applied"] == "d");
  CHECK(a["attributes"][0]["live"] == "a|b <c>");
  CHECK(a["attributes"][1]["path"] == "secret");
  CHECK(a["attributes"][1]["sensitive"] == true);
  CHECK_FALSE(a["attributes"][1].contains("live"));
  CHECK(j["findings"][1]["kind"] == "deleted");
  CHECK(j["findings"][2]["kind"] == "config_changed");
  CHECK(j["findings"][2]["drift"] == false);
  CHECK(j["findings"][2]["attributes"][0]["config"] == 512);
  CHECK(j.dump().find("s3cret") == std::string::npos);
}

TEST_CASE("markdown: a table that a value cannot break") {
  const std::string md = render_markdown(sample(), context());
  CHECK(md.find("## :warning: Drift detected") == 0);
  CHECK(md.find("| Resource | Finding | Attribute | Last applied | Live |") != std::string::npos);
  CHECK(md.find("<code>&quot;a&#124;b &lt;c&gt;&quot;</code>") == std::string::npos);
  CHECK(md.find("<code>\"a&#124;b &lt;c&gt;\"</code>") != std::string::npos);
  // Every table row has exactly 6 unescaped pipes.
  std::size_t start = 0;
  while (start < md.size()) {
    auto end = md.find('\n', start);
    if (end == std::string::npos) end = md.size();
    const std::string line = md.substr(start, end - start);
    if (!line.empty() && line[0] == '|') CHECK(count(line, "|") == 6);
    start = end + 1;
  }
  CHECK(md.find("<details><summary>Not drift: 1 resource") != std::string::npos);
  CHECK(md.find("rotated") == std::string::npos);
}

TEST_CASE("junit: one test case per resource, drift fails") {
  const std::string xml = render_junit(sample(), context());
  CHECK(xml.find("<testsuites name=\"fgform drift\" tests=\"4\" failures=\"2\"") !=
        std::string::npos);
  CHECK(count(xml, "<testcase ") == 4);
  CHECK(count(xml, "<failure ") == 2);
  CHECK(xml.find("<failure type=\"changed\" message=\"changed outside fgform: description "
                 "secret\">") != std::string::npos);
  CHECK(xml.find("&quot;a|b &lt;c&gt;&quot;") != std::string::npos);
  CHECK(xml.find("<failure type=\"deleted\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"t_thing\" name=\"t_thing.c\"/>") != std::string::npos);
  CHECK(xml.find("<system-out>Not drift:") != std::string::npos);
  CHECK(xml.find("rotated") == std::string::npos);
}

TEST_CASE("long values are cut, control characters never reach a line") {
  const std::string long_text(500, 'x');
  const auto shown = inline_value(fgform::value::Value::string(long_text + "\n"), false);
  CHECK(shown.size() <= 123);
  CHECK(shown.substr(shown.size() - 3) == "...");
  CHECK(inline_value(fgform::value::Value::string("a\nb"), false) == "\"a\\nb\"");
}
