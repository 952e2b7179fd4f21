// The two wire forms of a value (shared/research/tfplugin-protocol.md §3):
// msgpack, always driven by the schema's type (unknown = extension 0, any extension decodes as
// unknown, dynamic = [type JSON, value], every object key present), and JSON (state files;
// dynamic = {"value","type"}; cannot carry unknown).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "value.h"

namespace fgform::value {

template <typename T>
struct Decoded {
  T value;
  Diagnostics diagnostics;
  bool ok() const { return !diagnostics.has_errors(); }
};

// Marks are not part of the wire form: they are ignored here.
Decoded<std::string> to_msgpack(const Value& v, const Type& type);
Decoded<Value> from_msgpack(std::string_view bytes, const Type& type);

Decoded<nlohmann::json> to_json(const Value& v, const Type& type);
struct JsonDecodeOptions {
  // State written by an older schema may carry attributes the schema no longer has.
  bool ignore_undefined_attributes = false;
};
Decoded<Value> from_json(const nlohmann::json& j, const Type& type, JsonDecodeOptions options = {});

}  // namespace fgform::value
