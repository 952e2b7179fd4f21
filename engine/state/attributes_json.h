// An instance object's attributes as the state holds them between reading and writing: compact
// JSON text, not a parsed tree. A plan reads each object's attributes once (to decode them with
// the schema) and writes them back at most once, and in between a nlohmann tree of some 80
// attributes cost about 14 KB per object where its text costs about 3 KB: at 10,000 functions the
// largest single part of a plan's memory (bench/RESULTS.md). The text is immutable and shared:
// the backend's copy of what the file holds, the engine's working state and the plan's prior
// state are copies of one State, and each held its own 25 MB of text at 10,000 functions.
#pragma once

#include <memory>
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
      : text_(tree.is_null() ? nullptr : std::make_shared<const std::string>(dump(tree))) {}

  // The parsed tree; the text is always JSON this class wrote.
  nlohmann::json tree() const { return nlohmann::json::parse(text()); }
  const std::string& text() const { return text_ ? *text_ : empty_text(); }
  bool empty() const { return text() == "{}"; }
  // For `state show`: the tree, indented.
  std::string dump(int indent) const { return tree().dump(indent); }

  // Equal text is equal attributes; unequal text may still be equal JSON (1 and 1.0), which
  // the trees decide.
  friend bool operator==(const AttributesJson& a, const AttributesJson& b) {
    return a.text_ == b.text_ || a.text() == b.text() || a.tree() == b.tree();
  }

 private:
  static std::string dump(const nlohmann::json& tree) {
    std::string text = tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // The dump grows its string by doubling, so up to half of it is spare room, kept for as
    // long as the state is: trimmed once here.
    text.shrink_to_fit();
    return text;
  }
  static const std::string& empty_text() {
    static const std::string kEmpty = "{}";
    return kEmpty;
  }
  std::shared_ptr<const std::string> text_;  // null: {}
};

// `j["attributes"] = object.attributes` and `j.get<AttributesJson>()`.
inline void to_json(nlohmann::json& j, const AttributesJson& a) {
  j = a.tree();
}
inline void from_json(const nlohmann::json& j, AttributesJson& a) {
  a = AttributesJson(j);
}

}  // namespace fgform::state
