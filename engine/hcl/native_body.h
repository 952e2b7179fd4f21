// The native syntax's Body: attributes and blocks as parsed, decoded against a schema on demand.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/body.h"

namespace fgform::hcl {

class NativeBody : public Body {
 public:
  // What the parser found in the body.
  struct Items {
    std::vector<Attribute> attributes;
    std::vector<Block> blocks;
    value::SourceRange range;       // the whole body (braces included for blocks)
    value::SourceRange open_range;  // the opening brace, or the file's start
  };

  NativeBody() : items_(std::make_shared<Items>()) {}

  value::Decoded<BodyContent> content(const BodySchema& schema) const override;
  value::Decoded<PartialContent> partial_content(const BodySchema& schema) const override;
  value::Decoded<std::vector<Attribute>> just_attributes() const override;
  value::SourceRange missing_item_range() const override { return items_->open_range; }

  // For the parser, while it builds the body (before anything shares it).
  Items& items() { return *items_; }
  const Items& items() const { return *items_; }

  // Names claimed by an earlier partial_content: invisible in the remaining body.
  bool hides_attribute(std::string_view name) const;
  bool hides_block(std::string_view type) const;

 private:
  // The items are shared with the views partial_content leaves, not copied: every resource's
  // configuration is such a view, and a copy of its attributes with their source ranges cost
  // about 1.3 KB a resource block (13 MB of a 10,000-function configuration).
  std::shared_ptr<Items> items_;
  // Sorted. Vectors: a body hides a handful of names, and a std::set spent a node on each.
  std::vector<std::string> hidden_attributes_;
  std::vector<std::string> hidden_blocks_;

  friend value::Decoded<PartialContent> decode_native(const NativeBody& body,
                                                      const BodySchema& schema, bool strict);
};

// Content and partial content of a native body (body.cpp); `strict`: whatever the schema does
// not name is an error, and there is no remaining body.
value::Decoded<PartialContent> decode_native(const NativeBody& body, const BodySchema& schema,
                                             bool strict);

}  // namespace fgform::hcl
