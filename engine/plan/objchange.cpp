#include "plan/objchange.h"

#include "value/go_quote.h"

namespace fgform::plan {

using value::Type;
using value::Value;

namespace {

using value::go_quote;

std::string type_go_string(const Type& t) {
  switch (t.kind()) {
    case Type::Kind::kString:
      return "cty.String";
    case Type::Kind::kNumber:
      return "cty.Number";
    case Type::Kind::kBool:
      return "cty.Bool";
    case Type::Kind::kDynamic:
      return "cty.DynamicPseudoType";
    case Type::Kind::kList:
      return "cty.List(" + type_go_string(t.element()) + ")";
    case Type::Kind::kSet:
      return "cty.Set(" + type_go_string(t.element()) + ")";
    case Type::Kind::kMap:
      return "cty.Map(" + type_go_string(t.element()) + ")";
    case Type::Kind::kObject: {
      if (t.attributes().empty()) return "cty.EmptyObject";
      std::string out = "cty.Object(map[string]cty.Type{";
      bool first = true;
      for (const auto& [name, at] : t.attributes()) {
        out += (first ? "" : ", ") + go_quote(name) + ":" + type_go_string(at);
        first = false;
      }
      return out + "})";
    }
    case Type::Kind::kTuple: {
      if (t.elements().empty()) return "cty.EmptyTuple";
      std::string out = "cty.Tuple([]cty.Type{";
      for (std::size_t i = 0; i < t.elements().size(); ++i)
        out += (i ? ", " : "") + type_go_string(t.elements()[i]);
      return out + "})";
    }
  }
  return "cty.DynamicPseudoType";
}

std::string slice(const Value::Elements& items) {
  std::string out = "[]cty.Value{";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + cty_go_string(items[i]);
  return out + "}";
}

std::string value_map(const Value::Entries& entries) {
  std::string out = "map[string]cty.Value{";
  bool first = true;
  for (const auto& [k, v] : entries) {
    out += (first ? "" : ", ") + go_quote(k) + ":" + cty_go_string(v);
    first = false;
  }
  return out + "}";
}

// A path in Terraform's FormatCtyPath form: .mount[0].type, .tags["team"].
struct PathText {
  std::string text;
  PathText attr(const std::string& name) const { return {text + "." + name}; }
  PathText key(const std::string& k) const { return {text + "[" + go_quote(k) + "]"}; }
  PathText index(std::size_t i) const { return {text + "[" + std::to_string(i) + "]"}; }
  PathText element(const Value& v) const { return {text + "[" + cty_go_string(v) + "]"}; }
};

class Checker {
 public:
  std::vector<std::string> errors;

  void error(const PathText& path, const std::string& message) {
    errors.push_back(path.text.empty() ? message : path.text + ": " + message);
  }

  void object(const schema::Block& block, const Value& planned, const Value& actual,
              const PathText& path) {
    const std::string at_root = path.text.empty() ? "Root object " : "";
    if (planned.is_null() && !actual.is_null())
      return error(path, at_root + "was absent, but now present");
    if (actual.is_null() && !planned.is_null())
      return error(path, at_root + "was present, but now absent");
    if (planned.is_null()) return;
    if (!planned.is_known() || !actual.is_known()) return value_compatible(planned, actual, path);

    for (const auto& a : block.attributes) {
      const Value p = planned.attribute(a.name);
      const Value q = actual.attribute(a.name);
      Checker inner;
      inner.value_compatible(p.without_marks(), q.without_marks(), path.attr(a.name));
      if (inner.errors.empty()) continue;
      if (a.sensitive || p.contains_sensitive() || q.contains_sensitive()) {
        error(path.attr(a.name), "inconsistent values for sensitive attribute");
      } else {
        errors.insert(errors.end(), inner.errors.begin(), inner.errors.end());
      }
    }
    for (const auto& nb : block.blocks) {
      const Value p = planned.attribute(nb.name).without_marks();
      const Value q = actual.attribute(nb.name).without_marks();
      const PathText here = path.attr(nb.name);
      switch (nb.nesting) {
        case schema::Nesting::kSingle:
        case schema::Nesting::kGroup:
          if (!p.is_known() && q.is_null()) continue;
          object(nb.block, p, q, here);
          break;
        case schema::Nesting::kList:
        case schema::Nesting::kMap: {
          if (!p.is_known() || !q.is_known() || p.is_null() || q.is_null()) continue;
          if (p.length() != q.length()) {
            error(here, "block count changed from " + std::to_string(p.length()) + " to " +
                            std::to_string(q.length()));
            continue;
          }
          if (nb.nesting == schema::Nesting::kList) {
            for (std::size_t i = 0; i < p.length(); ++i)
              object(nb.block, p.elements()[i], q.elements()[i], here.index(i));
          } else {
            for (const auto& [k, pv] : p.entries()) {
              auto it = q.entries().find(k);
              if (it != q.entries().end()) object(nb.block, pv, it->second, here.key(k));
            }
          }
          break;
        }
        case schema::Nesting::kSet: {
          if (!p.is_known() || !q.is_known() || p.is_null() || q.is_null()) continue;
          set_compatible(p, q, here, [&](const Value& a, const Value& b) {
            Checker inner;
            inner.object(nb.block, a, b, here.element(b));
            return inner.errors.empty();
          });
          if (p.length() < q.length())
            error(here, "block set length changed from " + std::to_string(p.length()) + " to " +
                            std::to_string(q.length()));
          break;
        }
      }
    }
  }

  void value_compatible(const Value& planned, const Value& actual, const PathText& path) {
    if (planned.type().kind() == Type::Kind::kDynamic) return;
    if (!planned.is_known()) return;  // any value of the type completes an unknown
    if (actual.is_null()) {
      if (!planned.is_null()) error(path, "was " + cty_go_string(planned) + ", but now null");
      return;
    }
    if (planned.is_null()) return error(path, "was null, but now " + cty_go_string(actual));
    if (!actual.is_known()) return error(path, "was known, but now unknown");
    switch (planned.type().kind()) {
      case Type::Kind::kString:
      case Type::Kind::kNumber:
      case Type::Kind::kBool:
        if (planned != actual)
          error(path, "was " + cty_go_string(planned) + ", but now " + cty_go_string(actual));
        return;
      case Type::Kind::kList:
      case Type::Kind::kTuple: {
        const auto& p = planned.elements();
        const auto& q = actual.elements();
        for (std::size_t i = 0; i < p.size(); ++i) {
          if (i >= q.size()) {
            error(path, "element " + std::to_string(i) + " has vanished");
            continue;
          }
          value_compatible(p[i], q[i], path.index(i));
        }
        for (std::size_t i = p.size(); i < q.size(); ++i)
          error(path, "new element " + std::to_string(i) + " has appeared");
        return;
      }
      case Type::Kind::kMap: {
        for (const auto& [k, pv] : planned.entries()) {
          auto it = actual.entries().find(k);
          if (it == actual.entries().end()) {
            error(path, "element " + go_quote(k) + " has vanished");
            continue;
          }
          value_compatible(pv, it->second, path.key(k));
        }
        for (const auto& [k, qv] : actual.entries()) {
          if (!planned.entries().count(k))
            error(path, "new element " + go_quote(k) + " has appeared");
        }
        return;
      }
      case Type::Kind::kObject:
        for (const auto& [name, pv] : planned.entries()) {
          auto it = actual.entries().find(name);
          if (it != actual.entries().end()) value_compatible(pv, it->second, path.attr(name));
        }
        return;
      case Type::Kind::kSet:
        set_compatible(planned, actual, path, [&](const Value& a, const Value& b) {
          Checker inner;
          inner.value_compatible(a, b, path.element(b));
          return inner.errors.empty();
        });
        if (planned.length() < actual.length())
          error(path, "length changed from " + std::to_string(planned.length()) + " to " +
                          std::to_string(actual.length()));
        return;
      case Type::Kind::kDynamic:
        return;
    }
  }

  // Every element of each set must correlate with one of the other (sets have no identities).
  template <typename Correlates>
  void set_compatible(const Value& planned, const Value& actual, const PathText& path,
                      Correlates correlates) {
    const auto& as = planned.elements();
    const auto& bs = actual.elements();
    std::vector<bool> a_matched(as.size()), b_matched(bs.size());
    for (std::size_t i = 0; i < as.size(); ++i) {
      for (std::size_t j = 0; j < bs.size(); ++j) {
        if (a_matched[i] && b_matched[j]) continue;
        if (correlates(as[i], bs[j])) a_matched[i] = b_matched[j] = true;
      }
    }
    const std::size_t before = errors.size();
    for (std::size_t i = 0; i < as.size(); ++i) {
      if (!a_matched[i])
        error(path, "planned set element " + cty_go_string(as[i]) +
                        " does not correlate with any element in actual");
    }
    if (errors.size() > before) return;
    for (std::size_t j = 0; j < bs.size(); ++j) {
      if (!b_matched[j])
        error(path, "actual set element " + cty_go_string(bs[j]) +
                        " does not correlate with any element in plan");
    }
  }
};

}  // namespace

std::string cty_go_string(const Value& v) {
  if (!v.is_known()) return "cty.UnknownVal(" + type_go_string(v.type()) + ")";
  if (v.is_null()) return "cty.NullVal(" + type_go_string(v.type()) + ")";
  switch (v.type().kind()) {
    case Type::Kind::kString:
      return "cty.StringVal(" + go_quote(v.as_string()) + ")";
    case Type::Kind::kBool:
      return v.as_bool() ? "cty.True" : "cty.False";
    case Type::Kind::kNumber: {
      const auto& n = v.as_number();
      if (auto i = n.to_int64(); i && n.is_integer())
        return "cty.NumberIntVal(" + std::to_string(*i) + ")";
      return "cty.NumberFloatVal(" + n.text() + ")";
    }
    case Type::Kind::kList:
      return v.elements().empty() ? "cty.ListValEmpty(" + type_go_string(v.type().element()) + ")"
                                  : "cty.ListVal(" + slice(v.elements()) + ")";
    case Type::Kind::kSet:
      return v.elements().empty() ? "cty.SetValEmpty(" + type_go_string(v.type().element()) + ")"
                                  : "cty.SetVal(" + slice(v.elements()) + ")";
    case Type::Kind::kTuple:
      return v.elements().empty() ? "cty.EmptyTupleVal"
                                  : "cty.TupleVal(" + slice(v.elements()) + ")";
    case Type::Kind::kMap:
      return v.entries().empty() ? "cty.MapValEmpty(" + type_go_string(v.type().element()) + ")"
                                 : "cty.MapVal(" + value_map(v.entries()) + ")";
    case Type::Kind::kObject:
      return v.entries().empty() ? "cty.EmptyObjectVal"
                                 : "cty.ObjectVal(" + value_map(v.entries()) + ")";
    case Type::Kind::kDynamic:
      break;
  }
  return "cty.DynamicVal";
}

std::vector<std::string> assert_object_compatible(const schema::Block& block, const Value& planned,
                                                  const Value& actual) {
  Checker c;
  c.object(block, planned, actual, PathText{});
  return std::move(c.errors);
}

}  // namespace fgform::plan
