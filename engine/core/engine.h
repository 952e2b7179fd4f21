// The engine proper: evaluates a configuration against prior state, plans the changes, and
// applies a plan, walking the dependency graph with bounded parallelism and persisting each
// finished resource at once. The CLI drives it; providers are reached through provider.h.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/provider.h"
#include "plan/plan.h"
#include "resources/operations.h"
#include "state/backend.h"
#include "state/state.h"
#include "value/codec.h"

namespace fgform::core {

inline constexpr const char* kProviderAddress =
    "provider[\"registry.terraform.io/fgform/functiongraph\"]";

// What the engine tells the UI while it works.
struct Event {
  enum class Kind {
    kRefreshStart,
    kRefreshComplete,
    kApplyStart,
    kApplyComplete,
    kApplyErrored,
    kImportStart,
    kImportComplete,
  };
  Kind kind = Kind::kRefreshStart;
  std::string address;
  plan::Action action = plan::Action::kNoOp;
  std::string id;  // the object's id attribute, when there is one
  std::chrono::milliseconds elapsed{0};
};

struct Options {
  plan::PlanMode mode = plan::PlanMode::kNormal;
  bool refresh = true;
  std::vector<std::string> targets;  // -target addresses (resource or instance)
  std::vector<std::string> replace;  // -replace instance addresses
  int parallelism = 10;
  // Root module input values (already parsed from -var, files and the environment).
  std::map<std::string, value::Value> variables;
  std::string workspace = "default";
  std::string root_dir = ".";
  // Makes the provider of each provider block (provider.h). Empty: the built-in FunctionGraph
  // provider (builtin_provider.h), which the CLI configures to offer the embedded emulator.
  ProviderFactory provider_factory;
  std::function<void(const Event&)> on_event;
};

// A plan plus what applying it needs.
struct PlanResult {
  plan::Plan plan;
  state::State prior_state;  // the refreshed state the plan was made from
  value::Diagnostics diagnostics;
  // Variables as given: a saved plan keeps them so apply evaluates the same way.
  std::map<std::string, value::Value> variables;
};

struct ApplyResult {
  state::State state;
  value::Diagnostics diagnostics;
  plan::Plan::Summary done;                     // what actually happened
  std::map<std::string, value::Value> outputs;  // root outputs after apply (marked sensitive)
};

class Engine {
 public:
  Engine(const config::Config& config, Options options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Checks the configuration without calling the platform (`validate`).
  value::Diagnostics validate();
  // By value: a caller done with its state moves it in, so a large state is not held twice.
  PlanResult plan(state::State prior);
  // Applies `planned` (made from `planned.prior_state`), persisting each finished instance
  // through `backend` and writing the final state there.
  ApplyResult apply(const PlanResult& planned, state::Backend& backend);
  // Imports one object into state (`fgform import ADDR ID`).
  value::Diagnostics import(state::State& state, const std::string& address, const std::string& id);

  // The static dependency graph in DOT form (`fgform graph`).
  std::string graph_dot();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The schema of a mode/type: nullptr when this provider has no such type.
const schema::Schema* schema_for(state::ResourceMode mode, const std::string& type);

}  // namespace fgform::core
