#define MSGPACK_NO_BOOST
#include <msgpack.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "codec.h"

namespace fgform::value {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;
constexpr std::size_t kMaxDepth = 256;

void type_error(Diagnostics& d, const Path& path, const std::string& what) {
  d.add(Diagnostic::error("Invalid value", what).at(path));
}

void pack_number(Packer& pk, const Number& n) {
  if (auto i = n.to_int64()) {
    pk.pack_int64(*i);
    return;
  }
  if (!n.is_integer()) {
    double d = n.to_double();
    if (auto back = Number::from_double(d); back && *back == n) {
      pk.pack_double(d);
      return;
    }
  }
  // Beyond what int64 or double can hold exactly: cty's decimal-string form.
  pk.pack_str(static_cast<std::uint32_t>(n.text().size()));
  pk.pack_str_body(n.text().data(), static_cast<std::uint32_t>(n.text().size()));
}

void pack_string(Packer& pk, const std::string& s) {
  pk.pack_str(static_cast<std::uint32_t>(s.size()));
  pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

void pack(Packer& pk, const Value& v, const Type& t, const Path& path, Diagnostics& d) {
  if (v.is_unknown()) {
    const char zero = 0;
    pk.pack_ext(1, 0);
    pk.pack_ext_body(&zero, 1);
    return;
  }
  if (v.is_null()) {
    pk.pack_nil();
    return;
  }
  const auto mismatch = [&] {
    type_error(d, path,
               "a " + v.type().friendly_name() + " value cannot be sent as " + t.friendly_name());
    pk.pack_nil();
  };
  switch (t.kind()) {
    case Type::Kind::kDynamic: {
      const std::string type_json = v.type().to_json_text();
      pk.pack_array(2);
      pk.pack_bin(static_cast<std::uint32_t>(type_json.size()));
      pk.pack_bin_body(type_json.data(), static_cast<std::uint32_t>(type_json.size()));
      pack(pk, v, v.type(), path, d);
      return;
    }
    case Type::Kind::kString:
      if (v.type().kind() != Type::Kind::kString) return mismatch();
      return pack_string(pk, v.as_string());
    case Type::Kind::kNumber:
      if (v.type().kind() != Type::Kind::kNumber) return mismatch();
      return pack_number(pk, v.as_number());
    case Type::Kind::kBool:
      if (v.type().kind() != Type::Kind::kBool) return mismatch();
      if (v.as_bool()) {
        pk.pack_true();
      } else {
        pk.pack_false();
      }
      return;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      const auto k = v.type().kind();
      if (k != Type::Kind::kList && k != Type::Kind::kSet && k != Type::Kind::kTuple)
        return mismatch();
      const auto& items = v.elements();
      if (t.kind() == Type::Kind::kTuple && items.size() != t.elements().size()) return mismatch();
      pk.pack_array(static_cast<std::uint32_t>(items.size()));
      for (std::size_t i = 0; i < items.size(); ++i) {
        const Type& et = t.kind() == Type::Kind::kTuple ? t.elements()[i] : t.element();
        pack(pk, items[i], et, path.index(static_cast<std::int64_t>(i)), d);
      }
      return;
    }
    case Type::Kind::kMap: {
      if (v.type().kind() != Type::Kind::kMap && v.type().kind() != Type::Kind::kObject)
        return mismatch();
      pk.pack_map(static_cast<std::uint32_t>(v.entries().size()));
      for (const auto& [k, e] : v.entries()) {
        pack_string(pk, k);
        pack(pk, e, t.element(), path.key(k), d);
      }
      return;
    }
    case Type::Kind::kObject: {
      if (v.type().kind() != Type::Kind::kObject && v.type().kind() != Type::Kind::kMap)
        return mismatch();
      const auto& entries = v.entries();
      for (const auto& [k, e] : entries) {
        (void)e;
        if (!t.has_attribute(k)) type_error(d, path.attr(k), "unsupported attribute \"" + k + "\"");
      }
      // Every attribute of the type, null where the value has none: Terraform's decoder is strict.
      pk.pack_map(static_cast<std::uint32_t>(t.attributes().size()));
      for (const auto& [name, at] : t.attributes()) {
        pack_string(pk, name);
        auto it = entries.find(name);
        pack(pk, it == entries.end() ? Value::null(at) : it->second, at, path.attr(name), d);
      }
      return;
    }
  }
}

std::optional<Number> number_of(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::POSITIVE_INTEGER:
      return Number::parse(std::to_string(o.via.u64));
    case msgpack::type::NEGATIVE_INTEGER:
      return Number::from_int(o.via.i64);
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
      return Number::from_double(o.via.f64);
    case msgpack::type::STR:
      return Number::parse(std::string_view(o.via.str.ptr, o.via.str.size));
    default:
      return std::nullopt;
  }
}

Value unpack(const msgpack::object& o, const Type& t, const Path& path, Diagnostics& d,
             std::size_t depth) {
  if (depth > kMaxDepth) {
    type_error(d, path, "value nested too deeply");
    return Value::null(t);
  }
  if (o.type == msgpack::type::EXT) return Value::unknown(t);  // plain or refined unknown alike
  if (o.type == msgpack::type::NIL) return Value::null(t);
  const auto bad = [&](const char* expected) {
    type_error(d, path, std::string("expected ") + expected + " for a " + t.friendly_name());
    return Value::null(t);
  };
  switch (t.kind()) {
    case Type::Kind::kDynamic: {
      if (o.type != msgpack::type::ARRAY || o.via.array.size != 2) return bad("[type, value]");
      const msgpack::object& tj = o.via.array.ptr[0];
      if (tj.type != msgpack::type::BIN && tj.type != msgpack::type::STR)
        return bad("a type in JSON");
      const char* p = tj.type == msgpack::type::BIN ? tj.via.bin.ptr : tj.via.str.ptr;
      const std::size_t n = tj.type == msgpack::type::BIN ? tj.via.bin.size : tj.via.str.size;
      auto concrete = Type::from_json_text(std::string_view(p, n));
      if (!concrete || concrete->kind() == Type::Kind::kDynamic)
        return bad("a concrete type in JSON");
      return unpack(o.via.array.ptr[1], *concrete, path, d, depth + 1);
    }
    case Type::Kind::kString:
      if (o.type != msgpack::type::STR) return bad("a string");
      return Value::string(std::string(o.via.str.ptr, o.via.str.size));
    case Type::Kind::kNumber: {
      auto n = number_of(o);
      if (!n) return bad("a number");
      return Value::number(*n);
    }
    case Type::Kind::kBool:
      if (o.type != msgpack::type::BOOLEAN) return bad("a bool");
      return Value::boolean(o.via.boolean);
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      if (o.type != msgpack::type::ARRAY) return bad("an array");
      if (t.kind() == Type::Kind::kTuple && o.via.array.size != t.elements().size()) {
        return bad("an array of the tuple's length");
      }
      Value::Elements items;
      for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
        const Type& et = t.kind() == Type::Kind::kTuple ? t.elements()[i] : t.element();
        items.push_back(unpack(o.via.array.ptr[i], et, path.index(i), d, depth + 1));
      }
      if (t.kind() == Type::Kind::kTuple) return Value::tuple(std::move(items));
      return t.kind() == Type::Kind::kList ? Value::list(t.element(), std::move(items))
                                           : Value::set(t.element(), std::move(items));
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      if (o.type != msgpack::type::MAP) return bad("a map");
      Value::Entries entries;
      for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
        const msgpack::object_kv& kv = o.via.map.ptr[i];
        if (kv.key.type != msgpack::type::STR) return bad("string keys");
        std::string key(kv.key.via.str.ptr, kv.key.via.str.size);
        if (t.kind() == Type::Kind::kObject) {
          if (!t.has_attribute(key)) {
            type_error(d, path.attr(key), "unsupported attribute \"" + key + "\"");
            continue;
          }
          entries[key] = unpack(kv.val, t.attributes().at(key), path.attr(key), d, depth + 1);
        } else {
          entries[key] = unpack(kv.val, t.element(), path.key(key), d, depth + 1);
        }
      }
      return t.kind() == Type::Kind::kObject ? Value::object(t, std::move(entries))
                                             : Value::map(t.element(), std::move(entries));
    }
  }
  return Value::null(t);
}

}  // namespace

Decoded<std::string> to_msgpack(const Value& v, const Type& type) {
  msgpack::sbuffer buffer;
  Packer pk(buffer);
  Decoded<std::string> out;
  pack(pk, v, type, Path(), out.diagnostics);
  out.value.assign(buffer.data(), buffer.size());
  return out;
}

Decoded<Value> from_msgpack(std::string_view bytes, const Type& type) {
  Decoded<Value> out{Value::null(type), {}};
  try {
    std::size_t offset = 0;
    // msgpack-c allocates an array's or map's elements when it reads the header, before the
    // elements: a 5-byte header claiming 2^32 elements made it ask for 64 GiB (found by the
    // msgpack fuzz target). No count can exceed the input's length, each element taking a byte.
    const auto most = static_cast<std::size_t>(
        std::min<std::uint64_t>(bytes.size(), std::numeric_limits<std::uint32_t>::max()));
    msgpack::unpack_limit limit(most, most, most, most, most, kMaxDepth);
    msgpack::object_handle handle =
        msgpack::unpack(bytes.data(), bytes.size(), offset, nullptr, nullptr, limit);
    if (offset != bytes.size()) {
      out.diagnostics.add(
          Diagnostic::error("Invalid msgpack value", "trailing bytes after the value"));
      return out;
    }
    out.value = unpack(handle.get(), type, Path(), out.diagnostics, 0);
  } catch (const std::exception& e) {
    out.diagnostics.add(Diagnostic::error("Invalid msgpack value", e.what()));
  }
  return out;
}

}  // namespace fgform::value
