// One resource instance up to its planned change: prior state, refresh, import and adoption,
// the provider's plan, taint and replacement.
#include "core/engine_impl.h"
#include "core/parallel_for.h"
#include "value/json_text_codec.h"

namespace fgform::core {

bool Engine::Impl::is_tainted(const AbsResourceInstance& a) {
  std::lock_guard lock(mu);
  const state::InstanceObject* found = working.find(a);
  return found && found->status == state::ObjectStatus::kTainted;
}

Value Engine::Impl::prior_value(const AbsResourceInstance& a, const schema::Schema& s,
                                Diagnostics& d) {
  Value v = unmarked_prior_value(a, s, d);
  return v.is_null() ? v : value::mark_paths(v, prior_marks(a));
}

std::vector<value::Path> Engine::Impl::prior_marks(const AbsResourceInstance& a) {
  std::lock_guard lock(mu);
  const state::InstanceObject* obj = working.find(a);
  return obj ? state::sensitive_paths(*obj) : std::vector<value::Path>{};
}

Value Engine::Impl::unmarked_prior_value(const AbsResourceInstance& a, const schema::Schema& s,
                                         Diagnostics& d) {
  // Read in place, outside the lock, not copied (a deep copy of its JSON tree per
  // decode): `working` is a tree of std::map nodes, which never move, and
  // an instance's object is replaced only by that instance's own node. The one other reader,
  // the refresh batch, reads objects whose nodes are waiting for it.
  const state::InstanceObject* obj = nullptr;
  {
    std::lock_guard lock(mu);
    obj = working.find(a);
    if (!obj) return Value::null(s.block.implied_type());
  }
  Value v;
  if (a.resource.mode == ResourceMode::kManaged) {
    auto up = validator->upgrade_state(
        a.resource.type, static_cast<std::int64_t>(obj->schema_version), obj->attributes.text());
    for (auto diag : up.diagnostics)
      d.add(std::move(diag).at(value::Path::attribute(a.to_string())));
    v = up.value;
  } else {
    auto dec = value::from_json_text(obj->attributes.text(), s.block.implied_type(),
                                     {.ignore_undefined_attributes = true});
    v = dec.ok() ? resources::conform(s.block, dec.value) : Value::null(s.block.implied_type());
  }
  return v;
}

void Engine::Impl::schema_sensitive_paths(const schema::Block& block, const Value& v,
                                          const value::Path& at, std::vector<value::Path>& out) {
  for (const auto& a : block.attributes)
    if (a.sensitive) out.push_back(at.attr(a.name));
  if (v.is_null() || !v.is_known()) return;
  for (const auto& nb : block.blocks) {
    if (!v.type().has_attribute(nb.name)) continue;
    Value bv = v.attribute(nb.name);
    if (bv.is_null() || !bv.is_known()) continue;
    const value::Path bp = at.attr(nb.name);
    switch (nb.nesting) {
      case schema::Nesting::kSingle:
      case schema::Nesting::kGroup:
        schema_sensitive_paths(nb.block, bv, bp, out);
        break;
      case schema::Nesting::kList: {
        std::int64_t i = 0;
        for (const auto& e : bv.elements()) schema_sensitive_paths(nb.block, e, bp.index(i++), out);
        break;
      }
      case schema::Nesting::kMap:
        for (const auto& [k, e] : bv.entries()) schema_sensitive_paths(nb.block, e, bp.key(k), out);
        break;
      case schema::Nesting::kSet:
        break;
    }
  }
}

state::InstanceObject Engine::Impl::object_for(const Value& v, const schema::Schema& s,
                                               const std::vector<std::string>& deps, bool cbd) {
  state::InstanceObject obj;
  obj.schema_version = static_cast<std::uint64_t>(s.version);
  auto j = value::to_json(v.without_marks(), s.block.implied_type());
  obj.attributes = j.value;
  // As Terraform writes sensitive_attributes: the value's marks plus the schema's sensitive
  // attributes, null or not, sorted by their printed path. (Without the schema's, Terraform
  // finds every fgform-written object changed and moves the serial on a no-op apply.)
  std::vector<value::Path> schema_paths;
  schema_sensitive_paths(s.block, v, value::Path(), schema_paths);
  auto paths = value::sensitive_paths_of(value::mark_paths(v, schema_paths));
  std::sort(paths.begin(), paths.end(), [](const value::Path& a, const value::Path& b) {
    return a.to_string() < b.to_string();
  });
  state::set_sensitive_paths(obj, paths);
  obj.dependencies = deps;
  obj.create_before_destroy = cbd;
  return obj;
}

std::vector<std::string> Engine::Impl::dependencies_of(const Node& n) {
  std::set<std::string> out;
  // Resources reached through locals, variables and outputs count too, as in Terraform; the
  // walk stops at each resource and at providers.
  walk_dependencies({*find(*n.module, n.name)}, [&](const Node& dn) {
    if (dn.kind == Node::Kind::kResource) {
      // As Terraform records them: configuration addresses without instance keys
      // (module.net.functiongraph_vpc.v), in any module, reached through module outputs
      // and input variables too. depends_on_instance() reads this form.
      std::string addr;
      for (const auto& call : dn.module->path) addr += "module." + call + ".";
      out.insert(addr + dn.name);
      return false;
    }
    return dn.kind != Node::Kind::kProvider;
  });
  return {out.begin(), out.end()};
}

void Engine::Impl::set_aggregate(const Node& n, const ModuleInstance& mi, const Expansion& e,
                                 const std::map<std::string, Value>& by_key) {
  Value agg;
  if (e.kind == Expansion::Kind::kSingle) {
    agg = by_key.count("") ? by_key.at("") : Value::null(value::Type::dynamic());
  } else if (e.kind == Expansion::Kind::kCount) {
    Value::Elements items;
    for (const auto& k : e.keys) items.push_back(by_key.at(k.to_string()));
    agg = Value::tuple(std::move(items));
  } else {
    Value::Entries items;
    for (const auto& k : e.keys) items.emplace(k.as_string(), by_key.at(k.to_string()));
    agg = Value::object(std::move(items));
  }
  std::lock_guard lock(mu);
  values[inst_key(mi)].resources[n.name] = agg;
}

void Engine::Impl::eval_resource(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
  const config::Resource& r = *n.resource;
  const schema::Schema* s = schema_for(to_state_mode(r.mode), r.type);
  if (!s) return;
  hcl::EvalContext ctx = scope(*n.module, mi, find(*n.module, n.name));
  auto e = expand(r.count, r.for_each, ctx, d);
  if (!e) return;
  AbsResource res{mi, {to_state_mode(r.mode), r.type, r.name}};
  std::map<std::string, Value> by_key;
  std::mutex by_key_mu;
  std::vector<std::string> deps =
      r.mode == config::Mode::kManaged ? dependencies_of(n) : std::vector<std::string>{};
  const bool data_deps_pending = r.mode == config::Mode::kData && phase == Phase::kPlan &&
                                 options.mode == plan::PlanMode::kNormal &&
                                 managed_dependency_pending(n, mi);
  std::vector<Diagnostics> per(e->keys.size());
  auto work = [&](std::size_t i) {
    const InstanceKey& k = e->keys[i];
    AbsResourceInstance a{mi, res.resource, k};
    Value v = Value::unknown(s->block.implied_type());
    try {
      hcl::EvalContext ictx = instance_scope(ctx, *e, k);
      v = r.mode == config::Mode::kData ? data_instance(r, *s, a, ictx, per[i], data_deps_pending)
                                        : managed_instance(r, *s, a, ictx, deps, per[i]);
    } catch (const std::exception& ex) {
      per[i].add(unexpected_exception(a.to_string(), ex));
    }
    std::lock_guard lock(by_key_mu);
    by_key[k.to_string()] = v;
  };
  // Instances of one resource are independent of each other: run them side by side.
  std::size_t threads = std::min<std::size_t>(std::max(1, options.parallelism), e->keys.size());
  if (threads <= 1) {
    for (std::size_t i = 0; i < e->keys.size(); ++i) work(i);
  } else {
    std::atomic<std::size_t> next = 0;
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        for (std::size_t i; (i = next++) < e->keys.size();) work(i);
      });
    for (auto& t : pool) t.join();
  }
  for (auto& pd : per) d.append(pd);
  {
    std::lock_guard lock(mu);
    for (const auto& k : e->keys) claimed.insert(AbsResourceInstance{mi, res.resource, k});
  }
  set_aggregate(n, mi, *e, by_key);
}

Value Engine::Impl::decode_config(const config::Resource& r, const schema::Schema& s,
                                  const hcl::EvalContext& ctx, Diagnostics& d) {
  if (!r.config) return resources::conform(s.block, Value::object(s.block.implied_type(), {}));
  auto decoded = lang::decode_body(*r.config, s.block, ctx);
  d.append(decoded.diagnostics);
  return decoded.value;
}

bool Engine::Impl::managed_dependency_pending(const Node& n, const ModuleInstance& mi) {
  std::set<std::string> referenced;  // type.name
  for (graph::NodeId dep : graph.dependencies(*find(*n.module, n.name))) {
    const Node& dn = nodes[dep];
    if (dn.kind == Node::Kind::kResource && dn.module == n.module &&
        dn.resource->mode == config::Mode::kManaged)
      referenced.insert(dn.resource->type + "." + dn.resource->name);
  }
  if (referenced.empty()) return false;
  const std::string module = mi.to_string();
  std::lock_guard lock(mu);
  for (const auto& c : result.changes)
    if (c.mode == plan::Mode::kManaged && c.action != Action::kNoOp && c.module_address == module &&
        referenced.count(c.type + "." + c.name))
      return true;
  return false;
}

Value Engine::Impl::data_instance(const config::Resource& r, const schema::Schema& s,
                                  const AbsResourceInstance& a, const hcl::EvalContext& ctx,
                                  Diagnostics& d, bool deps_pending) {
  Value cfg = decode_config(r, s, ctx, d);
  if (d.has_errors()) return Value::unknown(s.block.implied_type());
  for (auto diag : validator->validate_data_source(r.type, cfg)) d.add(std::move(diag));
  if (d.has_errors() || phase == Phase::kValidate) return Value::unknown(s.block.implied_type());
  if (!cfg.is_wholly_known() || deps_pending) {
    if (phase == Phase::kPlan) {
      plan::ResourceInstanceChange c = change_for(a, s);
      c.action = Action::kRead;
      c.reason = cfg.is_wholly_known() ? ActionReason::kReadBecauseDependencyPending
                                       : ActionReason::kReadBecauseConfigUnknown;
      c.after = Value::unknown(s.block.implied_type());
      std::lock_guard lock(mu);
      result.changes.push_back(std::move(c));
    }
    return Value::unknown(s.block.implied_type());
  }
  auto p = provider_for(r, d);
  if (!p) return Value::unknown(s.block.implied_type());
  auto started = Clock::now();
  auto read = p->read_data_source(r.type, cfg.without_marks());
  for (auto diag : read.diagnostics)
    d.add(std::move(diag).at(value::Path::attribute(a.to_string())));
  if (!read.ok()) return Value::unknown(s.block.implied_type());
  emit(Event::Kind::kRefreshComplete, a.to_string(), Action::kRead, id_of(read.value), started);
  std::lock_guard lock(mu);
  working.set(a, object_for(read.value, s, {}, false), kProviderAddress);
  return read.value;
}

plan::ResourceInstanceChange Engine::Impl::change_for(const AbsResourceInstance& a,
                                                      const schema::Schema& s) {
  plan::ResourceInstanceChange c;
  c.address = a.to_string();
  c.module_address = a.module.to_string();
  c.mode = a.resource.mode == ResourceMode::kData ? plan::Mode::kData : plan::Mode::kManaged;
  c.type = a.resource.type;
  c.name = a.resource.name;
  c.index_key = key_value(a.key);
  c.provider_address = kProviderAddress;
  c.schema = &s;
  c.before = Value::null(s.block.implied_type());
  c.after = Value::null(s.block.implied_type());
  return c;
}

Value Engine::Impl::apply_ignore_changes(const config::Resource& r, const schema::Schema& s,
                                         const Value& prior, const Value& cfg) {
  if (prior.is_null() || (!r.lifecycle.ignore_all_changes && r.lifecycle.ignore_changes.empty()))
    return cfg;
  Value out = cfg;
  for (const auto& a : s.block.attributes) {
    bool ignored = r.lifecycle.ignore_all_changes;
    for (const auto& t : r.lifecycle.ignore_changes)
      if (t.root == a.name) ignored = true;
    if (ignored && !(a.computed && !a.optional))
      out = with_attribute(out, a.name, prior.attribute(a.name));
  }
  for (const auto& nb : s.block.blocks) {
    bool ignored = r.lifecycle.ignore_all_changes;
    for (const auto& t : r.lifecycle.ignore_changes)
      if (t.root == nb.name) ignored = true;
    if (ignored) out = with_attribute(out, nb.name, prior.attribute(nb.name));
  }
  return out;
}

const config::Import* Engine::Impl::import_for(const AbsResourceInstance& a) {
  for (const auto& im : config.module.imports) {
    auto addr = state::parse_abs_resource_instance(hcl::traversal_to_string(im.to));
    if (addr.ok() && addr.value == a) return &im;
  }
  return nullptr;
}

Value Engine::Impl::managed_instance(const config::Resource& r, const schema::Schema& s,
                                     const AbsResourceInstance& a, const hcl::EvalContext& ctx,
                                     const std::vector<std::string>& deps, Diagnostics& d) {
  Value cfg = decode_config(r, s, ctx, d);
  if (d.has_errors()) return Value::unknown(s.block.implied_type());
  d.append(validator->validate_resource(r.type, cfg));
  if (d.has_errors() || phase == Phase::kValidate) return Value::unknown(s.block.implied_type());
  Value prior;
  // The prior without its marks, when a refresh batch decoded it: what the provider is sent,
  // rather than a copy without_marks() makes.
  std::optional<Value> unmarked_prior;
  if (phase == Phase::kPlan && options.refresh) await_refresh_batch(a);
  {
    std::unique_lock lock(mu);
    auto decoded = decoded_priors.extract(a.to_string());
    lock.unlock();
    if (decoded) {
      unmarked_prior = std::move(decoded.mapped());
      prior = value::mark_paths(*unmarked_prior, prior_marks(a));
    } else {
      prior = prior_value(a, s, d);
    }
  }
  if (phase == Phase::kApply) return apply_instance(r, s, a, prior, cfg, deps, d);

  // Plan.
  // Excluded by -target: the prior object, or unknown when there is none yet (a null would
  // make every reference to it an error, where Terraform does not evaluate those at all).
  if (!targeted(a)) return prior.is_null() ? Value::unknown(s.block.implied_type()) : prior;
  std::optional<std::string> import_id;
  auto p = provider_for(r, d);
  if (!p) return Value::unknown(s.block.implied_type());
  if (prior.is_null() && options.mode != plan::PlanMode::kDestroy) {
    if (const config::Import* im = import_for(a)) {
      auto id = im->id->evaluate(scope(config, ModuleInstance{}));
      d.append(id.diagnostics);
      if (!id.ok() || !id.value.is_known() || id.value.is_null() ||
          id.value.type() != value::Type::string()) {
        d.add(
            Diagnostic::error("Invalid import id argument", "The import ID must be a known string.")
                .at(im->id->range()));
        return Value::unknown(s.block.implied_type());
      }
      auto started = Clock::now();
      emit(Event::Kind::kImportStart, a.to_string(), Action::kNoOp, id.value.as_string(), started);
      auto read = import_object(*p, r.type, s, id.value.as_string());
      d.append(read.diagnostics);
      if (read.diagnostics.has_errors()) return Value::unknown(s.block.implied_type());
      if (read.value.is_null()) {
        d.add(Diagnostic::error("Cannot import non-existent remote object",
                                "While attempting to import an existing object to \"" +
                                    a.to_string() +
                                    "\", the provider detected that no object "
                                    "exists with the given id.")
                  .at(im->range));
        return Value::unknown(s.block.implied_type());
      }
      emit(Event::Kind::kImportComplete, a.to_string(), Action::kNoOp, id.value.as_string(),
           started);
      prior = read.value;
      import_id = id.value.as_string();
      std::lock_guard lock(mu);
      working.set(a, object_for(prior, s, deps, r.lifecycle.create_before_destroy),
                  kProviderAddress);
    }
  }
  if (auto pending = take_pending_create(a)) {
    // A create an interrupted run started and never recorded: adopt what it made.
    if (prior.is_null() && !import_id) {
      auto found = import_object(*p, r.type, s, pending->import_id);
      if (found.diagnostics.has_errors()) {
        restore_pending_create(a, *pending);  // the platform could not tell: ask again next run
        d.append(found.diagnostics);
        return Value::unknown(s.block.implied_type());
      }
      if (!found.value.is_null()) {
        d.add(adopted_warning(a.to_string(), *pending).at(r.range));
        prior = found.value;
        import_id = pending->import_id;
        std::lock_guard lock(mu);
        working.set(a, object_for(prior, s, deps, r.lifecycle.create_before_destroy),
                    kProviderAddress);
      }
    }
  }
  if (!prior.is_null() && options.refresh && !import_id) {
    auto started = Clock::now();
    emit(Event::Kind::kRefreshStart, a.to_string(), Action::kNoOp, id_of(prior), started);
    const Value sent = unmarked_prior ? *unmarked_prior : prior.without_marks();
    unmarked_prior.reset();
    auto read = p->reads_in_batches(r.type) ? refresh(*p, a, s, sent) : p->read(r.type, sent);
    d.append(read.diagnostics);
    if (!read.ok()) return prior;
    Value refreshed = read.value;
    // An answer that is the object sent is the prior, marks and all: not marked again.
    if (!refreshed.is_null())
      refreshed = refreshed.shares_payload(sent)
                      ? prior
                      : value::mark_paths(refreshed, value::sensitive_paths_of(prior));
    emit(Event::Kind::kRefreshComplete, a.to_string(), Action::kNoOp, id_of(prior), started);
    if (refreshed != prior) {
      plan::ResourceDrift drift;
      drift.address = a.to_string();
      drift.mode = plan::Mode::kManaged;
      drift.type = a.resource.type;
      drift.name = a.resource.name;
      drift.index_key = key_value(a.key);
      drift.provider_address = kProviderAddress;
      drift.before = prior;
      drift.after = refreshed;
      drift.schema = &s;
      std::lock_guard lock(mu);
      result.drift.push_back(std::move(drift));
      if (refreshed.is_null()) {
        working.remove(a);
      } else {
        auto obj = object_for(refreshed, s, deps, r.lifecycle.create_before_destroy);
        // A refresh does not untaint: the object still has to be replaced.
        if (const auto* old = working.find(a)) obj.status = old->status;
        working.set(a, std::move(obj), kProviderAddress);
      }
    }
    prior = refreshed;
  }
  plan::ResourceInstanceChange c = change_for(a, s);
  c.before = prior;
  c.import_id = import_id;
  // Objects that do not exist are not planned in these modes; what refers to them sees an
  // unknown value rather than failing on a null one.
  if (options.mode == plan::PlanMode::kRefreshOnly)
    return prior.is_null() ? Value::unknown(s.block.implied_type()) : prior;
  if (options.mode == plan::PlanMode::kDestroy) {
    if (prior.is_null()) return Value::unknown(s.block.implied_type());
    c.action = Action::kDelete;
    if (r.lifecycle.prevent_destroy) prevent_destroy_error(r, a, d);
    std::lock_guard lock(mu);
    result.changes.push_back(std::move(c));
    return prior;
  }
  // A tainted object is planned as if there were none, and the change replaces it
  // (Terraform's "is tainted, so must be replaced"), whatever the configuration says.
  const bool tainted = !prior.is_null() && is_tainted(a);
  const Value plan_prior = tainted ? Value::null(s.block.implied_type()) : prior;
  cfg = apply_ignore_changes(r, s, plan_prior, cfg);
  auto planned =
      p->plan(r.type, plan_prior.without_marks(),
              plan::proposed_new(s.block, plan_prior.without_marks(), cfg.without_marks()),
              cfg.without_marks());
  d.append(planned.diagnostics);
  Value after = mark_like(planned.planned, cfg, plan_prior);
  bool replace_requested = replace_set.count(a.to_string()) > 0;
  if (tainted) {
    c.action =
        r.lifecycle.create_before_destroy ? Action::kCreateThenDelete : Action::kDeleteThenCreate;
    c.reason = ActionReason::kReplaceBecauseTainted;
    if (r.lifecycle.prevent_destroy) prevent_destroy_error(r, a, d);
  } else if (prior.is_null()) {
    c.action = Action::kCreate;
  } else if (!planned.requires_replace.empty() || replace_requested) {
    c.action =
        r.lifecycle.create_before_destroy ? Action::kCreateThenDelete : Action::kDeleteThenCreate;
    c.reason = replace_requested ? ActionReason::kReplaceByRequest
                                 : ActionReason::kReplaceBecauseCannotUpdate;
    c.replace_paths = planned.requires_replace;
    auto fresh = p->plan(
        r.type, Value::null(s.block.implied_type()),
        plan::proposed_new(s.block, Value::null(s.block.implied_type()), cfg.without_marks()),
        cfg.without_marks());
    after = mark_like(fresh.planned, cfg, Value::null(s.block.implied_type()));
    if (r.lifecycle.prevent_destroy) prevent_destroy_error(r, a, d);
  } else if (planned.planned == prior.without_marks()) {
    c.action = Action::kNoOp;
    // The planned object is the prior one: keep one copy in the plan, not two (most of a large
    // no-op plan's memory), unless the marks differ.
    if (value::sensitive_paths_of(after) == value::sensitive_paths_of(prior)) after = prior;
  } else {
    c.action = Action::kUpdate;
  }
  c.after = after;
  std::lock_guard lock(mu);
  result.changes.push_back(std::move(c));
  return after;
}

Value Engine::Impl::mark_like(const Value& planned, const Value& cfg, const Value& prior) {
  std::vector<value::Path> paths = value::sensitive_paths_of(cfg);
  for (auto& p : value::sensitive_paths_of(prior)) paths.push_back(std::move(p));
  return value::mark_paths(planned, paths);
}

void Engine::Impl::prevent_destroy_error(const config::Resource& r, const AbsResourceInstance& a,
                                         Diagnostics& d) {
  d.add(Diagnostic::error("Instance cannot be destroyed",
                          "Resource " + a.to_string() +
                              " has lifecycle.prevent_destroy set, but the plan calls for this "
                              "resource to be destroyed. To avoid this error and continue with "
                              "the plan, either disable lifecycle.prevent_destroy or reduce the "
                              "scope of the plan using the -target flag.")
            .at(r.range));
}

void Engine::Impl::fill_refresh_batch(RefreshBatch& batch, Provider& p, const std::string& type,
                                      const std::string& provider_address, const schema::Schema& s,
                                      const AbsResourceInstance* starter,
                                      const Value* starter_prior) {
  // Every instance of this type with a current object under the same provider, as the prior
  // state has it: the state is not yet changed by this run's refresh, which waits for this.
  std::vector<AbsResourceInstance> addresses;
  {
    std::lock_guard lock(mu);
    for (const auto& [ra, rs] : working.resources) {
      if (ra.resource.mode != ResourceMode::kManaged || ra.resource.type != type ||
          rs.provider != provider_address)
        continue;
      for (const auto& [key, instance] : rs.instances)
        if (instance.current) addresses.push_back(AbsResourceInstance{ra.module, ra.resource, key});
    }
  }
  const auto is_starter = [&](const AbsResourceInstance& x) { return starter && x == *starter; };
  // Decoded on every core: each instance of the type waits for this batch, so this was the
  // serial part of a refresh (0.8 s for 10,000 functions on one core).
  std::vector<Value> decoded_all(addresses.size());
  std::vector<Diagnostics> upgrades(addresses.size());
  parallel_for(addresses.size(), [&](std::size_t i) {
    // The instance that started the batch decoded its own already.
    decoded_all[i] = is_starter(addresses[i]) ? *starter_prior
                                              : unmarked_prior_value(addresses[i], s, upgrades[i]);
  });
  std::vector<AbsResourceInstance> batched;
  std::vector<Value> priors;
  std::map<std::string, Value> decoded;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const AbsResourceInstance& x = addresses[i];
    Value& v = decoded_all[i];
    if (!is_starter(x) && (upgrades[i].has_errors() || v.is_null())) continue;
    batched.push_back(x);
    priors.push_back(v);
    // Kept for the instance's own planning unless decoding had something to say, which the
    // instance then says itself.
    if (!is_starter(x) && upgrades[i].empty()) decoded.emplace(x.to_string(), std::move(v));
  }
  decoded_all.clear();
  auto answers = p.read_many(type, priors);
  std::lock_guard lock(mu);
  decoded_priors.merge(decoded);
  for (std::size_t i = 0; i < batched.size() && i < answers.size(); ++i)
    batch.answers.emplace(batched[i].to_string(), std::move(answers[i]));
}

std::string Engine::Impl::state_provider(const AbsResourceInstance& a) {
  std::lock_guard lock(mu);
  const auto* rs = working.find_resource(a.containing());
  return rs ? rs->provider : std::string();
}

std::shared_ptr<Engine::Impl::RefreshBatch> Engine::Impl::refresh_batch(
    const std::string& provider_address, const std::string& type, bool make) {
  std::lock_guard lock(mu);
  const std::string key = provider_address + "|" + type;
  if (!make) {
    auto it = refresh_batches.find(key);
    return it == refresh_batches.end() ? nullptr : it->second;
  }
  auto& slot = refresh_batches[key];
  if (!slot) slot = std::make_shared<RefreshBatch>();
  return slot;
}

void Engine::Impl::start_refresh_batches(const std::shared_ptr<Provider>& p) {
  if (phase != Phase::kPlan || !options.refresh || !p) return;
  // Only where every instance is sure to be refreshed by this provider: no -target (which may
  // leave a type unread) and no provider configurations but the default one.
  if (!resource_targets.empty() || !module_targets.empty() || !only_default_provider(config))
    return;
  std::map<std::string, const schema::Schema*> types;
  {
    std::lock_guard lock(mu);
    for (const auto& [ra, rs] : working.resources) {
      if (ra.resource.mode != ResourceMode::kManaged || rs.provider != kProviderAddress) continue;
      if (const auto* s = schema_for(ResourceMode::kManaged, ra.resource.type))
        types.emplace(ra.resource.type, s);
    }
  }
  for (const auto& [type, s] : types) {
    if (!p->reads_in_batches(type)) continue;
    auto batch = refresh_batch(kProviderAddress, type);
    // The instances take their answers from the batch when they come to refresh (refresh()),
    // waiting for it if it is not done: started here, it runs while the walk decodes and
    // validates their configurations. Should it fail, the first instance to refresh runs it
    // again (call_once lets another caller try when one throws).
    std::shared_future<void> started =
        std::async(std::launch::async, [this, batch, p, type = type, s = s] {
          std::call_once(batch->once, [&] {
            fill_refresh_batch(*batch, *p, type, kProviderAddress, *s, nullptr, nullptr);
          });
        }).share();
    std::lock_guard lock(mu);
    batch->started = started;
    prefetches.push_back(std::move(started));
  }
}

void Engine::Impl::await_refresh_batch(const AbsResourceInstance& a) {
  auto batch = refresh_batch(state_provider(a), a.resource.type, /*make=*/false);
  if (!batch) return;
  std::shared_future<void> started;
  {
    std::lock_guard lock(mu);  // start_refresh_batches sets it under the lock
    started = batch->started;
  }
  if (started.valid()) started.wait();
}

bool Engine::Impl::only_default_provider(const config::Config& c) {
  for (const auto& [key, r] : c.module.resources)
    if (!r.provider_alias.empty()) return false;
  for (const auto& [key, child] : c.children)
    if (!child || !only_default_provider(*child)) return false;
  return true;
}

void Engine::Impl::wait_for_refresh_batches() {
  // A batch that failed is run again by the first instance to refresh (see
  // start_refresh_batches), which reports what goes wrong: its own failure is not rethrown.
  std::vector<std::shared_future<void>> started;
  {
    std::lock_guard lock(mu);
    started.swap(prefetches);
  }
  for (auto& f : started) f.wait();
}

Outcome Engine::Impl::refresh(Provider& p, const AbsResourceInstance& a, const schema::Schema& s,
                              const Value& prior) {
  const std::string provider_address = state_provider(a);
  std::shared_ptr<RefreshBatch> batch = refresh_batch(provider_address, a.resource.type);
  std::call_once(batch->once, [&] {
    fill_refresh_batch(*batch, p, a.resource.type, provider_address, s, &a, &prior);
  });
  // Each answer is taken once: the batch shrinks as the walk consumes it.
  {
    std::lock_guard lock(mu);
    if (auto node = batch->answers.extract(a.to_string())) return std::move(node.mapped());
  }
  return p.read(a.resource.type, prior);
}

}  // namespace fgform::core
