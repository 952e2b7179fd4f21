// -target, as Terraform reads it: which resource instances a run may touch.
#include "core/engine_impl.h"

namespace fgform::core {

bool Engine::Impl::module_target_matches(const ModuleInstance& target, const ModuleInstance& mi,
                                         bool prefix) {
  if (target.steps.size() > mi.steps.size()) return false;
  if (!prefix && target.steps.size() != mi.steps.size()) return false;
  for (std::size_t i = 0; i < target.steps.size(); ++i) {
    if (target.steps[i].name != mi.steps[i].name) return false;
    if (!target.steps[i].key.is_none() && target.steps[i].key != mi.steps[i].key) return false;
  }
  return true;
}

std::string Engine::Impl::config_resource_key(const ModuleInstance& mi, const state::Resource& r) {
  std::vector<std::string> path;
  for (const auto& step : mi.steps) path.push_back(step.name);
  return module_key(path) + "|" + (r.mode == ResourceMode::kData ? "data." : "") + r.type + "." +
         r.name;
}

void Engine::Impl::resolve_target_dependencies() {
  std::vector<graph::NodeId> stack;
  for (graph::NodeId id = 0; id < nodes.size(); ++id) {
    const Node& n = nodes[id];
    if (n.kind != Node::Kind::kResource) continue;
    ModuleInstance static_path;
    for (const auto& name : n.module->path) static_path = static_path.child(name);
    bool hit = false;
    for (const auto& t : module_targets) {
      ModuleInstance names;  // the target without its keys
      for (const auto& step : t.steps) names = names.child(step.name);
      hit = hit || module_target_matches(names, static_path, true);
    }
    for (const auto& t : resource_targets) {
      ModuleInstance names;
      for (const auto& step : t.module.steps) names = names.child(step.name);
      hit = hit || (names == static_path && config_resource_key(t.module, t.resource) ==
                                                module_key(n.module->path) + "|" + n.name);
    }
    if (!hit) continue;
    target_seeds.insert(module_key(n.module->path) + "|" + n.name);
    stack.push_back(id);
  }
  walk_dependencies(std::move(stack), [&](const Node& dn) {
    if (dn.kind == Node::Kind::kResource)
      target_dependencies.insert(module_key(dn.module->path) + "|" + dn.name);
    return true;
  });
  // A resource a target names keeps to the targeted instances even when another targeted
  // resource depends on it (Terraform sets the targets on directly targeted nodes).
  for (const auto& seed : target_seeds) target_dependencies.erase(seed);
}

bool Engine::Impl::targeted(const AbsResourceInstance& a, bool orphan) {
  if (resource_targets.empty() && module_targets.empty()) return true;
  for (const auto& t : module_targets)
    if (module_target_matches(t, a.module, true)) return true;
  for (const auto& t : resource_targets)
    if (t.resource == a.resource && module_target_matches(t.module, a.module, false) &&
        (t.key.is_none() || t.key == a.key))
      return true;
  if (options.mode == plan::PlanMode::kDestroy) return false;
  const std::string key = config_resource_key(a.module, a.resource);
  if (target_dependencies.count(key)) return true;
  // As Terraform: instances left in module instances that no longer exist go with their
  // resource whenever any instance of it is targeted (module.m["c"] also deletes module.m["b"]).
  if (orphan && target_seeds.count(key)) {
    std::vector<std::string> path;
    for (const auto& step : a.module.steps) path.push_back(step.name);
    const auto& live = module_instances[module_key(path)];
    return std::find(live.begin(), live.end(), a.module) == live.end();
  }
  return false;
}

}  // namespace fgform::core
