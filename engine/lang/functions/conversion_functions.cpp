// Explicit conversions (tostring, tonumber, tobool, tolist, toset, tomap) with Terraform's
// messages for them, and the sensitivity functions.
#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

std::string constraint_name(const Type& t) {
  switch (t.kind()) {
    case Type::Kind::kDynamic:
      return "any type";
    case Type::Kind::kList:
      return "list of " + constraint_name(t.element());
    case Type::Kind::kSet:
      return "set of " + constraint_name(t.element());
    case Type::Kind::kMap:
      return "map of " + constraint_name(t.element());
    default:
      return t.friendly_name();
  }
}

Function to_function(Type want) {
  Function f;
  f.params = {
      param("v", Type::dynamic(), kAllowNull | kAllowMarked | kAllowDynamic | kAllowUnknown)};
  f.return_type = [want](const Args& a) -> TypeResult {
    const Type& got = a[0].type();
    if (got == want) return want;
    if (!value::can_convert(got, want)) {
      return error("cannot convert " + got.friendly_name() + " to " + constraint_name(want), 0);
    }
    // A known value's converted type is more precise than list(any) and the like.
    if (want.has_dynamic() && a[0].is_wholly_known()) {
      auto c = value::convert(a[0], want);
      if (c.ok()) return c.value.type();
    }
    return want;
  };
  f.impl = [want](const Args& a) -> Result {
    const Value& v = a[0];
    if (!v.is_known()) {
      Value u = Value::unknown(value::convert(v, want).value.type());
      return v.is_sensitive() ? u.marked_sensitive() : u;
    }
    auto c = value::convert(v, want);
    if (c.ok()) return c.value;
    Value plain = v.without_marks();
    const Type& got = plain.type();
    if (v.contains_sensitive()) {
      return error(
          "cannot convert this sensitive " + got.friendly_name() + " to " + constraint_name(want),
          0);
    }
    const bool is_string = got.kind() == Type::Kind::kString;
    const std::string what =
        plain.is_null() ? "string" : nlohmann::json(is_string ? plain.as_string() : "").dump();
    if (is_string && want.kind() == Type::Kind::kBool) {
      return error(
          "cannot convert " + what + " to bool; only the strings \"true\" or \"false\" are allowed",
          0);
    }
    if (is_string && want.kind() == Type::Kind::kNumber) {
      return error("cannot convert " + what +
                       " to number; given string must be a decimal representation of a number",
                   0);
    }
    return error("cannot convert " + got.friendly_name() + " to " + constraint_name(want), 0);
  };
  return f;
}

Function passthrough_marks(std::function<Value(const Value&)> op, bool same_type) {
  Function f;
  f.params = {
      param("value", Type::dynamic(), kAllowNull | kAllowMarked | kAllowDynamic | kAllowUnknown)};
  f.return_type = [same_type](const Args& a) -> TypeResult {
    return same_type ? a[0].type() : Type::boolean();
  };
  f.impl = [op](const Args& a) -> Result { return op(a[0]); };
  return f;
}

}  // namespace

void add_conversion_functions(FunctionTable& table) {
  table["tostring"] = to_function(Type::string());
  table["tonumber"] = to_function(Type::number());
  table["tobool"] = to_function(Type::boolean());
  table["tolist"] = to_function(Type::list(Type::dynamic()));
  table["toset"] = to_function(Type::set(Type::dynamic()));
  table["tomap"] = to_function(Type::map(Type::dynamic()));
  table["sensitive"] = passthrough_marks([](const Value& v) { return v.marked_sensitive(); }, true);
  // Only the value's own mark goes: sensitive parts inside it stay sensitive, as in Terraform.
  table["nonsensitive"] =
      passthrough_marks([](const Value& v) { return v.marked_sensitive(false); }, true);
  table["issensitive"] = passthrough_marks(
      [](const Value& v) {
        if (v.is_sensitive()) return Value::boolean(true);
        if (!v.is_known()) return Value::unknown(Type::boolean());
        return Value::boolean(false);
      },
      false);
}

}  // namespace fgform::lang::functions
