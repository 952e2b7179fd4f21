// Evaluation of the expression tree with HCL/cty semantics: unknowns propagate with the best
// type known, sensitive marks carry to results, conversions go through value::convert and
// arithmetic through value/number_math. `try` and `can` are evaluated here (hcl's ext/tryfunc)
// because they need the unevaluated argument expressions; they are available in every context,
// whether or not the function table has entries of those names.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "hcl/body.h"
#include "hcl/expression.h"
#include "value/convert.h"
#include "value/number_math.h"

namespace fgform::hcl {

using value::Diagnostic;
using value::Diagnostics;
using value::SourceRange;
using value::Type;
using value::Value;

namespace {

EvalResult unknown_with(Diagnostics d) {
  return {Value::unknown(Type::dynamic()), std::move(d)};
}

void add_error(Diagnostics& d, const SourceRange& r, std::string summary, std::string detail) {
  d.add(Diagnostic::error(std::move(summary), std::move(detail)).at(r));
}

SourceRange between_ranges(const SourceRange& a, const SourceRange& b) {
  SourceRange r = a;
  r.end = b.end;
  return r;
}

Value mark(Value v, bool sensitive) {
  return sensitive ? v.marked_sensitive() : v;
}

bool is_sequence(const Type& t) {
  return t.kind() == Type::Kind::kList || t.kind() == Type::Kind::kSet ||
         t.kind() == Type::Kind::kTuple;
}

std::string splat_key(const AnonSymbolExpr* item) {
  return std::string("\x01splat:") + std::to_string(reinterpret_cast<std::uintptr_t>(item));
}

std::vector<std::string> visible_names(const EvalContext& ctx) {
  std::vector<std::string> out;
  for (const EvalContext* c = &ctx; c; c = c->parent) {
    for (const auto& [k, v] : c->variables) out.push_back(k);
  }
  return out;
}

// Tuple of values, or a list when every element converts to one unified type.
Value list_or_tuple(const std::vector<Value>& items, bool want_list, const Type& empty_element) {
  if (!want_list) return Value::tuple(items);
  if (items.empty()) return Value::list(empty_element, {});
  std::vector<Type> types;
  for (const auto& v : items) types.push_back(v.type());
  auto unified = value::unify(types);
  if (!unified) return Value::tuple(items);
  std::vector<Value> converted;
  for (const auto& v : items) {
    auto c = value::convert(v, *unified);
    if (!c.ok()) return Value::tuple(items);
    converted.push_back(std::move(c.value));
  }
  return Value::list(*unified, std::move(converted));
}

}  // namespace

EvalResult within_value_depth(EvalResult r, const SourceRange& range) {
  if (std::max(r.value.depth(), r.value.type().depth()) <= kMaxValueDepth) return r;
  add_error(r.diagnostics, range, "Value nested too deeply",
            "This value nests collections and structures more than " +
                std::to_string(kMaxValueDepth) +
                " levels deep, which is fgform's limit (Terraform has none).");
  return unknown_with(std::move(r.diagnostics));
}

EvalResult LiteralExpr::evaluate(const EvalContext&) const {
  return {val, {}};
}

EvalResult InvalidExpr::evaluate(const EvalContext&) const {
  return {Value::unknown(Type::dynamic()), {}};
}

EvalResult ParenthesesExpr::evaluate(const EvalContext& ctx) const {
  return wrapped->evaluate(ctx);
}

EvalResult TemplateWrapExpr::evaluate(const EvalContext& ctx) const {
  return wrapped->evaluate(ctx);
}

EvalResult AnonSymbolExpr::evaluate(const EvalContext& ctx) const {
  if (const Value* v = ctx.find_variable(splat_key(this))) return {*v, {}};
  return {Value::unknown(Type::dynamic()), {}};
}

EvalResult ScopeTraversalExpr::evaluate(const EvalContext& ctx) const {
  const Value* root = ctx.find_variable(traversal.root);
  if (!root) {
    Diagnostics d;
    std::string detail = "There is no variable named \"" + traversal.root + "\".";
    if (auto s = name_suggestion(traversal.root, visible_names(ctx))) {
      detail += " Did you mean \"" + *s + "\"?";
    }
    add_error(d, traversal.root_range, "Unknown variable", detail);
    return unknown_with(std::move(d));
  }
  return apply_steps(*root, traversal.steps);
}

EvalResult RelativeTraversalExpr::evaluate(const EvalContext& ctx) const {
  auto src = source->evaluate(ctx);
  if (!src.ok()) return unknown_with(std::move(src.diagnostics));
  auto r = apply_steps(src.value, steps);
  src.diagnostics.append(r.diagnostics);
  return {std::move(r.value), std::move(src.diagnostics)};
}

EvalResult IndexExpr::evaluate(const EvalContext& ctx) const {
  auto c = collection->evaluate(ctx);
  auto k = key->evaluate(ctx);
  c.diagnostics.append(k.diagnostics);
  if (c.diagnostics.has_errors()) return unknown_with(std::move(c.diagnostics));
  auto r = index_value(c.value, k.value, bracket_range);
  c.diagnostics.append(r.diagnostics);
  return {std::move(r.value), std::move(c.diagnostics)};
}

EvalResult SplatExpr::evaluate(const EvalContext& ctx) const {
  auto src = source->evaluate(ctx);
  Diagnostics d = std::move(src.diagnostics);
  if (d.has_errors()) return unknown_with(std::move(d));
  const Value& v = src.value;
  bool sensitive = v.is_sensitive();
  if (v.is_null() && !is_sequence(v.type())) return {mark(Value::tuple({}), sensitive), d};
  if (!v.is_known()) return {mark(Value::unknown(Type::dynamic()), sensitive), d};
  if (v.is_null()) return {mark(Value::tuple({}), sensitive), d};
  std::vector<Value> elements;
  bool want_list = v.type().kind() == Type::Kind::kList || v.type().kind() == Type::Kind::kSet;
  if (is_sequence(v.type())) {
    elements = v.elements();
  } else {
    elements.push_back(v);  // a single value is treated as a one-element tuple
  }
  std::vector<Value> out;
  for (const auto& e : elements) {
    EvalContext child;
    child.parent = &ctx;
    child.variables.emplace(splat_key(item.get()), e);
    auto r = each->evaluate(child);
    d.append(r.diagnostics);
    if (r.diagnostics.has_errors()) break;  // the same error would repeat for every element
    out.push_back(std::move(r.value));
  }
  if (d.has_errors()) return unknown_with(std::move(d));
  Type empty_element = Type::dynamic();
  if (want_list && elements.empty()) {
    // The element type of an empty result: `each` applied to an unknown element.
    EvalContext child;
    child.parent = &ctx;
    child.variables.emplace(splat_key(item.get()), Value::unknown(v.type().element()));
    auto probe = each->evaluate(child);
    if (probe.ok()) empty_element = probe.value.type();
  }
  return within_value_depth(
      {mark(list_or_tuple(out, want_list, empty_element), sensitive), std::move(d)}, range());
}

EvalResult ConditionalExpr::evaluate(const EvalContext& ctx) const {
  auto c = condition->evaluate(ctx);
  auto t = true_result->evaluate(ctx);
  auto f = false_result->evaluate(ctx);
  Diagnostics d = std::move(c.diagnostics);
  auto result_type = value::unify({t.value.type(), f.value.type()});
  if (!result_type) {
    d.append(t.diagnostics);
    d.append(f.diagnostics);
    add_error(d, between_ranges(true_result->range(), false_result->range()),
              "Inconsistent conditional result types",
              "The true and false result expressions must have consistent types. The 'true' "
              "value is " +
                  t.value.type().friendly_name() + ", but the 'false' value is " +
                  f.value.type().friendly_name() + ".");
    return unknown_with(std::move(d));
  }
  if (d.has_errors()) return unknown_with(std::move(d));
  bool sensitive = c.value.is_sensitive();
  if (c.value.is_null()) {
    add_error(d, condition->range(), "Null condition",
              "The condition value is null. Conditions must either be true or false.");
    return unknown_with(std::move(d));
  }
  auto cb = value::convert(c.value, Type::boolean());
  if (!cb.ok()) {
    add_error(d, condition->range(), "Incorrect condition type",
              "The condition expression must be of type bool.");
    return unknown_with(std::move(d));
  }
  if (!cb.value.is_known()) {
    d.append(t.diagnostics);
    d.append(f.diagnostics);
    return {mark(Value::unknown(*result_type), sensitive), std::move(d)};
  }
  EvalResult& chosen = cb.value.as_bool() ? t : f;
  const Expression& chosen_expr = cb.value.as_bool() ? *true_result : *false_result;
  d.append(chosen.diagnostics);
  if (chosen.diagnostics.has_errors()) return unknown_with(std::move(d));
  auto conv = value::convert(chosen.value, *result_type);
  if (!conv.ok()) {
    add_error(d, chosen_expr.range(), "Inconsistent conditional result types",
              "The result value cannot be converted to the conditional's result type: " +
                  conv.error + ".");
    return unknown_with(std::move(d));
  }
  return {mark(conv.value, sensitive), std::move(d)};
}

namespace {

// Converts an operand; appends "Invalid operand" on failure.
std::optional<Value> convert_operand(const Value& v, const Type& want, const Expression& e,
                                     const char* side, Diagnostics& d) {
  if (v.is_null()) {
    add_error(d, e.range(), "Invalid operand",
              std::string("Unsuitable value for ") + side + " operand: argument must not be null.");
    return std::nullopt;
  }
  auto c = value::convert(v, want);
  if (!c.ok()) {
    add_error(d, e.range(), "Invalid operand",
              std::string("Unsuitable value for ") + side + " operand: " + c.error + ".");
    return std::nullopt;
  }
  return c.value;
}

// cty's Equals: nulls are equal whatever their types; different types are never equal;
// anything unknown inside makes the answer unknown.
Value equals(const Value& a, const Value& b) {
  if (a.is_known() && b.is_known()) {
    if (a.is_null() && b.is_null()) return Value::boolean(true);
    if (a.is_null() || b.is_null()) return Value::boolean(false);
  }
  if (!a.is_wholly_known() || !b.is_wholly_known()) {
    if (a.is_known() && b.is_known() && a.type() != b.type() && !a.type().has_dynamic() &&
        !b.type().has_dynamic()) {
      return Value::boolean(false);
    }
    return Value::unknown(Type::boolean());
  }
  return Value::boolean(a.without_marks() == b.without_marks());
}

}  // namespace

EvalResult BinaryOpExpr::evaluate(const EvalContext& ctx) const {
  auto l = lhs->evaluate(ctx);
  auto r = rhs->evaluate(ctx);
  Diagnostics d = std::move(l.diagnostics);
  d.append(r.diagnostics);
  if (d.has_errors()) return unknown_with(std::move(d));
  bool sensitive = l.value.contains_sensitive() || r.value.contains_sensitive();
  if (op == BinaryOp::kEqual || op == BinaryOp::kNotEqual) {
    Value eq = equals(l.value, r.value);
    if (op == BinaryOp::kNotEqual && eq.is_known()) eq = Value::boolean(!eq.as_bool());
    return {mark(eq, sensitive), std::move(d)};
  }
  bool logical = op == BinaryOp::kAnd || op == BinaryOp::kOr;
  Type want = logical ? Type::boolean() : Type::number();
  auto a = convert_operand(l.value, want, *lhs, "left", d);
  auto b = convert_operand(r.value, want, *rhs, "right", d);
  if (!a || !b) return unknown_with(std::move(d));
  if (logical) {
    bool is_and = op == BinaryOp::kAnd;
    // A known false (for &&) or true (for ||) decides the result even next to an unknown.
    for (const Value* x : {&*a, &*b}) {
      if (x->is_known() && x->as_bool() != is_and) {
        return {mark(Value::boolean(!is_and), sensitive), std::move(d)};
      }
    }
    if (!a->is_known() || !b->is_known()) {
      return {mark(Value::unknown(Type::boolean()), sensitive), std::move(d)};
    }
    return {mark(Value::boolean(is_and), sensitive), std::move(d)};
  }
  bool comparison = op == BinaryOp::kLess || op == BinaryOp::kLessEq || op == BinaryOp::kGreater ||
                    op == BinaryOp::kGreaterEq;
  if (!a->is_known() || !b->is_known()) {
    return {mark(Value::unknown(comparison ? Type::boolean() : Type::number()), sensitive),
            std::move(d)};
  }
  const auto& x = a->as_number();
  const auto& y = b->as_number();
  Value result;
  switch (op) {
    case BinaryOp::kLess:
      result = Value::boolean(compare(x, y) < 0);
      break;
    case BinaryOp::kLessEq:
      result = Value::boolean(compare(x, y) <= 0);
      break;
    case BinaryOp::kGreater:
      result = Value::boolean(compare(x, y) > 0);
      break;
    case BinaryOp::kGreaterEq:
      result = Value::boolean(compare(x, y) >= 0);
      break;
    case BinaryOp::kAdd:
      result = Value::number(value::add(x, y));
      break;
    case BinaryOp::kSubtract:
      result = Value::number(value::subtract(x, y));
      break;
    case BinaryOp::kMultiply:
      result = Value::number(value::multiply(x, y));
      break;
    case BinaryOp::kDivide:
    case BinaryOp::kModulo: {
      auto q = op == BinaryOp::kDivide ? value::divide(x, y) : value::modulo(x, y);
      if (!q) {
        add_error(d, range(), "Operation failed", "Error during operation: divide by zero.");
        return unknown_with(std::move(d));
      }
      result = Value::number(*q);
      break;
    }
    default:
      break;
  }
  return {mark(result, sensitive), std::move(d)};
}

EvalResult UnaryOpExpr::evaluate(const EvalContext& ctx) const {
  auto v = operand->evaluate(ctx);
  Diagnostics d = std::move(v.diagnostics);
  if (d.has_errors()) return unknown_with(std::move(d));
  bool sensitive = v.value.contains_sensitive();
  Type want = op == UnaryOp::kNot ? Type::boolean() : Type::number();
  auto x = convert_operand(v.value, want, *operand, "the", d);
  if (!x) return unknown_with(std::move(d));
  if (!x->is_known()) return {mark(Value::unknown(want), sensitive), std::move(d)};
  Value r = op == UnaryOp::kNot ? Value::boolean(!x->as_bool())
                                : Value::number(value::negate(x->as_number()));
  return {mark(r, sensitive), std::move(d)};
}

namespace {

// Appends the string form of a template part, as hcl's TemplateExpr does.
bool stringify(const Value& v, const Expression& part, std::string& out, bool& unknown,
               bool& sensitive, Diagnostics& d, bool iteration) {
  sensitive = sensitive || v.contains_sensitive();
  if (v.is_null()) {
    add_error(d, part.range(), "Invalid template interpolation value",
              iteration ? "An iteration result is null. Cannot include a null value in a string "
                          "template."
                        : "The expression result is null. Cannot include a null value in a "
                          "string template.");
    return false;
  }
  auto s = value::convert(v, Type::string());
  if (!s.ok()) {
    add_error(d, part.range(), "Invalid template interpolation value",
              "Cannot include the given value in a string template: " + s.error + ".");
    return false;
  }
  if (!s.value.is_known()) {
    unknown = true;
    return true;
  }
  out += s.value.as_string();
  return true;
}

}  // namespace

EvalResult TemplateExpr::evaluate(const EvalContext& ctx) const {
  Diagnostics d;
  std::string out;
  bool unknown = false, sensitive = false;
  for (const auto& p : parts) {
    auto r = p->evaluate(ctx);
    d.append(r.diagnostics);
    if (r.diagnostics.has_errors()) continue;
    stringify(r.value, *p, out, unknown, sensitive, d, false);
  }
  if (d.has_errors()) return {Value::unknown(Type::string()), std::move(d)};
  if (unknown) return {mark(Value::unknown(Type::string()), sensitive), std::move(d)};
  return {mark(Value::string(std::move(out)), sensitive), std::move(d)};
}

EvalResult TemplateJoinExpr::evaluate(const EvalContext& ctx) const {
  auto r = tuple->evaluate(ctx);
  Diagnostics d = std::move(r.diagnostics);
  if (d.has_errors()) return {Value::unknown(Type::string()), std::move(d)};
  bool sensitive = r.value.is_sensitive();
  if (r.value.is_null()) {
    add_error(d, range(), "Invalid template interpolation value",
              "An iteration result is null. Cannot include a null value in a string template.");
    return {Value::unknown(Type::string()), std::move(d)};
  }
  if (!r.value.is_known()) return {mark(Value::unknown(Type::string()), sensitive), d};
  std::string out;
  bool unknown = false;
  for (const auto& e : r.value.elements()) {
    stringify(e, *this, out, unknown, sensitive, d, true);
  }
  if (d.has_errors()) return {Value::unknown(Type::string()), std::move(d)};
  if (unknown) return {mark(Value::unknown(Type::string()), sensitive), std::move(d)};
  return {mark(Value::string(std::move(out)), sensitive), std::move(d)};
}

EvalResult TupleConsExpr::evaluate(const EvalContext& ctx) const {
  Diagnostics d;
  std::vector<Value> out;
  for (const auto& e : items) {
    auto r = e->evaluate(ctx);
    d.append(r.diagnostics);
    out.push_back(std::move(r.value));
  }
  return within_value_depth({Value::tuple(std::move(out)), std::move(d)}, range());
}

EvalResult ObjectKeyExpr::evaluate(const EvalContext& ctx) const {
  if (auto name = bare_name()) return {Value::string(*name), {}};
  return wrapped->evaluate(ctx);
}

EvalResult ObjectConsExpr::evaluate(const EvalContext& ctx) const {
  Diagnostics d;
  Value::Entries out;
  bool unknown = false, sensitive = false;
  for (const auto& item : items) {
    auto k = item.key->evaluate(ctx);
    auto v = item.value->evaluate(ctx);
    d.append(k.diagnostics);
    d.append(v.diagnostics);
    if (k.diagnostics.has_errors()) continue;
    if (k.value.is_null()) {
      add_error(d, item.key->range(), "Null value as key", "Can't use a null value as a key.");
      continue;
    }
    auto ks = value::convert(k.value, Type::string());
    if (!ks.ok()) {
      add_error(d, item.key->range(), "Incorrect key type",
                "Can't use this value as a key: " + ks.error + ".");
      continue;
    }
    sensitive = sensitive || k.value.is_sensitive();
    if (!ks.value.is_known()) {
      unknown = true;
      continue;
    }
    out[ks.value.as_string()] = std::move(v.value);  // a later duplicate wins, as in hcl
  }
  if (d.has_errors() || unknown) {
    return {mark(Value::unknown(Type::dynamic()), sensitive), std::move(d)};
  }
  return within_value_depth({mark(Value::object(std::move(out)), sensitive), std::move(d)},
                            range());
}

EvalResult ForExpr::evaluate(const EvalContext& ctx) const {
  auto c = collection->evaluate(ctx);
  Diagnostics d = std::move(c.diagnostics);
  if (d.has_errors()) return unknown_with(std::move(d));
  const Value& coll = c.value;
  bool sensitive = coll.is_sensitive();
  if (coll.is_null()) {
    add_error(d, collection->range(), "Iteration over null value",
              "A null value cannot be used as the collection in a 'for' expression.");
    return unknown_with(std::move(d));
  }
  auto kind = coll.type().kind();
  bool iterable = is_sequence(coll.type()) || kind == Type::Kind::kMap ||
                  kind == Type::Kind::kObject || kind == Type::Kind::kDynamic;
  if (!iterable) {
    add_error(d, collection->range(), "Iteration over non-iterable value",
              "A value of type " + coll.type().friendly_name() +
                  " cannot be used as the collection in a 'for' expression.");
    return unknown_with(std::move(d));
  }
  if (!coll.is_known()) return {mark(Value::unknown(Type::dynamic()), sensitive), std::move(d)};

  std::vector<std::pair<Value, Value>> pairs;
  if (is_sequence(coll.type())) {
    std::int64_t i = 0;
    bool set = kind == Type::Kind::kSet;
    for (const auto& e : coll.elements()) pairs.emplace_back(set ? e : Value::number(i++), e);
  } else {
    for (const auto& [k, v] : coll.entries()) pairs.emplace_back(Value::string(k), v);
  }

  std::vector<Value> tuple_items;
  std::map<std::string, std::vector<Value>> groups;
  std::map<std::string, Value> single;
  std::vector<std::string> key_order;
  bool unknown = false;
  for (const auto& [k, v] : pairs) {
    EvalContext child;
    child.parent = &ctx;
    if (!key_var.empty()) child.variables[key_var] = mark(k, sensitive);
    child.variables[value_var] = mark(v, sensitive);
    if (condition) {
      auto cr = condition->evaluate(child);
      d.append(cr.diagnostics);
      if (cr.diagnostics.has_errors()) continue;
      if (cr.value.is_null()) {
        add_error(d, condition->range(), "Invalid 'for' condition",
                  "The value of the 'if' clause must not be null.");
        continue;
      }
      auto b = value::convert(cr.value, Type::boolean());
      if (!b.ok()) {
        add_error(d, condition->range(), "Invalid 'for' condition",
                  "The 'if' clause value is invalid: " + b.error + ".");
        continue;
      }
      if (!b.value.is_known()) {
        unknown = true;
        continue;
      }
      sensitive = sensitive || cr.value.is_sensitive();
      if (!b.value.as_bool()) continue;
    }
    auto vr = value->evaluate(child);
    d.append(vr.diagnostics);
    if (!key) {
      tuple_items.push_back(std::move(vr.value));
      continue;
    }
    auto kr = key->evaluate(child);
    d.append(kr.diagnostics);
    if (kr.diagnostics.has_errors() || vr.diagnostics.has_errors()) continue;
    if (kr.value.is_null()) {
      add_error(d, key->range(), "Invalid object key",
                "Key expression in 'for' expression must not produce a null value.");
      continue;
    }
    auto ks = value::convert(kr.value, Type::string());
    if (!ks.ok()) {
      add_error(d, key->range(), "Invalid object key",
                "The key expression produced an invalid result: " + ks.error + ".");
      continue;
    }
    if (!ks.value.is_known()) {
      unknown = true;
      continue;
    }
    const std::string& name = ks.value.as_string();
    if (grouping) {
      groups[name].push_back(std::move(vr.value));
      continue;
    }
    if (single.count(name) != 0) {
      add_error(d, key->range(), "Duplicate object key",
                "Two different items produced the key \"" + name +
                    "\" in this 'for' expression. If duplicates are expected, use the ellipsis "
                    "(...) after the value expression to enable grouping by key.");
      continue;
    }
    single.emplace(name, std::move(vr.value));
  }
  if (d.has_errors()) return unknown_with(std::move(d));
  if (unknown) return {mark(Value::unknown(Type::dynamic()), sensitive), std::move(d)};
  if (!key) {
    return within_value_depth({mark(Value::tuple(std::move(tuple_items)), sensitive), std::move(d)},
                              range());
  }
  if (grouping) {
    Value::Entries entries;
    for (auto& [k, vs] : groups) entries.emplace(k, Value::tuple(std::move(vs)));
    return within_value_depth({mark(Value::object(std::move(entries)), sensitive), std::move(d)},
                              range());
  }
  return within_value_depth(
      {mark(Value::object(Value::Entries(single.begin(), single.end())), sensitive), std::move(d)},
      range());
}

namespace {

EvalResult eval_try(const FunctionCallExpr& call, const EvalContext& ctx) {
  Diagnostics d;
  if (call.args.empty()) {
    add_error(d, call.range(), "Not enough function arguments",
              "Function \"try\" expects at least one argument.");
    return unknown_with(std::move(d));
  }
  std::string failures;
  for (const auto& a : call.args) {
    auto r = a->evaluate(ctx);
    if (!r.diagnostics.has_errors()) {
      // An unknown result might still fail once known, so try itself is not decided yet.
      if (!r.value.is_wholly_known()) return {Value::unknown(Type::dynamic()), {}};
      return {r.value, {}};
    }
    for (const auto& diag : r.diagnostics) {
      if (diag.severity != value::Severity::kError) continue;
      failures += "\n- " + diag.summary;
      if (diag.range) {
        failures += " (at " + diag.range->filename + ":" + std::to_string(diag.range->start.line) +
                    "," + std::to_string(diag.range->start.column) + ")";
      }
      if (!diag.detail.empty()) failures += "\n  " + diag.detail;
    }
  }
  add_error(d, call.range(), "Error in function call",
            "Call to function \"try\" failed: no expression succeeded:" + failures +
                "\n\nAt least one expression must produce a successful result.");
  return unknown_with(std::move(d));
}

EvalResult eval_can(const FunctionCallExpr& call, const EvalContext& ctx) {
  Diagnostics d;
  if (call.args.size() != 1) {
    add_error(d, call.range(),
              call.args.empty() ? "Not enough function arguments" : "Too many function arguments",
              "Function \"can\" expects 1 argument.");
    return unknown_with(std::move(d));
  }
  auto r = call.args[0]->evaluate(ctx);
  if (r.diagnostics.has_errors()) return {Value::boolean(false), {}};
  if (!r.value.is_wholly_known()) return {Value::unknown(Type::boolean()), {}};
  return {Value::boolean(true), {}};
}

}  // namespace

EvalResult FunctionCallExpr::evaluate(const EvalContext& ctx) const {
  if (name == "try") return eval_try(*this, ctx);
  if (name == "can") return eval_can(*this, ctx);
  Diagnostics d;
  const FunctionTable* table = ctx.find_functions();
  const Function* fn = nullptr;
  if (table) {
    auto it = table->find(name);
    if (it != table->end()) fn = &it->second;
  }
  if (!fn) {
    std::string detail = "There is no function named \"" + name + "\".";
    if (table) {
      std::vector<std::string> names;
      for (const auto& [n, f] : *table) names.push_back(n);
      names.push_back("try");
      names.push_back("can");
      if (auto s = name_suggestion(name, names)) detail += " Did you mean \"" + *s + "\"?";
    }
    add_error(d, name_range, "Call to unknown function", detail);
    return unknown_with(std::move(d));
  }
  std::vector<Value> values;
  std::vector<const Expression*> arg_exprs;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto r = args[i]->evaluate(ctx);
    d.append(r.diagnostics);
    if (expand_final && i + 1 == args.size()) {
      const Value& v = r.value;
      if (r.diagnostics.has_errors()) break;
      if (v.is_null()) {
        add_error(d, args[i]->range(), "Invalid expanding argument value",
                  "The expanding argument (indicated by ...) must not be null.");
        break;
      }
      if (!is_sequence(v.type()) && v.type().kind() != Type::Kind::kDynamic) {
        add_error(d, args[i]->range(), "Invalid expanding argument value",
                  "The expanding argument (indicated by ...) must be of a tuple, list, or set "
                  "type.");
        break;
      }
      if (!v.is_known()) return {Value::unknown(Type::dynamic()), std::move(d)};
      for (const auto& e : v.elements()) {
        values.push_back(v.is_sensitive() ? e.marked_sensitive() : e);
        arg_exprs.push_back(args[i].get());
      }
      continue;
    }
    values.push_back(std::move(r.value));
    arg_exprs.push_back(args[i].get());
  }
  if (d.has_errors()) return unknown_with(std::move(d));
  // The errors below are about this call: they carry its signature for the "while calling"
  // note Terraform prints under the source line.
  const std::size_t call_errors_from = d.size();
  auto signed_errors = [&](Diagnostics all) {
    std::string sig = name + "(";
    for (std::size_t i = 0; i < fn->params.size(); ++i) sig += (i ? ", " : "") + fn->params[i].name;
    if (fn->variadic) sig += (fn->params.empty() ? "" : ", ") + fn->variadic->name + "...";
    sig += ")";
    Diagnostics out;
    std::size_t i = 0;
    for (auto diag : all) {
      if (i++ >= call_errors_from) diag.function_call = sig;
      out.add(std::move(diag));
    }
    return out;
  };
  std::size_t min = fn->params.size();
  if (values.size() < min) {
    add_error(d, close_paren_range, "Not enough function arguments",
              "Function \"" + name + "\" expects " + std::to_string(min) +
                  " argument(s). Missing value for \"" + fn->params[values.size()].name + "\".");
    return unknown_with(signed_errors(std::move(d)));
  }
  if (!fn->variadic && values.size() > min) {
    add_error(d, arg_exprs[min]->range(), "Too many function arguments",
              "Function \"" + name + "\" expects only " + std::to_string(min) + " argument(s).");
    return unknown_with(signed_errors(std::move(d)));
  }
  FunctionCallResult result = call(*fn, values);
  if (result.error) {
    const auto& err = *result.error;
    if (err.argument >= 0 && static_cast<std::size_t>(err.argument) < arg_exprs.size()) {
      std::string param = static_cast<std::size_t>(err.argument) < fn->params.size()
                              ? fn->params[err.argument].name
                              : (fn->variadic ? fn->variadic->name : "");
      add_error(d, arg_exprs[err.argument]->range(), "Invalid function argument",
                "Invalid value for \"" + param + "\" parameter: " + err.message + ".");
    } else {
      add_error(d, range(), "Error in function call",
                "Call to function \"" + name + "\" failed: " + err.message + ".");
    }
    return unknown_with(signed_errors(std::move(d)));
  }
  return within_value_depth({std::move(result.value), std::move(d)}, range());
}

}  // namespace fgform::hcl
