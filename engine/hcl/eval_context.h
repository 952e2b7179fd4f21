// The scope an expression is evaluated in: variables by root name, the function table, and a
// parent scope (for-expressions and template `for` directives add their iterator variables in
// a child scope; lookups walk up the chain).
#pragma once

#include <map>
#include <string>

#include "hcl/function.h"
#include "value/value.h"

namespace fgform::hcl {

struct EvalContext {
  std::map<std::string, value::Value> variables;
  const FunctionTable* functions = nullptr;
  const EvalContext* parent = nullptr;

  const value::Value* find_variable(const std::string& name) const {
    for (const EvalContext* c = this; c; c = c->parent) {
      auto it = c->variables.find(name);
      if (it != c->variables.end()) return &it->second;
    }
    return nullptr;
  }
  const FunctionTable* find_functions() const {
    for (const EvalContext* c = this; c; c = c->parent) {
      if (c->functions) return c->functions;
    }
    return nullptr;
  }
};

}  // namespace fgform::hcl
