#include "planner.h"

namespace fgform::resources {
namespace {

using schema::Block;
using schema::Nesting;

Value attr_or_null(const Value& object, const std::string& name, const value::Type& type) {
  if (object.is_null() || !object.is_known()) {
    return object.is_unknown() ? Value::unknown(type) : Value::null(type);
  }
  if (object.type().kind() != value::Type::Kind::kObject) return Value::null(type);
  const auto& entries = object.entries();
  auto it = entries.find(name);
  return it == entries.end() ? Value::null(type) : it->second;
}

Value fill_block(const Block& block, const Value& config, const Value& proposed,
                 const Value& prior);

Value fill_nested(const schema::NestedBlock& nb, const Value& config, const Value& proposed,
                  const Value& prior) {
  if (!proposed.is_known() || proposed.is_null()) return proposed;
  const value::Type inner = nb.block.implied_type();
  switch (nb.nesting) {
    case Nesting::kSingle:
    case Nesting::kGroup:
      return fill_block(nb.block, config, proposed, prior);
    case Nesting::kList: {
      Value::Elements out;
      const auto& items = proposed.elements();
      for (std::size_t i = 0; i < items.size(); ++i) {
        auto at = [&](const Value& list) {
          return list.is_known() && !list.is_null() && i < list.length() ? list.elements()[i]
                                                                         : Value::null(inner);
        };
        out.push_back(fill_block(nb.block, at(config), items[i], at(prior)));
      }
      return Value::list(inner, std::move(out));
    }
    case Nesting::kSet: {
      // Set elements have no identity: an element identical to a prior one keeps it, any other
      // is planned as new.
      Value::Elements out;
      for (const auto& item : proposed.elements()) {
        Value match = Value::null(inner);
        if (prior.is_known() && !prior.is_null()) {
          for (const auto& p : prior.elements()) {
            if (p == item) match = p;
          }
        }
        out.push_back(fill_block(nb.block, item, item, match));
      }
      return Value::set(inner, std::move(out));
    }
    case Nesting::kMap: {
      Value::Entries out;
      for (const auto& [key, item] : proposed.entries()) {
        auto at = [&](const Value& map) {
          if (!map.is_known() || map.is_null()) return Value::null(inner);
          auto it = map.entries().find(key);
          return it == map.entries().end() ? Value::null(inner) : it->second;
        };
        out.emplace(key, fill_block(nb.block, at(config), item, at(prior)));
      }
      return Value::map(inner, std::move(out));
    }
  }
  return proposed;
}

Value fill_block(const Block& block, const Value& config, const Value& proposed,
                 const Value& prior) {
  if (proposed.is_null() || !proposed.is_known()) return proposed;
  const bool creating = prior.is_null();
  Value::Entries out;
  for (const auto& a : block.attributes) {
    Value planned = attr_or_null(proposed, a.name, a.type);
    const Value configured = attr_or_null(config, a.name, a.type);
    if (a.computed && configured.is_null() && !configured.is_unknown()) {
      if (creating) {
        planned = a.default_value ? *a.default_value : Value::unknown(a.type);
      } else if (planned.is_null() && a.default_value) {
        planned = *a.default_value;
      }
    }
    out.emplace(a.name, planned);
  }
  for (const auto& nb : block.blocks) {
    const value::Type t = proposed.type().attributes().at(nb.name);
    out.emplace(nb.name,
                fill_nested(nb, attr_or_null(config, nb.name, t),
                            attr_or_null(proposed, nb.name, t), attr_or_null(prior, nb.name, t)));
  }
  return Value::object(block.implied_type(), std::move(out));
}

// The provider-level settings resources inherit (provider_defaults.h).
Value apply_provider_defaults(const Block& block, const Value& config, const Value& planned,
                              const ProviderDefaults& defaults) {
  Value::Entries e = planned.entries();
  const schema::Attribute* project = block.attribute("enterprise_project_id");
  if (project && project->optional && project->computed &&
      !defaults.enterprise_project_id.empty()) {
    const Value configured = attr_or_null(config, project->name, project->type);
    if (configured.is_null() && !configured.is_unknown()) {
      e[project->name] = Value::string(defaults.enterprise_project_id);
    }
  }
  if (block.attribute("tags") && block.attribute("tags_all")) {
    e["tags_all"] = merged_tags(defaults, e.at("tags"));
  }
  return Value::object(planned.type(), std::move(e));
}

}  // namespace

Value merged_tags(const ProviderDefaults& defaults, const Value& tags) {
  const value::Type type = value::Type::map(value::Type::string());
  if (!tags.is_known()) return Value::unknown(type);
  Value::Entries all;
  for (const auto& [k, v] : defaults.default_tags) all[k] = Value::string(v);
  if (!tags.is_null()) {
    for (const auto& [k, v] : tags.entries()) {
      if (!v.is_known()) return Value::unknown(type);  // its keys are known, but not all values
      all[k] = v;
    }
  }
  return Value::map(value::Type::string(), std::move(all));
}

Plan plan_change(const Resource& resource, const Value& prior, const Value& proposed,
                 const Value& config, const ProviderDefaults& defaults) {
  Plan plan{proposed, {}, {}};
  if (proposed.is_null()) return plan;  // destroy
  const schema::Schema& s = resource.schema();
  plan.planned = fill_block(s.block, config, proposed, prior);
  plan.planned = apply_provider_defaults(s.block, config, plan.planned, defaults);
  resource.customize_plan(prior, config, plan.planned);
  if (prior.is_null()) return plan;
  if (plan.planned != prior) {
    Value::Entries entries = plan.planned.entries();
    for (const auto& a : s.block.attributes) {
      if (a.changes_on_update) entries[a.name] = Value::unknown(a.type);
    }
    plan.planned = Value::object(plan.planned.type(), std::move(entries));
  }
  // A value the platform never answers and the state does not know (after an import) is sent
  // back for the platform to check, not a reason to replace.
  auto replaces = [](const schema::Attribute& a, const Value& now, const Value& before) {
    if (!a.force_new || now == before) return false;
    return !(a.not_returned && before.is_null());
  };
  for (const auto& a : s.block.attributes) {
    if (replaces(a, plan.planned.attribute(a.name), prior.attribute(a.name))) {
      plan.requires_replace.push_back(value::Path::attribute(a.name));
    }
  }
  for (auto& p : resource.replace_paths(prior, plan.planned))
    plan.requires_replace.push_back(std::move(p));
  for (const auto& nb : s.block.blocks) {
    const Value now = plan.planned.attribute(nb.name);
    const Value before = prior.attribute(nb.name);
    if (now == before) continue;
    if (nb.force_new) {
      plan.requires_replace.push_back(value::Path::attribute(nb.name));
      continue;
    }
    // A single block whose own attributes say force_new: adding or removing the block
    // replaces, and so does a change to one of those attributes; the rest update in place.
    if (nb.nesting != schema::Nesting::kSingle) continue;
    bool any = false;
    for (const auto& a : nb.block.attributes) any = any || a.force_new;
    if (!any) continue;
    if (now.is_null() || before.is_null() || !now.is_known() || !before.is_known()) {
      plan.requires_replace.push_back(value::Path::attribute(nb.name));
      continue;
    }
    for (const auto& a : nb.block.attributes) {
      if (replaces(a, now.attribute(a.name), before.attribute(a.name))) {
        plan.requires_replace.push_back(value::Path::attribute(nb.name).attr(a.name));
      }
    }
  }
  return plan;
}

Value conform(const schema::Block& block, const Value& partial) {
  if (partial.is_null() || !partial.is_known()) return partial;
  Value::Entries out;
  for (const auto& a : block.attributes) out.emplace(a.name, attr_or_null(partial, a.name, a.type));
  for (const auto& nb : block.blocks) {
    const value::Type inner = nb.block.implied_type();
    const value::Type t = block.implied_type().attributes().at(nb.name);
    Value v = attr_or_null(partial, nb.name, t);
    if (v.is_null()) {
      // Terraform wants empty collections, not null, for list/set/map blocks.
      if (nb.nesting == Nesting::kList) v = Value::list(inner, {});
      if (nb.nesting == Nesting::kSet) v = Value::set(inner, {});
      if (nb.nesting == Nesting::kMap) v = Value::map(inner, {});
    } else if (nb.nesting == Nesting::kSingle || nb.nesting == Nesting::kGroup) {
      v = conform(nb.block, v);
    } else if (nb.nesting == Nesting::kList || nb.nesting == Nesting::kSet) {
      Value::Elements items;
      for (const auto& e : v.elements()) items.push_back(conform(nb.block, e));
      v = nb.nesting == Nesting::kList ? Value::list(inner, std::move(items))
                                       : Value::set(inner, std::move(items));
    }
    out.emplace(nb.name, v);
  }
  return Value::object(block.implied_type(), std::move(out));
}

}  // namespace fgform::resources
