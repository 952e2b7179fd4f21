#include "convert.h"

#include <algorithm>
#include <deque>
#include <variant>

#include "path.h"

// The structure follows go-cty's convert package: a type-level question (is there a conversion
// from this type to that one at all?) decides between "no conversion" (reported with a mismatch
// message about the types) and a value-level walk that may still fail on a particular value
// ("a number is required" for the string "abc").
namespace fgform::value {
namespace {

using Kind = Type::Kind;

bool is_kind(const Type& t, Kind k) {
  return t.kind() == k;
}

std::optional<Type> unify_impl(const std::vector<Type>& types, bool unsafe);

// cty's getConversionKnown != nil.
bool convertible(const Type& in, const Type& out, bool unsafe) {
  if (in == out) return true;
  if (is_kind(out, Kind::kDynamic)) return true;
  if (is_kind(in, Kind::kDynamic)) return unsafe;
  if (in.is_primitive() && out.is_primitive()) {
    if (is_kind(out, Kind::kString)) return true;  // number and bool print as strings
    return unsafe && is_kind(in, Kind::kString);   // "12" -> 12, "true" -> true
  }
  switch (out.kind()) {
    case Kind::kObject:
      if (is_kind(in, Kind::kObject)) {
        for (const auto& [name, t] : out.attributes()) {
          if (!in.has_attribute(name)) return false;
          if (!convertible(in.attributes().at(name), t, unsafe)) return false;
        }
        return true;
      }
      if (is_kind(in, Kind::kMap)) {
        if (!unsafe) return false;
        for (const auto& [name, t] : out.attributes()) {
          if (!convertible(in.element(), t, unsafe)) return false;
        }
        return true;
      }
      return false;
    case Kind::kTuple: {
      if (!is_kind(in, Kind::kTuple)) return false;
      if (in.elements().size() != out.elements().size()) return false;
      for (std::size_t i = 0; i < in.elements().size(); ++i) {
        if (!convertible(in.elements()[i], out.elements()[i], unsafe)) return false;
      }
      return true;
    }
    case Kind::kList:
    case Kind::kSet: {
      if (is_kind(in, Kind::kList) || is_kind(in, Kind::kSet)) {
        if (is_kind(out, Kind::kSet) && is_kind(in, Kind::kList) && !unsafe) return false;
        return convertible(in.element(), out.element(), unsafe);
      }
      if (!is_kind(in, Kind::kTuple)) return false;
      const auto& etys = in.elements();
      if (etys.empty()) return true;
      Type ety = out.element();
      if (is_kind(ety, Kind::kDynamic)) {
        auto u = unify_impl(etys, unsafe);
        if (!u) return false;
        ety = *u;
        if (is_kind(ety, Kind::kDynamic)) {
          for (const auto& t : etys) {
            if (!is_kind(t, Kind::kDynamic)) return false;
          }
        }
      }
      return std::all_of(etys.begin(), etys.end(),
                         [&](const Type& t) { return convertible(t, ety, unsafe); });
    }
    case Kind::kMap: {
      if (is_kind(in, Kind::kMap)) return convertible(in.element(), out.element(), unsafe);
      if (!is_kind(in, Kind::kObject)) return false;
      if (in.attributes().empty()) return true;
      Type ety = out.element();
      if (is_kind(ety, Kind::kDynamic)) {
        std::vector<Type> atys;
        for (const auto& [name, t] : in.attributes()) atys.push_back(t);
        auto u = unify_impl(atys, unsafe);
        if (!u) return false;
        ety = *u;
      }
      for (const auto& [name, t] : in.attributes()) {
        if (!convertible(t, ety, unsafe)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Mismatch messages (cty's MismatchMessage), for when no conversion exists between the types.

std::string quote(const std::string& s) {
  return nlohmann::json(s).dump();
}

// cty's FriendlyNameForConstraint: like friendly_name, but dynamic reads "any type".
std::string constraint_name(const Type& t) {
  switch (t.kind()) {
    case Kind::kDynamic:
      return "any type";
    case Kind::kList:
      return "list of " + constraint_name(t.element());
    case Kind::kSet:
      return "set of " + constraint_name(t.element());
    case Kind::kMap:
      return "map of " + constraint_name(t.element());
    default:
      return t.friendly_name();
  }
}

std::string mismatch_message(const Type& got, const Type& want);

std::string mismatch_objects(const Type& got, const Type& want) {
  std::vector<std::string> missing;
  std::string unsafe_mismatch, safe_mismatch;
  for (const auto& [name, wt] : want.attributes()) {
    if (!got.has_attribute(name)) {
      missing.push_back(name);
      continue;
    }
    const Type& gt = got.attributes().at(name);
    if (gt == wt) continue;
    if (unsafe_mismatch.empty() && !convertible(gt, wt, true)) {
      unsafe_mismatch = "attribute " + quote(name) + ": " + mismatch_message(gt, wt);
    }
    if (safe_mismatch.empty() && !convertible(gt, wt, false)) {
      safe_mismatch = "attribute " + quote(name) + ": " + mismatch_message(gt, wt);
    }
  }
  if (missing.size() == 1) return "attribute " + quote(missing[0]) + " is required";
  if (missing.size() == 2) {
    return "attributes " + quote(missing[0]) + " and " + quote(missing[1]) + " are required";
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i + 1 < missing.size(); ++i) list += quote(missing[i]) + ", ";
    return "attributes " + list + "and " + quote(missing.back()) + " are required";
  }
  if (!unsafe_mismatch.empty()) return unsafe_mismatch;
  if (!safe_mismatch.empty()) return safe_mismatch;
  return "incorrect object attributes";
}

bool likely_confusing(const Type& got, const Type& want) {
  if (got.is_primitive() != want.is_primitive()) return false;
  if (is_kind(want, Kind::kString)) return false;
  if ((is_kind(want, Kind::kBool) && is_kind(got, Kind::kNumber)) ||
      (is_kind(got, Kind::kBool) && is_kind(want, Kind::kNumber))) {
    return false;
  }
  if (got.is_collection() && want.is_collection() && !got.element().has_dynamic() &&
      want.element().has_dynamic()) {
    return false;
  }
  if (is_kind(got, Kind::kTuple) && is_kind(want, Kind::kObject)) return false;
  return true;
}

std::string mismatch_message(const Type& got, const Type& want) {
  const bool got_structural = is_kind(got, Kind::kTuple) || is_kind(got, Kind::kObject);
  if (is_kind(got, Kind::kObject) && is_kind(want, Kind::kObject)) {
    return mismatch_objects(got, want);
  }
  if (is_kind(got, Kind::kTuple) && is_kind(want, Kind::kList) &&
      is_kind(want.element(), Kind::kDynamic)) {
    return "all list elements must have the same type";
  }
  if (is_kind(got, Kind::kTuple) && is_kind(want, Kind::kSet) &&
      is_kind(want.element(), Kind::kDynamic)) {
    return "all set elements must have the same type";
  }
  if (is_kind(got, Kind::kObject) && is_kind(want, Kind::kMap) &&
      is_kind(want.element(), Kind::kDynamic)) {
    return "all map elements must have the same type";
  }
  if (got_structural && want.is_collection()) {
    const bool matching_shape = (is_kind(got, Kind::kTuple) && !is_kind(want, Kind::kMap)) ||
                                (is_kind(got, Kind::kObject) && is_kind(want, Kind::kMap));
    if (!matching_shape) return constraint_name(want) + " required";
    const Type& wety = want.element();
    if (is_kind(got, Kind::kTuple)) {
      for (std::size_t i = 0; i < got.elements().size(); ++i) {
        const Type& gety = got.elements()[i];
        if (gety == wety || convertible(gety, wety, true)) continue;
        return "element " + std::to_string(i) + ": " + mismatch_message(gety, wety);
      }
    } else {
      for (const auto& [name, gety] : got.attributes()) {
        if (gety == wety || convertible(gety, wety, true)) continue;
        return "element " + quote(name) + ": " + mismatch_message(gety, wety);
      }
    }
    return "all elements must be " + constraint_name(wety);
  }
  if (got.is_collection() && want.is_collection()) {
    const bool got_seq = is_kind(got, Kind::kList) || is_kind(got, Kind::kSet);
    if ((is_kind(want, Kind::kMap) && got_seq) || (!is_kind(want, Kind::kMap) && !got_seq)) {
      return constraint_name(want) + " required";
    }
    std::string noun = is_kind(want, Kind::kList)  ? "list element type"
                       : is_kind(want, Kind::kSet) ? "set element type"
                                                   : "map element type";
    return "incorrect " + noun + ": " + mismatch_message(got.element(), want.element());
  }
  if (!likely_confusing(got, want)) {
    return want.friendly_name() + " required, but have " + got.friendly_name();
  }
  return constraint_name(want) + " required";
}

// ---------------------------------------------------------------------------------------------
// Type of an unknown or null result when the wanted type contains dynamic (cty's dynamicReplace).

Type dynamic_replace(const Type& in, const Type& out) {
  if (is_kind(in, Kind::kDynamic)) return out;
  switch (out.kind()) {
    case Kind::kDynamic:
      return in;
    case Kind::kString:
    case Kind::kNumber:
    case Kind::kBool:
      return out;
    case Kind::kMap:
      if (is_kind(in, Kind::kMap)) return Type::map(dynamic_replace(in.element(), out.element()));
      if (is_kind(in, Kind::kObject)) {
        std::vector<Type> atys;
        for (const auto& [n, t] : in.attributes()) atys.push_back(t);
        Type u = unify_impl(atys, true).value_or(Type::dynamic());
        return Type::map(dynamic_replace(u, out.element()));
      }
      return out;
    case Kind::kObject: {
      std::map<std::string, Type> attrs;
      for (const auto& [name, t] : out.attributes()) {
        if (is_kind(in, Kind::kMap)) {
          attrs.emplace(name, dynamic_replace(in.element(), t));
        } else if (is_kind(in, Kind::kObject) && in.has_attribute(name)) {
          attrs.emplace(name, dynamic_replace(in.attributes().at(name), t));
        } else {
          attrs.emplace(name, t);
        }
      }
      return Type::object(std::move(attrs));
    }
    case Kind::kSet:
    case Kind::kList: {
      Type ety = out.element();
      if (is_kind(in, Kind::kSet) || is_kind(in, Kind::kList)) {
        ety = dynamic_replace(in.element(), out.element());
      } else if (is_kind(in, Kind::kTuple)) {
        Type u = unify_impl(in.elements(), true).value_or(Type::dynamic());
        ety = dynamic_replace(u, out.element());
      }
      return is_kind(out, Kind::kSet) ? Type::set(ety) : Type::list(ety);
    }
    case Kind::kTuple: {
      std::vector<Type> types;
      for (std::size_t i = 0; i < out.elements().size(); ++i) {
        const bool has = is_kind(in, Kind::kTuple) && i < in.elements().size();
        types.push_back(has ? dynamic_replace(in.elements()[i], out.elements()[i])
                            : out.elements()[i]);
      }
      return Type::tuple(std::move(types));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The value-level walk. Called only where `convertible(v.type(), out, unsafe)` holds; an error
// is a message about this particular value, with the path to the failing part.

struct Failure {
  Path path;
  std::string message;
};

using Result = std::variant<Value, Failure>;

Result convert_at(const Value& v, const Type& out, const Path& path, bool unsafe);

bool failed(const Result& r) {
  return std::holds_alternative<Failure>(r);
}

// Converts every element to one type after unifying their types (for lists and maps built from
// structural values, where elements may still differ, e.g. objects with different attributes).
std::optional<Failure> unify_elements(std::vector<Value>* elems, const Path& path, bool unsafe,
                                      const std::vector<std::string>* keys) {
  if (elems->empty()) return std::nullopt;
  std::vector<Type> types;
  for (const auto& e : *elems) types.push_back(e.type());
  auto u = unify_impl(types, unsafe);
  if (!u) return Failure{path, "cannot find a common base type for all elements"};
  for (std::size_t i = 0; i < elems->size(); ++i) {
    if ((*elems)[i].type() == *u) continue;
    Path p = keys ? path.key((*keys)[i]) : path.index(static_cast<std::int64_t>(i));
    Result r = convert_at((*elems)[i], *u, p, unsafe);
    if (failed(r)) return std::get<Failure>(r);
    (*elems)[i] = std::get<Value>(r);
  }
  return std::nullopt;
}

bool all_same_type(const std::vector<Value>& elems) {
  for (const auto& e : elems) {
    if (e.type() != elems.front().type()) return false;
  }
  return true;
}

Result convert_known(const Value& v, const Type& out, const Path& path, bool unsafe) {
  const Type& in = v.type();
  if (in == out) return v;
  if (is_kind(in, Kind::kDynamic)) return Value::unknown(out);  // only unknown/null are dynamic
  if (in.is_primitive()) {
    if (is_kind(out, Kind::kString)) {
      if (is_kind(in, Kind::kNumber)) return Value::string(v.as_number().text());
      return Value::string(v.as_bool() ? "true" : "false");
    }
    const std::string& s = v.as_string();
    if (is_kind(out, Kind::kNumber)) {
      auto n = Number::parse(s);
      if (!n) return Failure{path, "a number is required"};
      return Value::number(*n);
    }
    if (s == "true" || s == "1") return Value::boolean(true);
    if (s == "false" || s == "0") return Value::boolean(false);
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true" || lower == "false") {
      return Failure{path,
                     "a bool is required; to convert from string, use lowercase \"" + lower + "\""};
    }
    return Failure{path, "a bool is required"};
  }
  switch (out.kind()) {
    case Kind::kObject: {
      Value::Entries attrs;
      if (is_kind(in, Kind::kObject)) {
        for (const auto& [name, t] : out.attributes()) {
          Result r = convert_at(v.entries().at(name), t, path.attr(name), unsafe);
          if (failed(r)) return r;
          attrs.emplace(name, std::get<Value>(r));
        }
      } else {  // map
        for (const auto& [key, e] : v.entries()) {
          if (!out.has_attribute(key)) continue;
          Result r = convert_at(e, out.attributes().at(key), path.key(key), unsafe);
          if (failed(r)) return r;
          attrs.emplace(key, std::get<Value>(r));
        }
        for (const auto& [name, t] : out.attributes()) {
          if (!attrs.count(name)) {
            return Failure{path, "map has no element for required attribute " + quote(name)};
          }
        }
      }
      return Value::object(std::move(attrs));
    }
    case Kind::kTuple: {
      Value::Elements elems;
      for (std::size_t i = 0; i < v.elements().size(); ++i) {
        Result r = convert_at(v.elements()[i], out.elements()[i],
                              path.index(static_cast<std::int64_t>(i)), unsafe);
        if (failed(r)) return r;
        elems.push_back(std::get<Value>(r));
      }
      return Value::tuple(std::move(elems));
    }
    case Kind::kList:
    case Kind::kSet: {
      const bool to_set = is_kind(out, Kind::kSet);
      Type ety = out.element();
      if (is_kind(in, Kind::kTuple) && is_kind(ety, Kind::kDynamic) && !in.elements().empty()) {
        ety = unify_impl(in.elements(), unsafe).value_or(Type::dynamic());
      }
      Value::Elements elems;
      for (std::size_t i = 0; i < v.elements().size(); ++i) {
        Result r =
            convert_at(v.elements()[i], ety, path.index(static_cast<std::int64_t>(i)), unsafe);
        if (failed(r)) return r;
        elems.push_back(std::get<Value>(r));
      }
      if (elems.empty()) {
        Type empty_ety = is_kind(out.element(), Kind::kDynamic) && !is_kind(in, Kind::kTuple)
                             ? in.element()
                             : out.element();
        return to_set ? Value::set(empty_ety, {}) : Value::list(empty_ety, {});
      }
      if (is_kind(in, Kind::kTuple) && !to_set) {
        if (auto f = unify_elements(&elems, path, unsafe, nullptr)) return *f;
      }
      if (!all_same_type(elems)) {
        return Failure{path, std::string("element types must all match for conversion to ") +
                                 (to_set ? "set" : "list")};
      }
      Type elem_type = elems.front().type();
      return to_set ? Value::set(elem_type, std::move(elems))
                    : Value::list(elem_type, std::move(elems));
    }
    case Kind::kMap: {
      Type ety = out.element();
      if (is_kind(in, Kind::kObject) && is_kind(ety, Kind::kDynamic) && !in.attributes().empty()) {
        std::vector<Type> atys;
        for (const auto& [n, t] : in.attributes()) atys.push_back(t);
        ety = unify_impl(atys, unsafe).value_or(Type::dynamic());
      }
      std::vector<std::string> keys;
      std::vector<Value> elems;
      for (const auto& [key, e] : v.entries()) {
        Result r = convert_at(e, ety, path.key(key), unsafe);
        if (failed(r)) return r;
        keys.push_back(key);
        elems.push_back(std::get<Value>(r));
      }
      if (elems.empty()) {
        Type empty_ety = is_kind(out.element(), Kind::kDynamic) && is_kind(in, Kind::kMap)
                             ? in.element()
                             : out.element();
        return Value::map(empty_ety, {});
      }
      if (ety.is_collection() || is_kind(ety, Kind::kObject) || is_kind(ety, Kind::kDynamic)) {
        if (auto f = unify_elements(&elems, path, unsafe, &keys)) return *f;
      }
      if (!all_same_type(elems)) {
        return Failure{path, is_kind(in, Kind::kObject)
                                 ? "attribute types must all match for conversion to map"
                                 : "element types must all match for conversion to map"};
      }
      Value::Entries entries;
      for (std::size_t i = 0; i < keys.size(); ++i) entries.emplace(keys[i], elems[i]);
      Type elem_type = elems.front().type();
      return Value::map(elem_type, std::move(entries));
    }
    default:
      return Failure{path, mismatch_message(in, out)};
  }
}

Result convert_at(const Value& v, const Type& out, const Path& path, bool unsafe) {
  if (v.is_sensitive()) {
    Result r = convert_at(v.marked_sensitive(false), out, path, unsafe);
    if (auto* value = std::get_if<Value>(&r)) *value = value->marked_sensitive();
    return r;
  }
  if (is_kind(out, Kind::kDynamic)) return v;
  if (v.type() == out) return v;
  if (!convertible(v.type(), out, unsafe)) return Failure{path, mismatch_message(v.type(), out)};
  if (v.is_unknown()) return Value::unknown(dynamic_replace(v.type(), out));
  if (v.is_null()) return Value::null(dynamic_replace(v.type(), out));
  return convert_known(v, out, path, unsafe);
}

// Terraform's rendering of a cty path ahead of a message: .name[0]["key"].
std::string render_path(const Path& path) {
  std::string out;
  for (const auto& step : path.steps()) {
    switch (step.kind) {
      case PathStep::Kind::kAttribute:
        out += "." + step.name;
        break;
      case PathStep::Kind::kKeyString:
        out += "[" + quote(step.name) + "]";
        break;
      case PathStep::Kind::kKeyInt:
        out += "[" + std::to_string(step.index) + "]";
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Unification.

// cty's compareTypes: negative when a is the more general of the two (preferred as the target).
int compare_types(const Type& a, const Type& b) {
  const bool ad = is_kind(a, Kind::kDynamic), bd = is_kind(b, Kind::kDynamic);
  if (ad || bd) return ad == bd ? 0 : (ad ? 1 : -1);
  if (a.is_primitive() && b.is_primitive()) {
    const bool as = is_kind(a, Kind::kString), bs = is_kind(b, Kind::kString);
    if (as || bs) return as == bs ? 0 : (as ? -1 : 1);
    return 0;
  }
  if (a.kind() == b.kind() && a.is_collection()) return compare_types(a.element(), b.element());
  auto more_general = [](const Type& x, const Type& y) {
    return (is_kind(x, Kind::kSet) && (is_kind(y, Kind::kTuple) || is_kind(y, Kind::kList))) ||
           (is_kind(x, Kind::kList) && is_kind(y, Kind::kTuple)) ||
           (is_kind(x, Kind::kMap) && is_kind(y, Kind::kObject));
  };
  if (more_general(a, b)) return -1;
  if (more_general(b, a)) return 1;
  return 0;
}

// Kahn's topological order over "more general than", keeping input order among equals.
std::vector<std::size_t> preference_order(const std::vector<Type>& types) {
  const std::size_t n = types.size();
  std::vector<std::vector<std::size_t>> edges(n);
  std::vector<int> in_degree(n, 0);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      int c = compare_types(types[i], types[j]);
      if (c < 0) {
        edges[i].push_back(j);
        ++in_degree[j];
      } else if (c > 0) {
        edges[j].push_back(i);
        ++in_degree[i];
      }
    }
  }
  std::vector<std::size_t> order;
  std::deque<std::size_t> queue;
  for (std::size_t i = 0; i < n; ++i) {
    if (in_degree[i] == 0) queue.push_back(i);
  }
  while (!queue.empty()) {
    std::size_t i = queue.front();
    queue.pop_front();
    order.push_back(i);
    for (std::size_t j : edges[i]) {
      if (--in_degree[j] == 0) queue.push_back(j);
    }
  }
  return order;
}

bool all_convert_to(const std::vector<Type>& types, const Type& target, bool unsafe) {
  return std::all_of(types.begin(), types.end(),
                     [&](const Type& t) { return t == target || convertible(t, target, unsafe); });
}

std::optional<Type> unify_tuples_to_list(const std::vector<Type>& types, bool unsafe) {
  std::vector<Type> etys;
  for (const auto& t : types) {
    for (const auto& e : t.elements()) etys.push_back(e);
  }
  auto ety = unify_impl(etys, unsafe);
  if (!ety) return std::nullopt;
  Type ret = Type::list(*ety);
  if (!all_convert_to(types, ret, unsafe)) return std::nullopt;
  return ret;
}

std::optional<Type> unify_objects_to_map(const std::vector<Type>& types, bool unsafe) {
  std::vector<Type> atys;
  for (const auto& t : types) {
    for (const auto& [n, a] : t.attributes()) atys.push_back(a);
  }
  auto ety = unify_impl(atys, unsafe);
  if (!ety) return std::nullopt;
  Type ret = Type::map(*ety);
  if (!all_convert_to(types, ret, unsafe)) return std::nullopt;
  return ret;
}

std::optional<Type> unify_collections(Kind kind, const std::vector<Type>& types, bool unsafe,
                                      bool has_dynamic) {
  if (has_dynamic) return Type::dynamic();
  std::vector<Type> etys;
  for (const auto& t : types) etys.push_back(t.element());
  auto ety = unify_impl(etys, unsafe);
  if (!ety) return std::nullopt;
  Type ret = kind == Kind::kMap    ? Type::map(*ety)
             : kind == Kind::kList ? Type::list(*ety)
                                   : Type::set(*ety);
  if (!all_convert_to(types, ret, unsafe)) return std::nullopt;
  return ret;
}

std::optional<Type> unify_objects(const std::vector<Type>& types, bool unsafe, bool has_dynamic) {
  if (has_dynamic) return Type::dynamic();
  const auto& first = types[0].attributes();
  for (const auto& t : types) {
    if (t.attributes().size() != first.size()) return unify_objects_to_map(types, unsafe);
    for (const auto& [name, a] : t.attributes()) {
      if (!first.count(name)) return unify_objects_to_map(types, unsafe);
    }
  }
  std::map<std::string, Type> attrs;
  for (const auto& [name, a] : first) {
    std::vector<Type> across;
    for (const auto& t : types) across.push_back(t.attributes().at(name));
    auto u = unify_impl(across, unsafe);
    if (!u) return std::nullopt;
    attrs.emplace(name, *u);
  }
  Type ret = Type::object(std::move(attrs));
  if (!all_convert_to(types, ret, unsafe)) return unify_objects_to_map(types, unsafe);
  return ret;
}

std::optional<Type> unify_tuples(const std::vector<Type>& types, bool unsafe, bool has_dynamic) {
  if (has_dynamic) return Type::dynamic();
  const std::size_t n = types[0].elements().size();
  for (const auto& t : types) {
    if (t.elements().size() != n) return unify_tuples_to_list(types, unsafe);
  }
  std::vector<Type> etys;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<Type> across;
    for (const auto& t : types) across.push_back(t.elements()[i]);
    auto u = unify_impl(across, unsafe);
    if (!u) return std::nullopt;
    etys.push_back(*u);
  }
  Type ret = Type::tuple(std::move(etys));
  if (!all_convert_to(types, ret, unsafe)) return unify_tuples_to_list(types, unsafe);
  return ret;
}

std::optional<Type> unify_impl(const std::vector<Type>& types, bool unsafe) {
  if (types.empty()) return std::nullopt;
  std::size_t maps = 0, lists = 0, sets = 0, objects = 0, tuples = 0, dynamics = 0;
  for (const auto& t : types) {
    switch (t.kind()) {
      case Kind::kMap:
        ++maps;
        break;
      case Kind::kList:
        ++lists;
        break;
      case Kind::kSet:
        ++sets;
        break;
      case Kind::kObject:
        ++objects;
        break;
      case Kind::kTuple:
        ++tuples;
        break;
      case Kind::kDynamic:
        ++dynamics;
        break;
      default:
        break;
    }
  }
  const std::size_t n = types.size();
  if (maps > 0 && maps + dynamics == n) {
    return unify_collections(Kind::kMap, types, unsafe, dynamics > 0);
  }
  if (maps > 0 && maps + objects + dynamics == n) {
    std::vector<Type> objs;
    for (const auto& t : types) {
      if (is_kind(t, Kind::kObject)) objs.push_back(t);
    }
    if (auto m = unify_objects_to_map(objs, unsafe)) {
      std::vector<Type> mapped;
      for (const auto& t : types) mapped.push_back(is_kind(t, Kind::kObject) ? *m : t);
      auto u = unify_impl(mapped, unsafe);
      if (u && is_kind(*u, Kind::kMap)) return u;
    }
  } else if (lists > 0 && lists + dynamics == n) {
    return unify_collections(Kind::kList, types, unsafe, dynamics > 0);
  } else if (lists > 0 && lists + tuples + dynamics == n) {
    std::vector<Type> tups;
    for (const auto& t : types) {
      if (is_kind(t, Kind::kTuple)) tups.push_back(t);
    }
    if (auto l = unify_tuples_to_list(tups, unsafe)) {
      std::vector<Type> listed;
      for (const auto& t : types) listed.push_back(is_kind(t, Kind::kTuple) ? *l : t);
      auto u = unify_impl(listed, unsafe);
      if (u && is_kind(*u, Kind::kList)) return u;
    }
  } else if (sets > 0 && sets + dynamics == n) {
    return unify_collections(Kind::kSet, types, unsafe, dynamics > 0);
  } else if (objects > 0 && objects + dynamics == n) {
    return unify_objects(types, unsafe, dynamics > 0);
  } else if (tuples > 0 && tuples + dynamics == n) {
    return unify_tuples(types, unsafe, dynamics > 0);
  } else if (objects > 0 && tuples > 0) {
    return std::nullopt;
  }
  for (std::size_t want : preference_order(types)) {
    if (all_convert_to(types, types[want], unsafe)) return types[want];
  }
  return std::nullopt;
}

}  // namespace

Conversion convert(const Value& v, const Type& want) {
  if (v.type() == want) return Conversion{v, {}};
  Result r = convert_at(v, want, Path(), true);
  if (auto* f = std::get_if<Failure>(&r)) {
    std::string where = render_path(f->path);
    return Conversion{Value::null(want), where.empty() ? f->message : where + ": " + f->message};
  }
  return Conversion{std::get<Value>(r), {}};
}

std::optional<Type> unify(const std::vector<Type>& types, bool unsafe) {
  return unify_impl(types, unsafe);
}

bool can_convert(const Type& from, const Type& to, bool unsafe) {
  return convertible(from, to, unsafe);
}

std::string mismatch(const Type& got, const Type& want) {
  return mismatch_message(got, want);
}

}  // namespace fgform::value
