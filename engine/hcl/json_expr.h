// The JSON syntax's values (json/spec.md): a JSON document kept with property order,
// duplicates and positions, and the expression that evaluates one in "expression mode"
// (strings are native templates, numbers keep full precision).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hcl/expression.h"
#include "hcl/static.h"

namespace fgform::hcl {

struct JsonNode {
  enum class Kind { kObject, kArray, kString, kNumber, kBool, kNull };
  struct Property;
  Kind kind = Kind::kNull;
  std::string text;  // string contents (unescaped) or number text
  bool boolean = false;
  std::vector<Property> properties;  // source order, duplicates kept
  std::vector<JsonNode> items;
  value::SourceRange range;
};

struct JsonNode::Property {
  std::string name;
  value::SourceRange name_range;
  JsonNode value;
};

class JsonExpr : public Expression {
 public:
  explicit JsonExpr(JsonNode n) : node(std::move(n)) { set_range(node.range); }
  EvalResult evaluate(const EvalContext& ctx) const override;
  void collect_variables(std::vector<Traversal>& out) const override;

  std::optional<std::vector<ExprPtr>> static_list() const;
  std::optional<std::vector<StaticMapItem>> static_map() const;
  std::optional<Traversal> absolute_traversal() const;
  std::optional<StaticCall> static_call() const;

  JsonNode node;
};

}  // namespace fgform::hcl
