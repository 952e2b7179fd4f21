#include "plan/proposed_new.h"

namespace fgform::plan {
namespace {

using schema::Block;
using schema::Nesting;
using value::Value;

Value field(const Value& object, const std::string& name, const value::Type& type) {
  if (object.is_null() || !object.type().has_attribute(name))
    return Value::null(type);
  if (object.is_unknown()) return Value::unknown(type);
  return object.attribute(name);
}

bool usable(const Value& v) { return v.is_known() && !v.is_null(); }

// Set elements have no identity: a prior element is the same object when every attribute the
// configuration sets (the non-computed ones) is equal.
bool same_configured(const Block& block, const Value& prior, const Value& config) {
  for (const auto& a : block.attributes) {
    if (a.computed && field(config, a.name, a.type).is_null()) continue;
    if (field(prior, a.name, a.type) != field(config, a.name, a.type)) return false;
  }
  return true;
}

Value proposed_object(const Block& block, const Value& prior, const Value& config);

Value proposed_nested(const schema::NestedBlock& nb, const Value& prior, const Value& config) {
  if (!usable(config)) return config;
  const value::Type inner = nb.block.implied_type();
  switch (nb.nesting) {
    case Nesting::kSingle:
    case Nesting::kGroup:
      return proposed_object(nb.block, usable(prior) ? prior : Value::null(inner), config);
    case Nesting::kList: {
      Value::Elements out;
      const auto& items = config.elements();
      for (std::size_t i = 0; i < items.size(); ++i) {
        Value p = usable(prior) && i < prior.length() ? prior.elements()[i] : Value::null(inner);
        out.push_back(proposed_object(nb.block, p, items[i]));
      }
      return Value::list(inner, std::move(out));
    }
    case Nesting::kSet: {
      Value::Elements out;
      std::vector<bool> used(usable(prior) ? prior.length() : 0, false);
      for (const auto& item : config.elements()) {
        Value match = Value::null(inner);
        for (std::size_t i = 0; i < used.size(); ++i) {
          if (!used[i] && same_configured(nb.block, prior.elements()[i], item)) {
            match = prior.elements()[i];
            used[i] = true;
            break;
          }
        }
        out.push_back(proposed_object(nb.block, match, item));
      }
      return Value::set(inner, std::move(out));
    }
    case Nesting::kMap: {
      Value::Entries out;
      for (const auto& [key, item] : config.entries()) {
        Value p = Value::null(inner);
        if (usable(prior)) {
          auto it = prior.entries().find(key);
          if (it != prior.entries().end()) p = it->second;
        }
        out.emplace(key, proposed_object(nb.block, p, item));
      }
      return Value::map(inner, std::move(out));
    }
  }
  return config;
}

Value proposed_object(const Block& block, const Value& prior, const Value& config) {
  if (config.is_null() || config.is_unknown()) return config;
  Value::Entries out;
  for (const auto& a : block.attributes) {
    Value configured = field(config, a.name, a.type);
    if (a.computed && configured.is_null()) {
      out.emplace(a.name, field(prior, a.name, a.type));
    } else {
      out.emplace(a.name, configured);
    }
  }
  const value::Type type = block.implied_type();
  for (const auto& nb : block.blocks) {
    const value::Type t = type.attributes().at(nb.name);
    out.emplace(nb.name, proposed_nested(nb, field(prior, nb.name, t), field(config, nb.name, t)));
  }
  return Value::object(type, std::move(out));
}

}  // namespace

Value proposed_new(const Block& block, const Value& prior, const Value& config) {
  return proposed_object(block, prior.is_unknown() ? Value::null(block.implied_type()) : prior,
                         config);
}

}  // namespace fgform::plan
