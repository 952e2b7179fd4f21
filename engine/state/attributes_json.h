// An instance object's attributes as the state holds them between reading and writing: compact
// JSON text, not a parsed tree. A plan reads each object's attributes once (to decode them with
// the schema) and writes them back at most once, and in between a nlohmann tree of some 80
// attributes cost about 14 KB per object where its text costs about 3 KB: at 10,000 functions the
// largest single part of a plan's memory (bench/RESULTS.md).
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace fgform::state {

class AttributesJson {
 public:
  AttributesJson() = default;  // no attributes: {}
  // From a tree (implicit, as the field was a tree before): invalid UTF-8 in a string becomes
  // U+FFFD, as Go's encoder writes it, instead of an exception.
  AttributesJson(const nlohmann::json& tree)  // NOLINT(google-explicit-constructor)
      : text_(tree.is_null() ? "{}" : dump(tree)) {}

  // The parsed tree; the text is always JSON this class wrote.
  nlohmann::json tree() const { return nlohmann::json::parse(text_); }
  const std::string& text() const { return text_; }
  bool empty() const { return text_ == "{}"; }
  // For `state show`: the tree, indented.
  std::string dump(int indent) const { return tree().dump(indent); }

  // Equal text is equal attributes; unequal text may still be equal JSON (1 and 1.0), which
  // the trees decide.
  friend bool operator==(const AttributesJson& a, const AttributesJson& b) {
    return a.text_ == b.text_ || a.tree() == b.tree();
  }

 private:
  static std::string dump(const nlohmann::json& tree) {
    return tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string text_ = "{}";
};

// `j["attributes"] = object.attributes` and `j.get<AttributesJson>()`.
inline void to_json(nlohmann::json& j, const AttributesJson& a) {
  j = a.tree();
}
inline void from_json(const nlohmann::json& j, AttributesJson& a) {
  a = AttributesJson(j);
}

}  // namespace fgform::state
