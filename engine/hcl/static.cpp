#include "hcl/static.h"

#include "hcl/json_expr.h"
#include "hcl/parser.h"

namespace fgform::hcl {

namespace {

// Parentheses and template unwrapping do not change what an expression statically is.
const Expression* unwrap(const Expression* e) {
  for (;;) {
    if (auto* p = dynamic_cast<const ParenthesesExpr*>(e)) {
      e = p->wrapped.get();
    } else if (auto* w = dynamic_cast<const TemplateWrapExpr*>(e)) {
      e = w->wrapped.get();
    } else {
      return e;
    }
  }
}

}  // namespace

std::optional<std::vector<ExprPtr>> static_list(const ExprPtr& expr) {
  if (!expr) return std::nullopt;
  if (auto* t = dynamic_cast<const TupleConsExpr*>(unwrap(expr.get()))) return t->items;
  if (auto* j = dynamic_cast<const JsonExpr*>(expr.get())) return j->static_list();
  return std::nullopt;
}

std::optional<std::vector<StaticMapItem>> static_map(const ExprPtr& expr) {
  if (!expr) return std::nullopt;
  if (auto* o = dynamic_cast<const ObjectConsExpr*>(unwrap(expr.get()))) {
    std::vector<StaticMapItem> out;
    for (const auto& i : o->items) out.push_back({i.key, i.value});
    return out;
  }
  if (auto* j = dynamic_cast<const JsonExpr*>(expr.get())) return j->static_map();
  return std::nullopt;
}

std::optional<Traversal> absolute_traversal(const ExprPtr& expr) {
  if (!expr) return std::nullopt;
  const Expression* e = expr.get();
  if (auto* k = dynamic_cast<const ObjectKeyExpr*>(e)) e = k->wrapped.get();
  if (auto* s = dynamic_cast<const ScopeTraversalExpr*>(unwrap(e))) return s->traversal;
  if (auto* j = dynamic_cast<const JsonExpr*>(e)) return j->absolute_traversal();
  return std::nullopt;
}

std::optional<std::string> keyword(const ExprPtr& expr) {
  if (!expr) return std::nullopt;
  const Expression* e = expr.get();
  if (auto* k = dynamic_cast<const ObjectKeyExpr*>(e)) {
    if (auto n = k->bare_name()) return n;
    e = k->wrapped.get();
  }
  if (auto* s = dynamic_cast<const ScopeTraversalExpr*>(e); s && s->traversal.steps.empty()) {
    return s->traversal.root;
  }
  if (auto* j = dynamic_cast<const JsonExpr*>(e)) {
    auto t = j->absolute_traversal();
    if (t && t->steps.empty()) return t->root;
  }
  return std::nullopt;
}

std::optional<StaticCall> static_call(const ExprPtr& expr) {
  if (!expr) return std::nullopt;
  const Expression* e = unwrap(expr.get());
  if (auto* j = dynamic_cast<const JsonExpr*>(e)) return j->static_call();
  auto* c = dynamic_cast<const FunctionCallExpr*>(e);
  if (!c) return std::nullopt;
  StaticCall out;
  out.name = c->name;
  out.args = c->args;
  out.expand_final = c->expand_final;
  out.name_range = c->name_range;
  out.args_range = c->open_paren_range;
  out.args_range.end = c->close_paren_range.end;
  return out;
}

}  // namespace fgform::hcl
