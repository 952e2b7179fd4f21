#include "value/marks.h"

#include <map>
#include <string_view>

namespace fgform::value {
namespace {

using Steps = std::vector<PathStep>;

Value mark_group(const Value& v, const std::vector<const Steps*>& paths, std::size_t i);

// The values under `paths` (each longer than i, sharing their first i steps) marked, inside `v`.
// Paths are grouped by their step at i, so that a container is copied once however many of
// its entries are marked: marking path by path copied an object of some 80 attributes once per
// sensitive path, several times per instance of a plan.
Value mark_inside(const Value& v, const std::vector<const Steps*>& paths, std::size_t i) {
  if (!v.is_known() || v.is_null()) return v;
  const auto kind = v.type().kind();
  // An attribute of an object, or a key of a map or object.
  if (kind == Type::Kind::kObject || kind == Type::Kind::kMap) {
    std::map<std::string_view, std::vector<const Steps*>> by_name;
    for (const Steps* s : paths) {
      const PathStep& step = (*s)[i];
      if ((step.kind == PathStep::Kind::kAttribute && kind == Type::Kind::kObject) ||
          step.kind == PathStep::Kind::kKeyString)
        by_name[step.name].push_back(s);
    }
    const Value::Fields& fields = v.entries();
    std::vector<std::pair<std::size_t, Value>> changes;
    for (const auto& [name, group] : by_name) {
      auto it = fields.find(name);
      if (it == fields.end()) continue;
      changes.emplace_back(static_cast<std::size_t>(it - fields.begin()),
                           mark_group(it->second, group, i + 1));
    }
    return v.with_entries(std::move(changes));  // keeps the container's own mark
  }
  if (kind == Type::Kind::kList || kind == Type::Kind::kTuple) {
    std::map<std::int64_t, std::vector<const Steps*>> by_index;
    const std::size_t size = v.elements().size();
    for (const Steps* s : paths) {
      const PathStep& step = (*s)[i];
      if (step.kind == PathStep::Kind::kKeyInt && step.index >= 0 &&
          static_cast<std::size_t>(step.index) < size)
        by_index[step.index].push_back(s);
    }
    if (by_index.empty()) return v;
    Value::Elements e = v.elements();
    for (const auto& [index, group] : by_index) {
      auto& element = e[static_cast<std::size_t>(index)];
      element = mark_group(element, group, i + 1);
    }
    Value out = kind == Type::Kind::kList ? Value::list(v.type().element(), std::move(e))
                                          : Value::tuple(std::move(e));
    return v.is_sensitive() ? out.marked_sensitive() : out;
  }
  return v;
}

// `v` with the values under `paths` (sharing their first i steps) marked, and `v` itself when
// one of them ends here.
Value mark_group(const Value& v, const std::vector<const Steps*>& paths, std::size_t i) {
  bool here = false;
  std::vector<const Steps*> deeper;
  for (const Steps* s : paths) {
    if (s->size() == i)
      here = true;
    else
      deeper.push_back(s);
  }
  Value out = deeper.empty() ? v : mark_inside(v, deeper, i);
  return here ? out.marked_sensitive() : out;
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
  if (paths.empty()) return v;
  std::vector<const Steps*> all;
  all.reserve(paths.size());
  for (const auto& p : paths) all.push_back(&p.steps());
  return mark_group(v, all, 0);
}

std::vector<Path> sensitive_paths_of(const Value& v) {
  std::vector<Path> out;
  collect_paths(v, Path(), out);
  return out;
}

}  // namespace fgform::value
