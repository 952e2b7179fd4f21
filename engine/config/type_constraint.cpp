#include "config/type_constraint.h"

namespace fgform::config {
namespace {

using value::Diagnostic;
using value::Type;

value::Decoded<Type> fail(const hcl::Expression& expr, std::string detail) {
  value::Decoded<Type> out{Type::dynamic(), {}};
  out.diagnostics.add(Diagnostic::error("Invalid type specification", std::move(detail))
                          .at(expr.range()));
  return out;
}

const hcl::Expression* unwrap(const hcl::Expression* e) {
  while (auto* p = dynamic_cast<const hcl::ParenthesesExpr*>(e)) e = p->wrapped.get();
  return e;
}

value::Decoded<Type> parse(const hcl::Expression& expr, bool in_object_attribute) {
  const hcl::Expression* e = unwrap(&expr);
  if (auto* t = dynamic_cast<const hcl::ScopeTraversalExpr*>(e)) {
    if (!t->traversal.steps.empty())
      return fail(expr, "A type specification is either a primitive type keyword (bool, number, "
                        "string) or a complex type constructor call, like list(string).");
    const std::string& k = t->traversal.root;
    if (k == "string") return {Type::string(), {}};
    if (k == "number") return {Type::number(), {}};
    if (k == "bool") return {Type::boolean(), {}};
    if (k == "any") return {Type::dynamic(), {}};
    if (k == "list" || k == "set" || k == "map" || k == "object" || k == "tuple")
      return fail(expr, "The " + k + " type constructor requires one argument specifying the " +
                            (k == "object" ? "attribute types." : k == "tuple" ? "element types." : "element type."));
    return fail(expr, "The keyword \"" + k + "\" is not a valid type specification.");
  }
  if (auto* call = dynamic_cast<const hcl::FunctionCallExpr*>(e)) {
    const std::string& name = call->name;
    if (name == "optional") {
      if (!in_object_attribute)
        return fail(expr, "Keyword \"optional\" is valid only as a modifier for object type attributes.");
      if (call->args.empty() || call->args.size() > 2)
        return fail(expr, "Optional attribute modifier expects one or two arguments.");
      return parse(*call->args[0], false);
    }
    if (call->args.size() != 1)
      return fail(expr, "The " + name + " type constructor requires one argument.");
    const hcl::Expression& arg = *call->args[0];
    if (name == "list" || name == "set" || name == "map") {
      auto inner = parse(arg, false);
      if (!inner.ok()) return inner;
      Type t = name == "list"  ? Type::list(inner.value)
               : name == "set" ? Type::set(inner.value)
                               : Type::map(inner.value);
      return {t, {}};
    }
    if (name == "tuple") {
      auto* items = dynamic_cast<const hcl::TupleConsExpr*>(unwrap(&arg));
      if (!items) return fail(arg, "Tuple type constructor requires a list of element types.");
      std::vector<Type> elements;
      for (const auto& item : items->items) {
        auto inner = parse(*item, false);
        if (!inner.ok()) return inner;
        elements.push_back(inner.value);
      }
      return {Type::tuple(std::move(elements)), {}};
    }
    if (name == "object") {
      auto* obj = dynamic_cast<const hcl::ObjectConsExpr*>(unwrap(&arg));
      if (!obj)
        return fail(arg, "Object type constructor requires a map whose keys are attribute names "
                         "and whose values are the corresponding attribute types.");
      std::map<std::string, Type> attributes;
      for (const auto& item : obj->items) {
        auto* key = dynamic_cast<const hcl::ObjectKeyExpr*>(item.key.get());
        std::optional<std::string> name_of = key ? key->bare_name() : std::nullopt;
        if (!name_of) {
          // A quoted key is allowed too.
          auto k = item.key->evaluate(hcl::EvalContext{});
          if (k.ok() && k.value.is_known() && !k.value.is_null() &&
              k.value.type() == Type::string())
            name_of = k.value.as_string();
        }
        if (!name_of) return fail(*item.key, "Object constructor map keys must be attribute names.");
        auto inner = parse(*item.value, true);
        if (!inner.ok()) return inner;
        attributes.emplace(*name_of, inner.value);
      }
      return {Type::object(std::move(attributes)), {}};
    }
    return fail(expr, "Keyword \"" + name + "\" is not a valid type constructor.");
  }
  return fail(expr, "A type specification is either a primitive type keyword (bool, number, "
                    "string) or a complex type constructor call, like list(string).");
}

}  // namespace

value::Decoded<value::Type> parse_type_constraint(const hcl::Expression& expr) {
  return parse(expr, false);
}

}  // namespace fgform::config
