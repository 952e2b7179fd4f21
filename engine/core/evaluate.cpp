// Evaluation: scopes, count/for_each and module expansion, and the nodes that are not
// resources (providers, variables, locals, outputs, module calls).
#include "core/engine_impl.h"

namespace fgform::core {

std::string Engine::Impl::inst_key(const ModuleInstance& mi) {
  return mi.to_string();
}

const config::Config* Engine::Impl::parent_of(const config::Config& m) const {
  const config::Config* parent = &config;
  for (std::size_t i = 0; i + 1 < m.path.size(); ++i) parent = parent->children.at(m.path[i]).get();
  return parent;
}

Value Engine::Impl::module_value(const ModuleInstance& mi, const std::string& call) {
  auto it = call_expansions.find(inst_key(mi) + "|" + call);
  if (it == call_expansions.end()) return Value::unknown(value::Type::dynamic());
  auto one = [&](const InstanceKey& k) {
    auto vit = values.find(inst_key(mi.child(call, k)));
    Value::Entries out;
    if (vit != values.end())
      for (const auto& [n, v] : vit->second.outputs) out.emplace(n, v);
    return Value::object(std::move(out));
  };
  const Expansion& e = it->second;
  if (e.kind == Expansion::Kind::kSingle) return one(InstanceKey{});
  if (e.kind == Expansion::Kind::kCount) {
    Value::Elements items;
    for (const auto& k : e.keys) items.push_back(one(k));
    return Value::tuple(std::move(items));
  }
  Value::Entries items;
  for (const auto& k : e.keys) items.emplace(k.as_string(), one(k));
  return Value::object(std::move(items));
}

hcl::EvalContext Engine::Impl::scope(const config::Config& m, const ModuleInstance& mi,
                                     std::optional<graph::NodeId> referrer) {
  std::lock_guard lock(mu);
  hcl::EvalContext ctx;
  ctx.functions = &functions;
  ModuleValues& mv = values[inst_key(mi)];
  Value::Entries vars, locals;
  auto add_variable = [&](const std::string& name) {
    auto it = mv.vars.find(name);
    vars.emplace(
        name, it != mv.vars.end() ? it->second : Value::unknown(m.module.variables.at(name).type));
  };
  auto add_local = [&](const std::string& name) {
    auto it = mv.locals.find(name);
    locals.emplace(name,
                   it != mv.locals.end() ? it->second : Value::unknown(value::Type::dynamic()));
  };
  if (referrer) {
    // Only the variables and locals the referrer refers to (its graph dependencies, and
    // itself for a variable's validation rules): copying all of them into every scope made
    // N locals cost O(N²) (8,000 locals took 51 s).
    auto add_named = [&](const Node& dn) {
      if (dn.module != &m) return;
      if (dn.kind == Node::Kind::kVariable) add_variable(dn.name);
      if (dn.kind == Node::Kind::kLocal) add_local(dn.name);
    };
    add_named(nodes[*referrer]);
    for (graph::NodeId dep : graph.dependencies(*referrer)) add_named(nodes[dep]);
  } else {
    for (const auto& [name, v] : m.module.variables) add_variable(name);
    for (const auto& [name, l] : m.module.locals) add_local(name);
  }
  ctx.variables["var"] = Value::object(std::move(vars));
  ctx.variables["local"] = Value::object(std::move(locals));
  Value::Entries modules;
  if (referrer) {
    for (graph::NodeId dep : graph.dependencies(*referrer)) {
      const Node& dn = nodes[dep];
      if (dn.kind == Node::Kind::kModuleCall && dn.module == &m && !modules.count(dn.name))
        modules.emplace(dn.name, module_value(mi, dn.name));
    }
  } else {
    for (const auto& [name, call] : m.module.module_calls)
      modules.emplace(name, module_value(mi, name));
  }
  ctx.variables["module"] = Value::object(std::move(modules));
  std::map<std::string, Value::Entries> managed, data;
  auto add_resource = [&](const std::string& key, const config::Resource& r) {
    auto it = mv.resources.find(key);
    Value v = it != mv.resources.end() ? it->second : Value::unknown(value::Type::dynamic());
    (r.mode == config::Mode::kData ? data : managed)[r.type].emplace(r.name, v);
  };
  if (referrer) {
    for (graph::NodeId dep : graph.dependencies(*referrer)) {
      const Node& dn = nodes[dep];
      if (dn.kind == Node::Kind::kResource && dn.module == &m) add_resource(dn.name, *dn.resource);
    }
  } else {
    for (const auto& [key, r] : m.module.resources) add_resource(key, r);
  }
  for (auto& [type, entries] : managed) ctx.variables[type] = Value::object(std::move(entries));
  Value::Entries data_types;
  for (auto& [type, entries] : data) data_types.emplace(type, Value::object(std::move(entries)));
  ctx.variables["data"] = Value::object(std::move(data_types));
  namespace fs = std::filesystem;
  ctx.variables["path"] = Value::object({{"module", Value::string(m.module.dir)},
                                         {"root", Value::string(config.module.dir)},
                                         {"cwd", Value::string(fs::current_path().string())}});
  ctx.variables["terraform"] = Value::object({{"workspace", Value::string(options.workspace)}});
  return ctx;
}

std::optional<Expansion> Engine::Impl::expand(const hcl::ExprPtr& count,
                                              const hcl::ExprPtr& for_each,
                                              const hcl::EvalContext& ctx, Diagnostics& d) {
  Expansion e;
  if (count) {
    auto v = count->evaluate(ctx);
    d.append(v.diagnostics);
    if (!v.ok()) return std::nullopt;
    if (!v.value.is_known()) {
      d.add(Diagnostic::error("Invalid count argument",
                              "The \"count\" value depends on resource attributes that cannot "
                              "be determined until apply, so fgform cannot predict how many "
                              "instances will be created.")
                .at(count->range()));
      return std::nullopt;
    }
    auto n = value::convert(v.value.without_marks(), value::Type::number());
    std::optional<std::int64_t> i;
    if (n.ok() && !n.value.is_null()) i = n.value.as_number().to_int64();
    if (!i || *i < 0 || !n.value.as_number().is_integer()) {
      d.add(Diagnostic::error("Invalid count argument",
                              "The given \"count\" argument value is unsuitable: must be a "
                              "whole number greater than or equal to zero.")
                .at(count->range()));
      return std::nullopt;
    }
    e.kind = Expansion::Kind::kCount;
    for (std::int64_t k = 0; k < *i; ++k) e.keys.push_back(InstanceKey::integer(k));
    return e;
  }
  if (for_each) {
    auto v = for_each->evaluate(ctx);
    d.append(v.diagnostics);
    if (!v.ok()) return std::nullopt;
    const Value& c = v.value;
    if (!c.is_wholly_known()) {
      d.add(Diagnostic::error("Invalid for_each argument",
                              "The \"for_each\" value depends on resource attributes that "
                              "cannot be determined until apply, so fgform cannot predict how "
                              "many instances will be created.")
                .at(for_each->range()));
      return std::nullopt;
    }
    if (c.is_sensitive()) {
      d.add(Diagnostic::error("Invalid for_each argument",
                              "Sensitive values, or values derived from sensitive values, "
                              "cannot be used as for_each arguments.")
                .at(for_each->range()));
      return std::nullopt;
    }
    e.kind = Expansion::Kind::kEach;
    auto kind = c.is_null() ? value::Type::Kind::kDynamic : c.type().kind();
    if (kind == value::Type::Kind::kMap || kind == value::Type::Kind::kObject) {
      for (const auto& [k, item] : c.entries()) {
        e.keys.push_back(InstanceKey::string(k));
        e.each_values[k] = item;
      }
      return e;
    }
    if (kind == value::Type::Kind::kSet) {
      for (const auto& item : c.elements()) {
        if (item.is_null() || item.type() != value::Type::string()) {
          d.add(Diagnostic::error("Invalid for_each set argument",
                                  "The given \"for_each\" argument value is unsuitable: "
                                  "\"for_each\" supports sets of strings, but you have provided "
                                  "a set containing type " +
                                      item.type().friendly_name() + ".")
                    .at(for_each->range()));
          return std::nullopt;
        }
        e.keys.push_back(InstanceKey::string(item.as_string()));
        e.each_values[item.as_string()] = item;
      }
      return e;
    }
    d.add(Diagnostic::error("Invalid for_each argument",
                            "The given \"for_each\" argument value is unsuitable: the "
                            "\"for_each\" argument must be a map, or set of strings, and you "
                            "have provided a value of type " +
                                (c.is_null() ? std::string("null") : c.type().friendly_name()) +
                                ".")
              .at(for_each->range()));
    return std::nullopt;
  }
  e.keys.push_back(InstanceKey{});
  return e;
}

hcl::EvalContext Engine::Impl::instance_scope(const hcl::EvalContext& parent, const Expansion& e,
                                              const InstanceKey& k) {
  hcl::EvalContext child;
  child.parent = &parent;
  if (e.kind == Expansion::Kind::kCount)
    child.variables["count"] = Value::object({{"index", Value::number(k.as_int())}});
  if (e.kind == Expansion::Kind::kEach)
    child.variables["each"] = Value::object(
        {{"key", Value::string(k.as_string())}, {"value", e.each_values.at(k.as_string())}});
  return child;
}

std::vector<ModuleInstance> Engine::Impl::instances_of(const config::Config& m) {
  std::lock_guard lock(mu);
  return module_instances[module_key(m.path)];
}

Diagnostic Engine::Impl::unexpected_exception(const std::string& subject,
                                              const std::exception& e) const {
  const char* doing = phase == Phase::kApply  ? "applying"
                      : phase == Phase::kPlan ? "planning"
                                              : "validating";
  return resources::unexpected_exception(doing, subject, e);
}

bool Engine::Impl::visit(graph::NodeId id) {
  const Node& n = nodes[id];
  Diagnostics d;
  for (const auto& mi : instances_of(*n.module)) {
    try {
      switch (n.kind) {
        case Node::Kind::kProvider:
          eval_provider(n, d);
          break;
        case Node::Kind::kVariable:
          eval_variable(n, mi, d);
          break;
        case Node::Kind::kLocal:
          eval_local(n, mi, d);
          break;
        case Node::Kind::kOutput:
          eval_output(n, mi, d);
          break;
        case Node::Kind::kModuleCall:
          eval_call(n, mi, d);
          break;
        case Node::Kind::kResource:
          eval_resource(n, mi, d);
          break;
      }
    } catch (const std::exception& e) {
      const std::string module = mi.to_string();
      d.add(unexpected_exception((module.empty() ? "" : module + ".") + n.name, e));
    }
  }
  std::lock_guard lock(mu);
  bool ok = !d.has_errors();
  diags.append(d);
  return ok;
}

void Engine::Impl::eval_provider(const Node& n, Diagnostics& d) {
  const auto& block = schema::Registry::builtin().provider().block;
  Value cfg = Value::null(block.implied_type());
  if (n.provider->config) {
    auto decoded =
        lang::decode_body(*n.provider->config, block, scope(config, ModuleInstance{}, node_id(n)));
    d.append(decoded.diagnostics);
    if (!decoded.ok()) return;
    cfg = decoded.value;
  } else {
    cfg = resources::conform(block, Value::object(block.implied_type(), {}));
  }
  d.append(validator->validate_provider(cfg));
  if (d.has_errors() || phase == Phase::kValidate) return;
  if (!cfg.is_wholly_known()) {
    d.add(Diagnostic::error("Provider configuration depends on values not known yet",
                            "The provider block refers to values known only after apply; "
                            "fgform cannot configure the provider from them.")
              .at(n.provider->range));
    return;
  }
  std::shared_ptr<Provider> configured =
      std::make_shared<LimitedProvider>(provider_factory(), operation_slots);
  const auto configure_diags = configured->configure(cfg.without_marks());
  d.append(configure_diags);
  if (configure_diags.has_errors()) return;
  if (n.provider->alias.empty()) {
    {
      std::lock_guard lock(mu);
      provider = configured;
    }
    start_refresh_batches(configured);
  } else {
    std::lock_guard lock(mu);
    aliased_providers[n.provider->alias] = std::move(configured);
  }
}

void Engine::Impl::eval_variable(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
  const config::Config& m = *n.module;
  const auto& var = m.module.variables.at(n.name);
  Value v;
  bool given = false;
  value::SourceRange where = var.range;
  if (m.path.empty()) {
    auto it = options.variables.find(n.name);
    if (it != options.variables.end()) {
      v = it->second;
      given = true;
    }
  } else {
    const config::Config* parent = parent_of(m);
    const auto& call = parent->module.module_calls.at(m.path.back());
    for (const auto& in : call.inputs) {
      if (in.name != n.name) continue;
      ModuleInstance pmi = mi.parent();
      hcl::EvalContext pctx = scope(*parent, pmi, node_id(n));
      Expansion e;
      {
        std::lock_guard lock(mu);
        e = call_expansions[inst_key(pmi) + "|" + call.name];
      }
      hcl::EvalContext ictx = instance_scope(pctx, e, mi.steps.back().key);
      auto r = in.expr->evaluate(ictx);
      d.append(r.diagnostics);
      v = r.value;
      given = true;
      where = in.expr->range();
    }
  }
  if (!given || (v.is_null() && !var.nullable)) {
    if (var.default_value) {
      v = *var.default_value;
    } else if (!given && phase == Phase::kValidate && m.path.empty()) {
      // validate checks the configuration without input values, as Terraform does: an unset
      // root variable is unknown there, not an error that would skip everything using it.
      v = Value::unknown(var.type);
    } else if (!given) {
      d.add(Diagnostic::error(
                m.path.empty() ? "No value for required variable" : "Missing required argument",
                m.path.empty()
                    ? "The root module input variable \"" + n.name +
                          "\" is not set, and has no default value. Use a -var "
                          "or -var-file command line argument to provide a "
                          "value for this variable."
                    : "The argument \"" + n.name + "\" is required, but no definition was found.")
                .at(var.range));
      v = Value::unknown(var.type);
    }
  }
  auto converted = value::convert(v, var.type);
  if (!converted.ok()) {
    d.add(Diagnostic::error("Invalid value for input variable",
                            "The given value is not suitable for var." + n.name + " declared at " +
                                var.range.filename + ":" + std::to_string(var.range.start.line) +
                                ": " + converted.error + ".")
              .at(where));
    v = Value::unknown(var.type);
  } else {
    v = converted.value;
  }
  if (v.is_null() && !var.nullable) {
    d.add(Diagnostic::error("Invalid value for input variable",
                            "The given value is not suitable for var." + n.name +
                                ": required variable may not be set to null.")
              .at(where));
  }
  if (var.sensitive) v = v.marked_sensitive();
  {
    std::lock_guard lock(mu);
    values[inst_key(mi)].vars[n.name] = v;
  }
  for (const auto& val : var.validations) {
    hcl::EvalContext ctx = scope(m, mi, node_id(n));
    auto c = val.condition->evaluate(ctx);
    d.append(c.diagnostics);
    if (!c.ok() || !c.value.is_known()) continue;
    auto b = value::convert(c.value.without_marks(), value::Type::boolean());
    if (!b.ok() || b.value.is_null()) {
      d.add(Diagnostic::error("Invalid validation result", "The condition must be a bool value.")
                .at(val.condition->range()));
      continue;
    }
    if (b.value.as_bool()) continue;
    std::string message = "Invalid value for variable";
    auto msg = val.error_message->evaluate(ctx);
    if (msg.ok() && msg.value.is_known() && !msg.value.is_null() &&
        msg.value.type() == value::Type::string())
      message = msg.value.as_string();
    d.add(Diagnostic::error("Invalid value for variable",
                            message + "\n\nThis was checked by the validation rule at " +
                                val.range.filename + ":" + std::to_string(val.range.start.line) +
                                ".")
              .at(where));
  }
}

void Engine::Impl::eval_local(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
  const auto& l = n.module->module.locals.at(n.name);
  auto r = l.expr->evaluate(scope(*n.module, mi, node_id(n)));
  d.append(r.diagnostics);
  std::lock_guard lock(mu);
  values[inst_key(mi)].locals[n.name] = r.value;
}

void Engine::Impl::eval_output(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
  const auto& o = n.module->module.outputs.at(n.name);
  auto r = o.expr->evaluate(scope(*n.module, mi, node_id(n)));
  d.append(r.diagnostics);
  Value v = r.value;
  if (n.module->path.empty() && v.contains_sensitive() && !o.sensitive) {
    d.add(Diagnostic::error("Output refers to sensitive values",
                            "To reduce the risk of accidentally exporting sensitive data that "
                            "was intended to be only internal, fgform requires that any root "
                            "module output containing sensitive data be explicitly marked as "
                            "sensitive, to confirm your intent.\n\nIf you do intend to export "
                            "this data, annotate the output value as sensitive by adding the "
                            "following argument:\n    sensitive = true")
              .at(o.range));
  }
  if (o.sensitive) v = v.marked_sensitive();
  std::lock_guard lock(mu);
  values[inst_key(mi)].outputs[n.name] = v;
}

void Engine::Impl::eval_call(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
  hcl::EvalContext ctx = scope(*n.module, mi, node_id(n));
  auto e = expand(n.call->count, n.call->for_each, ctx, d);
  if (!e) return;
  auto child = n.module->children.find(n.name);
  std::lock_guard lock(mu);
  call_expansions[inst_key(mi) + "|" + n.name] = *e;
  if (child == n.module->children.end()) return;
  auto& list = module_instances[module_key(child->second->path)];
  for (const auto& k : e->keys) list.push_back(mi.child(n.name, k));
}

void Engine::Impl::emit(Event::Kind kind, const std::string& address, Action action,
                        const std::string& id, Clock::time_point started) {
  if (!options.on_event) return;
  Event e;
  e.kind = kind;
  e.address = address;
  e.action = action;
  e.id = id;
  e.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  std::lock_guard lock(event_mu);
  options.on_event(e);
}

std::shared_ptr<Provider> Engine::Impl::provider_for(const config::Resource& r, Diagnostics& d) {
  std::lock_guard lock(mu);
  if (r.provider_alias.empty()) {
    if (!provider)
      d.add(Diagnostic::error("Provider not configured",
                              "The functiongraph provider could not be configured; "
                              "see the errors above."));
    return provider;
  }
  auto it = aliased_providers.find(r.provider_alias);
  if (it == aliased_providers.end() || !it->second) {
    d.add(Diagnostic::error("Provider configuration not present",
                            "functiongraph." + r.provider_alias + " is not configured.")
              .at(r.range));
    return nullptr;
  }
  return it->second;
}

void Engine::Impl::plan_outputs() {
  const auto& root = values[inst_key(ModuleInstance{})];
  for (const auto& [name, o] : config.module.outputs) {
    plan::OutputChange oc;
    oc.name = name;
    oc.sensitive = o.sensitive;
    auto it = working.outputs.find(name);
    auto vit = root.outputs.find(name);
    oc.after = vit != root.outputs.end() ? vit->second : Value::null(value::Type::dynamic());
    if (options.mode == plan::PlanMode::kDestroy) oc.after = Value::null(value::Type::dynamic());
    if (it != working.outputs.end()) {
      auto t = value::Type::from_json(it->second.type);
      if (t) {
        auto v = value::from_json(it->second.value, *t);
        oc.before = v.value;
      }
    } else {
      oc.before = Value::null(value::Type::dynamic());
    }
    if (oc.before.is_null() && !oc.after.is_null()) {
      oc.action = Action::kCreate;
    } else if (!oc.before.is_null() && oc.after.is_null()) {
      oc.action = Action::kDelete;
    } else if (oc.after.is_known() && oc.before.without_marks() == oc.after.without_marks()) {
      oc.action = Action::kNoOp;
    } else if (oc.before.is_null() && oc.after.is_null()) {
      oc.action = Action::kNoOp;
    } else {
      oc.action = Action::kUpdate;
    }
    result.outputs.push_back(std::move(oc));
  }
  for (const auto& [name, ov] : working.outputs) {
    if (config.module.outputs.count(name)) continue;
    plan::OutputChange oc;
    oc.name = name;
    oc.action = Action::kDelete;
    auto t = value::Type::from_json(ov.type);
    if (t) oc.before = value::from_json(ov.value, *t).value;
    oc.after = Value::null(value::Type::dynamic());
    result.outputs.push_back(std::move(oc));
  }
}

}  // namespace fgform::core
