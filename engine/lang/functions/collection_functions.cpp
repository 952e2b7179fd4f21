// Collection functions: length, concat, merge, lookup, keys/values, flatten, the set functions,
// slicing and searching, and the list reducers (sum, alltrue, anytrue).
#include <algorithm>
#include <set>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

using Kind = Type::Kind;

const int kRangeLimit = 1024;

std::string count_chars(const std::string& s) {
  return std::to_string(utf8_chars(s).size());
}

Function length_function() {
  Function f;
  f.params = {param("value", Type::dynamic(), kAllowUnknown | kAllowDynamic | kAllowMarked)};
  f.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kDynamic || t.kind() == Kind::kString || t.is_collection() ||
        t.kind() == Kind::kTuple || t.kind() == Kind::kObject) {
      return Type::number();
    }
    return error("argument must be a string, a collection type, or a structural type", 0);
  };
  f.impl = [](const Args& a) -> Result {
    const Value& v = a[0];
    const bool sensitive = v.is_sensitive();
    auto mark = [&](Value r) { return sensitive ? r.marked_sensitive() : r; };
    const Type& t = v.type();
    // Structural types have their length in the type, known or not.
    if (t.kind() == Kind::kTuple)
      return mark(number_value(static_cast<std::int64_t>(t.elements().size())));
    if (t.kind() == Kind::kObject)
      return mark(number_value(static_cast<std::int64_t>(t.attributes().size())));
    if (!v.is_known()) return mark(Value::unknown(Type::number()));
    if (t.kind() == Kind::kString) {
      return mark(Value::number(*Number::parse(count_chars(v.as_string()))));
    }
    // A set with unknown elements may collapse: its length is not known yet.
    if (t.kind() == Kind::kSet && !v.is_wholly_known()) return mark(Value::unknown(Type::number()));
    return mark(number_value(static_cast<std::int64_t>(v.length())));
  };
  return f;
}

Function concat_function() {
  Function f;
  f.variadic = param("seqs", Type::dynamic(), kAllowUnknown | kAllowDynamic);
  f.return_type = [](const Args& a) -> TypeResult {
    if (a.empty()) return error("at least one argument is required");
    bool all_lists = true;
    for (const auto& v : a) {
      if (v.type().kind() == Kind::kDynamic) return Type::dynamic();
      if (v.type().kind() != Kind::kList) all_lists = false;
    }
    if (all_lists) {
      std::vector<Type> etys;
      for (const auto& v : a) etys.push_back(v.type().element());
      auto u = value::unify(etys);
      if (!u) return error("all arguments must have the same element type");
      return Type::list(*u);
    }
    std::vector<Type> etys;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Value& v = a[i];
      if (v.type().kind() == Kind::kList || v.type().kind() == Kind::kSet) {
        if (!v.is_known()) return Type::dynamic();
        for (const auto& e : v.elements()) etys.push_back(e.type());
      } else if (v.type().kind() == Kind::kTuple) {
        for (const auto& t : v.type().elements()) etys.push_back(t);
      } else {
        return error("all arguments must be lists or tuples; got " + v.type().friendly_name(),
                     static_cast<int>(i));
      }
    }
    return Type::tuple(std::move(etys));
  };
  f.impl = [](const Args& a) -> Result {
    Value::Elements items;
    for (const auto& v : a) {
      if (!v.is_known()) return Value::unknown(Type::dynamic());
      if (v.is_null()) continue;
      for (const auto& e : v.elements()) items.push_back(e);
    }
    bool all_lists = std::all_of(a.begin(), a.end(),
                                 [](const Value& v) { return v.type().kind() == Kind::kList; });
    if (all_lists) {
      std::vector<Type> etys;
      for (const auto& v : a) etys.push_back(v.type().element());
      return make_list(items, *value::unify(etys));
    }
    return Value::tuple(std::move(items));
  };
  return f;
}

Function merge_function() {
  Function f;
  f.variadic = param("maps", Type::dynamic(), kAllowNull | kAllowDynamic);
  f.return_type = [](const Args& a) -> TypeResult {
    if (a.empty()) return Type::object({});
    std::optional<Type> map_type;
    bool all_same_maps = true;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Type& t = a[i].type();
      if (t.kind() == Kind::kDynamic) return Type::dynamic();
      if (!is_mapping(t)) {
        return error("arguments must be maps or objects, got " + t.friendly_name(),
                     static_cast<int>(i));
      }
      if (t.kind() != Kind::kMap || (map_type && *map_type != t)) all_same_maps = false;
      if (!map_type) map_type = t;
    }
    if (all_same_maps) return *map_type;
    std::map<std::string, Type> attrs;
    for (const auto& v : a) {
      if (v.is_null()) continue;
      if (v.type().kind() == Kind::kObject) {
        for (const auto& [k, t] : v.type().attributes()) attrs.insert_or_assign(k, t);
      } else {
        if (!v.is_known()) return Type::dynamic();
        for (const auto& [k, e] : v.entries()) attrs.insert_or_assign(k, v.type().element());
      }
    }
    return Type::object(std::move(attrs));
  };
  f.impl = [](const Args& a) -> Result {
    Value::Entries entries;
    bool maps = !a.empty();
    for (const auto& v : a) {
      if (v.type().kind() != Kind::kMap) maps = false;
      if (v.is_null()) continue;
      for (const auto& [k, e] : v.entries()) entries[k] = e;
    }
    if (maps) return Value::map(a[0].type().element(), std::move(entries));
    return Value::object(std::move(entries));
  };
  return f;
}

Function lookup_function() {
  Function f;
  f.params = {param("inputMap", Type::dynamic(), kAllowMarked),
              param("key", Type::string(), kAllowMarked)};
  f.variadic = param("default", Type::dynamic(), kAllowNull | kAllowUnknown | kAllowMarked);
  f.return_type = [](const Args& a) -> TypeResult {
    if (a.size() > 3) return error("lookup() takes no more than three arguments");
    const Type& t = a[0].type();
    if (t.kind() == Kind::kMap) {
      if (a.size() == 3) {
        auto u = value::unify({t.element(), a[2].type()});
        return u ? *u : t.element();
      }
      return t.element();
    }
    if (t.kind() == Kind::kObject) {
      if (!a[1].is_known()) return Type::dynamic();
      const std::string& key = a[1].as_string();
      if (t.has_attribute(key)) return t.attributes().at(key);
      if (a.size() == 3) return a[2].type();
      return error("the given object has no attribute \"" + key + "\"");
    }
    if (t.kind() == Kind::kDynamic) return Type::dynamic();
    return error("the first argument must be a map or an object, got " + t.friendly_name(), 0);
  };
  f.impl = [](const Args& a) -> Result {
    const bool sensitive = a[0].is_sensitive() || a[1].is_sensitive();
    Value m = a[0].marked_sensitive(false);
    Value key = a[1].marked_sensitive(false);
    auto mark = [&](Value r) { return sensitive ? r.marked_sensitive() : r; };
    if (!m.is_known() || !key.is_known()) return Value::unknown(Type::dynamic());
    auto it = m.entries().find(key.as_string());
    if (it != m.entries().end()) return mark(it->second);
    if (a.size() == 3) return mark(a[2]);
    return error("lookup failed to find key \"" + key.as_string() + "\"");
  };
  return f;
}

Function keys_function() {
  Function f;
  f.params = {param("inputMap", Type::dynamic(), kAllowUnknown)};
  f.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kMap) return Type::list(Type::string());
    if (t.kind() == Kind::kObject) {
      return Type::tuple(std::vector<Type>(t.attributes().size(), Type::string()));
    }
    if (t.kind() == Kind::kDynamic) return Type::dynamic();
    return error("must have map or object type", 0);
  };
  f.impl = [](const Args& a) -> Result {
    const Type& t = a[0].type();
    Value::Elements keys;
    if (t.kind() == Kind::kObject) {
      for (const auto& [k, at] : t.attributes()) keys.push_back(Value::string(k));
      return Value::tuple(std::move(keys));
    }
    if (!a[0].is_known()) return Value::unknown(Type::list(Type::string()));
    for (const auto& [k, v] : a[0].entries()) keys.push_back(Value::string(k));
    return Value::list(Type::string(), std::move(keys));
  };
  return f;
}

Function values_function() {
  Function f;
  f.params = {param("mapping", Type::dynamic())};
  f.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kMap) return Type::list(t.element());
    if (t.kind() == Kind::kObject) {
      std::vector<Type> types;
      for (const auto& [k, at] : t.attributes()) types.push_back(at);
      return Type::tuple(std::move(types));
    }
    return error("values() requires a map as the first argument", 0);
  };
  f.impl = [](const Args& a) -> Result {
    Value::Elements items;
    for (const auto& [k, v] : a[0].entries()) items.push_back(v);
    if (a[0].type().kind() == Kind::kMap)
      return Value::list(a[0].type().element(), std::move(items));
    return Value::tuple(std::move(items));
  };
  return f;
}

// Appends the leaves of nested lists, sets and tuples; false when an unknown sequence makes
// the shape of the result unknown.
bool flatten_into(const Value& v, Value::Elements* out) {
  for (const auto& e : v.elements()) {
    if (is_sequence(e.type()) && !e.is_null()) {
      if (!e.is_known()) return false;
      if (!flatten_into(e, out)) return false;
    } else {
      out->push_back(e);
    }
  }
  return true;
}

Function flatten_function() {
  Function f;
  f.params = {param("list", Type::dynamic())};
  f.return_type = [](const Args& a) -> TypeResult {
    if (!is_sequence(a[0].type())) return error("can only flatten lists, sets and tuples", 0);
    return Type::dynamic();
  };
  f.impl = [](const Args& a) -> Result {
    Value::Elements out;
    if (!flatten_into(a[0], &out)) return Value::unknown(Type::dynamic());
    return Value::tuple(std::move(out));
  };
  return f;
}

Function distinct_function() {
  Function f;
  f.params = {param("list", Type::list(Type::dynamic()))};
  f.return_type = [](const Args& a) -> TypeResult { return a[0].type(); };
  f.impl = [](const Args& a) -> Result {
    if (!a[0].is_wholly_known()) return Value::unknown(a[0].type());
    Value::Elements out;
    for (const auto& e : a[0].elements()) {
      if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
    }
    return Value::list(a[0].type().element(), std::move(out));
  };
  return f;
}

Function zipmap_function() {
  Function f;
  f.params = {param("keys", Type::list(Type::string())), param("values", Type::dynamic())};
  f.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[1].type();
    if (t.kind() == Kind::kList) return Type::map(t.element());
    if (t.kind() == Kind::kTuple) {
      if (!a[0].is_wholly_known()) return Type::dynamic();
      if (a[0].length() != t.elements().size()) {
        return error("number of keys (" + std::to_string(a[0].length()) +
                     ") does not match number of values (" + std::to_string(t.elements().size()) +
                     ")");
      }
      std::map<std::string, Type> attrs;
      for (std::size_t i = 0; i < t.elements().size(); ++i) {
        attrs.insert_or_assign(a[0].elements()[i].as_string(), t.elements()[i]);
      }
      return Type::object(std::move(attrs));
    }
    if (t.kind() == Kind::kDynamic) return Type::dynamic();
    return error("values argument must be a list or tuple value", 1);
  };
  f.impl = [](const Args& a) -> Result {
    if (!a[0].is_wholly_known() || !a[1].is_known()) return Value::unknown(Type::dynamic());
    const auto& keys = a[0].elements();
    const auto& values = a[1].elements();
    if (keys.size() != values.size()) {
      return error("number of keys (" + std::to_string(keys.size()) +
                   ") does not match number of values (" + std::to_string(values.size()) + ")");
    }
    Value::Entries entries;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].is_null())
        return error("keys list has null value at index " + std::to_string(i), 0);
      entries[keys[i].as_string()] = values[i];
    }
    if (a[1].type().kind() == Kind::kList) {
      return Value::map(a[1].type().element(), std::move(entries));
    }
    return Value::object(std::move(entries));
  };
  return f;
}

Function contains_function() {
  Function f;
  f.params = {param("list", Type::dynamic()), param("value", Type::dynamic(), kAllowNull)};
  f.return_type = [](const Args& a) -> TypeResult {
    if (!is_sequence(a[0].type()) && a[0].type().kind() != Kind::kDynamic) {
      return error("argument must be list, tuple, or set", 0);
    }
    return Type::boolean();
  };
  f.impl = [](const Args& a) -> Result {
    bool unknown = false;
    for (const auto& e : a[0].elements()) {
      if (!e.is_wholly_known()) {
        unknown = true;
        continue;
      }
      auto c = value::convert(a[1], e.type());
      if (c.ok() && c.value == e) return Value::boolean(true);
    }
    if (unknown || !a[1].is_wholly_known()) return Value::unknown(Type::boolean());
    return Value::boolean(false);
  };
  return f;
}

Function element_function() {
  Function f;
  f.params = {param("list", Type::dynamic()), param("index", Type::number())};
  f.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kList) return t.element();
    if (t.kind() == Kind::kTuple) {
      if (!a[1].is_known()) return Type::dynamic();
      auto i = to_int(a[1]);
      if (!i) return error("invalid index: value must be a whole number", 1);
      if (*i < 0) return error("cannot use element function with a negative index", 1);
      if (t.elements().empty()) return error("cannot use element function with an empty list", 0);
      return t.elements()[static_cast<std::size_t>(*i) % t.elements().size()];
    }
    if (t.kind() == Kind::kDynamic) return Type::dynamic();
    return error("cannot read elements from " + t.friendly_name(), 0);
  };
  f.impl = [](const Args& a) -> Result {
    auto i = to_int(a[1]);
    if (!i) return error("invalid index: value must be a whole number", 1);
    if (*i < 0) return error("cannot use element function with a negative index", 1);
    if (!a[0].is_known()) return Value::unknown(Type::dynamic());
    const auto& items = a[0].elements();
    if (items.empty()) return error("cannot use element function with an empty list", 0);
    return items[static_cast<std::size_t>(*i) % items.size()];
  };
  return f;
}

Function index_function() {
  Function f;
  f.params = {param("list", Type::dynamic()), param("value", Type::dynamic())};
  f.return_type = [](const Args& a) -> TypeResult {
    const auto k = a[0].type().kind();
    if (k != Kind::kList && k != Kind::kTuple && k != Kind::kDynamic) {
      return error("argument must be a list or tuple", 0);
    }
    return Type::number();
  };
  f.impl = [](const Args& a) -> Result {
    if (!a[0].is_wholly_known()) return Value::unknown(Type::number());
    std::int64_t i = 0;
    for (const auto& e : a[0].elements()) {
      auto c = value::convert(a[1], e.type());
      if (c.ok() && c.value == e) return number_value(i);
      ++i;
    }
    return error("item not found");
  };
  return f;
}

Function slice_function() {
  Function f;
  f.params = {param("list", Type::dynamic()), param("start_index", Type::number()),
              param("end_index", Type::number())};
  auto bounds =
      [](const Args& a) -> std::variant<std::pair<std::int64_t, std::int64_t>, FunctionError> {
    auto s = to_int(a[1]);
    auto e = to_int(a[2]);
    if (!s) return error("invalid start index: value must be a whole number", 1);
    if (!e) return error("invalid end index: value must be a whole number", 2);
    if (*s < 0) return error("start index must not be less than zero", 1);
    if (*s > *e) return error("start index must not be greater than end index", 1);
    return std::make_pair(*s, *e);
  };
  f.return_type = [bounds](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kList) return t;
    if (t.kind() != Kind::kTuple) {
      if (t.kind() == Kind::kDynamic) return Type::dynamic();
      return error("must be a list or tuple value", 0);
    }
    if (!a[1].is_known() || !a[2].is_known()) return Type::dynamic();
    auto b = bounds(a);
    if (auto* err = std::get_if<FunctionError>(&b)) return *err;
    auto [s, e] = std::get<0>(b);
    if (e > static_cast<std::int64_t>(t.elements().size())) {
      return error("end index must not be greater than the length of the list", 2);
    }
    return Type::tuple(std::vector<Type>(t.elements().begin() + s, t.elements().begin() + e));
  };
  f.impl = [bounds](const Args& a) -> Result {
    auto b = bounds(a);
    if (auto* err = std::get_if<FunctionError>(&b)) return *err;
    auto [s, e] = std::get<0>(b);
    const auto& items = a[0].elements();
    if (e > static_cast<std::int64_t>(items.size())) {
      return error("end index must not be greater than the length of the list", 2);
    }
    Value::Elements out(items.begin() + s, items.begin() + e);
    if (a[0].type().kind() == Kind::kList)
      return Value::list(a[0].type().element(), std::move(out));
    return Value::tuple(std::move(out));
  };
  return f;
}

Function range_function() {
  Function f;
  f.variadic = param("params", Type::number());
  f.return_type = [](const Args&) -> TypeResult { return Type::list(Type::number()); };
  f.impl = [](const Args& a) -> Result {
    Number start, end, step = Number::from_int(1);
    switch (a.size()) {
      case 1:
        end = a[0].as_number();
        break;
      case 2:
        start = a[0].as_number();
        end = a[1].as_number();
        break;
      case 3:
        start = a[0].as_number();
        end = a[1].as_number();
        step = a[2].as_number();
        break;
      default:
        return error("must have one, two, or three arguments");
    }
    if (a.size() < 3 && end < start) step = Number::from_int(-1);
    if (step == Number()) return error("step must not be zero", 2);
    const bool down = step.is_negative();
    if (down && start < end)
      return error("start index must be greater than end index when step is negative");
    if (!down && end < start)
      return error("start index must not be greater than end index when step is positive");
    Value::Elements out;
    for (Number v = start; down ? end < v : v < end; v = value::add(v, step)) {
      if (static_cast<int>(out.size()) >= kRangeLimit) {
        return error("more than " + std::to_string(kRangeLimit) +
                     " values were generated; either decrease the difference between start and "
                     "end or use a smaller step");
      }
      out.push_back(Value::number(v));
    }
    return Value::list(Type::number(), std::move(out));
  };
  return f;
}

// The set functions accept sets (or anything convertible) of one element type.
Function set_function(const std::string& which) {
  Function f;
  // setproduct keeps the order of lists; the others work on sets.
  const Type arg_type = which == "setproduct" ? Type::dynamic() : Type::set(Type::dynamic());
  f.params = {param(which == "setproduct" ? "sets" : "first_set", arg_type, kAllowUnknown)};
  if (which != "setsubtract") {
    f.variadic = param("other_sets", arg_type, kAllowUnknown);
  } else {
    f.params.push_back(param("b", Type::set(Type::dynamic()), kAllowUnknown));
  }
  f.return_type = [which](const Args& a) -> TypeResult {
    if (which == "setproduct") return Type::dynamic();
    std::vector<Type> etys;
    for (const auto& v : a) etys.push_back(v.type().element());
    auto u = value::unify(etys);
    if (!u) return error("given sets must all have compatible element types");
    return Type::set(*u);
  };
  f.impl = [which](const Args& a) -> Result {
    for (const auto& v : a) {
      if (!v.is_wholly_known()) return Value::unknown(Type::dynamic());
    }
    if (which == "setproduct") {
      if (a.size() < 2) return error("at least two arguments are required");
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!is_sequence(a[i].type())) {
          return error("a set or a list is required", static_cast<int>(i));
        }
      }
      std::vector<Value::Elements> rows{{}};
      std::vector<Type> types;
      for (const auto& s : a) {
        std::vector<Value::Elements> next;
        for (const auto& row : rows) {
          for (const auto& e : s.elements()) {
            auto r = row;
            r.push_back(e);
            next.push_back(std::move(r));
          }
        }
        rows = std::move(next);
        for (const auto& e : s.elements()) types.push_back(e.type());
      }
      auto u = value::unify(types);
      Type row_type = u ? Type::list(*u) : Type::tuple(types);
      Value::Elements out;
      for (auto& r : rows) {
        Value row = Value::tuple(std::move(r));
        auto c = value::convert(row, row_type);
        out.push_back(c.ok() ? c.value : row);
      }
      const bool all_sets = std::all_of(
          a.begin(), a.end(), [](const Value& v) { return v.type().kind() == Kind::kSet; });
      if (all_sets) return Value::set(row_type, std::move(out));
      return Value::list(row_type, std::move(out));
    }
    std::vector<Type> etys;
    for (const auto& v : a) etys.push_back(v.type().element());
    Type ety = *value::unify(etys);
    std::vector<Value> sets;
    for (const auto& v : a) sets.push_back(value::convert(v, Type::set(ety)).value);
    auto contains = [](const Value& s, const Value& e) {
      return std::find(s.elements().begin(), s.elements().end(), e) != s.elements().end();
    };
    Value::Elements out;
    if (which == "setunion") {
      for (const auto& s : sets) out.insert(out.end(), s.elements().begin(), s.elements().end());
    } else if (which == "setintersection") {
      for (const auto& e : sets[0].elements()) {
        if (std::all_of(sets.begin() + 1, sets.end(),
                        [&](const Value& s) { return contains(s, e); })) {
          out.push_back(e);
        }
      }
    } else {
      for (const auto& e : sets[0].elements()) {
        if (!contains(sets[1], e)) out.push_back(e);
      }
    }
    return Value::set(ety, std::move(out));
  };
  return f;
}

Function coalesce_function() {
  Function f;
  f.variadic = param("vals", Type::dynamic(), kAllowNull | kAllowUnknown | kAllowDynamic);
  f.return_type = [](const Args& a) -> TypeResult {
    std::vector<Type> types;
    for (const auto& v : a) types.push_back(v.type());
    if (types.empty()) return error("at least one argument is required");
    auto u = value::unify(types);
    if (!u) return error("all arguments must have the same type");
    return *u;
  };
  f.impl = [](const Args& a) -> Result {
    std::vector<Type> types;
    for (const auto& v : a) types.push_back(v.type());
    Type t = *value::unify(types);
    for (const auto& v : a) {
      auto c = value::convert(v, t);
      if (!c.ok()) return error(c.error);
      if (!c.value.is_known()) return Value::unknown(t);
      if (c.value.is_null()) continue;
      if (t.kind() == Kind::kString && c.value.as_string().empty()) continue;
      return c.value;
    }
    return error("no non-null, non-empty-string arguments");
  };
  return f;
}

Function coalescelist_function() {
  Function f;
  f.variadic = param("vals", Type::dynamic(), kAllowNull | kAllowUnknown);
  f.return_type = [](const Args& a) -> TypeResult {
    if (a.empty()) return error("at least one argument is required");
    std::vector<Type> types;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto k = a[i].type().kind();
      if (k != Kind::kList && k != Kind::kTuple && k != Kind::kDynamic) {
        return error(
            "coalescelist arguments must be lists or tuples, got " + a[i].type().friendly_name(),
            static_cast<int>(i));
      }
      types.push_back(a[i].type());
    }
    auto u = value::unify(types);
    return u ? *u : Type::dynamic();
  };
  f.impl = [](const Args& a) -> Result {
    for (const auto& v : a) {
      if (!v.is_known()) return Value::unknown(Type::dynamic());
      if (v.is_null()) continue;
      if (v.length() > 0) return v;
    }
    return error("no non-null arguments");
  };
  return f;
}

}  // namespace

void add_collection_functions(FunctionTable& table) {
  table["length"] = length_function();
  table["concat"] = concat_function();
  table["merge"] = merge_function();
  table["lookup"] = lookup_function();
  table["keys"] = keys_function();
  table["values"] = values_function();
  table["flatten"] = flatten_function();
  table["distinct"] = distinct_function();
  table["zipmap"] = zipmap_function();
  table["contains"] = contains_function();
  table["element"] = element_function();
  table["index"] = index_function();
  table["slice"] = slice_function();
  table["range"] = range_function();
  table["setunion"] = set_function("setunion");
  table["setintersection"] = set_function("setintersection");
  table["setsubtract"] = set_function("setsubtract");
  table["setproduct"] = set_function("setproduct");
  table["coalesce"] = coalesce_function();
  table["coalescelist"] = coalescelist_function();

  table["compact"] = make({param("list", Type::list(Type::string()))}, Type::list(Type::string()),
                          [](const Args& a) -> Result {
                            if (!a[0].is_wholly_known())
                              return Value::unknown(Type::list(Type::string()));
                            Value::Elements out;
                            for (const auto& e : a[0].elements()) {
                              if (!e.is_null() && !e.as_string().empty()) out.push_back(e);
                            }
                            return Value::list(Type::string(), std::move(out));
                          });

  Function chunk;
  chunk.params = {param("list", Type::list(Type::dynamic())), param("size", Type::number())};
  chunk.return_type = [](const Args& a) -> TypeResult { return Type::list(a[0].type()); };
  chunk.impl = [](const Args& a) -> Result {
    auto size = to_int(a[1]);
    if (!size) return error("invalid size: value must be a whole number", 1);
    if (*size < 0) return error("the size argument must be positive", 1);
    const Type& lt = a[0].type();
    const auto& items = a[0].elements();
    Value::Elements chunks;
    if (*size == 0) {
      chunks.push_back(a[0]);
      return Value::list(lt, std::move(chunks));
    }
    for (std::size_t i = 0; i < items.size(); i += static_cast<std::size_t>(*size)) {
      std::size_t end = std::min(items.size(), i + static_cast<std::size_t>(*size));
      chunks.push_back(
          Value::list(lt.element(), Value::Elements(items.begin() + static_cast<long>(i),
                                                    items.begin() + static_cast<long>(end))));
    }
    return Value::list(lt, std::move(chunks));
  };
  table["chunklist"] = chunk;

  Function reverse;
  reverse.params = {param("list", Type::dynamic())};
  reverse.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kList || t.kind() == Kind::kDynamic) return t;
    if (t.kind() == Kind::kSet) return Type::list(t.element());
    if (t.kind() == Kind::kTuple) {
      return Type::tuple(std::vector<Type>(t.elements().rbegin(), t.elements().rend()));
    }
    return error("can only reverse list or tuple values, not " + t.friendly_name(), 0);
  };
  reverse.impl = [](const Args& a) -> Result {
    Value::Elements out(a[0].elements().rbegin(), a[0].elements().rend());
    if (a[0].type().kind() == Kind::kTuple) return Value::tuple(std::move(out));
    return Value::list(a[0].type().element(), std::move(out));
  };
  table["reverse"] = reverse;

  table["sort"] = make({param("list", Type::list(Type::string()))}, Type::list(Type::string()),
                       [](const Args& a) -> Result {
                         if (!a[0].is_wholly_known())
                           return Value::unknown(Type::list(Type::string()));
                         std::vector<std::string> items;
                         std::size_t i = 0;
                         for (const auto& e : a[0].elements()) {
                           if (e.is_null()) {
                             return error("given list element " + std::to_string(i) +
                                          " is null; a null string cannot be sorted");
                           }
                           items.push_back(e.as_string());
                           ++i;
                         }
                         std::sort(items.begin(), items.end());
                         Value::Elements out;
                         for (auto& s : items) out.push_back(Value::string(s));
                         return Value::list(Type::string(), std::move(out));
                       });

  Function one;
  one.params = {param("list", Type::dynamic())};
  one.return_type = [](const Args& a) -> TypeResult {
    const Type& t = a[0].type();
    if (t.kind() == Kind::kList || t.kind() == Kind::kSet) return t.element();
    if (t.kind() == Kind::kTuple) {
      if (t.elements().empty()) return Type::dynamic();
      if (t.elements().size() == 1) return t.elements()[0];
    }
    if (t.kind() == Kind::kDynamic) return Type::dynamic();
    return error("must be a list, set, or tuple value with either zero or one elements", 0);
  };
  one.impl = [](const Args& a) -> Result {
    const Type& t = a[0].type();
    if (a[0].length() > 1) {
      return error("must be a list, set, or tuple value with either zero or one elements", 0);
    }
    if (a[0].length() == 1) return a[0].elements()[0];
    return Value::null(t.kind() == Kind::kTuple ? Type::dynamic() : t.element());
  };
  table["one"] = one;

  auto truth = [](bool all) {
    return make({param("list", Type::list(Type::boolean()))}, Type::boolean(),
                [all](const Args& a) -> Result {
                  bool unknown = false;
                  for (const auto& e : a[0].elements()) {
                    if (!e.is_known()) {
                      unknown = true;
                      continue;
                    }
                    const bool b = !e.is_null() && e.as_bool();
                    if (all && !b) return Value::boolean(false);
                    if (!all && b) return Value::boolean(true);
                  }
                  if (unknown) return Value::unknown(Type::boolean());
                  return Value::boolean(all);
                });
  };
  table["alltrue"] = truth(true);
  table["anytrue"] = truth(false);

  Function sum;
  sum.params = {param("list", Type::dynamic())};
  sum.return_type = [](const Args& a) -> TypeResult {
    if (!is_sequence(a[0].type()) && a[0].type().kind() != Kind::kDynamic) {
      return error("cannot sum " + a[0].type().friendly_name(), 0);
    }
    return Type::number();
  };
  sum.impl = [](const Args& a) -> Result {
    if (!a[0].is_wholly_known()) return Value::unknown(Type::number());
    if (a[0].length() == 0) return error("cannot sum an empty list", 0);
    Number total;
    for (const auto& e : a[0].elements()) {
      if (e.is_null()) return error("argument must be list, set, or tuple of number values", 0);
      auto c = value::convert(e, Type::number());
      if (!c.ok()) return error("argument must be list, set, or tuple of number values", 0);
      total = value::add(total, c.value.as_number());
    }
    return Value::number(total);
  };
  table["sum"] = sum;

  table["transpose"] = make({param("values", Type::map(Type::list(Type::string())))},
                            Type::map(Type::list(Type::string())), [](const Args& a) -> Result {
                              std::map<std::string, std::vector<std::string>> out;
                              for (const auto& [k, list] : a[0].entries()) {
                                if (list.is_null())
                                  return error("input lists must not contain null values", 0);
                                for (const auto& e : list.elements()) {
                                  if (e.is_null())
                                    return error("input lists must not contain null values", 0);
                                  out[e.as_string()].push_back(k);
                                }
                              }
                              Value::Entries entries;
                              for (auto& [k, keys] : out) {
                                std::sort(keys.begin(), keys.end());
                                Value::Elements items;
                                for (auto& s : keys) items.push_back(Value::string(s));
                                entries.emplace(k, Value::list(Type::string(), std::move(items)));
                              }
                              return Value::map(Type::list(Type::string()), std::move(entries));
                            });

  Function matchkeys;
  matchkeys.params = {param("values", Type::list(Type::dynamic())),
                      param("keys", Type::list(Type::dynamic())),
                      param("searchset", Type::list(Type::dynamic()))};
  matchkeys.return_type = [](const Args& a) -> TypeResult {
    if (!value::unify({a[1].type().element(), a[2].type().element()})) {
      return error("keys and searchset must be of the same type", 2);
    }
    return a[0].type();
  };
  matchkeys.impl = [](const Args& a) -> Result {
    if (a[0].length() != a[1].length()) {
      return error("length of keys and values should be equal", 1);
    }
    if (!a[1].is_wholly_known() || !a[2].is_wholly_known()) return Value::unknown(a[0].type());
    Type kt = *value::unify({a[1].type().element(), a[2].type().element()});
    Value keys = value::convert(a[1], Type::list(kt)).value;
    Value search = value::convert(a[2], Type::list(kt)).value;
    Value::Elements out;
    for (std::size_t i = 0; i < keys.length(); ++i) {
      const Value& k = keys.elements()[i];
      if (std::find(search.elements().begin(), search.elements().end(), k) !=
          search.elements().end()) {
        out.push_back(a[0].elements()[i]);
      }
    }
    return Value::list(a[0].type().element(), std::move(out));
  };
  table["matchkeys"] = matchkeys;
}

}  // namespace fgform::lang::functions
