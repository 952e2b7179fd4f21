// What has no configuration: instances to destroy or forget, moved blocks, and pending creates
// whose address is gone.
#include "core/engine_impl.h"

namespace fgform::core {

ActionReason Engine::Impl::orphan_reason(const AbsResourceInstance& a) {
  if (options.mode == plan::PlanMode::kDestroy) return ActionReason::kNone;
  const config::Config* m = &config;
  for (const auto& step : a.module.steps) {
    auto it = m->children.find(step.name);
    if (it == m->children.end()) return ActionReason::kDeleteBecauseNoResourceConfig;
    m = it->second.get();
  }
  auto rit = m->module.resources.find((a.resource.mode == ResourceMode::kData ? "data." : "") +
                                      a.resource.type + "." + a.resource.name);
  if (rit == m->module.resources.end()) return ActionReason::kDeleteBecauseNoResourceConfig;
  const auto& live = module_instances[module_key(m->path)];
  if (std::find(live.begin(), live.end(), a.module) == live.end())
    return ActionReason::kDeleteBecauseNoModule;
  const config::Resource& r = rit->second;
  if (a.key.is_int())
    return r.count ? ActionReason::kDeleteBecauseCountIndex
                   : ActionReason::kDeleteBecauseWrongRepetition;
  if (a.key.is_string())
    return r.for_each ? ActionReason::kDeleteBecauseEachKey
                      : ActionReason::kDeleteBecauseWrongRepetition;
  if (r.count || r.for_each) return ActionReason::kDeleteBecauseWrongRepetition;
  return ActionReason::kDeleteBecauseNoResourceConfig;
}

std::string Engine::Impl::config_address(const AbsResourceInstance& a) {
  std::string s;
  for (const auto& step : a.module.steps) s += "module." + step.name + ".";
  return s + a.resource.to_string();
}

bool Engine::Impl::depends_on_instance(const AbsResourceInstance& x, const std::string& dep,
                                       const AbsResourceInstance& y) {
  if (y.containing().to_string() == dep) return true;
  if (config_address(y) != dep) return false;
  for (std::size_t i = 0; i < x.module.steps.size() && i < y.module.steps.size(); ++i) {
    if (x.module.steps[i].name != y.module.steps[i].name) break;
    if (x.module.steps[i].key != y.module.steps[i].key) return false;
  }
  return true;
}

std::vector<std::string> Engine::Impl::configured_dependencies(const AbsResourceInstance& a) {
  const config::Config* m = &config;
  for (const auto& step : a.module.steps) {
    auto it = m->children.find(step.name);
    if (it == m->children.end()) return {};
    m = it->second.get();
  }
  auto id = find(*m, (a.resource.mode == ResourceMode::kData ? "data." : "") + a.resource.type +
                         "." + a.resource.name);
  if (!id || nodes[*id].kind != Node::Kind::kResource) return {};
  return dependencies_of(nodes[*id]);
}

void Engine::Impl::apply_orphans(const std::vector<const plan::ResourceInstanceChange*>& changes) {
  // Order by the recorded dependencies: an instance goes before what it depends on.
  std::map<std::string, std::size_t> index;
  graph::Graph g;
  for (const auto* c : changes) index[c->address] = g.add_node(c->address);
  for (const auto* c : changes) {
    auto addr = state::parse_abs_resource_instance(c->address);
    if (!addr.ok()) continue;
    const state::InstanceObject* obj = working.find(addr.value);
    if (!obj) continue;
    // The configuration's dependencies count too: an imported object has none recorded in
    // state, and its destroy must still wait for what depends on it.
    std::vector<std::string> deps = obj->dependencies;
    for (auto& dep : configured_dependencies(addr.value)) deps.push_back(std::move(dep));
    for (const auto& dep : deps) {
      for (const auto* other : changes) {
        auto oa = state::parse_abs_resource_instance(other->address);
        if (oa.ok() && depends_on_instance(addr.value, dep, oa.value))
          g.add_edge(index[other->address], index[c->address]);  // other waits for c
      }
    }
  }
  graph::walk(g, options.parallelism, [&](graph::NodeId id) {
    const plan::ResourceInstanceChange* c = changes[id];
    Diagnostics d;
    auto addr = state::parse_abs_resource_instance(c->address);
    if (!addr.ok()) return false;
    bool ok = true;
    if (c->action == Action::kForget) {
      persist(addr.value, nullptr, d);
      std::lock_guard lock(mu);
      ++done.forget;
    } else {
      std::shared_ptr<Provider> p;
      {
        std::lock_guard lock(mu);
        p = provider;
      }
      if (!p) {
        d.add(Diagnostic::error("Cannot destroy " + c->address,
                                "The provider is not configured or has no such type."));
        ok = false;
      } else {
        auto started = Clock::now();
        emit(Event::Kind::kApplyStart, c->address, Action::kDelete, id_of(c->before), started);
        Outcome out{c->before.without_marks(), {}};
        try {
          out = p->apply(c->type, c->before.without_marks(), Value::null(c->before.type()));
        } catch (const std::exception& e) {  // the object is still there as far as we know
          out.diagnostics.add(unexpected_exception(c->address, e));
        }
        d.append(out.diagnostics);
        if (out.ok()) {
          persist(addr.value, nullptr, d);
          emit(Event::Kind::kApplyComplete, c->address, Action::kDelete, {}, started);
          std::lock_guard lock(mu);
          ++done.destroy;
        } else {
          emit(Event::Kind::kApplyErrored, c->address, Action::kDelete, id_of(c->before), started);
          ok = false;
        }
      }
    }
    std::lock_guard lock(mu);
    diags.append(d);
    return ok && !d.has_errors();
  });
}

void Engine::Impl::check_unconfigured_pending_creates() {
  if (!resource_targets.empty() || !module_targets.empty()) return;  // skipped, not gone
  std::vector<std::pair<std::string, state::PendingCreate>> left;
  for (const auto& [address, pending] : working.pending_creates)
    if (!pending_seen.count(address)) left.emplace_back(address, pending);
  for (const auto& [address, pending] : left) {
    auto a = state::parse_abs_resource_instance(address);
    const schema::Schema* s =
        a.ok() ? schema_for(ResourceMode::kManaged, a.value.resource.type) : nullptr;
    if (s && provider) {
      Outcome found;
      bool answered = true;
      try {
        found = import_object(*provider, a.value.resource.type, *s, pending.import_id);
      } catch (const std::exception& e) {  // the record stays: the lookup could not tell
        diags.add(unexpected_exception(address, e));
        answered = false;
      }
      if (answered && !found.diagnostics.has_errors() && found.value.is_null()) {
        working.pending_creates.erase(address);
        continue;
      }
    }
    diags.add(unconfigured_pending_warning(address, pending));
  }
}

void Engine::Impl::apply_moved_blocks() {
  std::function<void(const config::Config&)> visit_module = [&](const config::Config& m) {
    for (const auto& mv : m.module.moved) {
      auto from = state::parse_abs_resource_instance(hcl::traversal_to_string(mv.from));
      auto to = state::parse_abs_resource_instance(hcl::traversal_to_string(mv.to));
      if (!from.ok() || !to.ok()) {
        diags.append(from.diagnostics);
        diags.append(to.diagnostics);
        continue;
      }
      if (working.find_resource(from.value.containing()) && !working.find(to.value)) {
        if (from.value.key.is_none() && to.value.key.is_none()) {
          diags.append(working.move_resource(from.value.containing(), to.value.containing()));
        } else {
          diags.append(working.move(from.value, to.value));
        }
      }
    }
    for (const auto& [n, c] : m.children) visit_module(*c);
  };
  visit_module(config);
}

std::vector<plan::ResourceInstanceChange> Engine::Impl::orphan_changes() {
  std::vector<plan::ResourceInstanceChange> out;
  // -destroy with -target: whatever depends on a targeted instance goes too, as in Terraform,
  // found through the dependencies recorded in state and those of the configuration.
  std::set<AbsResourceInstance> dependents;
  if (options.mode == plan::PlanMode::kDestroy &&
      (!resource_targets.empty() || !module_targets.empty())) {
    const auto all = working.instance_addresses();
    // What is destroyed so far, by both forms of its resource address.
    std::map<std::string, std::vector<AbsResourceInstance>> gone;
    auto destroyed = [&](const AbsResourceInstance& a) {
      gone[a.containing().to_string()].push_back(a);
      gone[config_address(a)].push_back(a);
    };
    for (const auto& a : all)
      if (targeted(a, true)) destroyed(a);
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& a : all) {
        if (a.resource.mode == ResourceMode::kData || dependents.count(a) || targeted(a, true))
          continue;
        std::vector<std::string> deps = working.find(a)->dependencies;
        for (auto& dep : configured_dependencies(a)) deps.push_back(std::move(dep));
        bool hit = false;
        for (const auto& dep : deps) {
          auto it = gone.find(dep);
          if (it == gone.end()) continue;
          for (const auto& y : it->second) hit = hit || depends_on_instance(a, dep, y);
          if (hit) break;
        }
        if (!hit) continue;
        dependents.insert(a);
        destroyed(a);
        grew = true;
      }
    }
  }
  for (const auto& a : working.instance_addresses()) {
    if (claimed.count(a) && options.mode != plan::PlanMode::kDestroy) continue;
    if (a.resource.mode == ResourceMode::kData) continue;
    const schema::Schema* s = schema_for(a.resource.mode, a.resource.type);
    if (!s) {
      diags.add(Diagnostic::error("Unsupported resource type in state",
                                  a.to_string() + " has a type this provider does not offer."));
      continue;
    }
    if (!targeted(a, true) && !dependents.count(a)) continue;
    if (options.mode == plan::PlanMode::kDestroy && claimed.count(a)) continue;
    Diagnostics d;
    plan::ResourceInstanceChange c = change_for(a, *s);
    c.before = prior_value(a, *s, d);
    diags.append(d);
    c.action = Action::kDelete;
    c.reason = orphan_reason(a);
    bool forget = false;
    for (const auto& rm : config.module.removed) {
      auto from = state::parse_abs_resource(hcl::traversal_to_string(rm.from));
      if (from.ok() && from.value == a.containing() && !rm.destroy) forget = true;
    }
    if (forget) c.action = Action::kForget;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace fgform::core
