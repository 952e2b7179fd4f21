// The engine against a mock provider, in the manner of Terraform's context tests: plan and apply
// of a configuration, checking the actions planned and the calls the provider received. The
// mock keeps objects in memory and plans with the real planning rules (resources::plan_change),
// so force-new attributes, computed values and the objchange checks behave as with the platform.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "config/config.h"
#include "core/engine.h"
#include "resources/operations.h"
#include "state/backend.h"

using namespace fgform;
using plan::Action;
using value::Diagnostic;
using value::Diagnostics;
using value::Value;

namespace {

constexpr const char* kFunction =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:f";

// The platform the mock providers share: objects by ID and the calls in the order they came.
struct MockPlatform {
  std::mutex mu;
  std::map<std::string, Value> objects;
  std::vector<std::string> calls;  // "create a", "update a", "delete a"
  std::set<std::string> fail_create;
  std::set<std::string> throw_on;  // calls ("create a", "read a") that throw, as a provider bug
  std::function<Value(const Value&)> tamper;  // a provider bug: alters what create returns
  bool natural_ids = false;
  int next_id = 1;
  std::vector<std::size_t> read_many_sizes;  // one entry per read_many call
  std::atomic<int> upgrades = 0;             // prior objects decoded from the state
  bool batch_reads = true;                   // what reads_in_batches answers
  // Operations in flight (applies and reads), the most seen at once, and how long each lasts.
  std::atomic<int> in_flight = 0;
  std::atomic<int> max_in_flight = 0;
  std::chrono::milliseconds call_time{0};

  std::size_t position(const std::string& call) {
    std::lock_guard lock(mu);
    return static_cast<std::size_t>(std::find(calls.begin(), calls.end(), call) - calls.begin());
  }
  bool called(const std::string& call) { return position(call) < calls.size(); }

  // Called with `mu` held. What nlohmann throws when a platform answer has another type.
  void maybe_throw(const std::string& call) {
    if (throw_on.count(call)) (void)nlohmann::json(5).get<std::string>();
  }
};

// Counts an operation as in flight for its length (MockPlatform::call_time), outside the
// platform's lock so that operations can overlap as they do against the real platform.
class InFlight {
 public:
  explicit InFlight(MockPlatform& p) : p_(p) {
    const int now = ++p_.in_flight;
    for (int seen = p_.max_in_flight;
         now > seen && !p_.max_in_flight.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(p_.call_time);
  }
  ~InFlight() { --p_.in_flight; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  MockPlatform& p_;
};

Value with(const Value& object, const std::string& name, const Value& v) {
  Value::Entries e = object.entries();
  e[name] = v;
  return Value::object(object.type(), std::move(e));
}

std::string name_of(const Value& v) {
  return v.attribute("name").as_string();
}

class MockProvider : public core::Provider {
 public:
  explicit MockProvider(MockPlatform& platform) : p_(platform) {}

  Diagnostics validate_provider(const Value&) override { return {}; }
  Diagnostics validate_resource(const std::string&, const Value&) override { return {}; }
  Diagnostics validate_data_source(const std::string&, const Value&) override { return {}; }
  core::Outcome upgrade_state(const std::string& type, std::int64_t version,
                              std::string_view attributes_json) override {
    ++p_.upgrades;
    return resources::upgrade_state(resource(type), version, attributes_json);
  }
  Diagnostics configure(const Value&) override { return {}; }

  resources::Plan plan(const std::string& type, const Value& prior, const Value& proposed,
                       const Value& config) override {
    return resources::plan_change(resource(type), prior, proposed, config);
  }

  core::Outcome apply(const std::string&, const Value& prior, const Value& planned) override {
    InFlight busy(p_);
    std::lock_guard lock(p_.mu);
    if (planned.is_null()) {
      p_.maybe_throw("delete " + name_of(prior));
      p_.calls.push_back("delete " + name_of(prior));
      p_.objects.erase(prior.attribute("id").as_string());
      return {planned, {}};
    }
    Value v = resources::without_unknowns(planned);
    if (prior.is_null()) {
      p_.maybe_throw("create " + name_of(planned));
      p_.calls.push_back("create " + name_of(planned));
      if (p_.fail_create.count(name_of(planned))) {
        core::Outcome out{planned.is_null() ? planned : Value::null(planned.type()), {}};
        out.diagnostics.add(Diagnostic::error("Error creating " + name_of(planned), "refused"));
        return out;
      }
      const std::string id =
          p_.natural_ids ? "nat-" + name_of(planned) : "id-" + std::to_string(p_.next_id++);
      v = with(v, "id", Value::string(id));
      if (p_.tamper) v = p_.tamper(v);
    } else {
      p_.calls.push_back("update " + name_of(planned));
      v = with(v, "id", prior.attribute("id"));
    }
    p_.objects[v.attribute("id").as_string()] = v;
    return {v, {}};
  }

  core::Outcome read(const std::string&, const Value& current) override {
    InFlight busy(p_);
    std::lock_guard lock(p_.mu);
    p_.maybe_throw("read " + (current.attribute("name").is_null() ? "" : name_of(current)));
    auto it = p_.objects.find(current.attribute("id").as_string());
    if (it == p_.objects.end()) return {Value::null(current.type()), {}};
    return {it->second, {}};
  }

  std::vector<core::Outcome> read_many(const std::string& type,
                                       const std::vector<Value>& current) override {
    {
      std::lock_guard lock(p_.mu);
      p_.read_many_sizes.push_back(current.size());
    }
    return Provider::read_many(type, current);
  }

  bool reads_in_batches(const std::string&) override { return p_.batch_reads; }

  core::Outcome import(const std::string& type, const std::string& id) override {
    return {resources::conform(resource(type).schema().block,
                               Value::object({{"id", Value::string(id)}})),
            {}};
  }

  std::optional<std::string> natural_id(const std::string&, const Value& planned) override {
    if (!p_.natural_ids) return std::nullopt;
    return "nat-" + name_of(planned);
  }

  core::Outcome read_data_source(const std::string&, const Value& config) override {
    core::Outcome out{config, {}};
    out.diagnostics.add(Diagnostic::error("no data sources in the mock"));
    return out;
  }

 private:
  static resources::Resource& resource(const std::string& type) {
    return *resources::Catalog::builtin().resource(type);
  }
  MockPlatform& p_;
};

// A backend in memory: what was persisted, and the final state.
class MemoryBackend : public state::Backend {
 public:
  Diagnostics lock(const std::string&, std::chrono::milliseconds, const std::string&) override {
    return {};
  }
  Diagnostics unlock() override { return {}; }
  bool locked() const override { return false; }
  value::Decoded<state::State> load() override { return {written, {}}; }
  Diagnostics write(state::State& s) override {
    written = s;
    return {};
  }
  Diagnostics persist_instance(const state::AbsResourceInstance& addr,
                               const state::InstanceObject* object, const std::string&,
                               const std::string&) override {
    std::lock_guard lock(mu);
    persisted.push_back((object ? "set " : "remove ") + addr.to_string());
    return {};
  }
  Diagnostics persist_output(const std::string&, const state::OutputValue*) override { return {}; }
  Diagnostics persist_pending_create(const state::AbsResourceInstance& addr,
                                     const state::PendingCreate* pending) override {
    std::lock_guard lock(mu);
    persisted.push_back((pending ? "pending " : "done ") + addr.to_string());
    return {};
  }
  Diagnostics persist_created(const state::AbsResourceInstance& addr, const state::InstanceObject&,
                              const std::string&) override {
    std::lock_guard lock(mu);
    persisted.push_back("created " + addr.to_string());
    return {};
  }
  value::Decoded<std::vector<std::string>> workspaces() override { return {{"default"}, {}}; }
  Diagnostics create_workspace(const std::string&) override { return {}; }
  Diagnostics delete_workspace(const std::string&) override { return {}; }
  const std::string& workspace() const override { return name_; }
  std::string describe() const override { return "memory"; }

  std::mutex mu;
  std::vector<std::string> persisted;
  state::State written;

 private:
  std::string name_ = "default";
};

// A configuration in a directory of its own, the engine over it, and the mock platform.
class Context {
 public:
  explicit Context(const std::string& main_tf) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fgform-ctx-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    configure(main_tf);
  }
  ~Context() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void configure(const std::string& main_tf) {
    std::ofstream(dir_ + "/main.tf") << main_tf;
    auto loaded = config::load_config(dir_);
    INFO((loaded.diagnostics.empty() ? "" : loaded.diagnostics.items()[0].to_string()));
    REQUIRE(loaded.ok());
    config_ = std::move(loaded.value);
  }

  core::Options options() {
    core::Options o;
    o.root_dir = dir_;
    o.provider_factory = [this]() -> std::shared_ptr<core::Provider> {
      return std::make_shared<MockProvider>(platform);
    };
    return o;
  }

  core::PlanResult plan(const state::State& prior, core::Options o) {
    core::Engine engine(*config_, std::move(o));
    return engine.plan(prior);
  }
  core::PlanResult plan(const state::State& prior) { return plan(prior, options()); }

  core::ApplyResult apply(const core::PlanResult& planned, core::Options o) {
    core::Engine engine(*config_, std::move(o));
    return engine.apply(planned, backend);
  }
  core::ApplyResult apply(const core::PlanResult& planned) { return apply(planned, options()); }

  // Plan and apply; both must succeed.
  state::State converge(const state::State& prior) {
    auto planned = plan(prior);
    INFO(first_error(planned.diagnostics));
    REQUIRE_FALSE(planned.diagnostics.has_errors());
    auto applied = apply(planned);
    INFO(first_error(applied.diagnostics));
    REQUIRE_FALSE(applied.diagnostics.has_errors());
    return applied.state;
  }

  static std::string first_error(const Diagnostics& d) {
    for (const auto& x : d)
      if (x.severity == value::Severity::kError) return x.to_string();
    return "";
  }

  MockPlatform platform;
  MemoryBackend backend;

 private:
  std::string dir_;
  std::unique_ptr<config::Config> config_;
};

const plan::ResourceInstanceChange& change(const core::PlanResult& p, const std::string& addr) {
  for (const auto& c : p.plan.changes)
    if (c.address == addr) return c;
  FAIL("no change planned for " << addr);
  throw std::logic_error("unreachable");
}

bool has_change(const core::PlanResult& p, const std::string& addr) {
  return std::any_of(p.plan.changes.begin(), p.plan.changes.end(),
                     [&](const auto& c) { return c.address == addr; });
}

std::string alias(const std::string& label, const std::string& name,
                  const std::string& extra = "") {
  return "resource \"functiongraph_alias\" \"" + label + "\" {\n  function_urn = \"" + kFunction +
         "\"\n  name = \"" + name + "\"\n  version = \"latest\"\n" + extra + "}\n";
}

// A warning with this summary whose detail mentions `about`.
bool has_warning(const Diagnostics& diagnostics, const std::string& summary,
                 const std::string& about) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
    return d.severity == value::Severity::kWarning && d.summary == summary &&
           d.detail.find(about) != std::string::npos;
  });
}

state::AbsResourceInstance addr(const std::string& text) {
  return state::parse_abs_resource_instance(text).value;
}

}  // namespace

TEST_CASE("context: create, then no changes") {
  Context ctx(alias("a", "a") + alias("b", "b"));
  auto planned = ctx.plan(state::State{});
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  CHECK(change(planned, "functiongraph_alias.a").action == Action::kCreate);
  CHECK(change(planned, "functiongraph_alias.b").action == Action::kCreate);
  CHECK(change(planned, "functiongraph_alias.a").after.attribute("id").is_known() == false);
  auto applied = ctx.apply(planned);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK(applied.done.add == 2);
  CHECK(ctx.platform.objects.size() == 2);
  REQUIRE(applied.state.find(addr("functiongraph_alias.a")));
  CHECK(applied.state.find(addr("functiongraph_alias.a"))
            ->attributes.tree()["id"]
            .get<std::string>()
            .rfind("id-", 0) == 0);
  // Each instance was persisted as it finished, and the final state written.
  CHECK(ctx.backend.persisted.size() == 2);
  CHECK(ctx.backend.written.find(addr("functiongraph_alias.b")));

  auto again = ctx.plan(applied.state);
  REQUIRE_FALSE(again.diagnostics.has_errors());
  CHECK(change(again, "functiongraph_alias.a").action == Action::kNoOp);
  CHECK(change(again, "functiongraph_alias.b").action == Action::kNoOp);
  CHECK(again.plan.empty());
}

TEST_CASE("context: an updatable attribute updates in place") {
  Context ctx(alias("a", "a"));
  auto st = ctx.converge(state::State{});
  ctx.configure(alias("a", "a", "  description = \"now described\"\n"));
  auto planned = ctx.plan(st);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  CHECK(change(planned, "functiongraph_alias.a").action == Action::kUpdate);
  auto applied = ctx.apply(planned);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK(applied.done.change == 1);
  CHECK(ctx.platform.called("update a"));
  CHECK(ctx.platform.objects.size() == 1);
  CHECK(applied.state.find(addr("functiongraph_alias.a"))->attributes.tree()["description"] ==
        "now described");
}

TEST_CASE("context: a force-new change replaces, delete first or create first") {
  Context ctx(alias("a", "a"));
  auto st = ctx.converge(state::State{});
  ctx.configure(alias("a", "a2"));
  auto planned = ctx.plan(st);
  CHECK(change(planned, "functiongraph_alias.a").action == Action::kDeleteThenCreate);
  CHECK(change(planned, "functiongraph_alias.a").reason ==
        plan::ActionReason::kReplaceBecauseCannotUpdate);
  REQUIRE(change(planned, "functiongraph_alias.a").replace_paths.size() == 1);
  CHECK(change(planned, "functiongraph_alias.a").replace_paths[0].to_string() == "name");
  st = ctx.apply(planned).state;
  CHECK(ctx.platform.position("delete a") < ctx.platform.position("create a2"));

  ctx.configure(alias("a", "a3", "  lifecycle {\n    create_before_destroy = true\n  }\n"));
  planned = ctx.plan(st);
  CHECK(change(planned, "functiongraph_alias.a").action == Action::kCreateThenDelete);
  auto applied = ctx.apply(planned);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK(ctx.platform.position("create a3") < ctx.platform.position("delete a2"));
  CHECK(ctx.platform.objects.size() == 1);
}

TEST_CASE("context: a tainted object is replaced, whatever the configuration says") {
  Context ctx(alias("a", "a"));
  auto st = ctx.converge(state::State{});
  state::InstanceObject tainted = *st.find(addr("functiongraph_alias.a"));
  tainted.status = state::ObjectStatus::kTainted;
  st.set(addr("functiongraph_alias.a"), tainted, core::kProviderAddress);
  auto planned = ctx.plan(st);
  CHECK(change(planned, "functiongraph_alias.a").action == Action::kDeleteThenCreate);
  CHECK(change(planned, "functiongraph_alias.a").reason ==
        plan::ActionReason::kReplaceBecauseTainted);
  auto applied = ctx.apply(planned);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK(applied.state.find(addr("functiongraph_alias.a"))->status == state::ObjectStatus::kReady);
  CHECK(ctx.platform.objects.size() == 1);
}

TEST_CASE("context: dependencies order creates and destroys") {
  Context ctx(alias("a", "a") + alias("b", "b", "  description = functiongraph_alias.a.id\n") +
              alias("c", "c", "  description = functiongraph_alias.b.id\n"));
  auto planned = ctx.plan(state::State{});
  // b's description is known only after a exists.
  CHECK_FALSE(change(planned, "functiongraph_alias.b").after.attribute("description").is_known());
  auto st = ctx.apply(planned).state;
  CHECK(ctx.platform.position("create a") < ctx.platform.position("create b"));
  CHECK(ctx.platform.position("create b") < ctx.platform.position("create c"));
  CHECK(st.find(addr("functiongraph_alias.b"))->attributes.tree()["description"] ==
        st.find(addr("functiongraph_alias.a"))->attributes.tree()["id"]);
  CHECK(st.find(addr("functiongraph_alias.b"))->dependencies ==
        std::vector<std::string>{"functiongraph_alias.a"});

  auto o = ctx.options();
  o.mode = plan::PlanMode::kDestroy;
  auto destroy = ctx.plan(st, o);
  REQUIRE_FALSE(destroy.diagnostics.has_errors());
  auto gone = ctx.apply(destroy, ctx.options());
  REQUIRE_FALSE(gone.diagnostics.has_errors());
  CHECK(gone.done.destroy == 3);
  CHECK(ctx.platform.position("delete c") < ctx.platform.position("delete b"));
  CHECK(ctx.platform.position("delete b") < ctx.platform.position("delete a"));
  CHECK(ctx.platform.objects.empty());
}

TEST_CASE("context: a failed create stops what depends on it, not the rest") {
  Context ctx(alias("a", "a") + alias("b", "b", "  description = functiongraph_alias.a.id\n") +
              alias("c", "c"));
  ctx.platform.fail_create.insert("a");
  auto planned = ctx.plan(state::State{});
  auto applied = ctx.apply(planned);
  CHECK(applied.diagnostics.has_errors());
  CHECK_THAT(Context::first_error(applied.diagnostics), Catch::Contains("Error creating a"));
  CHECK(ctx.platform.called("create c"));
  CHECK_FALSE(ctx.platform.called("create b"));
  CHECK(applied.state.find(addr("functiongraph_alias.c")));
  CHECK_FALSE(applied.state.find(addr("functiongraph_alias.a")));
  CHECK(ctx.backend.written.find(addr("functiongraph_alias.c")));

  // The next run creates what is missing.
  ctx.platform.fail_create.clear();
  auto st = ctx.converge(applied.state);
  CHECK(ctx.platform.objects.size() == 3);
  CHECK(st.find(addr("functiongraph_alias.b")));
}

// An exception escaping the provider used to end the process (the walk runs on threads).
TEST_CASE("context: an exception from the provider is an error naming the instance") {
  auto error_about = [](const Diagnostics& d, const std::string& address) {
    return std::any_of(d.begin(), d.end(), [&](const Diagnostic& x) {
      return x.severity == value::Severity::kError &&
             x.summary.find("Unexpected error") != std::string::npos &&
             x.summary.find(address) != std::string::npos;
    });
  };
  Context ctx(alias("a", "a") + alias("b", "b") + alias("c", "c"));
  ctx.platform.throw_on = {"create b"};
  auto applied = ctx.apply(ctx.plan(state::State{}));
  CHECK(error_about(applied.diagnostics, "functiongraph_alias.b"));
  CHECK(ctx.platform.called("create a"));
  CHECK(ctx.platform.called("create c"));
  CHECK(applied.state.find(addr("functiongraph_alias.a")));
  CHECK_FALSE(applied.state.find(addr("functiongraph_alias.b")));

  // A refresh that throws is reported for the instance; its state stays.
  ctx.platform.throw_on = {"read a"};
  auto replanned = ctx.plan(applied.state);
  CHECK(error_about(replanned.diagnostics, "functiongraph_alias.a"));

  // So is a delete of an instance no longer configured.
  ctx.platform.throw_on = {"delete c"};
  ctx.configure(alias("a", "a") + alias("b", "b"));
  auto orphaned = ctx.plan(applied.state);
  REQUIRE_FALSE(orphaned.diagnostics.has_errors());
  auto deleted = ctx.apply(orphaned);
  CHECK(error_about(deleted.diagnostics, "functiongraph_alias.c"));
  CHECK(deleted.state.find(addr("functiongraph_alias.c")));  // still there
  CHECK(ctx.platform.called("create b"));

  // And so is the lookup of a create an interrupted run left for an address no longer
  // configured (it reads an imported object, which has no name yet); the record stays.
  state::State st = deleted.state;
  st.pending_creates["functiongraph_alias.gone"] =
      state::PendingCreate{core::kProviderAddress, "id-1", "2026-12-05T21:00:00Z"};
  ctx.platform.throw_on = {"read "};
  auto looked = ctx.plan(st);
  CHECK(error_about(looked.diagnostics, "functiongraph_alias.gone"));
  CHECK(looked.prior_state.pending_creates.count("functiongraph_alias.gone") == 1);
}

TEST_CASE("context: -target plans the target and what it depends on only") {
  Context ctx(alias("a", "a") + alias("b", "b", "  description = functiongraph_alias.a.id\n") +
              alias("c", "c"));
  auto o = ctx.options();
  o.targets = {"functiongraph_alias.b"};
  auto planned = ctx.plan(state::State{}, o);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  CHECK(has_change(planned, "functiongraph_alias.a"));
  CHECK(has_change(planned, "functiongraph_alias.b"));
  CHECK_FALSE(has_change(planned, "functiongraph_alias.c"));
  auto o2 = ctx.options();
  o2.targets = {"functiongraph_alias.b"};
  auto applied = ctx.apply(planned, o2);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK(ctx.platform.objects.size() == 2);
  CHECK_FALSE(ctx.platform.called("create c"));
}

TEST_CASE("context: a provider result that breaks the plan is Terraform's inconsistent result") {
  Context ctx(alias("a", "a"));
  // The provider bug: the version it reports is not the one planned (and known).
  ctx.platform.tamper = [](const Value& v) { return with(v, "version", Value::string("v9")); };
  auto applied = ctx.apply(ctx.plan(state::State{}));
  REQUIRE(applied.diagnostics.has_errors());
  const std::string e = Context::first_error(applied.diagnostics);
  CHECK_THAT(e, Catch::Contains("Provider produced inconsistent result after apply"));
  CHECK_THAT(e, Catch::Contains(".version: was cty.StringVal(\"latest\"), but now "
                                "cty.StringVal(\"v9\")"));
  // What was created is still recorded.
  CHECK(applied.state.find(addr("functiongraph_alias.a")));
}

TEST_CASE("context: a pending create left by a killed run is adopted, not created twice") {
  Context ctx(alias("a", "a") + alias("b", "b"));
  ctx.platform.natural_ids = true;
  // The killed run: "a" was created on the platform, its record never replaced by the object;
  // "b" was recorded but its create never reached the platform.
  auto made = ctx.converge(state::State{});
  state::State st;
  st.lineage = made.lineage;
  ctx.platform.objects.erase("nat-b");
  ctx.platform.calls.clear();
  st.pending_creates["functiongraph_alias.a"] =
      state::PendingCreate{core::kProviderAddress, "nat-a", "2026-12-05T21:00:00Z"};
  st.pending_creates["functiongraph_alias.b"] =
      state::PendingCreate{core::kProviderAddress, "nat-b", "2026-12-05T21:00:00Z"};

  auto planned = ctx.plan(st);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  const auto& a = change(planned, "functiongraph_alias.a");
  CHECK(a.action == Action::kNoOp);
  CHECK(a.import_id == std::optional<std::string>("nat-a"));
  CHECK(change(planned, "functiongraph_alias.b").action == Action::kCreate);
  CHECK(has_warning(planned.diagnostics, "Adopted an object created by an interrupted run",
                    "functiongraph_alias.a"));
  CHECK(planned.prior_state.pending_creates.empty());

  auto applied = ctx.apply(planned);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK_FALSE(ctx.platform.called("create a"));
  CHECK(ctx.platform.called("create b"));
  CHECK(ctx.platform.objects.size() == 2);
  CHECK(applied.state.find(addr("functiongraph_alias.a")));
  CHECK(applied.state.pending_creates.empty());
  // The create of b was journalled before the call; its object, persisted after, ends the
  // record in the same step (no separate "done").
  auto pos = [&](const std::string& s) {
    return std::find(ctx.backend.persisted.begin(), ctx.backend.persisted.end(), s) -
           ctx.backend.persisted.begin();
  };
  const auto end = static_cast<std::ptrdiff_t>(ctx.backend.persisted.size());
  CHECK(pos("pending functiongraph_alias.b") < pos("created functiongraph_alias.b"));
  CHECK(pos("created functiongraph_alias.b") < end);
  CHECK(pos("set functiongraph_alias.b") == end);
  CHECK(pos("done functiongraph_alias.b") == end);
}

TEST_CASE("context: a pending create of an address no longer configured warns while it exists") {
  Context ctx(alias("a", "a"));
  ctx.platform.natural_ids = true;
  auto st = ctx.converge(state::State{});
  ctx.platform.objects["nat-gone"] = ctx.platform.objects.at("nat-a");
  st.pending_creates["functiongraph_alias.gone"] =
      state::PendingCreate{core::kProviderAddress, "nat-gone", "2026-12-05T21:00:00Z"};
  st.pending_creates["functiongraph_alias.never"] =
      state::PendingCreate{core::kProviderAddress, "nat-never", "2026-12-05T21:00:00Z"};
  auto planned = ctx.plan(st);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  // The one whose object exists stays, with a warning; the other is dropped.
  CHECK(planned.prior_state.pending_creates.count("functiongraph_alias.gone") == 1);
  CHECK(planned.prior_state.pending_creates.count("functiongraph_alias.never") == 0);
  CHECK(has_warning(planned.diagnostics, "An interrupted run may have left an object behind",
                    "nat-gone"));
}

TEST_CASE("context: refresh reads every instance of a type in one batch, drift included") {
  Context ctx(alias("a", "a") + alias("b", "b") + alias("c", "c"));
  auto st = ctx.converge(state::State{});
  ctx.platform.read_many_sizes.clear();
  // Changed outside: c's version.
  const std::string c_id = st.find(addr("functiongraph_alias.c"))->attributes.tree()["id"];
  ctx.platform.objects[c_id] = with(ctx.platform.objects[c_id], "version", Value::string("v2"));
  auto planned = ctx.plan(st);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  CHECK(ctx.platform.read_many_sizes == std::vector<std::size_t>{3});
  REQUIRE(planned.plan.drift.size() == 1);
  CHECK(planned.plan.drift[0].address == "functiongraph_alias.c");
  CHECK(change(planned, "functiongraph_alias.c").action == Action::kUpdate);
  CHECK(change(planned, "functiongraph_alias.a").action == Action::kNoOp);
}

TEST_CASE("context: a moved instance keeps the address it was moved from") {
  Context ctx(alias("old", "a"));
  auto st = ctx.converge(state::State{});
  ctx.configure(
      alias("renamed", "a") +
      "moved {\n  from = functiongraph_alias.old\n  to = functiongraph_alias.renamed\n}\n"
      "moved {\n  from = functiongraph_alias.never\n  to = functiongraph_alias.other\n}\n");
  auto planned = ctx.plan(st);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  const auto& c = change(planned, "functiongraph_alias.renamed");
  CHECK(c.action == Action::kNoOp);
  REQUIRE(c.previous_address.has_value());
  CHECK(*c.previous_address == "functiongraph_alias.old");
  CHECK_FALSE(has_change(planned, "functiongraph_alias.old"));
}

TEST_CASE("context: a batched refresh decodes each prior object once") {
  Context ctx(alias("a", "a") + alias("b", "b") + alias("c", "c") + alias("d", "d"));
  auto st = ctx.converge(state::State{});
  // One instance at a time: the first starts the batch, which decodes the others' priors; they
  // take those instead of decoding their own again (8 decodes before, for 4 objects).
  core::Options o = ctx.options();
  o.parallelism = 1;
  ctx.platform.upgrades = 0;
  ctx.platform.read_many_sizes.clear();
  auto planned = ctx.plan(st, o);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  CHECK(ctx.platform.read_many_sizes == std::vector<std::size_t>{4});
  CHECK(ctx.platform.upgrades == 4);
  for (const char* a : {"functiongraph_alias.a", "functiongraph_alias.d"})
    CHECK(change(planned, a).action == Action::kNoOp);
}

// Two aliases applied, then configured so that neither comes to refresh: their configurations
// fail to evaluate. The state they were applied with.
static state::State applied_then_broken(Context& ctx) {
  ctx.configure(alias("a", "a") + alias("b", "b"));
  auto st = ctx.converge(state::State{});
  const std::string broken = "  description = file(\"${path.module}/missing.txt\")\n";
  ctx.configure(alias("a", "a", broken) + alias("b", "b", broken));
  ctx.platform.read_many_sizes.clear();
  ctx.platform.upgrades = 0;
  return st;
}

TEST_CASE("context: the refresh batch starts when the provider is configured") {
  Context ctx("");
  auto st = applied_then_broken(ctx);
  // No instance asked, yet the batch ran: it starts with the provider, while the walk evaluates
  // the configurations, and the plan waits for it before handing the state on.
  auto planned = ctx.plan(st);
  CHECK(planned.diagnostics.has_errors());
  CHECK(ctx.platform.read_many_sizes == std::vector<std::size_t>{2});
  CHECK(ctx.platform.upgrades == 2);
  CHECK(planned.prior_state.find(addr("functiongraph_alias.a")) != nullptr);
}

TEST_CASE("context: with -target the refresh batch waits for an instance to ask") {
  Context ctx("");
  auto st = applied_then_broken(ctx);
  core::Options o = ctx.options();
  o.targets = {"functiongraph_alias.a"};
  auto planned = ctx.plan(st, o);
  CHECK(planned.diagnostics.has_errors());
  // -target may leave a type unread: nothing is read before an instance asks.
  CHECK(ctx.platform.read_many_sizes.empty());
}

TEST_CASE("context: a type that does not read in batches is refreshed one instance at a time") {
  Context ctx(alias("a", "a") + alias("b", "b"));
  ctx.platform.batch_reads = false;
  auto st = ctx.converge(state::State{});
  const std::string b_id = st.find(addr("functiongraph_alias.b"))->attributes.tree()["id"];
  ctx.platform.objects[b_id] = with(ctx.platform.objects[b_id], "version", Value::string("v2"));
  auto planned = ctx.plan(st);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  CHECK(ctx.platform.read_many_sizes.empty());
  REQUIRE(planned.plan.drift.size() == 1);
  CHECK(planned.plan.drift[0].address == "functiongraph_alias.b");
}

TEST_CASE("context: -parallelism bounds the operations of the whole run, not of each resource") {
  // Three resources of eight instances each: the walk runs the three side by side and each runs
  // its instances side by side, yet no more than -parallelism operations may be in flight.
  std::string cfg;
  for (const char* r : {"a", "b", "c"})
    cfg += std::string("resource \"functiongraph_alias\" \"") + r +
           "\" {\n  count = 8\n  function_urn = \"" + kFunction + "\"\n  name = \"" + r +
           "-${count.index}\"\n  version = \"latest\"\n}\n";
  Context ctx(cfg);
  ctx.platform.call_time = std::chrono::milliseconds(20);
  ctx.platform.batch_reads = false;
  auto o = ctx.options();
  o.parallelism = 3;
  auto planned = ctx.plan(state::State{}, o);
  REQUIRE_FALSE(planned.diagnostics.has_errors());
  auto applied = ctx.apply(planned, o);
  REQUIRE_FALSE(applied.diagnostics.has_errors());
  CHECK(ctx.platform.objects.size() == 24);
  CHECK(ctx.platform.max_in_flight <= 3);
  CHECK(ctx.platform.max_in_flight >= 2);  // the limit is a limit, not a queue of one

  ctx.platform.max_in_flight = 0;
  o.parallelism = 5;
  auto refreshed = ctx.plan(applied.state, o);
  REQUIRE_FALSE(refreshed.diagnostics.has_errors());
  CHECK(ctx.platform.max_in_flight <= 5);
  CHECK(ctx.platform.max_in_flight >= 2);
}
