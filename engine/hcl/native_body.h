// The native syntax's Body: attributes and blocks as parsed, decoded against a schema on demand.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "hcl/body.h"

namespace fgform::hcl {

class NativeBody : public Body {
 public:
  value::Decoded<BodyContent> content(const BodySchema& schema) const override;
  value::Decoded<PartialContent> partial_content(const BodySchema& schema) const override;
  value::Decoded<std::vector<Attribute>> just_attributes() const override;
  value::SourceRange missing_item_range() const override { return open_range; }

  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  value::SourceRange range;       // the whole body (braces included for blocks)
  value::SourceRange open_range;  // the opening brace, or the file's start
  // Names claimed by an earlier partial_content: invisible in the remaining body.
  std::set<std::string, std::less<>> hidden_attributes;
  std::set<std::string, std::less<>> hidden_blocks;
};

}  // namespace fgform::hcl
