// Helpers shared by the hcl tests.
#pragma once

#include <string>
#include <vector>

#include "hcl/parser.h"
#include "value/value.h"

namespace hcltest {

using fgform::value::Type;
using fgform::value::Value;

inline Value str(const std::string& s) {
  return Value::string(s);
}
inline Value num(std::int64_t n) {
  return Value::number(n);
}
inline Value numt(const std::string& t) {
  return Value::number(*fgform::value::Number::parse(t));
}
inline Value boolean(bool b) {
  return Value::boolean(b);
}

// "summary @line:col" of every diagnostic.
inline std::vector<std::string> summaries(const fgform::value::Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d) {
    std::string s = x.summary;
    if (x.range) {
      s += " @" + std::to_string(x.range->start.line) + ":" + std::to_string(x.range->start.column);
    }
    out.push_back(s);
  }
  return out;
}

struct Eval {
  Value value;
  fgform::value::Diagnostics diagnostics;
  std::vector<std::string> errors() const { return summaries(diagnostics); }
};

// Parses and evaluates `src` as an expression; parse errors are returned too.
inline Eval eval(const std::string& src, const fgform::hcl::EvalContext& ctx = {}) {
  auto p = fgform::hcl::parse_expression(src, "e.hcl");
  if (p.diagnostics.has_errors()) return {Value::unknown(Type::dynamic()), p.diagnostics};
  auto r = p.value->evaluate(ctx);
  return {r.value, r.diagnostics};
}

inline Value ok(const std::string& src, const fgform::hcl::EvalContext& ctx = {}) {
  Eval e = eval(src, ctx);
  if (e.diagnostics.has_errors()) {
    std::string all;
    for (const auto& s : e.errors()) all += s + "; ";
    for (const auto& d : e.diagnostics) all += d.detail + "; ";
    return Value::string("ERROR: " + all);
  }
  return e.value;
}

}  // namespace hcltest
