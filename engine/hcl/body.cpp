// Schema-driven decoding of native bodies (hclsyntax's Body.Content and friends).
#include <algorithm>

#include "hcl/native_body.h"

namespace fgform::hcl {

using value::Diagnostic;
using value::Diagnostics;

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string labels_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> name_suggestion(std::string_view given,
                                           const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 3;
  for (const auto& c : candidates) {
    std::size_t dist = edit_distance(given, c);
    if (dist < best_distance) {
      best = c;
      best_distance = dist;
    }
  }
  return best;
}

// Shared by content and partial_content: picks what the schema names; reports the rest only
// when `strict`.
value::Decoded<PartialContent> decode_native(const NativeBody& body, const BodySchema& schema,
                                             bool strict) {
  value::Decoded<PartialContent> out;
  BodyContent& content = out.value.content;
  Diagnostics& d = out.diagnostics;
  content.missing_item_range = body.missing_item_range();
  const NativeBody::Items& items = body.items();

  std::vector<std::string> attr_names, block_names;
  for (const auto& a : schema.attributes) attr_names.push_back(a.name);
  for (const auto& b : schema.blocks) block_names.push_back(b.type);

  for (const auto& a : items.attributes) {
    if (body.hides_attribute(a.name)) continue;
    bool known = std::find(attr_names.begin(), attr_names.end(), a.name) != attr_names.end();
    if (known) {
      content.attributes.push_back(a);
      continue;
    }
    if (!strict) continue;
    std::string detail = "An argument named \"" + a.name + "\" is not expected here.";
    if (std::find(block_names.begin(), block_names.end(), a.name) != block_names.end()) {
      detail += " Did you mean to define a block of type \"" + a.name + "\"?";
    } else if (auto s = name_suggestion(a.name, attr_names)) {
      detail += " Did you mean \"" + *s + "\"?";
    }
    d.add(Diagnostic::error("Unsupported argument", detail).at(a.name_range));
  }
  for (const auto& a : schema.attributes) {
    if (!a.required || body.hides_attribute(a.name)) continue;
    if (content.attribute(a.name)) continue;
    d.add(
        Diagnostic::error("Missing required argument", "The argument \"" + a.name +
                                                           "\" is required, but no definition was "
                                                           "found.")
            .at(body.missing_item_range()));
  }
  for (const auto& b : items.blocks) {
    if (body.hides_block(b.type)) continue;
    auto it = std::find_if(schema.blocks.begin(), schema.blocks.end(),
                           [&](const BlockHeaderSchema& s) { return s.type == b.type; });
    if (it == schema.blocks.end()) {
      if (!strict) continue;
      std::string detail = "Blocks of type \"" + b.type + "\" are not expected here.";
      if (std::find(attr_names.begin(), attr_names.end(), b.type) != attr_names.end()) {
        detail += " Did you mean to define argument \"" + b.type +
                  "\"? If so, use the equals sign to assign it a value.";
      } else if (auto s = name_suggestion(b.type, block_names)) {
        detail += " Did you mean \"" + *s + "\"?";
      }
      d.add(Diagnostic::error("Unsupported block type", detail).at(b.type_range));
      continue;
    }
    const auto& names = it->label_names;
    if (b.labels.size() > names.size()) {
      const auto& r = b.label_ranges[names.size()];
      if (names.empty()) {
        d.add(Diagnostic::error("Extraneous label for " + b.type,
                                "No labels are expected for " + b.type + " blocks.")
                  .at(r));
      } else {
        d.add(Diagnostic::error("Extraneous label for " + b.type,
                                "Only " + std::to_string(names.size()) + " labels (" +
                                    labels_list(names) + ") are expected for " + b.type +
                                    " blocks.")
                  .at(r));
      }
      continue;
    }
    if (b.labels.size() < names.size()) {
      d.add(Diagnostic::error("Missing " + names[b.labels.size()] + " for " + b.type,
                              "All " + b.type + " blocks must have " +
                                  std::to_string(names.size()) + " labels (" + labels_list(names) +
                                  ").")
                .at(b.body ? b.body->missing_item_range() : b.def_range));
      continue;
    }
    content.blocks.push_back(b);
  }
  if (!strict) {
    // The remaining body: the same items, with the schema's names hidden as well.
    auto remain = std::make_shared<NativeBody>();
    remain->items_ = body.items_;
    remain->hidden_attributes_ = body.hidden_attributes_;
    remain->hidden_blocks_ = body.hidden_blocks_;
    for (const auto& a : schema.attributes) remain->hidden_attributes_.push_back(a.name);
    for (const auto& b : schema.blocks) remain->hidden_blocks_.push_back(b.type);
    for (auto* names : {&remain->hidden_attributes_, &remain->hidden_blocks_}) {
      std::sort(names->begin(), names->end());
      names->erase(std::unique(names->begin(), names->end()), names->end());
      names->shrink_to_fit();
    }
    out.value.remain = std::move(remain);
  }
  return out;
}

bool NativeBody::hides_attribute(std::string_view name) const {
  return std::binary_search(hidden_attributes_.begin(), hidden_attributes_.end(), name);
}

bool NativeBody::hides_block(std::string_view type) const {
  return std::binary_search(hidden_blocks_.begin(), hidden_blocks_.end(), type);
}

value::Decoded<BodyContent> NativeBody::content(const BodySchema& schema) const {
  auto r = decode_native(*this, schema, true);
  return {std::move(r.value.content), std::move(r.diagnostics)};
}

value::Decoded<PartialContent> NativeBody::partial_content(const BodySchema& schema) const {
  return decode_native(*this, schema, false);
}

value::Decoded<std::vector<Attribute>> NativeBody::just_attributes() const {
  value::Decoded<std::vector<Attribute>> out;
  for (const auto& a : items_->attributes) {
    if (!hides_attribute(a.name)) out.value.push_back(a);
  }
  for (const auto& b : items_->blocks) {
    if (hides_block(b.type)) continue;
    out.diagnostics.add(
        Diagnostic::error("Unexpected \"" + b.type + "\" block", "Blocks are not allowed here.")
            .at(b.type_range));
  }
  return out;
}

}  // namespace fgform::hcl
