#include <catch2/catch.hpp>

#include "drift/analyze.h"
#include "fixtures.h"

using namespace drift_fixtures;
using fgform::drift::analyze;
using fgform::drift::FindingKind;
using fgform::drift::IgnoreRules;
using fgform::plan::Action;

namespace {

std::vector<std::string> paths(const fgform::drift::Finding& f) {
  std::vector<std::string> out;
  for (const auto& a : f.attributes) out.push_back(a.path);
  return out;
}

}  // namespace

TEST_CASE("a change made outside is reported per attribute; computed noise is not") {
  Thing applied;
  Thing live = applied;
  live.description = "edited in the console";
  live.tags["team"] = "b";
  live.last_modified = "2026-02-02";  // computed-only: never drift
  auto st = state_with({"t_thing.a"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  plan.changes.push_back(change_of("t_thing.a", Action::kUpdate, live.value(), applied.value()));

  auto report = analyze({st, plan, nullptr, nullptr});
  REQUIRE(report.drifted());
  REQUIRE(report.findings.size() == 1);
  const auto& f = report.findings[0];
  CHECK(f.kind == FindingKind::kChanged);
  CHECK(paths(f) == std::vector<std::string>{"description", "tags[\"team\"]"});
  CHECK(f.attributes[0].last_applied == Value::string("d"));
  CHECK(f.attributes[0].live == Value::string("edited in the console"));
  CHECK(report.resources == std::vector<std::string>{"t_thing.a"});
}

TEST_CASE("only computed-only attributes changed: no drift") {
  Thing applied;
  Thing live = applied;
  live.last_modified = "2026-03-03";
  auto st = state_with({"t_thing.a"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  auto report = analyze({st, plan, nullptr, nullptr});
  CHECK_FALSE(report.drifted());
  CHECK(report.findings.empty());
  CHECK(report.ignored == 1);
}

TEST_CASE("a computed attribute that reports drift (the code digest) is a finding") {
  Thing applied;
  Thing live = applied;
  live.digest = "def";
  auto st = state_with({"t_thing.a"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  auto report = analyze({st, plan, nullptr, nullptr});
  REQUIRE(report.findings.size() == 1);
  CHECK(paths(report.findings[0]) == std::vector<std::string>{"digest"});
}

TEST_CASE("a deletion outside is its own kind; the plan's create is not repeated") {
  Thing applied;
  auto st = state_with({"t_thing.a"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), null_thing()));
  plan.changes.push_back(change_of("t_thing.a", Action::kCreate, null_thing(), applied.value()));
  auto report = analyze({st, plan, nullptr, nullptr});
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].kind == FindingKind::kDeleted);
  CHECK(report.count(FindingKind::kDeleted) == 1);
}

TEST_CASE("sensitive attributes are findings without values") {
  Thing applied;
  Thing live = applied;
  live.secret = "rotated";
  auto st = state_with({"t_thing.a"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  auto report = analyze({st, plan, nullptr, nullptr});
  REQUIRE(report.findings.size() == 1);
  REQUIRE(report.findings[0].attributes.size() == 1);
  CHECK(report.findings[0].attributes[0].path == "secret");
  CHECK(report.findings[0].attributes[0].sensitive);
}

TEST_CASE("a configuration change is not drift, and a drifted attribute is not repeated") {
  Thing applied;
  Thing live = applied;
  live.description = "console";
  Thing configured = applied;
  configured.memory = 256;
  auto st = state_with({"t_thing.a", "t_thing.gone"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  plan.changes.push_back(change_of("t_thing.a", Action::kUpdate, live.value(), configured.value()));
  plan.changes.push_back(change_of("t_thing.new", Action::kCreate, null_thing(), applied.value()));
  plan.changes.push_back(change_of("t_thing.gone", Action::kDelete, applied.value(), null_thing()));
  auto report = analyze({st, plan, nullptr, nullptr});
  CHECK(report.resources == std::vector<std::string>{"t_thing.a", "t_thing.gone", "t_thing.new"});
  REQUIRE(report.findings.size() == 4);
  CHECK(report.count(FindingKind::kChanged) == 1);
  CHECK(report.count(FindingKind::kConfigChanged) == 3);
  for (const auto& f : report.findings) {
    if (f.address == "t_thing.a" && f.kind == FindingKind::kConfigChanged) {
      CHECK(paths(f) == std::vector<std::string>{"memory_size"});
      CHECK(f.attributes[0].config == Value::number(256));
    }
    if (f.address == "t_thing.new") CHECK(f.note == "in the configuration, not created yet");
    if (f.address == "t_thing.gone") CHECK(f.note == "removed from the configuration");
  }
}

TEST_CASE("only configuration changes: no drift") {
  Thing applied;
  Thing configured = applied;
  configured.description = "new words";
  auto st = state_with({"t_thing.a"});
  fgform::plan::Plan plan;
  plan.changes.push_back(
      change_of("t_thing.a", Action::kUpdate, applied.value(), configured.value()));
  auto report = analyze({st, plan, nullptr, nullptr});
  CHECK_FALSE(report.drifted());
  CHECK(report.count(FindingKind::kConfigChanged) == 1);
}

TEST_CASE("ignore rules and lifecycle.ignore_changes remove findings") {
  Thing applied;
  Thing live = applied;
  live.description = "console";
  live.tags["team"] = "z";
  auto st = state_with({"t_thing.a", "t_thing.b"});
  fgform::plan::Plan plan;
  plan.drift.push_back(drift_of("t_thing.a", applied.value(), live.value()));
  plan.drift.push_back(drift_of("t_thing.b", applied.value(), null_thing()));

  IgnoreRules rules;
  REQUIRE_FALSE(rules.add("t_thing.a.tags", "-ignore").has_errors());
  REQUIRE_FALSE(rules.add("t_thing.b", "-ignore").has_errors());
  fgform::config::Config config;
  fgform::config::Resource r;
  r.type = "t_thing";
  r.name = "a";
  fgform::hcl::Traversal t;
  fgform::hcl::TraversalStep step;
  step.name = "description";
  t.steps.push_back(step);
  r.lifecycle.ignore_changes.push_back(t);
  config.module.resources.emplace("t_thing.a", std::move(r));

  auto report = analyze({st, plan, &config, &rules});
  CHECK_FALSE(report.drifted());
  CHECK(report.findings.empty());
  CHECK(report.ignored == 3);

  // Without them, the same plan drifts.
  CHECK(analyze({st, plan, nullptr, nullptr}).findings.size() == 2);
}
