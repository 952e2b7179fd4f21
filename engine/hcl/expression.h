// The expression tree of the native syntax (hclsyntax's Expression types). Trees are immutable
// and shared; evaluation never throws: problems come back as diagnostics with source ranges.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hcl/eval_context.h"
#include "hcl/traversal.h"
#include "value/codec.h"
#include "value/value.h"

namespace fgform::hcl {

class Expression;
using ExprPtr = std::shared_ptr<const Expression>;
using EvalResult = value::Decoded<value::Value>;

// The deepest value (collections and structures inside each other, counted on the value and on
// its type) that evaluation builds. Terraform has no limit; past this one, copying, comparing
// and encoding a value (all recursive) would risk the stack, so a deeper result is refused.
inline constexpr int kMaxValueDepth = 1000;

// `r` as it is when its value is within kMaxValueDepth; otherwise an unknown, with an error at
// `range`. Applied where evaluation builds a value that can be deeper than its operands.
EvalResult within_value_depth(EvalResult r, const value::SourceRange& range);

class Expression {
 public:
  virtual ~Expression() = default;

  virtual EvalResult evaluate(const EvalContext& ctx) const = 0;
  // Every variable reference inside, in source order (for-expression iterator names excluded).
  std::vector<Traversal> variables() const;
  virtual void collect_variables(std::vector<Traversal>& out) const;
  // Direct sub-expressions.
  virtual std::vector<const Expression*> children() const { return {}; }

  const value::SourceRange& range() const { return range_; }
  // Where the expression "starts", for diagnostics that should not underline all of it.
  const value::SourceRange& start_range() const { return start_range_ ? *start_range_ : range_; }
  void set_range(value::SourceRange range, std::optional<value::SourceRange> start = {}) {
    range_ = std::move(range);
    start_range_.reset();
    if (start && *start != range_)
      start_range_ = std::make_shared<const value::SourceRange>(std::move(*start));
  }
  // Nesting depth of the tree below this node (1 for leaves); the parser bounds it so that
  // evaluation and destruction cannot exhaust the stack.
  int depth = 1;

 private:
  value::SourceRange range_;
  // Only when it differs from range_, as it does for few nodes: a second range in every node
  // was a seventh of a large configuration's memory.
  std::shared_ptr<const value::SourceRange> start_range_;
};

// A constant: numbers, strings, true/false/null, and literal template text.
class LiteralExpr : public Expression {
 public:
  explicit LiteralExpr(value::Value v) : val(std::move(v)) {}
  EvalResult evaluate(const EvalContext& ctx) const override;
  value::Value val;
};

// `root.a[0]`: a variable and static steps.
class ScopeTraversalExpr : public Expression {
 public:
  explicit ScopeTraversalExpr(Traversal t) : traversal(std::move(t)) {}
  EvalResult evaluate(const EvalContext& ctx) const override;
  void collect_variables(std::vector<Traversal>& out) const override;
  Traversal traversal;
};

// Static steps applied to any other expression: `f(x).a[0]`.
class RelativeTraversalExpr : public Expression {
 public:
  RelativeTraversalExpr(ExprPtr s, std::vector<TraversalStep> st)
      : source(std::move(s)), steps(std::move(st)) {}
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {source.get()}; }
  ExprPtr source;
  std::vector<TraversalStep> steps;
};

// `collection[key]` with a computed key.
class IndexExpr : public Expression {
 public:
  IndexExpr(ExprPtr c, ExprPtr k, value::SourceRange br)
      : collection(std::move(c)), key(std::move(k)), bracket_range(std::move(br)) {}
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {collection.get(), key.get()}; }
  ExprPtr collection;
  ExprPtr key;
  value::SourceRange bracket_range;
};

// The placeholder for "the current element" inside a splat's `each` expression.
class AnonSymbolExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
};

// `source.*.a` and `source[*].a[0]`.
class SplatExpr : public Expression {
 public:
  SplatExpr(ExprPtr s, ExprPtr e, std::shared_ptr<const AnonSymbolExpr> i, value::SourceRange mr)
      : source(std::move(s)), each(std::move(e)), item(std::move(i)), marker_range(std::move(mr)) {}
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {source.get(), each.get()}; }
  ExprPtr source;
  ExprPtr each;
  std::shared_ptr<const AnonSymbolExpr> item;
  value::SourceRange marker_range;
};

class FunctionCallExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override;
  std::string name;  // "upper" or "provider::ns::fn"
  std::vector<ExprPtr> args;
  bool expand_final = false;  // the last argument was followed by `...`
  value::SourceRange name_range;
  value::SourceRange open_paren_range;
  value::SourceRange close_paren_range;
};

class ConditionalExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override {
    return {condition.get(), true_result.get(), false_result.get()};
  }
  ExprPtr condition, true_result, false_result;
};

enum class BinaryOp {
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessEq,
  kGreater,
  kGreaterEq,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo
};

class BinaryOpExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {lhs.get(), rhs.get()}; }
  BinaryOp op = BinaryOp::kAdd;
  ExprPtr lhs, rhs;
};

enum class UnaryOp { kNegate, kNot };

class UnaryOpExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {operand.get()}; }
  UnaryOp op = UnaryOp::kNegate;
  ExprPtr operand;
};

// Concatenation of template parts, each stringified.
class TemplateExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override;
  // A template of literal text only (no interpolation or directive).
  bool is_plain_string() const;
  std::vector<ExprPtr> parts;
};

// A template that is exactly one interpolation: the value passes through unconverted.
class TemplateWrapExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {wrapped.get()}; }
  ExprPtr wrapped;
};

// `%{for}`: joins the strings of a tuple produced by a for-expression.
class TemplateJoinExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {tuple.get()}; }
  ExprPtr tuple;
};

class TupleConsExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override;
  std::vector<ExprPtr> items;
};

// An object key: a bare identifier is a literal name unless parenthesised.
class ObjectKeyExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  void collect_variables(std::vector<Traversal>& out) const override;
  std::vector<const Expression*> children() const override { return {wrapped.get()}; }
  // The bare identifier, when the key is one (and not parenthesised).
  std::optional<std::string> bare_name() const;
  ExprPtr wrapped;
  bool force_non_literal = false;
};

class ObjectConsExpr : public Expression {
 public:
  struct Item {
    ExprPtr key;
    ExprPtr value;
  };
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override;
  std::vector<Item> items;
};

class ForExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  void collect_variables(std::vector<Traversal>& out) const override;
  std::vector<const Expression*> children() const override;
  std::string key_var;  // empty when only one iterator name was given
  std::string value_var;
  ExprPtr collection;
  ExprPtr key;  // object form only
  ExprPtr value;
  ExprPtr condition;  // optional
  bool grouping = false;
  value::SourceRange open_range, close_range;
};

class ParenthesesExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
  std::vector<const Expression*> children() const override { return {wrapped.get()}; }
  ExprPtr wrapped;
};

// Where the parser could not make sense of the input: evaluates to a dynamic unknown without
// further diagnostics (the parser already reported the problem).
class InvalidExpr : public Expression {
 public:
  EvalResult evaluate(const EvalContext& ctx) const override;
};

}  // namespace fgform::hcl
