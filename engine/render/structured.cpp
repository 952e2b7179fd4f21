#include "render/structured.h"

namespace fgform::render {
namespace {

using value::Type;
using value::Value;

bool is_sequence(const Type& t) {
  const auto k = t.kind();
  return k == Type::Kind::kList || k == Type::Kind::kSet || k == Type::Kind::kTuple;
}

bool is_mapping(const Type& t) {
  const auto k = t.kind();
  return k == Type::Kind::kMap || k == Type::Kind::kObject;
}

Json number_json(const value::Number& n) {
  if (auto i = n.to_int64()) return *i;
  return n.to_double();
}

// Rebuilds a collection or structure of the same type from new members, keeping the mark.
Value rebuild_elements(const Value& v, Value::Elements items) {
  Value out;
  switch (v.type().kind()) {
    case Type::Kind::kList:
      out = Value::list(v.type().element(), std::move(items));
      break;
    case Type::Kind::kSet:
      out = Value::set(v.type().element(), std::move(items));
      break;
    default:
      out = Value::tuple(std::move(items));
      break;
  }
  return out.marked_sensitive(v.is_sensitive());
}

Value rebuild_entries(const Value& v, Value::Entries entries) {
  Value out = v.type().kind() == Type::Kind::kMap
                  ? Value::map(v.type().element(), std::move(entries))
                  : Value::object(v.type(), std::move(entries));
  return out.marked_sensitive(v.is_sensitive());
}

}  // namespace

std::optional<Json> value_json(const Value& v) {
  if (v.is_unknown()) return std::nullopt;
  if (v.is_null()) return Json(nullptr);
  const Type& t = v.type();
  switch (t.kind()) {
    case Type::Kind::kString:
      return Json(v.as_string());
    case Type::Kind::kNumber:
      return number_json(v.as_number());
    case Type::Kind::kBool:
      return Json(v.as_bool());
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      Json out = Json::array();
      // Element order is how unknownness is correlated, so unknown elements stay as null.
      for (const auto& e : v.elements()) out.push_back(value_json(e).value_or(Json(nullptr)));
      return out;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      Json out = Json::object();
      for (const auto& [k, e] : v.entries())
        if (auto j = value_json(e)) out[k] = std::move(*j);
      return out;
    }
    case Type::Kind::kDynamic:
      break;
  }
  return Json(nullptr);
}

Json unknown_mask(const Value& v) {
  if (v.is_null()) return false;
  if (v.is_unknown()) return true;
  if (is_sequence(v.type())) {
    Json out = Json::array();
    for (const auto& e : v.elements()) out.push_back(unknown_mask(e));
    return out;
  }
  if (is_mapping(v.type())) {
    Json out = Json::object();
    for (const auto& [k, e] : v.entries()) {
      Json m = unknown_mask(e);
      if (!(m.is_boolean() && !m.get<bool>())) out[k] = std::move(m);
    }
    return out;
  }
  return false;
}

Json sensitive_mask(const Value& v) {
  if (v.is_sensitive()) return true;
  if (v.is_null() || v.type().is_primitive() || v.type().kind() == Type::Kind::kDynamic)
    return false;
  if (is_sequence(v.type())) {
    Json out = Json::array();
    if (v.is_unknown()) return out;
    for (const auto& e : v.elements()) out.push_back(sensitive_mask(e));
    return out;
  }
  if (is_mapping(v.type())) {
    Json out = Json::object();
    if (v.is_unknown()) return out;
    for (const auto& [k, e] : v.entries()) {
      Json m = sensitive_mask(e);
      if (!(m.is_boolean() && !m.get<bool>())) out[k] = std::move(m);
    }
    return out;
  }
  return false;
}

Value mark_schema_sensitive(const Value& v, const schema::Block& block) {
  if (v.is_null() || v.is_unknown() || v.type().kind() != Type::Kind::kObject) return v;
  Value::Entries entries = v.entries();
  bool changed = false;
  for (const auto& attr : block.attributes) {
    if (!attr.sensitive) continue;
    auto it = entries.find(attr.name);
    if (it == entries.end() || it->second.is_sensitive()) continue;
    it->second = it->second.marked_sensitive();
    changed = true;
  }
  for (const auto& nb : block.blocks) {
    auto it = entries.find(nb.name);
    if (it == entries.end()) continue;
    Value& child = it->second;
    if (child.is_null() || child.is_unknown()) continue;
    switch (nb.nesting) {
      case schema::Nesting::kSingle:
      case schema::Nesting::kGroup:
        child = mark_schema_sensitive(child, nb.block);
        break;
      case schema::Nesting::kList:
      case schema::Nesting::kSet: {
        if (!is_sequence(child.type())) break;
        Value::Elements items;
        for (const auto& e : child.elements()) items.push_back(mark_schema_sensitive(e, nb.block));
        child = rebuild_elements(child, std::move(items));
        break;
      }
      case schema::Nesting::kMap: {
        if (!is_mapping(child.type())) break;
        Value::Entries inner;
        for (const auto& [k, e] : child.entries()) inner[k] = mark_schema_sensitive(e, nb.block);
        child = rebuild_entries(child, std::move(inner));
        break;
      }
    }
    changed = true;
  }
  return changed ? rebuild_entries(v, std::move(entries)) : v;
}

Json path_json(const value::Path& p) {
  Json out = Json::array();
  for (const auto& step : p.steps()) {
    switch (step.kind) {
      case value::PathStep::Kind::kAttribute:
      case value::PathStep::Kind::kKeyString:
        out.push_back(step.name);
        break;
      case value::PathStep::Kind::kKeyInt:
        out.push_back(step.index);
        break;
    }
  }
  return out;
}

}  // namespace fgform::render
