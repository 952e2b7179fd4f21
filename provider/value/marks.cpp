#include "value/marks.h"

namespace fgform::value {
namespace {

Value mark_at(const Value& v, const std::vector<PathStep>& steps, std::size_t i) {
  if (i == steps.size()) return v.marked_sensitive();
  if (!v.is_known() || v.is_null()) return v;
  const auto& step = steps[i];
  auto kind = v.type().kind();
  // An attribute of an object, or a key of a map or object: the one entry is replaced in a
  // copy of the entries (with_entry keeps the container's own mark). Objects of some 80
  // attributes are marked this way several times per instance of a plan.
  if ((step.kind == PathStep::Kind::kAttribute && kind == Type::Kind::kObject) ||
      (step.kind == PathStep::Kind::kKeyString &&
       (kind == Type::Kind::kMap || kind == Type::Kind::kObject))) {
    auto it = v.entries().find(step.name);
    if (it == v.entries().end()) return v;
    return v.with_entry(step.name, mark_at(it->second, steps, i + 1));
  }
  if (step.kind == PathStep::Kind::kKeyInt &&
      (kind == Type::Kind::kList || kind == Type::Kind::kTuple)) {
    Value::Elements e = v.elements();
    if (step.index < 0 || static_cast<std::size_t>(step.index) >= e.size()) return v;
    e[step.index] = mark_at(e[step.index], steps, i + 1);
    Value out = kind == Type::Kind::kList ? Value::list(v.type().element(), std::move(e))
                                          : Value::tuple(std::move(e));
    return v.is_sensitive() ? out.marked_sensitive() : out;
  }
  return v;
}

void collect_paths(const Value& v, const Path& at, std::vector<Path>& out) {
  if (v.is_sensitive()) {
    out.push_back(at);
    return;
  }
  if (!v.is_known() || v.is_null()) return;
  switch (v.type().kind()) {
    case Type::Kind::kObject:
      for (const auto& [k, e] : v.entries()) collect_paths(e, at.attr(k), out);
      break;
    case Type::Kind::kMap:
      for (const auto& [k, e] : v.entries()) collect_paths(e, at.key(k), out);
      break;
    case Type::Kind::kList:
    case Type::Kind::kTuple: {
      std::int64_t i = 0;
      for (const auto& e : v.elements()) collect_paths(e, at.index(i++), out);
      break;
    }
    default:
      break;
  }
}


}  // namespace

Value mark_paths(const Value& v, const std::vector<Path>& paths) {
  Value out = v;
  for (const auto& p : paths) out = mark_at(out, p.steps(), 0);
  return out;
}

std::vector<Path> sensitive_paths_of(const Value& v) {
  std::vector<Path> out;
  collect_paths(v, Path(), out);
  return out;
}

}  // namespace fgform::value
