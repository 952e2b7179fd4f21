#include "core/engine.h"

#include "core/engine_impl.h"

namespace fgform::core {

const schema::Schema* schema_for(ResourceMode mode, const std::string& type) {
  const auto& catalog = resources::Catalog::builtin();
  if (mode == ResourceMode::kManaged) {
    auto* r = catalog.resource(type);
    return r && r->schema().available ? &r->schema() : nullptr;
  }
  auto* d = catalog.data_source(type);
  return d && d->schema().available ? &d->schema() : nullptr;
}

void Engine::Impl::reset(state::State prior) {
  wait_for_refresh_batches();
  module_instances.clear();
  module_instances[module_key({})] = {ModuleInstance{}};
  call_expansions.clear();
  values.clear();
  claimed.clear();
  working = std::move(prior);
  result = plan::Plan{};
  result.mode = options.mode;
  diags = Diagnostics{};
  done = plan::Plan::Summary{};
  replace_set.clear();
  pending_seen.clear();
  refresh_batches.clear();
  decoded_priors.clear();
  resource_targets.clear();
  module_targets.clear();
  target_seeds.clear();
  target_dependencies.clear();
  for (const auto& t : options.targets) {
    auto a = state::parse_abs_resource_instance(t);
    if (a.ok()) {
      resource_targets.push_back(a.value);
      continue;
    }
    // Not a resource: a module instance (module.m["a"], module.pool[1], module.m).
    auto mi = state::parse_module_instance(t);
    if (mi.ok() && !mi.value.is_root()) {
      module_targets.push_back(mi.value);
      continue;
    }
    diags.append(a.diagnostics);
  }
  if (!resource_targets.empty() || !module_targets.empty()) resolve_target_dependencies();
  for (const auto& t : options.replace) {
    auto a = state::parse_abs_resource_instance(t);
    if (!a.ok()) {
      diags.append(a.diagnostics);
      continue;
    }
    replace_set.insert(a.value.to_string());
  }
}

bool Engine::Impl::walk_config() {
  if (graph_diags.has_errors()) {
    diags.append(graph_diags);
    return false;
  }
  diags.append(graph_diags);
  auto outcome =
      graph::walk(graph, options.parallelism, [&](graph::NodeId id) { return visit(id); });
  return std::all_of(outcome.begin(), outcome.end(),
                     [](graph::NodeOutcome o) { return o == graph::NodeOutcome::kSucceeded; });
}

Engine::Engine(const config::Config& config, Options options)
    : impl_(std::make_unique<Impl>(config, std::move(options))) {}
Engine::~Engine() = default;

value::Diagnostics Engine::validate() {
  impl_->phase = Impl::Phase::kValidate;
  impl_->reset(state::State{});
  impl_->walk_config();
  return impl_->diags;
}

PlanResult Engine::plan(state::State prior) {
  Impl& I = *impl_;
  I.phase = Impl::Phase::kPlan;
  // "(moved from ...)": the moved blocks' sources that have an object in the prior state, by
  // destination, worked out before the prior state becomes the working state (the last block
  // naming a destination wins, as before).
  std::map<std::string, std::string> moved_from;
  for (const auto& mv : I.config.module.moved) {
    auto from = state::parse_abs_resource_instance(hcl::traversal_to_string(mv.from));
    if (from.ok() && prior.find(from.value))
      moved_from[hcl::traversal_to_string(mv.to)] = from.value.to_string();
  }
  I.reset(std::move(prior));
  I.apply_moved_blocks();
  bool ok = I.walk_config() && !I.diags.has_errors();
  // A batch nobody came to take (every instance failed before its refresh) is done before the
  // working state it reads is used or handed on.
  I.wait_for_refresh_batches();
  if (ok) {
    I.check_unconfigured_pending_creates();
    for (auto& c : I.orphan_changes()) I.result.changes.push_back(std::move(c));
    if (I.options.mode != plan::PlanMode::kRefreshOnly) I.plan_outputs();
    // Moved instances keep their previous address for the plan's "(moved from ...)".
    for (auto& c : I.result.changes) {
      if (auto it = moved_from.find(c.address); it != moved_from.end())
        c.previous_address = it->second;
    }
  }
  std::sort(I.result.changes.begin(), I.result.changes.end(),
            [](const auto& a, const auto& b) { return a.address < b.address; });
  std::sort(I.result.drift.begin(), I.result.drift.end(),
            [](const auto& a, const auto& b) { return a.address < b.address; });
  I.result.errored = !ok;
  PlanResult out;
  out.plan = std::move(I.result);
  // The working state is not read again before the next reset(): moved, not copied (it holds
  // every object's attributes, a third of a large plan's memory when copied).
  out.prior_state = std::move(I.working);
  out.diagnostics = I.diags;
  out.variables = I.options.variables;
  return out;
}

ApplyResult Engine::apply(const PlanResult& planned, state::Backend& backend) {
  Impl& I = *impl_;
  I.phase = Impl::Phase::kApply;
  I.options.mode = planned.plan.mode;
  I.options.variables = planned.variables;
  I.reset(planned.prior_state);
  I.backend = &backend;
  I.planned_changes.clear();
  std::vector<const plan::ResourceInstanceChange*> orphans;
  for (const auto& c : planned.plan.changes) {
    I.planned_changes[c.address] = &c;
    // Instances without configuration (any delete_because_* reason: no resource, no module
    // instance, a count index or for_each key gone, the wrong repetition) and forgets.
    if ((c.action == Action::kDelete && c.reason != ActionReason::kNone) ||
        c.action == Action::kForget || planned.plan.mode == plan::PlanMode::kDestroy)
      orphans.push_back(&c);
  }
  ApplyResult out;
  if (planned.plan.mode == plan::PlanMode::kDestroy) {
    // Evaluate what the provider block needs, then destroy in reverse dependency order.
    I.phase = Impl::Phase::kPlan;
    I.options.mode = plan::PlanMode::kRefreshOnly;
    I.options.refresh = false;
    I.walk_config();
    I.phase = Impl::Phase::kApply;
    if (!I.diags.has_errors()) I.apply_orphans(orphans);
  } else if (planned.plan.mode == plan::PlanMode::kRefreshOnly) {
    // The refreshed state is the result.
  } else {
    I.walk_config();
    I.apply_orphans(orphans);
  }
  // Root outputs.
  I.working.outputs.clear();
  if (planned.plan.mode != plan::PlanMode::kDestroy) {
    for (const auto& [name, v] : I.values[""].outputs) {
      if (!v.is_wholly_known()) continue;
      state::OutputValue ov;
      ov.type = v.type().to_json();
      ov.value = value::to_json(v.without_marks(), v.type()).value;
      ov.sensitive =
          I.config.module.outputs.count(name) && I.config.module.outputs.at(name).sensitive;
      I.working.outputs[name] = ov;
      out.outputs[name] = v;
    }
  }
  I.diags.append(backend.write(I.working));
  out.state = I.working;
  out.diagnostics = I.diags;
  out.done = I.done;
  I.backend = nullptr;
  return out;
}

value::Diagnostics Engine::import(state::State& st, const std::string& address,
                                  const std::string& id) {
  Impl& I = *impl_;
  value::Diagnostics d;
  auto a = state::parse_abs_resource_instance(address);
  if (!a.ok()) return a.diagnostics;
  if (st.find(a.value)) {
    d.add(Diagnostic::error("Resource already managed by fgform",
                            "fgform is already managing a remote object for " + address +
                                ". To import to this address you must first remove the existing "
                                "object from the state."));
    return d;
  }
  // The provider block (and what it refers to) is evaluated first.
  I.phase = Impl::Phase::kPlan;
  I.options.mode = plan::PlanMode::kRefreshOnly;
  I.options.refresh = false;
  I.reset(st);
  I.walk_config();
  // Only the provider configuration matters here; the rest is planned by the next plan.
  if (!I.provider) return I.diags;
  const schema::Schema* s = schema_for(a.value.resource.mode, a.value.resource.type);
  if (!s || a.value.resource.mode != ResourceMode::kManaged) {
    d.add(Diagnostic::error("Invalid resource type",
                            "The provider fgform/functiongraph does not support resource type \"" +
                                a.value.resource.type + "\"."));
    return d;
  }
  const config::Config* m = &I.config;
  for (const auto& step : a.value.module.steps) {
    auto it = m->children.find(step.name);
    if (it == m->children.end()) {
      m = nullptr;
      break;
    }
    m = it->second.get();
  }
  if (!m || !m->module.resources.count(a.value.resource.type + "." + a.value.resource.name)) {
    d.add(Diagnostic::error("Configuration for import target does not exist",
                            "The configuration does not contain a resource " +
                                a.value.containing().to_string() +
                                ". Before importing this resource, please create its "
                                "configuration."));
    return d;
  }
  if (!I.provider) {
    d.add(Diagnostic::error("Provider not configured", "The provider could not be configured."));
    return d;
  }
  Outcome read;
  try {
    read = import_object(*I.provider, a.value.resource.type, *s, id);
  } catch (const std::exception& e) {
    read.diagnostics.add(resources::unexpected_exception("importing", address, e));
  }
  d.append(read.diagnostics);
  if (!read.ok()) return d;
  if (read.value.is_null()) {
    d.add(Diagnostic::error("Cannot import non-existent remote object",
                            "While attempting to import an existing object to \"" + address +
                                "\", the provider detected that no object exists with the given "
                                "id. Only pre-existing objects can be imported; check that the id "
                                "is correct and that it is associated with the provider's "
                                "configured region or endpoint."));
    return d;
  }
  st.set(a.value, I.object_for(read.value, *s, {}, false), kProviderAddress);
  return d;
}

std::string Engine::graph_dot() {
  return impl_->graph.to_dot();
}

}  // namespace fgform::core
