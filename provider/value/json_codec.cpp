#include "codec.h"

namespace fgform::value {
namespace {

using Json = nlohmann::json;

void fail(Diagnostics& d, const Path& path, const std::string& what) {
  d.add(Diagnostic::error("Invalid value", what).at(path));
}

Json number_json(const Number& n) {
  if (auto i = n.to_int64()) return *i;
  // nlohmann has no decimal type: beyond int64 the nearest double is written.
  return n.to_double();
}

Json encode(const Value& v, const Type& t, const Path& path, Diagnostics& d) {
  if (v.is_unknown()) {
    fail(d, path, "an unknown value cannot be written as JSON");
    return nullptr;
  }
  if (v.is_null()) return nullptr;
  switch (t.kind()) {
    case Type::Kind::kDynamic:
      return Json{{"value", encode(v, v.type(), path, d)}, {"type", v.type().to_json()}};
    case Type::Kind::kString:
      if (v.type().kind() == Type::Kind::kString) return v.as_string();
      break;
    case Type::Kind::kNumber:
      if (v.type().kind() == Type::Kind::kNumber) return number_json(v.as_number());
      break;
    case Type::Kind::kBool:
      if (v.type().kind() == Type::Kind::kBool) return v.as_bool();
      break;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      const auto k = v.type().kind();
      if (k != Type::Kind::kList && k != Type::Kind::kSet && k != Type::Kind::kTuple) break;
      Json out = Json::array();
      const auto& items = v.elements();
      for (std::size_t i = 0; i < items.size(); ++i) {
        const Type& et = t.kind() == Type::Kind::kTuple ? t.elements().at(i) : t.element();
        out.push_back(encode(items[i], et, path.index(static_cast<std::int64_t>(i)), d));
      }
      return out;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      if (v.type().kind() != Type::Kind::kMap && v.type().kind() != Type::Kind::kObject) break;
      Json out = Json::object();
      if (t.kind() == Type::Kind::kMap) {
        for (const auto& [k, e] : v.entries()) out[k] = encode(e, t.element(), path.key(k), d);
      } else {
        for (const auto& [name, at] : t.attributes()) {
          auto it = v.entries().find(name);
          out[name] =
              it == v.entries().end() ? Json(nullptr) : encode(it->second, at, path.attr(name), d);
        }
      }
      return out;
    }
  }
  fail(d, path,
       "a " + v.type().friendly_name() + " value cannot be written as " + t.friendly_name());
  return nullptr;
}

Value decode(const Json& j, const Type& t, const Path& path, Diagnostics& d,
             const JsonDecodeOptions& opt, int depth) {
  if (j.is_null()) return Value::null(t);
  const auto bad = [&](const char* expected) {
    fail(d, path, std::string("expected ") + expected + " for a " + t.friendly_name());
    return Value::null(t);
  };
  if (depth > 256) return bad("a less deeply nested value");
  switch (t.kind()) {
    case Type::Kind::kDynamic: {
      if (!j.is_object() || !j.contains("value") || !j.contains("type"))
        return bad("{\"value\",\"type\"}");
      auto concrete = Type::from_json(j["type"]);
      if (!concrete || concrete->kind() == Type::Kind::kDynamic) return bad("a concrete type");
      return decode(j["value"], *concrete, path, d, opt, depth + 1);
    }
    case Type::Kind::kString:
      if (!j.is_string()) return bad("a string");
      return Value::string(j.get<std::string>());
    case Type::Kind::kNumber: {
      std::optional<Number> n;
      if (j.is_number_integer()) {
        n = j.is_number_unsigned() ? Number::parse(std::to_string(j.get<std::uint64_t>()))
                                   : Number::from_int(j.get<std::int64_t>());
      } else if (j.is_number_float()) {
        n = Number::from_double(j.get<double>());
      } else if (j.is_string()) {
        n = Number::parse(j.get<std::string>());
      }
      if (!n) return bad("a number");
      return Value::number(*n);
    }
    case Type::Kind::kBool:
      if (!j.is_boolean()) return bad("a bool");
      return Value::boolean(j.get<bool>());
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      if (!j.is_array()) return bad("an array");
      if (t.kind() == Type::Kind::kTuple && j.size() != t.elements().size())
        return bad("the tuple's length");
      Value::Elements items;
      for (std::size_t i = 0; i < j.size(); ++i) {
        const Type& et = t.kind() == Type::Kind::kTuple ? t.elements()[i] : t.element();
        items.push_back(
            decode(j[i], et, path.index(static_cast<std::int64_t>(i)), d, opt, depth + 1));
      }
      if (t.kind() == Type::Kind::kTuple) return Value::tuple(std::move(items));
      return t.kind() == Type::Kind::kList ? Value::list(t.element(), std::move(items))
                                           : Value::set(t.element(), std::move(items));
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      if (!j.is_object()) return bad("an object");
      Value::Entries entries;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (t.kind() == Type::Kind::kMap) {
          entries[it.key()] =
              decode(it.value(), t.element(), path.key(it.key()), d, opt, depth + 1);
        } else if (t.has_attribute(it.key())) {
          entries[it.key()] = decode(it.value(), t.attributes().at(it.key()), path.attr(it.key()),
                                     d, opt, depth + 1);
        } else if (!opt.ignore_undefined_attributes) {
          fail(d, path.attr(it.key()), "unsupported attribute \"" + it.key() + "\"");
        }
      }
      return t.kind() == Type::Kind::kObject ? Value::object(t, std::move(entries))
                                             : Value::map(t.element(), std::move(entries));
    }
  }
  return Value::null(t);
}

}  // namespace

Decoded<nlohmann::json> to_json(const Value& v, const Type& type) {
  Decoded<nlohmann::json> out;
  out.value = encode(v, type, Path(), out.diagnostics);
  return out;
}

Decoded<Value> from_json(const nlohmann::json& j, const Type& type, JsonDecodeOptions options) {
  Decoded<Value> out{Value::null(type), {}};
  out.value = decode(j, type, Path(), out.diagnostics, options, 0);
  return out;
}

}  // namespace fgform::value
