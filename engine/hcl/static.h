// Static analysis of expressions without evaluating them (hcl.ExprList, hcl.ExprMap,
// hcl.AbsTraversalForExpr, hcl.ExprAsKeyword, hcl.ExprCall): how Terraform reads depends_on,
// ignore_changes, provider references and type constraints. Works on native and JSON
// expressions alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hcl/expression.h"
#include "hcl/traversal.h"

namespace fgform::hcl {

// `[a, b]`: the element expressions.
std::optional<std::vector<ExprPtr>> static_list(const ExprPtr& expr);

struct StaticMapItem {
  ExprPtr key;  // evaluate it, or use keyword() for bare names
  ExprPtr value;
};
// `{a = 1, "b" = 2}`: the key/value expressions in source order.
std::optional<std::vector<StaticMapItem>> static_map(const ExprPtr& expr);

// A bare reference: `var.x`, `functiongraph_function.f[0]` (a JSON string is parsed as one).
std::optional<Traversal> absolute_traversal(const ExprPtr& expr);

// A single bare identifier: `all`, `string`, `create_before_destroy`.
std::optional<std::string> keyword(const ExprPtr& expr);

struct StaticCall {
  std::string name;
  std::vector<ExprPtr> args;
  bool expand_final = false;
  value::SourceRange name_range;
  value::SourceRange args_range;  // from "(" to ")"
};
// `list(string)`, `object({a = string})`, `optional(string, "x")`.
std::optional<StaticCall> static_call(const ExprPtr& expr);

}  // namespace fgform::hcl
