#include "drift/analyze.h"

#include <algorithm>
#include <map>
#include <set>

#include "hcl/traversal.h"
#include "state/address.h"

namespace fgform::drift {

using value::Path;
using value::Type;
using value::Value;

namespace {

struct Leaf {
  std::string path;
  Value a, b;
  bool sensitive = false;
};

bool is_structural(const Type& t) {
  return t.kind() == Type::Kind::kObject || t.kind() == Type::Kind::kMap;
}
bool is_sequence(const Type& t) {
  return t.kind() == Type::Kind::kList || t.kind() == Type::Kind::kTuple;
}

// What a finding may mention: computed-only attributes (unless they report drift) become null
// on both sides, so they never differ; schema-sensitive attributes get the sensitive mark, so
// they are never printed.
Value normalize(const schema::Block& block, const Value& v) {
  if (v.is_null() || !v.is_known() || v.type().kind() != Type::Kind::kObject) return v;
  Value::Entries e = v.entries();
  for (const auto& a : block.attributes) {
    auto it = e.find(a.name);
    if (it == e.end()) continue;
    if (a.computed && !a.optional && !a.required && !a.reports_drift) {
      it->second = Value::null(it->second.type());
    } else if (a.sensitive) {
      it->second = it->second.marked_sensitive();
    }
  }
  for (const auto& nb : block.blocks) {
    auto it = e.find(nb.name);
    if (it == e.end() || it->second.is_null() || !it->second.is_known()) continue;
    const Value& inner = it->second;
    switch (inner.type().kind()) {
      case Type::Kind::kObject:
        it->second = normalize(nb.block, inner);
        break;
      case Type::Kind::kList:
      case Type::Kind::kSet: {
        Value::Elements items;
        for (const auto& item : inner.elements()) items.push_back(normalize(nb.block, item));
        if (items.empty()) break;
        const Type element = items.front().type();
        it->second = inner.type().kind() == Type::Kind::kList ? Value::list(element, items)
                                                              : Value::set(element, items);
        break;
      }
      case Type::Kind::kMap: {
        Value::Entries items;
        for (const auto& [k, item] : inner.entries()) items.emplace(k, normalize(nb.block, item));
        if (items.empty()) break;
        const Type element = items.begin()->second.type();
        it->second = Value::map(element, std::move(items));
        break;
      }
      default:
        break;
    }
  }
  return Value::object(v.type(), std::move(e));
}

bool same(const Value& a, const Value& b) {
  return a.without_marks() == b.without_marks();
}

// The leaf differences of a and b. Objects and maps are compared key by key, lists and tuples
// of equal length element by element (nested blocks); sets and everything else as a whole.
// An unknown `b` (known after apply) is no difference.
void diff(const Value& a, const Value& b, const Path& path, std::vector<Leaf>& out) {
  if (!b.is_known() || !a.is_known()) return;
  if (same(a, b)) return;
  // Only a value marked sensitive itself is reported whole; an object that merely contains a
  // sensitive attribute is still compared attribute by attribute.
  const bool sensitive = a.is_sensitive() || b.is_sensitive();
  if (!sensitive && !a.is_null() && !b.is_null() && is_structural(a.type()) &&
      is_structural(b.type())) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a.entries()) keys.insert(k);
    for (const auto& [k, v] : b.entries()) keys.insert(k);
    const bool object = a.type().kind() == Type::Kind::kObject;
    for (const auto& k : keys) {
      auto ia = a.entries().find(k);
      auto ib = b.entries().find(k);
      const Value va = ia == a.entries().end() ? Value::null(ib->second.type()) : ia->second;
      const Value vb = ib == b.entries().end() ? Value::null(ia->second.type()) : ib->second;
      diff(va, vb, object ? path.attr(k) : path.key(k), out);
    }
    return;
  }
  if (!sensitive && !a.is_null() && !b.is_null() && is_sequence(a.type()) &&
      is_sequence(b.type()) && a.length() == b.length()) {
    for (std::size_t i = 0; i < a.length(); ++i)
      diff(a.elements()[i], b.elements()[i], path.index(static_cast<std::int64_t>(i)), out);
    return;
  }
  out.push_back({path.to_string(), a, b, a.contains_sensitive() || b.contains_sensitive()});
}

// `tags` covers `tags` and `tags["team"]`, not `tags_all`.
bool covers(const std::string& prefix, const std::string& path) {
  if (path.rfind(prefix, 0) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

std::string traversal_path(const hcl::Traversal& t) {
  Path p;
  for (const auto& step : t.steps) {
    if (step.kind == hcl::TraversalStep::Kind::kAttribute) {
      p = p.attr(step.name);
    } else if (step.key.is_known() && !step.key.is_null() &&
               step.key.type().kind() == Type::Kind::kString) {
      p = p.key(step.key.as_string());
    } else if (step.key.is_known() && !step.key.is_null()) {
      p = p.index(step.key.as_number().to_int64().value_or(0));
    }
  }
  return p.to_string();
}

// lifecycle.ignore_changes of the resource an instance address belongs to: the attribute
// paths, or {""} for `all`.
std::vector<std::string> ignored_by_lifecycle(const config::Config* config,
                                              const std::string& address) {
  if (!config) return {};
  auto parsed = state::parse_abs_resource_instance(address);
  if (!parsed.ok()) return {};
  const config::Config* c = config;
  for (const auto& step : parsed.value.module.steps) {
    auto it = c->children.find(step.name);
    if (it == c->children.end()) return {};
    c = it->second.get();
  }
  auto r = c->module.resources.find(parsed.value.resource.type + "." + parsed.value.resource.name);
  if (r == c->module.resources.end()) return {};
  if (r->second.lifecycle.ignore_all_changes) return {""};
  std::vector<std::string> out;
  for (const auto& t : r->second.lifecycle.ignore_changes) out.push_back(traversal_path(t));
  return out;
}

class Analyzer {
 public:
  explicit Analyzer(const AnalyzeInputs& in) : in_(in) {}

  Report run() {
    std::set<std::string> resources;
    for (const auto& a : in_.last_applied.instance_addresses()) {
      if (a.resource.mode == state::ResourceMode::kManaged) resources.insert(a.to_string());
    }
    std::map<std::string, const plan::ResourceDrift*> drift_by_address;
    for (const auto& d : in_.plan.drift) {
      if (d.mode != plan::Mode::kManaged) continue;
      drift_by_address[d.address] = &d;
      resources.insert(d.address);
      out_of_band(d);
    }
    for (const auto& c : in_.plan.changes) {
      if (c.mode != plan::Mode::kManaged) continue;
      resources.insert(c.address);
      auto it = drift_by_address.find(c.address);
      config_changed(c, it == drift_by_address.end() ? nullptr : it->second);
    }
    report_.resources.assign(resources.begin(), resources.end());
    std::sort(report_.findings.begin(), report_.findings.end(),
              [](const Finding& a, const Finding& b) { return a.address < b.address; });
    return std::move(report_);
  }

 private:
  bool ignored(const std::string& address, const std::string& path) {
    for (const auto& prefix : ignored_by_lifecycle(in_.config, address)) {
      if (prefix.empty() || covers(prefix, path)) return true;
    }
    return in_.rules && in_.rules->matches(address, path);
  }

  void out_of_band(const plan::ResourceDrift& d) {
    Finding f;
    f.address = d.address;
    f.type = d.type;
    if (d.after.is_null()) {
      if (in_.rules && in_.rules->matches(d.address, "")) {
        ++report_.ignored;
        return;
      }
      f.kind = FindingKind::kDeleted;
      f.note = "deleted outside fgform";
      report_.findings.push_back(std::move(f));
      return;
    }
    std::vector<Leaf> leaves;
    diff(normalized(d.schema, d.before), normalized(d.schema, d.after), Path(), leaves);
    const bool any_difference = !same(d.before, d.after);
    for (auto& leaf : leaves) {
      if (ignored(d.address, leaf.path)) {
        ++report_.ignored;
        continue;
      }
      drifted_paths_[d.address].insert(leaf.path);
      AttributeFinding a;
      a.path = leaf.path;
      a.last_applied = leaf.a;
      a.live = leaf.b;
      a.config = Value::null(leaf.b.type());
      a.sensitive = leaf.sensitive;
      f.attributes.push_back(std::move(a));
    }
    if (f.attributes.empty()) {
      if (any_difference && leaves.empty()) ++report_.ignored;  // computed-only noise
      return;
    }
    f.kind = FindingKind::kChanged;
    f.note = "changed outside fgform";
    report_.findings.push_back(std::move(f));
  }

  void config_changed(const plan::ResourceInstanceChange& c, const plan::ResourceDrift* d) {
    using plan::Action;
    if (c.action == Action::kNoOp || c.action == Action::kRead) return;
    if (d && d->after.is_null()) return;  // already "deleted"
    Finding f;
    f.address = c.address;
    f.type = c.type;
    f.kind = FindingKind::kConfigChanged;
    if (c.action == Action::kCreate && c.before.is_null()) {
      f.note = c.import_id ? "to be imported" : "in the configuration, not created yet";
      report_.findings.push_back(std::move(f));
      return;
    }
    if (c.action == Action::kDelete || c.action == Action::kForget) {
      f.note = "removed from the configuration";
      report_.findings.push_back(std::move(f));
      return;
    }
    std::vector<Leaf> leaves;
    diff(normalized(c.schema, c.before), normalized(c.schema, c.after), Path(), leaves);
    const auto& drifted = drifted_paths_[c.address];
    for (auto& leaf : leaves) {
      if (drifted.count(leaf.path)) continue;  // the plan reverts the drift: reported above
      if (ignored(c.address, leaf.path)) {
        ++report_.ignored;
        continue;
      }
      AttributeFinding a;
      a.path = leaf.path;
      a.last_applied = leaf.a;
      a.live = leaf.a;
      a.config = leaf.b;
      a.sensitive = leaf.sensitive;
      f.attributes.push_back(std::move(a));
    }
    if (c.reason == plan::ActionReason::kReplaceBecauseTainted && f.attributes.empty()) {
      f.note = "tainted: the next apply replaces it";
    } else if (c.reason == plan::ActionReason::kReplaceByRequest && f.attributes.empty()) {
      f.note = "replacement requested";
    } else if (f.attributes.empty()) {
      return;
    } else {
      f.note = "the configuration changed since the last apply";
    }
    report_.findings.push_back(std::move(f));
  }

  static Value normalized(const schema::Schema* s, const Value& v) {
    return s ? normalize(s->block, v) : v;
  }

  const AnalyzeInputs& in_;
  Report report_;
  std::map<std::string, std::set<std::string>> drifted_paths_;
};

}  // namespace

Report analyze(const AnalyzeInputs& in) {
  return Analyzer(in).run();
}

}  // namespace fgform::drift
