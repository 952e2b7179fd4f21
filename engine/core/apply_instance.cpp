// One resource instance applied: create, update, replace or delete, with Terraform's
// consistency checks, each result persisted at once and every create journalled first.
#include "core/engine_impl.h"

namespace fgform::core {

void Engine::Impl::persist(const AbsResourceInstance& a, const state::InstanceObject* obj,
                           Diagnostics& d) {
  std::lock_guard lock(mu);
  if (obj) {
    working.set(a, *obj, kProviderAddress);
  } else {
    working.remove(a);
  }
  if (backend) d.append(backend->persist_instance(a, obj, kProviderAddress));
}

void Engine::Impl::persist_created(const AbsResourceInstance& a, const state::InstanceObject& obj,
                                   Diagnostics& d) {
  std::lock_guard lock(mu);
  working.set(a, obj, kProviderAddress);
  working.pending_creates.erase(a.to_string());
  if (backend) d.append(backend->persist_created(a, obj, kProviderAddress));
}

void Engine::Impl::persist_pending_create(const AbsResourceInstance& a,
                                          const state::PendingCreate* pending, Diagnostics& d) {
  std::lock_guard lock(mu);
  if (pending) {
    working.pending_creates[a.to_string()] = *pending;
  } else {
    working.pending_creates.erase(a.to_string());
  }
  if (backend) d.append(backend->persist_pending_create(a, pending));
}

std::optional<state::PendingCreate> Engine::Impl::take_pending_create(
    const AbsResourceInstance& a) {
  std::lock_guard lock(mu);
  pending_seen.insert(a.to_string());
  auto it = working.pending_creates.find(a.to_string());
  if (it == working.pending_creates.end()) return std::nullopt;
  auto pending = std::move(it->second);
  working.pending_creates.erase(it);
  return pending;
}

void Engine::Impl::restore_pending_create(const AbsResourceInstance& a,
                                          const state::PendingCreate& pending) {
  std::lock_guard lock(mu);
  working.pending_creates[a.to_string()] = pending;
}

Value Engine::Impl::apply_instance(const config::Resource& r, const schema::Schema& s,
                                   const AbsResourceInstance& a, const Value& prior,
                                   const Value& cfg_in, const std::vector<std::string>& deps,
                                   Diagnostics& d) {
  const plan::ResourceInstanceChange* c = nullptr;
  {
    std::lock_guard lock(mu);
    auto it = planned_changes.find(a.to_string());
    if (it != planned_changes.end()) c = it->second;
  }
  if (!c && prior.is_null()) return Value::unknown(s.block.implied_type());  // see -target
  if (!c || c->action == Action::kNoOp || c->action == Action::kRead) return prior;
  auto p = provider_for(r, d);
  if (!p) return prior;
  const Value null_obj = Value::null(s.block.implied_type());
  Value cfg = apply_ignore_changes(r, s, prior, cfg_in);
  // The platform's errors point at the resource block they are about ("on main.tf line 14,
  // in resource ...") and carry the instance address, as Terraform's do.
  auto add_located = [&](const Diagnostics& from) {
    for (auto diag : from) {
      if (!diag.attribute) diag = std::move(diag).at(value::Path::attribute(a.to_string()));
      if (!diag.range) diag = std::move(diag).at(r.range);
      d.add(std::move(diag));
    }
  };
  auto started = Clock::now();
  auto fail = [&](const Value& keep) {
    emit(Event::Kind::kApplyErrored, a.to_string(), c->action, id_of(keep), started);
    return keep;
  };
  auto remove = [&](const Value& object) -> bool {
    auto out = p->apply(r.type, object.without_marks(), null_obj);
    add_located(out.diagnostics);
    if (!out.ok()) return false;
    persist(a, nullptr, d);
    return true;
  };
  // Terraform's objchange checks: the provider's plan at apply time must keep every value
  // the saved plan knew, and its result every value that plan knew. A breach is the
  // provider's bug; the result is still recorded, so nothing created is lost.
  auto check_final_plan = [&](const Value& final_planned) -> bool {
    const auto errs = plan::assert_object_compatible(s.block, c->after, final_planned);
    for (const auto& e : errs) {
      d.add(value::Diagnostic::error(
          "Provider produced inconsistent final plan",
          "When expanding the plan for " + a.to_string() +
              " to include new values learned so far during apply, provider \"" +
              std::string(kProviderSource) + "\" produced an invalid new value for " + e +
              ".\n\nThis is a bug in the provider, which should be reported in the provider's "
              "own issue tracker."));
    }
    return errs.empty();
  };
  auto check_result = [&](const Value& final_planned, const Value& applied) {
    if (d.has_errors() || applied.is_null()) return;
    for (const auto& e : plan::assert_object_compatible(s.block, final_planned, applied)) {
      d.add(value::Diagnostic::error(
          "Provider produced inconsistent result after apply",
          "When applying changes to " + a.to_string() + ", provider " +
              value::go_quote(kProviderAddress) + " produced an unexpected new value: " + e +
              ".\n\nThis is a bug in the provider, which should be reported in the provider's "
              "own issue tracker."));
    }
  };
  auto create = [&]() -> Value {
    auto planned =
        p->plan(r.type, null_obj, plan::proposed_new(s.block, null_obj, cfg.without_marks()),
                cfg.without_marks());
    if (!planned.diagnostics.has_errors() && !check_final_plan(planned.planned)) return null_obj;
    // Recorded before the call, cleared after its result is: a run killed in between leaves
    // the record, and the next plan adopts the object instead of creating it twice.
    std::optional<std::string> natural;
    if (!planned.diagnostics.has_errors()) natural = p->natural_id(r.type, planned.planned);
    if (natural) {
      const auto pending = pending_create_now(kProviderAddress, *natural);
      persist_pending_create(a, &pending, d);
      if (d.has_errors()) return null_obj;  // unrecorded, the create would not be safe
    }
    auto out = p->apply(r.type, null_obj, planned.planned);
    add_located(out.diagnostics);
    check_result(planned.planned, out.value);
    Value v = mark_like(out.value, cfg, null_obj);
    if (out.value.is_null()) {
      if (natural) persist_pending_create(a, nullptr, d);  // nothing made: the record alone ends
      return v;
    }
    auto obj = object_for(v, s, deps, r.lifecycle.create_before_destroy);
    if (!out.ok()) obj.status = state::ObjectStatus::kTainted;
    if (natural) {
      persist_created(a, obj, d);  // the object and the end of its record in one step
    } else {
      persist(a, &obj, d);
    }
    return v;
  };
  emit(Event::Kind::kApplyStart, a.to_string(), c->action, id_of(prior), started);
  Value result_value = prior;
  switch (c->action) {
    case Action::kCreate: {
      result_value = create();
      if (d.has_errors()) return fail(result_value);
      std::lock_guard lock(mu);
      ++done.add;
      if (c->import_id) ++done.import;
      break;
    }
    case Action::kUpdate: {
      auto planned =
          p->plan(r.type, prior.without_marks(),
                  plan::proposed_new(s.block, prior.without_marks(), cfg.without_marks()),
                  cfg.without_marks());
      if (!planned.diagnostics.has_errors() && !check_final_plan(planned.planned))
        return fail(prior);
      auto out = p->apply(r.type, prior.without_marks(), planned.planned);
      add_located(out.diagnostics);
      check_result(planned.planned, out.value);
      result_value = mark_like(out.value, cfg, prior);
      if (!out.value.is_null()) {
        auto obj = object_for(result_value, s, deps, r.lifecycle.create_before_destroy);
        persist(a, &obj, d);
      }
      if (d.has_errors()) return fail(result_value);
      std::lock_guard lock(mu);
      ++done.change;
      break;
    }
    case Action::kDeleteThenCreate: {
      if (!prior.is_null() && !remove(prior)) return fail(prior);
      result_value = create();
      if (d.has_errors()) return fail(result_value);
      std::lock_guard lock(mu);
      ++done.add;
      ++done.destroy;
      break;
    }
    case Action::kCreateThenDelete: {
      result_value = create();
      if (d.has_errors()) return fail(result_value);
      if (!prior.is_null()) {
        // The old object goes after its replacement exists.
        auto out = p->apply(r.type, prior.without_marks(), null_obj);
        add_located(out.diagnostics);
        if (!out.ok()) return fail(result_value);
      }
      std::lock_guard lock(mu);
      ++done.add;
      ++done.destroy;
      break;
    }
    case Action::kDelete: {
      if (!remove(prior)) return fail(prior);
      result_value = null_obj;
      std::lock_guard lock(mu);
      ++done.destroy;
      break;
    }
    default:
      break;
  }
  emit(Event::Kind::kApplyComplete, a.to_string(), c->action, id_of(result_value), started);
  return result_value;
}

}  // namespace fgform::core
