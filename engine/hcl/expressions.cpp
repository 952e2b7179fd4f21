// Structure of the expression tree: children and variable references (hcl's Variables()).
#include <algorithm>

#include "hcl/expression.h"

namespace fgform::hcl {

std::vector<Traversal> Expression::variables() const {
  std::vector<Traversal> out;
  collect_variables(out);
  return out;
}

void Expression::collect_variables(std::vector<Traversal>& out) const {
  for (const Expression* c : children()) {
    if (c) c->collect_variables(out);
  }
}

void ScopeTraversalExpr::collect_variables(std::vector<Traversal>& out) const {
  out.push_back(traversal);
}

void ObjectKeyExpr::collect_variables(std::vector<Traversal>& out) const {
  if (bare_name()) return;  // a literal attribute name, not a reference
  wrapped->collect_variables(out);
}

std::optional<std::string> ObjectKeyExpr::bare_name() const {
  if (force_non_literal) return std::nullopt;
  auto* st = dynamic_cast<const ScopeTraversalExpr*>(wrapped.get());
  if (!st || !st->traversal.steps.empty()) return std::nullopt;
  return st->traversal.root;
}

void ForExpr::collect_variables(std::vector<Traversal>& out) const {
  if (collection) collection->collect_variables(out);
  std::vector<Traversal> inner;
  for (const auto& e : {key, value, condition}) {
    if (e) e->collect_variables(inner);
  }
  for (auto& t : inner) {
    if (t.root == value_var || (!key_var.empty() && t.root == key_var)) continue;
    out.push_back(std::move(t));
  }
}

std::vector<const Expression*> ForExpr::children() const {
  std::vector<const Expression*> out;
  for (const auto& e : {collection, key, value, condition}) {
    if (e) out.push_back(e.get());
  }
  return out;
}

std::vector<const Expression*> FunctionCallExpr::children() const {
  std::vector<const Expression*> out;
  for (const auto& a : args) out.push_back(a.get());
  return out;
}

std::vector<const Expression*> TemplateExpr::children() const {
  std::vector<const Expression*> out;
  for (const auto& a : parts) out.push_back(a.get());
  return out;
}

bool TemplateExpr::is_plain_string() const {
  return std::all_of(parts.begin(), parts.end(), [](const ExprPtr& p) {
    auto* lit = dynamic_cast<const LiteralExpr*>(p.get());
    return lit && lit->val.is_known() && !lit->val.is_null() &&
           lit->val.type() == value::Type::string();
  });
}

std::vector<const Expression*> TupleConsExpr::children() const {
  std::vector<const Expression*> out;
  for (const auto& a : items) out.push_back(a.get());
  return out;
}

std::vector<const Expression*> ObjectConsExpr::children() const {
  std::vector<const Expression*> out;
  for (const auto& i : items) {
    out.push_back(i.key.get());
    out.push_back(i.value.get());
  }
  return out;
}

}  // namespace fgform::hcl
