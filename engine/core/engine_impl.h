// The engine's insides, shared by the files that implement it one phase each:
//   graph_build.cpp     the dependency graph of a configuration
//   evaluate.cpp        scopes, expansion (count/for_each/modules), providers, variables,
//                       locals, outputs
//   targeting.cpp       -target: which instances a run may touch
//   plan_instance.cpp   a resource instance: prior state, refresh, import, plan
//   apply_instance.cpp  a resource instance: create, update, replace, delete; persistence
//   orphans.cpp         instances without configuration, moved blocks, pending creates left
//   engine.cpp          runs: plan, apply, import, validate
// Only those files include it.
#pragma once

#include <algorithm>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "core/builtin_provider.h"
#include "core/engine.h"
#include "core/limited_provider.h"
#include "core/pending_creates.h"
#include "graph/graph.h"
#include "graph/walk.h"
#include "hcl/traversal.h"
#include "lang/decode.h"
#include "lang/functions/builtin_functions.h"
#include "plan/objchange.h"
#include "plan/proposed_new.h"
#include "resources/operations.h"
#include "schema/registry.h"
#include "value/convert.h"
#include "value/go_quote.h"
#include "value/marks.h"

namespace fgform::core {

// The provider as Terraform names it in "inconsistent final plan" (its source address) and,
// Go-quoted (value::go_quote), in "inconsistent result after apply" (its configuration address).
inline constexpr const char* kProviderSource = "registry.terraform.io/fgform/functiongraph";

using plan::Action;
using plan::ActionReason;
using state::AbsResource;
using state::AbsResourceInstance;
using state::InstanceKey;
using state::ModuleInstance;
using state::ResourceMode;
using value::Diagnostic;
using value::Diagnostics;
using value::Value;
using Clock = std::chrono::steady_clock;

inline ResourceMode to_state_mode(config::Mode m) {
  return m == config::Mode::kData ? ResourceMode::kData : ResourceMode::kManaged;
}

inline std::string module_key(const std::vector<std::string>& path) {
  std::string s;
  for (const auto& p : path) s += "/" + p;
  return s;
}

inline Value key_value(const InstanceKey& k) {
  if (k.is_int()) return Value::number(k.as_int());
  if (k.is_string()) return Value::string(k.as_string());
  return Value::null(value::Type::dynamic());
}

inline std::string id_of(const Value& v) {
  if (!v.is_known() || v.is_null() || !v.type().has_attribute("id")) return {};
  Value id = v.attribute("id");
  if (!id.is_known() || id.is_null() || id.type() != value::Type::string()) return {};
  return id.as_string();
}

inline Value with_attribute(const Value& object, const std::string& name, const Value& v) {
  Value::Entries e = object.entries();
  e[name] = v;
  return Value::object(object.type(), std::move(e));
}

struct Expansion {
  enum class Kind { kSingle, kCount, kEach };
  Kind kind = Kind::kSingle;
  std::vector<InstanceKey> keys;
  std::map<std::string, Value> each_values;
};

struct ModuleValues {
  std::map<std::string, Value> vars;
  std::map<std::string, Value> locals;
  std::map<std::string, Value> outputs;
  std::map<std::string, Value> resources;  // aggregate by Resource::key()
};

struct Node {
  enum class Kind { kProvider, kVariable, kLocal, kOutput, kResource, kModuleCall };
  Kind kind;
  const config::Config* module;
  std::string name;
  const config::Resource* resource = nullptr;
  const config::ModuleCall* call = nullptr;
  const config::ProviderBlock* provider = nullptr;
};

struct Engine::Impl {
  const config::Config& config;
  Options options;
  hcl::FunctionTable functions;

  graph::Graph graph;
  std::vector<Node> nodes;
  std::map<std::string, graph::NodeId> node_ids;  // module_key + "|" + kind:name
  Diagnostics graph_diags;

  // Per run.
  enum class Phase { kValidate, kPlan, kApply } phase = Phase::kPlan;
  std::mutex mu;
  // One event at a time for the hook, which writes (and flushes) a line for most: under `mu`,
  // every thread of the walk waited on that output.
  std::mutex event_mu;
  std::map<std::string, std::vector<ModuleInstance>> module_instances;  // by static module_key
  std::map<std::string, Expansion> call_expansions;  // instance string + "|" + call
  std::map<std::string, ModuleValues> values;        // by module instance string
  ProviderFactory provider_factory;
  std::shared_ptr<Provider> validator;  // unconfigured: validation and state upgrades
  std::shared_ptr<Provider> provider;   // the default provider block's, once configured
  std::map<std::string, std::shared_ptr<Provider>> aliased_providers;
  // -parallelism: shared by every configured provider (limited_provider.h).
  std::shared_ptr<OperationSlots> operation_slots;
  state::State working;
  plan::Plan result;
  std::set<AbsResourceInstance> claimed;
  std::map<std::string, const plan::ResourceInstanceChange*> planned_changes;
  state::Backend* backend = nullptr;
  plan::Plan::Summary done;
  // -target, as Terraform reads it (see targeted()): resource or instance addresses (no key:
  // every instance) and module instances (a step without a key: every instance of the call).
  std::vector<AbsResourceInstance> resource_targets;
  std::vector<ModuleInstance> module_targets;
  std::set<std::string> target_seeds;         // resources a target names ("modkey|resource key")
  std::set<std::string> target_dependencies;  // resources the targeted ones depend on
  std::set<std::string> replace_set;
  std::set<std::string> pending_seen;  // instances whose pending create the plan looked at
  // Batched refresh (refresh()): per provider address and type, the answers of one read_many.
  struct RefreshBatch {
    std::once_flag once;
    std::map<std::string, Outcome> answers;  // by instance address; each taken once
    // Set when the batch was started in the background (start_refresh_batches).
    std::shared_future<void> started;
  };
  std::map<std::string, std::shared_ptr<RefreshBatch>> refresh_batches;
  // Prior objects a refresh batch decoded from the state for instances not yet planned, by
  // address; each taken once by its instance instead of being decoded a second time. Kept
  // without their sensitive marks, which the instance adds when it takes one: the batch sends
  // the provider unmarked objects, and a marked copy of each beside them doubled the batch.
  std::map<std::string, Value> decoded_priors;
  Diagnostics diags;

  // Refresh batches started in the background (start_refresh_batches), waited for by reset(),
  // plan() and the destructor.
  std::vector<std::shared_future<void>> prefetches;

  Impl(const config::Config& c, Options o) : config(c), options(std::move(o)) {
    provider_factory =
        options.provider_factory ? options.provider_factory : builtin_provider_factory();
    validator = provider_factory();
    operation_slots = std::make_shared<OperationSlots>(options.parallelism);
    lang::FunctionOptions fo;
    fo.base_dir = options.root_dir;
    functions = lang::builtin_functions(fo);
    build_graph();
  }
  // A batch started in the background uses the members: it ends before they go.
  ~Impl() { wait_for_refresh_batches(); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // ---- graph ---------------------------------------------------------------------------

  graph::NodeId add(Node n, const std::string& id_name);

  graph::NodeId node_id(const Node& n) const;

  std::optional<graph::NodeId> find(const config::Config& m, const std::string& id_name) const;

  void add_nodes(const config::Config& m);

  // The nodes a reference made in module `m` needs.
  void reference_edges(graph::NodeId from, const config::Config& m, const hcl::Traversal& t,
                       Diagnostics& d);

  void expr_edges(graph::NodeId from, const config::Config& m, const hcl::ExprPtr& e);

  void build_graph();

  void edge_to(graph::NodeId from, std::optional<graph::NodeId> to);

  // ---- scopes --------------------------------------------------------------------------

  static std::string inst_key(const ModuleInstance& mi);

  const config::Config* parent_of(const config::Config& m) const;

  // Module call value: object of outputs, or a tuple / object of those.
  Value module_value(const ModuleInstance& mi, const std::string& call);

  // The evaluation context of module instance `mi`. With `referrer` (a resource node), only
  // the resources that node depends on are put in it: building an object of every resource
  // of the module for every resource made plan and validate O(n^2) in the number of
  // resources (about 0.5 s of CPU at 1,000 functions, an estimated 50 s at 10,000; see
  // bench/RESULTS.md). That is enough: every resource reference in a resource's expressions
  // is an edge of the graph (an undeclared one is an error before the walk), and a resource
  // type cannot be referred to without a name.
  hcl::EvalContext scope(const config::Config& m, const ModuleInstance& mi,
                         std::optional<graph::NodeId> referrer = std::nullopt);

  // count / for_each of a resource or module call.
  std::optional<Expansion> expand(const hcl::ExprPtr& count, const hcl::ExprPtr& for_each,
                                  const hcl::EvalContext& ctx, Diagnostics& d);

  static hcl::EvalContext instance_scope(const hcl::EvalContext& parent, const Expansion& e,
                                         const InstanceKey& k);

  std::vector<ModuleInstance> instances_of(const config::Config& m);

  // ---- node evaluation -----------------------------------------------------------------

  bool visit(graph::NodeId id);
  // The last line of defence for an exception escaping the work on `subject` (an instance
  // address, or a node): an error diagnostic naming it, instead of a dead process (the walk
  // runs on threads, where an escaped exception ends everything).
  Diagnostic unexpected_exception(const std::string& subject, const std::exception& e) const;

  void eval_provider(const Node& n, Diagnostics& d);

  void eval_variable(const Node& n, const ModuleInstance& mi, Diagnostics& d);

  void eval_local(const Node& n, const ModuleInstance& mi, Diagnostics& d);

  void eval_output(const Node& n, const ModuleInstance& mi, Diagnostics& d);

  void eval_call(const Node& n, const ModuleInstance& mi, Diagnostics& d);

  // ---- resources -----------------------------------------------------------------------

  void emit(Event::Kind kind, const std::string& address, Action action, const std::string& id,
            Clock::time_point started);

  std::shared_ptr<Provider> provider_for(const config::Resource& r, Diagnostics& d);

  // Terraform's TargetContains on module paths: equal names, and a target step without a key
  // covers every instance of that call. `prefix`: the target may be an ancestor module.
  static bool module_target_matches(const ModuleInstance& target, const ModuleInstance& mi,
                                    bool prefix);

  static std::string config_resource_key(const ModuleInstance& mi, const state::Resource& r);

  // Visits every node `from` depends on, directly or not, once each. `visit(node)` says whether
  // to go on to that node's own dependencies.
  template <typename Visit>
  void walk_dependencies(std::vector<graph::NodeId> from, Visit visit) {
    std::set<graph::NodeId> seen;
    while (!from.empty()) {
      const graph::NodeId id = from.back();
      from.pop_back();
      for (graph::NodeId dep : graph.dependencies(id)) {
        if (seen.insert(dep).second && visit(nodes[dep])) from.push_back(dep);
      }
    }
  }

  // The resources the targets name, and everything they depend on (through any node), as
  // Terraform keeps the targets' ancestors in its graph. Dependencies are planned with all of
  // their instances. Not for -destroy (Terraform then adds dependents instead: not done).
  void resolve_target_dependencies();

  // Whether -target lets this instance be planned. `orphan`: an instance with no configuration
  // (called after the walk, when module_instances is complete).
  bool targeted(const AbsResourceInstance& a, bool orphan = false);

  // Why an instance that has no configuration any more is deleted, as Terraform explains it.
  ActionReason orphan_reason(const AbsResourceInstance& a);

  // Whether the instance's current object is tainted: created, but a later step of its apply
  // failed, so it must be replaced.
  bool is_tainted(const AbsResourceInstance& a);

  // The prior object of an instance, decoded with its schema (null when there is none).
  Value prior_value(const AbsResourceInstance& a, const schema::Schema& s, Diagnostics& d);
  // prior_value() without the state's sensitive marks, and those marks.
  Value unmarked_prior_value(const AbsResourceInstance& a, const schema::Schema& s, Diagnostics& d);
  std::vector<value::Path> prior_marks(const AbsResourceInstance& a);

  // Terraform's configschema ValueMarks: the paths of the schema's sensitive attributes in
  // `v` (null ones too), through single, list and map nested blocks. Set elements have no
  // path a state file can name, so sensitive attributes inside set blocks are left out.
  static void schema_sensitive_paths(const schema::Block& block, const Value& v,
                                     const value::Path& at, std::vector<value::Path>& out);

  state::InstanceObject object_for(const Value& v, const schema::Schema& s,
                                   const std::vector<std::string>& deps, bool cbd);

  std::vector<std::string> dependencies_of(const Node& n);

  void set_aggregate(const Node& n, const ModuleInstance& mi, const Expansion& e,
                     const std::map<std::string, Value>& by_key);

  void eval_resource(const Node& n, const ModuleInstance& mi, Diagnostics& d);

  Value decode_config(const config::Resource& r, const schema::Schema& s,
                      const hcl::EvalContext& ctx, Diagnostics& d);

  // As Terraform (forcePlanReadData): a data source that references a managed resource
  // directly in its configuration or depends_on, in the same module instance, is read at apply
  // when that resource has changes planned (read_because_dependency_pending). A reference
  // through a local or an output does not count.
  bool managed_dependency_pending(const Node& n, const ModuleInstance& mi);

  Value data_instance(const config::Resource& r, const schema::Schema& s,
                      const AbsResourceInstance& a, const hcl::EvalContext& ctx, Diagnostics& d,
                      bool deps_pending = false);

  plan::ResourceInstanceChange change_for(const AbsResourceInstance& a, const schema::Schema& s);

  // ignore_changes: the configuration takes the prior value of each ignored attribute.
  Value apply_ignore_changes(const config::Resource& r, const schema::Schema& s, const Value& prior,
                             const Value& cfg);

  const config::Import* import_for(const AbsResourceInstance& a);

  // The instance's object as the provider reads it now. The first instance of a type to ask
  // reads every instance of that type in the prior state at once (Provider::read_many: list
  // calls instead of a GET each); the others take their answer from that batch.
  Outcome refresh(Provider& p, const AbsResourceInstance& a, const schema::Schema& s,
                  const Value& prior);
  // The provider address the prior state records for `a`'s resource ("" when it has none).
  std::string state_provider(const AbsResourceInstance& a);
  // The batch of a provider address and type, made on first use unless `make` is false (then
  // null when there is none yet).
  std::shared_ptr<RefreshBatch> refresh_batch(const std::string& provider_address,
                                              const std::string& type, bool make = true);
  // Reads every instance of `type` in the prior state under `provider_address` into `batch`.
  // `starter`: the instance that asked first, whose prior (`starter_prior`) is decoded already.
  void fill_refresh_batch(RefreshBatch& batch, Provider& p, const std::string& type,
                          const std::string& provider_address, const schema::Schema& s,
                          const AbsResourceInstance* starter, const Value* starter_prior);
  // Starts the refresh batches of the default provider `p`, just configured, in the background
  // (plan only); wait_for_refresh_batches() waits for them, and must be called before the
  // working state is handed on.
  void start_refresh_batches(const std::shared_ptr<Provider>& p);
  void wait_for_refresh_batches();
  // Waits for the batch started in the background that will answer `a`, if there is one: the
  // instance then takes the prior that batch decoded rather than decode its own as well.
  void await_refresh_batch(const AbsResourceInstance& a);
  // No resource in `c` or its children names a provider configuration of its own.
  static bool only_default_provider(const config::Config& c);

  Value managed_instance(const config::Resource& r, const schema::Schema& s,
                         const AbsResourceInstance& a, const hcl::EvalContext& ctx,
                         const std::vector<std::string>& deps, Diagnostics& d);

  // Marks from the configuration (sensitive variables) and the prior state carry onto the
  // planned value, so renderers hide them.
  static Value mark_like(const Value& planned, const Value& cfg, const Value& prior);

  void prevent_destroy_error(const config::Resource& r, const AbsResourceInstance& a,
                             Diagnostics& d);

  // ---- apply ---------------------------------------------------------------------------

  void persist(const AbsResourceInstance& a, const state::InstanceObject* obj, Diagnostics& d);

  // The object a journalled create made, its pending record ended in the same step.
  void persist_created(const AbsResourceInstance& a, const state::InstanceObject& obj,
                       Diagnostics& d);
  void persist_pending_create(const AbsResourceInstance& a, const state::PendingCreate* pending,
                              Diagnostics& d);

  // The pending create of `a` (state.h), taken out of the working state: the plan either
  // adopts its object or finds there is none. Remembered, so plan() can tell the records whose
  // address the configuration no longer has.
  std::optional<state::PendingCreate> take_pending_create(const AbsResourceInstance& a);

  void restore_pending_create(const AbsResourceInstance& a, const state::PendingCreate& pending);

  Value apply_instance(const config::Resource& r, const schema::Schema& s,
                       const AbsResourceInstance& a, const Value& prior, const Value& cfg_in,
                       const std::vector<std::string>& deps, Diagnostics& d);

  // The resource as Terraform records dependencies in state: module path without instance keys
  // (module.m.functiongraph_function.f), which fgform records too. States written by earlier
  // fgform versions hold the keyed form (module.m["a"].functiongraph_function.f): both match.
  static std::string config_address(const AbsResourceInstance& a);

  // Whether `x`, recording dependency `dep`, depends on instance `y`. In Terraform's keyless
  // form, a module path x and y share means the same instance of it.
  static bool depends_on_instance(const AbsResourceInstance& x, const std::string& dep,
                                  const AbsResourceInstance& y);

  // dependencies_of() for an instance whose resource is still in the configuration, else none.
  std::vector<std::string> configured_dependencies(const AbsResourceInstance& a);

  // Deletes and forgets of instances the configuration no longer has, dependents first.
  void apply_orphans(const std::vector<const plan::ResourceInstanceChange*>& changes);

  // ---- runs ----------------------------------------------------------------------------

  void reset(state::State prior);

  bool walk_config();

  // Pending creates (state.h) whose address the configuration no longer has: each is looked up;
  // one whose object does not exist is dropped, one whose object exists (or that cannot be
  // looked up) stays, with a warning, until someone deletes the object or configures it again.
  void check_unconfigured_pending_creates();

  void apply_moved_blocks();

  std::vector<plan::ResourceInstanceChange> orphan_changes();

  void plan_outputs();
};

}  // namespace fgform::core
