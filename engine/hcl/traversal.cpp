// Traversal rendering and hcl's GetAttr/Index rules on values.
#include "hcl/traversal.h"

#include <nlohmann/json.hpp>

#include "value/convert.h"

namespace fgform::hcl {

using value::Decoded;
using value::Diagnostic;
using value::Type;
using value::Value;

std::string traversal_to_string(const Traversal& t) {
  std::string out = t.root;
  for (const auto& s : t.steps) {
    if (s.kind == TraversalStep::Kind::kAttribute) {
      out += "." + s.name;
    } else if (s.key.is_known() && !s.key.is_null() && s.key.type() == Type::string()) {
      out += "[" + nlohmann::json(s.key.as_string()).dump() + "]";
    } else if (s.key.is_known() && !s.key.is_null() && s.key.type() == Type::number()) {
      out += "[" + s.key.as_number().text() + "]";
    } else {
      out += "[" + s.key.debug_string() + "]";
    }
  }
  return out;
}

namespace {

Decoded<Value> fail(const value::SourceRange& r, std::string summary, std::string detail) {
  Decoded<Value> out{Value::unknown(Type::dynamic()), {}};
  out.diagnostics.add(Diagnostic::error(std::move(summary), std::move(detail)).at(r));
  return out;
}

Decoded<Value> get_attr(const Value& v, const std::string& name, const value::SourceRange& r) {
  const Type& t = v.type();
  bool mark = v.is_sensitive();
  auto ok = [&](Value x) { return Decoded<Value>{mark ? x.marked_sensitive() : x, {}}; };
  if (t.kind() == Type::Kind::kDynamic) return ok(Value::unknown(Type::dynamic()));
  if (t.kind() == Type::Kind::kObject) {
    if (!t.has_attribute(name)) {
      return fail(r, "Unsupported attribute",
                  "This object does not have an attribute named \"" + name + "\".");
    }
    if (v.is_null()) {
      return fail(r, "Attempt to get attribute from null value",
                  "This value is null, so it does not have any attributes.");
    }
    if (!v.is_known()) return ok(Value::unknown(t.attributes().at(name)));
    return ok(v.entries().at(name));
  }
  if (t.kind() == Type::Kind::kMap) {
    if (v.is_null()) {
      return fail(r, "Attempt to get attribute from null value",
                  "This value is null, so it does not have any attributes.");
    }
    if (!v.is_known()) return ok(Value::unknown(t.element()));
    auto it = v.entries().find(name);
    if (it == v.entries().end()) {
      return fail(r, "Missing map element",
                  "This map does not have an element with the key \"" + name + "\".");
    }
    return ok(it->second);
  }
  if (v.is_null()) {
    return fail(r, "Attempt to get attribute from null value",
                "This value is null, so it does not have any attributes.");
  }
  if (t.kind() == Type::Kind::kList || t.kind() == Type::Kind::kSet ||
      t.kind() == Type::Kind::kTuple) {
    return fail(r, "Unsupported attribute",
                "Can't access attributes on a " + t.friendly_name() +
                    ". Did you mean to access an attribute for a specific element of the list, "
                    "or across all elements of the list?");
  }
  return fail(r, "Unsupported attribute",
              "Can't access attributes on a primitive-typed value (" + t.friendly_name() + ").");
}

}  // namespace

// hcl.Index: lists, tuples, maps and objects; sets and primitives have no indexes.
Decoded<Value> index_value(const Value& v, const Value& key, const value::SourceRange& r) {
  const Type& t = v.type();
  bool mark = v.is_sensitive() || key.is_sensitive();
  auto ok = [&](Value x) { return Decoded<Value>{mark ? x.marked_sensitive() : x, {}}; };
  if (v.is_null()) {
    return fail(r, "Attempt to index null value",
                "This value is null, so it does not have any indices.");
  }
  if (key.is_null()) return fail(r, "Invalid index", "Can't use a null value as an indexing key.");
  const char* missing = "The given key does not identify an element in this collection value.";
  switch (t.kind()) {
    case Type::Kind::kDynamic:
      return ok(Value::unknown(Type::dynamic()));
    case Type::Kind::kList:
    case Type::Kind::kTuple: {
      auto k = value::convert(key, Type::number());
      if (!k.ok()) {
        return fail(r, "Invalid index",
                    "The given key does not identify an element in this collection value: a "
                    "number is required.");
      }
      if (!k.value.is_known()) {
        if (t.kind() == Type::Kind::kList) return ok(Value::unknown(t.element()));
        return ok(Value::unknown(Type::dynamic()));
      }
      const auto& n = k.value.as_number();
      auto i = n.to_int64();
      if (!n.is_integer() || !i) {
        return fail(r, "Invalid index",
                    "The given key does not identify an element in this "
                    "collection value: a whole number is required.");
      }
      if (!v.is_known()) {
        if (t.kind() == Type::Kind::kList) return ok(Value::unknown(t.element()));
        if (*i >= 0 && static_cast<std::size_t>(*i) < t.elements().size()) {
          return ok(Value::unknown(t.elements()[*i]));
        }
        return fail(r, "Invalid index", missing);
      }
      if (*i < 0 || static_cast<std::size_t>(*i) >= v.elements().size()) {
        return fail(r, "Invalid index", missing);
      }
      return ok(v.elements()[*i]);
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      auto k = value::convert(key, Type::string());
      if (!k.ok()) {
        return fail(r, "Invalid index",
                    "The given key does not identify an element in this "
                    "collection value: a string is required.");
      }
      if (!k.value.is_known()) {
        if (t.kind() == Type::Kind::kMap) return ok(Value::unknown(t.element()));
        return ok(Value::unknown(Type::dynamic()));
      }
      const std::string& name = k.value.as_string();
      if (t.kind() == Type::Kind::kObject) {
        if (!t.has_attribute(name)) return fail(r, "Invalid index", missing);
        if (!v.is_known()) return ok(Value::unknown(t.attributes().at(name)));
        return ok(v.entries().at(name));
      }
      if (!v.is_known()) return ok(Value::unknown(t.element()));
      auto it = v.entries().find(name);
      if (it == v.entries().end()) return fail(r, "Invalid index", missing);
      return ok(it->second);
    }
    case Type::Kind::kSet:
      return fail(r, "Invalid index",
                  "Elements of a set are identified only by their value and don't have any "
                  "separate index or key to select with, so it's only possible to perform "
                  "operations across all elements of the set.");
    default:
      return fail(r, "Invalid index", "This value does not have any indices.");
  }
}

Decoded<Value> apply_step(const Value& v, const TraversalStep& step) {
  if (step.kind == TraversalStep::Kind::kAttribute) return get_attr(v, step.name, step.range);
  return index_value(v, step.key, step.range);
}

Decoded<Value> apply_steps(Value v, const std::vector<TraversalStep>& steps) {
  for (const auto& s : steps) {
    auto r = apply_step(v, s);
    if (!r.ok()) return r;
    v = std::move(r.value);
  }
  return {std::move(v), {}};
}

}  // namespace fgform::hcl
