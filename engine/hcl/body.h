// Bodies and their schema-driven decoding (hcl.Body): the native and the JSON syntax both
// implement Body, so the configuration layer decodes `.tf` and `.tf.json` the same way.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hcl/expression.h"
#include "value/codec.h"
#include "value/diagnostics.h"

namespace fgform::hcl {

struct AttributeSchema {
  std::string name;
  bool required = false;
};

struct BlockHeaderSchema {
  std::string type;
  std::vector<std::string> label_names;
};

struct BodySchema {
  std::vector<AttributeSchema> attributes;
  std::vector<BlockHeaderSchema> blocks;
};

struct Attribute {
  std::string name;
  ExprPtr expr;
  value::SourceRange range;  // name through end of value
  value::SourceRange name_range;
};

class Body;
using BodyPtr = std::shared_ptr<const Body>;

struct Block {
  std::string type;
  std::vector<std::string> labels;
  BodyPtr body;
  value::SourceRange def_range;  // type and labels: what diagnostics about the block point at
  value::SourceRange type_range;
  std::vector<value::SourceRange> label_ranges;
};

struct BodyContent {
  std::vector<Attribute> attributes;  // source order
  std::vector<Block> blocks;          // source order
  value::SourceRange missing_item_range;

  const Attribute* attribute(std::string_view name) const {
    for (const auto& a : attributes) {
      if (a.name == name) return &a;
    }
    return nullptr;
  }
};

struct PartialContent {
  BodyContent content;
  BodyPtr remain;  // the same body minus what the schema claimed
};

class Body {
 public:
  virtual ~Body() = default;
  // Errors for anything not in the schema, missing required arguments and wrong label counts.
  virtual value::Decoded<BodyContent> content(const BodySchema& schema) const = 0;
  // Like content, but what is not in the schema stays in `remain` instead of being an error.
  virtual value::Decoded<PartialContent> partial_content(const BodySchema& schema) const = 0;
  // Every argument, in source order; blocks are errors ("Unexpected ... block").
  virtual value::Decoded<std::vector<Attribute>> just_attributes() const = 0;
  // Where "missing argument" diagnostics point (the opening brace of the block).
  virtual value::SourceRange missing_item_range() const = 0;
};

// "Did you mean ...?": the closest candidate within edit distance 2 (hcl's nameSuggestion).
std::optional<std::string> name_suggestion(std::string_view given,
                                           const std::vector<std::string>& candidates);

}  // namespace fgform::hcl
