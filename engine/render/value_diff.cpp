#include "render/value_diff.h"

#include <algorithm>
#include <functional>
#include <set>

#include "render/color.h"
#include "render/text.h"

namespace fgform::render {
namespace {

using plan::Action;
using value::Type;

// ---------------------------------------------------------------------------------------------
// Structured access helpers.

const Json& null_json() {
  static const Json kNull;
  return kNull;
}

// Reads key `k` of an object JSON; `present` tells whether it was there.
const Json& object_member(const Json& j, const std::string& k, bool* present) {
  if (present) *present = false;
  if (!j.is_object()) return null_json();
  auto it = j.find(k);
  if (it == j.end()) return null_json();
  if (present) *present = true;
  return *it;
}

const Json& array_member(const Json& j, std::size_t i, bool* present) {
  if (present) *present = false;
  if (!j.is_array() || i >= j.size()) return null_json();
  if (present) *present = true;
  return j[i];
}

// Terraform's collections.CompareActions: two different non-no-op actions make an update.
Action compare_actions(Action current, Action next) {
  if (next == Action::kNoOp) return current;
  if (current != next) return Action::kUpdate;
  return current;
}

// jsondiff's JSON types.
enum class JType { kNull, kBool, kNumber, kString, kObject, kArray };

JType json_type(const Json& j) {
  if (j.is_null()) return JType::kNull;
  if (j.is_boolean()) return JType::kBool;
  if (j.is_number()) return JType::kNumber;
  if (j.is_string()) return JType::kString;
  if (j.is_object()) return JType::kObject;
  return JType::kArray;
}

// objchange.LongestCommonSubsequence, with its particular tie-breaking on the way back.
std::vector<Json> longest_common_subsequence(const std::vector<Json>& xs,
                                             const std::vector<Json>& ys) {
  if (xs.empty() || ys.empty()) return {};
  const std::size_t w = xs.size();
  std::vector<int> c(xs.size() * ys.size(), 0);
  std::vector<bool> eqs(xs.size() * ys.size(), false);
  for (std::size_t y = 0; y < ys.size(); ++y) {
    for (std::size_t x = 0; x < xs.size(); ++x) {
      if (xs[x] == ys[y]) {
        eqs[w * y + x] = true;
        c[w * y + x] = (x == 0 || y == 0) ? 1 : c[w * (y - 1) + (x - 1)] + 1;
      } else {
        const int l = x > 0 ? c[w * y + (x - 1)] : 0;
        const int u = y > 0 ? c[w * (y - 1) + x] : 0;
        c[w * y + x] = l > u ? l : u;
      }
    }
  }
  std::vector<Json> seq(static_cast<std::size_t>(c.back()));
  long x = static_cast<long>(xs.size()) - 1, y = static_cast<long>(ys.size()) - 1;
  long i = static_cast<long>(seq.size()) - 1;
  while (x > -1 && y > -1 && i > -1) {
    const auto ux = static_cast<std::size_t>(x), uy = static_cast<std::size_t>(y);
    if (eqs[w * uy + ux]) {
      seq[static_cast<std::size_t>(i)] = xs[ux];
      --x;
      --y;
      --i;
    } else {
      const int l = x > 0 ? c[w * uy + (ux - 1)] : 0;
      const int u = y > 0 ? c[w * (uy - 1) + ux] : 0;
      if (l > u) {
        --x;
      } else {
        --y;
      }
    }
  }
  return seq;
}

std::vector<Json> as_vector(const Json& j) {
  std::vector<Json> out;
  if (j.is_array())
    for (const auto& e : j) out.push_back(e);
  return out;
}

bool is_reorder(const std::vector<Json>& before, const std::vector<Json>& after) {
  if (before.size() != after.size()) return false;
  for (const auto& b : before)
    if (std::find(after.begin(), after.end(), b) == after.end()) return false;
  return true;
}

// TransformSlice: the elements' diffs and the overall action.
std::pair<std::vector<Diff>, Action> transform_slice(
    const Json& before_j, const Json& after_j,
    const std::function<Diff(std::size_t, std::size_t)>& process,
    const std::function<bool(const Json&)>& is_obj) {
  Action current = Action::kNoOp;
  if (before_j.is_array() && !after_j.is_array()) current = Action::kDelete;
  if (!before_j.is_array() && after_j.is_array()) current = Action::kCreate;
  std::vector<Diff> elements;
  process_slice(
      as_vector(before_j), as_vector(after_j),
      [&](std::size_t b, std::size_t a) {
        elements.push_back(process(b, a));
        current = compare_actions(current, elements.back().action);
      },
      is_obj);
  return {std::move(elements), current};
}

std::pair<std::map<std::string, Diff>, Action> transform_map(
    const Json& before_j, const Json& after_j, const std::set<std::string>& keys,
    const std::function<Diff(const std::string&)>& process) {
  Action current = Action::kNoOp;
  if (before_j.is_object() && !after_j.is_object()) current = Action::kDelete;
  if (!before_j.is_object() && after_j.is_object()) current = Action::kCreate;
  std::map<std::string, Diff> elements;
  for (const auto& k : keys) {
    Diff d = process(k);
    current = compare_actions(current, d.action);
    elements.emplace(k, std::move(d));
  }
  return {std::move(elements), current};
}

void add_keys(std::set<std::string>& keys, const Json& j) {
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
}

std::set<std::string> explicit_keys(const StructuredChange& c) {
  std::set<std::string> keys;
  add_keys(keys, c.before);
  add_keys(keys, c.after);
  return keys;
}

std::set<std::string> all_keys(const StructuredChange& c) {
  std::set<std::string> keys = explicit_keys(c);
  add_keys(keys, c.unknown);
  add_keys(keys, c.after_sensitive);
  add_keys(keys, c.before_sensitive);
  return keys;
}

Diff make_diff(Diff::Kind kind, Action action, bool replace) {
  Diff d;
  d.kind = kind;
  d.action = action;
  d.replace = replace;
  return d;
}

Diff primitive(const Json& before, const Json& after, Diff::Prim prim, Action action,
               bool replace) {
  Diff d = make_diff(Diff::Kind::kPrimitive, action, replace);
  d.before = before;
  d.after = after;
  d.prim = prim;
  return d;
}

Diff with_children(Diff::Kind kind, Action action, bool replace, std::vector<Diff> children) {
  Diff d = make_diff(kind, action, replace);
  d.children = std::move(children);
  return d;
}

// CheckForSensitive: wraps the inner diff when either side is sensitive as a whole.
template <typename Inner, typename Create>
std::optional<Diff> check_for_sensitive(const StructuredChange& change, Inner inner_fn,
                                        Create create) {
  const bool bs = change.before_sensitive_flag();
  const bool as = change.after_sensitive_flag();
  if (!bs && !as) return std::nullopt;
  StructuredChange value = change;
  value.before_sensitive = false;
  value.after_sensitive = false;
  value.non_legacy = false;
  Diff inner = inner_fn(value);
  Action action = inner.action;
  const bool null_no_op = change.before.is_null() && !change.before_explicit &&
                          change.after.is_null() && !change.after_explicit;
  if (action == Action::kNoOp && bs != as && !null_no_op) action = Action::kUpdate;
  return create(std::move(inner), bs, as, action);
}

// CheckForUnknown: "(known after apply)", showing the old value when there was one.
template <typename Before>
std::optional<Diff> check_for_unknown(StructuredChange change, const Json& child_unknown,
                                      Before before_fn) {
  if (!change.unknown_flag()) return std::nullopt;
  change.after_explicit = true;
  const bool replace = change.replace_paths.matches();
  if (change.before.is_null()) {
    return with_children(Diff::Kind::kUnknown, change.calculate_action(), replace, {});
  }
  StructuredChange before = change.as_delete();
  before.unknown = child_unknown;
  return with_children(Diff::Kind::kUnknown, change.calculate_action(), replace,
                       {before_fn(before)});
}

Diff::Prim prim_for(const Type& t) {
  switch (t.kind()) {
    case Type::Kind::kString:
      return Diff::Prim::kString;
    case Type::Kind::kNumber:
      return Diff::Prim::kNumber;
    case Type::Kind::kBool:
      return Diff::Prim::kBool;
    default:
      return Diff::Prim::kNull;
  }
}

// ---------------------------------------------------------------------------------------------
// jsondiff: values without a type (outputs, dynamic attributes, JSON inside strings).

Diff json_transform(const StructuredChange& change);

Diff json_process_update(const StructuredChange& change, JType t) {
  switch (t) {
    case JType::kNull:
    case JType::kBool:
    case JType::kString:
    case JType::kNumber: {
      const bool before_missing = change.before.is_null() && !change.before_explicit;
      const bool after_missing = change.after.is_null() && !change.after_explicit;
      Action action;
      if (before_missing && !after_missing) {
        action = Action::kCreate;
      } else if (!before_missing && after_missing) {
        action = Action::kDelete;
      } else if (change.before == change.after) {
        action = Action::kNoOp;
      } else {
        action = Action::kUpdate;
      }
      Diff::Prim prim = t == JType::kBool     ? Diff::Prim::kBool
                        : t == JType::kString ? Diff::Prim::kString
                        : t == JType::kNumber ? Diff::Prim::kNumber
                                              : Diff::Prim::kNull;
      return primitive(change.before, change.after, prim, action, false);
    }
    case JType::kObject: {
      auto [members, action] =
          transform_map(change.before, change.after, all_keys(change),
                        [&](const std::string& k) { return json_transform(change.map_child(k)); });
      Diff d = make_diff(Diff::Kind::kObject, action, false);
      d.members = std::move(members);
      return d;
    }
    case JType::kArray: {
      auto [elements, action] = transform_slice(
          change.before, change.after,
          [&](std::size_t b, std::size_t a) { return json_transform(change.slice_child(b, a)); },
          [](const Json& j) { return j.is_object(); });
      Diff d = make_diff(Diff::Kind::kList, action, false);
      d.elements = std::move(elements);
      return d;
    }
  }
  return primitive(change.before, change.after, Diff::Prim::kNull, Action::kNoOp, false);
}

Diff json_transform(const StructuredChange& change) {
  if (auto s = check_for_sensitive(
          change, [](const StructuredChange& c) { return json_transform(c); },
          [](Diff inner, bool bs, bool as, Action action) {
            Diff d = with_children(Diff::Kind::kSensitive, action, false, {std::move(inner)});
            d.before_sensitive = bs;
            d.after_sensitive = as;
            return d;
          })) {
    return *s;
  }
  if (change.unknown_flag()) {
    // jsondiff's own unknown handling: create without, update with the old value.
    if (change.before.is_null())
      return with_children(Diff::Kind::kUnknown, Action::kCreate, false, {});
    StructuredChange before = change.as_delete();
    before.unknown = false;
    return with_children(Diff::Kind::kUnknown, Action::kUpdate, false, {json_transform(before)});
  }
  const JType bt = json_type(change.before), at = json_type(change.after);
  const bool deleted = at == JType::kNull && !change.after_explicit;
  const bool created = bt == JType::kNull && !change.before_explicit;
  if (bt == at || created || deleted) {
    return json_process_update(change, bt == JType::kNull ? at : bt);
  }
  Diff b = json_process_update(change.as_delete(), bt);
  Diff a = json_process_update(change.as_create(), at);
  return with_children(Diff::Kind::kTypeChange, Action::kUpdate, false,
                       {std::move(b), std::move(a)});
}

// ---------------------------------------------------------------------------------------------
// Typed values and blocks.

Diff diff_for_type(StructuredChange change, const Type& type);

Diff sensitive_wrapper(const StructuredChange& change, Diff inner, bool bs, bool as,
                       Action action) {
  Diff d = with_children(Diff::Kind::kSensitive, action, change.replace_paths.matches(),
                         {std::move(inner)});
  d.before_sensitive = bs;
  d.after_sensitive = as;
  return d;
}

Diff diff_for_type(StructuredChange change, const Type& type) {
  if (!change.non_legacy) {
    // The legacy SDK could not tell "" from null; Terraform hides that difference.
    if (change.before.is_string() && change.before.get_ref<const std::string&>().empty())
      change.before = nullptr;
    if (change.after.is_string() && change.after.get_ref<const std::string&>().empty())
      change.after = nullptr;
  }
  if (auto s = check_for_sensitive(
          change, [&](const StructuredChange& c) { return diff_for_type(c, type); },
          [&](Diff inner, bool bs, bool as, Action action) {
            return sensitive_wrapper(change, std::move(inner), bs, as, action);
          })) {
    return *s;
  }
  if (auto u = check_for_unknown(
          change, Json(false), [&](const StructuredChange& c) { return diff_for_type(c, type); })) {
    return *u;
  }
  const bool replace = change.replace_paths.matches();
  switch (type.kind()) {
    case Type::Kind::kDynamic:
      return compute_output_diff(change);
    case Type::Kind::kString:
    case Type::Kind::kNumber:
    case Type::Kind::kBool:
      return primitive(change.before, change.after, prim_for(type), change.calculate_action(),
                       replace);
    case Type::Kind::kObject: {
      Action current = change.default_action_for_iteration();
      Diff d = make_diff(Diff::Kind::kObject, Action::kNoOp, replace);
      for (const auto& [name, attr_type] : type.attributes()) {
        StructuredChange child = change.map_child(name);
        child.before_explicit = false;
        child.after_explicit = false;
        Diff cd = diff_for_type(child, attr_type);
        if (cd.action == Action::kNoOp && child.before.is_null() && child.after.is_null()) continue;
        current = compare_actions(current, cd.action);
        d.members.emplace(name, std::move(cd));
      }
      d.action = current;
      return d;
    }
    case Type::Kind::kMap: {
      auto [members, action] = transform_map(
          change.before, change.after, all_keys(change),
          [&](const std::string& k) { return diff_for_type(change.map_child(k), type.element()); });
      Diff d = make_diff(Diff::Kind::kMap, action, replace);
      d.members = std::move(members);
      return d;
    }
    case Type::Kind::kList: {
      const bool obj = type.element().kind() == Type::Kind::kObject;
      auto [elements, action] = transform_slice(
          change.before, change.after,
          [&](std::size_t b, std::size_t a) {
            return diff_for_type(change.slice_child(b, a), type.element());
          },
          [obj](const Json&) { return obj; });
      Diff d = make_diff(Diff::Kind::kList, action, replace);
      d.elements = std::move(elements);
      return d;
    }
    case Type::Kind::kTuple: {
      Action current = change.default_action_for_iteration();
      Diff d = make_diff(Diff::Kind::kList, Action::kNoOp, replace);
      const auto& types = type.elements();
      for (std::size_t i = 0; i < types.size(); ++i) {
        d.elements.push_back(diff_for_type(change.slice_child(i, i), types[i]));
        current = compare_actions(current, d.elements.back().action);
      }
      d.action = current;
      return d;
    }
    case Type::Kind::kSet:
      break;
  }
  // Sets: elements equal on both sides pair up; the rest are removed or added.
  Action current = change.default_action_for_iteration();
  Diff d = make_diff(Diff::Kind::kSet, Action::kNoOp, replace);
  const auto before = as_vector(change.before), after = as_vector(change.after);
  std::vector<long> before_match(before.size(), -1);
  std::vector<bool> after_matched(after.size(), false);
  for (std::size_t i = 0; i < before.size(); ++i) {
    for (std::size_t j = 0; j < after.size(); ++j) {
      if (after_matched[j]) continue;
      StructuredChange c = change.slice_child(i, j);
      if (c.before == c.after && c.before_sensitive_flag() == c.after_sensitive_flag() &&
          !c.unknown_flag()) {
        before_match[i] = static_cast<long>(j);
        after_matched[j] = true;
        // Terraform keeps scanning (the last match wins), which only matters for duplicates.
      }
    }
  }
  auto process = [&](StructuredChange c) {
    d.elements.push_back(diff_for_type(std::move(c), type.element()));
    current = compare_actions(current, d.elements.back().action);
  };
  for (std::size_t i = 0; i < before.size(); ++i) {
    process(before_match[i] >= 0 ? change.slice_child(i, static_cast<std::size_t>(before_match[i]))
                                 : change.slice_child(i, after.size()));
  }
  for (std::size_t j = 0; j < after.size(); ++j)
    if (!after_matched[j]) process(change.slice_child(before.size(), j));
  d.action = current;
  return d;
}

bool contains_non_legacy_features(const schema::Block& block) {
  for (const auto& nb : block.blocks)
    if (nb.nesting == schema::Nesting::kMap || nb.nesting == schema::Nesting::kGroup) return true;
  for (const auto& attr : block.attributes) {
    const Type& t = attr.type;
    if (t.has_dynamic()) return true;
    if (t.kind() == Type::Kind::kTuple || t.kind() == Type::Kind::kObject) return true;
    if (t.is_collection()) {
      const Type& et = t.element();
      if (et.is_collection() && !et.element().is_primitive()) return true;
    }
  }
  return false;
}

Json block_child_unknown(const schema::Block& block) {
  Json out = Json::object();
  for (const auto& attr : block.attributes) out[attr.name] = true;
  return out;
}

std::pair<std::vector<Diff>, Action> block_diffs_as_list(const StructuredChange& change,
                                                         const schema::Block& block) {
  std::vector<Diff> elements;
  Action current = change.default_action_for_iteration();
  const std::size_t nb = change.before.is_array() ? change.before.size() : 0;
  const std::size_t na = change.after.is_array() ? change.after.size() : 0;
  for (std::size_t i = 0; i < nb || i < na; ++i) {
    elements.push_back(compute_block_diff(change.slice_child(i, i), block));
    current = compare_actions(current, elements.back().action);
  }
  return {std::move(elements), current};
}

std::pair<std::vector<Diff>, Action> block_diffs_as_set(const StructuredChange& change,
                                                        const schema::Block& block) {
  std::vector<Diff> elements;
  Action current = change.default_action_for_iteration();
  const auto before = as_vector(change.before), after = as_vector(change.after);
  std::vector<long> before_match(before.size(), -1);
  std::vector<bool> after_matched(after.size(), false);
  for (std::size_t i = 0; i < before.size(); ++i) {
    for (std::size_t j = 0; j < after.size(); ++j) {
      if (after_matched[j]) continue;
      StructuredChange c = change.slice_child(i, j);
      if (c.before == c.after && c.before_sensitive_flag() == c.after_sensitive_flag() &&
          !c.unknown_flag()) {
        before_match[i] = static_cast<long>(j);
        after_matched[j] = true;
      }
    }
  }
  auto process = [&](const StructuredChange& c) {
    elements.push_back(compute_block_diff(c, block));
    current = compare_actions(current, elements.back().action);
  };
  for (std::size_t i = 0; i < before.size(); ++i) {
    process(before_match[i] >= 0 ? change.slice_child(i, static_cast<std::size_t>(before_match[i]))
                                 : change.slice_child(i, after.size()));
  }
  for (std::size_t j = 0; j < after.size(); ++j)
    if (!after_matched[j]) process(change.slice_child(before.size(), j));
  return {std::move(elements), current};
}

}  // namespace

void process_slice(const std::vector<Json>& before, const std::vector<Json>& after,
                   const std::function<void(std::size_t, std::size_t)>& process,
                   const std::function<bool(const Json&)>& is_obj) {
  if (before.size() == after.size() && !is_reorder(before, after)) {
    for (std::size_t i = 0; i < before.size(); ++i) process(i, i);
    return;
  }
  const auto lcs = longest_common_subsequence(before, after);
  std::size_t bi = 0, ai = 0, li = 0;
  while (bi < before.size() || ai < after.size() || li < lcs.size()) {
    while (bi < before.size() && (li >= lcs.size() || before[bi] != lcs[li])) {
      const bool object_diff = is_obj(before[bi]) && ai < after.size() && is_obj(after[ai]) &&
                               (li >= lcs.size() || after[ai] != lcs[li]);
      if (object_diff) {
        process(bi, ai);
        ++bi;
        ++ai;
        continue;
      }
      process(bi, after.size());
      ++bi;
    }
    while (ai < after.size() && (li >= lcs.size() || after[ai] != lcs[li])) {
      process(before.size(), ai);
      ++ai;
    }
    if (li < lcs.size()) {
      process(bi, ai);
      ++bi;
      ++ai;
      ++li;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PathMatcher and StructuredChange.

PathMatcher PathMatcher::parse(const Json& paths_json) {
  PathMatcher m;
  if (!paths_json.is_array()) return m;
  for (const auto& p : paths_json) {
    if (!p.is_array()) continue;
    m.paths.push_back(as_vector(p));
  }
  return m;
}

bool PathMatcher::matches() const {
  if (always) return true;
  return std::any_of(paths.begin(), paths.end(), [](const auto& p) { return p.empty(); });
}

bool PathMatcher::matches_partial() const {
  return always || !paths.empty();
}

PathMatcher PathMatcher::child_key(const std::string& key) const {
  if (always) return *this;
  PathMatcher child;
  for (const auto& p : paths) {
    if (p.empty()) continue;
    if (p[0].is_string() && p[0].get_ref<const std::string&>() == key)
      child.paths.emplace_back(p.begin() + 1, p.end());
  }
  return child;
}

PathMatcher PathMatcher::child_index(std::size_t index) const {
  if (always) return *this;
  PathMatcher child;
  for (const auto& p : paths) {
    if (p.empty()) continue;
    bool hit = false;
    if (p[0].is_number_integer() || p[0].is_number_unsigned()) {
      hit = p[0].get<std::int64_t>() == static_cast<std::int64_t>(index);
    } else if (p[0].is_number_float()) {
      hit = static_cast<std::int64_t>(p[0].get<double>()) == static_cast<std::int64_t>(index);
    } else if (p[0].is_string()) {
      const auto& s = p[0].get_ref<const std::string&>();
      hit = !s.empty() && s == std::to_string(index);
    }
    if (hit) child.paths.emplace_back(p.begin() + 1, p.end());
  }
  return child;
}

StructuredChange StructuredChange::from_plan_change(const Json& change) {
  StructuredChange c;
  auto get = [&](const char* k) { return change.contains(k) ? change[k] : Json(); };
  c.before = get("before");
  c.after = get("after");
  c.unknown = get("after_unknown");
  c.before_sensitive = get("before_sensitive");
  c.after_sensitive = get("after_sensitive");
  c.replace_paths = PathMatcher::parse(get("replace_paths"));
  const Json actions = get("actions");
  if (actions.is_array() && actions.size() == 1 && actions[0] == "forget") c = c.as_no_op();
  return c;
}

Action StructuredChange::calculate_action() const {
  if ((before.is_null() && !before_explicit) && (!after.is_null() || after_explicit))
    return Action::kCreate;
  if ((after.is_null() && !after_explicit) && (!before.is_null() || before_explicit))
    return Action::kDelete;
  if (before == after && after_explicit == before_explicit &&
      after_sensitive_flag() == before_sensitive_flag())
    return Action::kNoOp;
  return Action::kUpdate;
}

Action StructuredChange::default_action_for_iteration() const {
  if (before.is_null() && after.is_null()) return Action::kNoOp;
  if (before.is_null()) return Action::kCreate;
  if (after.is_null()) return Action::kDelete;
  return Action::kNoOp;
}

StructuredChange StructuredChange::as_no_op() const {
  StructuredChange c;
  c.before_explicit = before_explicit;
  c.after_explicit = before_explicit;
  c.before = before;
  c.after = before;
  c.unknown = false;
  c.before_sensitive = before_sensitive;
  c.after_sensitive = before_sensitive;
  c.replace_paths = replace_paths;
  return c;
}

StructuredChange StructuredChange::as_delete() const {
  StructuredChange c;
  c.before_explicit = before_explicit;
  c.before = before;
  c.before_sensitive = before_sensitive;
  c.replace_paths = replace_paths;
  return c;
}

StructuredChange StructuredChange::as_create() const {
  StructuredChange c;
  c.after_explicit = after_explicit;
  c.after = after;
  c.unknown = unknown;
  c.after_sensitive = after_sensitive;
  c.replace_paths = replace_paths;
  return c;
}

StructuredChange StructuredChange::map_child(const std::string& key) const {
  StructuredChange c;
  c.before = object_member(before, key, &c.before_explicit);
  c.after = object_member(after, key, &c.after_explicit);
  c.unknown = object_member(unknown, key, nullptr);
  c.before_sensitive = object_member(before_sensitive, key, nullptr);
  c.after_sensitive = object_member(after_sensitive, key, nullptr);
  c.replace_paths = replace_paths.child_key(key);
  c.non_legacy = non_legacy;
  return c;
}

StructuredChange StructuredChange::slice_child(std::size_t before_index,
                                               std::size_t after_index) const {
  StructuredChange c;
  c.before = array_member(before, before_index, &c.before_explicit);
  c.after = array_member(after, after_index, &c.after_explicit);
  c.unknown = array_member(unknown, after_index, nullptr);
  c.before_sensitive = array_member(before_sensitive, before_index, nullptr);
  c.after_sensitive = array_member(after_sensitive, after_index, nullptr);
  const bool before_in_range = before.is_array() && before_index < before.size();
  c.replace_paths = replace_paths.child_index(before_in_range ? before_index : after_index);
  // Terraform does not carry the legacy flag into sequence elements; neither do we.
  return c;
}

Diff compute_output_diff(const StructuredChange& change) {
  if (auto s = check_for_sensitive(
          change, [](const StructuredChange& c) { return compute_output_diff(c); },
          [&](Diff inner, bool bs, bool as, Action action) {
            return sensitive_wrapper(change, std::move(inner), bs, as, action);
          })) {
    return *s;
  }
  if (auto u = check_for_unknown(
          change, Json(false), [](const StructuredChange& c) { return compute_output_diff(c); })) {
    return *u;
  }
  return json_transform(change);
}

Diff compute_block_diff(const StructuredChange& input, const schema::Block& block) {
  if (auto s = check_for_sensitive(
          input, [&](const StructuredChange& c) { return compute_block_diff(c, block); },
          [&](Diff inner, bool bs, bool as, Action action) {
            Diff d = with_children(Diff::Kind::kSensitiveBlock, action,
                                   input.replace_paths.matches(), {std::move(inner)});
            d.before_sensitive = bs;
            d.after_sensitive = as;
            return d;
          })) {
    return *s;
  }
  if (auto u = check_for_unknown(input, block_child_unknown(block), [&](const StructuredChange& c) {
        return compute_block_diff(c, block);
      })) {
    return *u;
  }
  StructuredChange change = input;
  change.non_legacy = change.non_legacy || contains_non_legacy_features(block);
  Action current = change.default_action_for_iteration();
  Diff d = make_diff(Diff::Kind::kBlock, Action::kNoOp, change.replace_paths.matches());
  for (const auto& attr : block.attributes) {
    StructuredChange child = change.map_child(attr.name);
    child.before_explicit = false;
    child.after_explicit = false;
    Diff cd = diff_for_type(child, attr.type);
    if (cd.action == Action::kNoOp && child.before.is_null() && child.after.is_null()) continue;
    current = compare_actions(current, cd.action);
    d.members.emplace(attr.name, std::move(cd));
  }
  for (const auto& nb : block.blocks) {
    StructuredChange child = change.map_child(nb.name);
    DiffBlockGroup group;
    group.nesting = nb.nesting;
    group.before_sensitive = child.before_sensitive_flag();
    group.after_sensitive = child.after_sensitive_flag();
    group.replace = child.replace_paths.matches();
    group.unknown = child.unknown_flag();
    Action action = Action::kNoOp;
    switch (nb.nesting) {
      case schema::Nesting::kSet: {
        auto [items, a] = block_diffs_as_set(child, nb.block);
        group.items = std::move(items);
        action = a;
        break;
      }
      case schema::Nesting::kList: {
        auto [items, a] = block_diffs_as_list(child, nb.block);
        group.items = std::move(items);
        action = a;
        break;
      }
      case schema::Nesting::kMap: {
        auto [items, a] = transform_map(
            child.before, child.after, explicit_keys(child),
            [&](const std::string& k) { return compute_block_diff(child.map_child(k), nb.block); });
        group.keyed = std::move(items);
        action = a;
        break;
      }
      case schema::Nesting::kSingle:
      case schema::Nesting::kGroup: {
        group.items.push_back(compute_block_diff(child, nb.block));
        action = group.items.back().action;
        break;
      }
    }
    if (action == Action::kNoOp && child.before.is_null() && child.after.is_null() &&
        !group.unknown)
      continue;
    current = compare_actions(current, action);
    d.blocks.emplace(nb.name, std::move(group));
  }
  d.action = current;
  return d;
}

HumanOpts HumanOpts::clone() const {
  HumanOpts o = *this;
  o.force_forces_replacement = false;
  o.forbid_forces_replacement = false;
  return o;
}

std::string diff_action_symbol_markup(Action action) {
  switch (action) {
    case Action::kDeleteThenCreate:
      return "[red]-[reset]/[green]+[reset]";
    case Action::kCreateThenDelete:
      return "[green]+[reset]/[red]-[reset]";
    case Action::kCreate:
      return "  [green]+[reset]";
    case Action::kDelete:
      return "  [red]-[reset]";
    case Action::kForget:
      return " [red].[reset]";
    case Action::kRead:
      return " [cyan]<=[reset]";
    case Action::kUpdate:
      return "  [yellow]~[reset]";
    case Action::kNoOp:
      return "   ";
  }
  return "  ?";
}

}  // namespace fgform::render
