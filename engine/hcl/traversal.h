// Static references: `var.x`, `functiongraph_function.f[0].urn`. A traversal is a root name
// followed by attribute and literal-index steps, as hcl.Traversal; the configuration layer
// turns them into addresses and graph edges.
#pragma once

#include <string>
#include <vector>

#include "value/codec.h"
#include "value/diagnostics.h"
#include "value/value.h"

namespace fgform::hcl {

struct TraversalStep {
  enum class Kind { kAttribute, kIndex };
  Kind kind = Kind::kAttribute;
  std::string name;  // kAttribute
  value::Value key;  // kIndex: a known string or number
  value::SourceRange range;
};

struct Traversal {
  std::string root;  // empty for a relative traversal (steps only)
  std::vector<TraversalStep> steps;
  value::SourceRange range;  // the whole reference
  value::SourceRange root_range;
};

// `a.b[0]["k"]` (Terraform's rendering).
std::string traversal_to_string(const Traversal& t);

// One step applied to a value, with hcl's diagnostics ("Unsupported attribute", "Invalid
// index", ...). Unknown values give unknown results; sensitive marks carry over.
value::Decoded<value::Value> apply_step(const value::Value& v, const TraversalStep& step);
// `v[key]` with hcl.Index's rules (also used by computed index expressions).
value::Decoded<value::Value> index_value(const value::Value& v, const value::Value& key,
                                         const value::SourceRange& range);
// Every step in turn; stops at the first error.
value::Decoded<value::Value> apply_steps(value::Value v, const std::vector<TraversalStep>& steps);

}  // namespace fgform::hcl
