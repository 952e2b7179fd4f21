// Value diff rendering: Terraform's jsonformat differ and renderers, working from the JSON plan
// form of a change (before/after/after_unknown/sensitive masks/replace_paths) and the schema.
// compute_* builds a diff tree with an action per node; render_diff prints it the way
// `terraform plan` does (symbols, aligned names, hidden unchanged members, heredocs,
// jsonencode(...), "(known after apply)", "(sensitive value)", "# forces replacement").
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "render/structured.h"
#include "schema/schema.h"

namespace fgform::render {

// Which parts of a value a list of paths points at (attribute_path.Matcher).
struct PathMatcher {
  bool always = false;  // matches everything below (relevant attributes in refresh-only)
  std::vector<std::vector<Json>> paths;

  static PathMatcher parse(const Json& paths_json);  // [["a",0],["b"]]
  bool matches() const;                              // some path ends here
  bool matches_partial() const;                      // some path goes through here
  PathMatcher child_key(const std::string& key) const;
  PathMatcher child_index(std::size_t index) const;
};

// One value's change in the JSON plan's form (structured.Change). Go's nil and JSON null are
// both a null Json here; the *_explicit flags tell "present but null" from "absent".
struct StructuredChange {
  bool before_explicit = false;
  bool after_explicit = false;
  Json before;
  Json after;
  Json unknown;  // true, or a mask of the after value's shape
  Json before_sensitive;
  Json after_sensitive;
  PathMatcher replace_paths;
  // Schemas without Terraform 0.12+ features treat "" as null (the SDK's legacy type system).
  bool non_legacy = false;

  // From a JSON plan "change" object ({"actions","before","after","after_unknown",...}).
  static StructuredChange from_plan_change(const Json& change);

  bool before_sensitive_flag() const {
    return before_sensitive.is_boolean() && before_sensitive.get<bool>();
  }
  bool after_sensitive_flag() const {
    return after_sensitive.is_boolean() && after_sensitive.get<bool>();
  }
  bool unknown_flag() const { return unknown.is_boolean() && unknown.get<bool>(); }
  plan::Action calculate_action() const;
  plan::Action default_action_for_iteration() const;
  StructuredChange as_no_op() const;
  StructuredChange as_delete() const;
  StructuredChange as_create() const;
  StructuredChange map_child(const std::string& key) const;
  // Children of a sequence: `before_index` into before, `after_index` into after (either may be
  // out of range, meaning absent on that side).
  StructuredChange slice_child(std::size_t before_index, std::size_t after_index) const;
};

struct DiffBlockGroup;

// A node of the computed diff (computed.Diff plus its renderer's data).
struct Diff {
  enum class Kind {
    kPrimitive,       // before/after, prim
    kList,            // elements; rendered with context around changes
    kSet,             // elements
    kMap,             // members, keys quoted and aligned
    kObject,          // members, names bare when identifiers
    kBlock,           // members (attributes) + blocks
    kSensitive,       // children[0] = inner
    kSensitiveBlock,  // children[0] = inner
    kUnknown,         // children[0] = before, when there was one
    kTypeChange,      // children = {before, after}
  };
  enum class Prim { kNull, kString, kNumber, kBool };

  Kind kind = Kind::kPrimitive;
  plan::Action action = plan::Action::kNoOp;
  bool replace = false;

  Json before;
  Json after;
  Prim prim = Prim::kNull;
  std::vector<Diff> elements;
  std::map<std::string, Diff> members;
  std::map<std::string, DiffBlockGroup> blocks;
  std::vector<Diff> children;
  bool before_sensitive = false;
  bool after_sensitive = false;
};

// All blocks of one nested block type inside a block (renderers.Blocks, per key).
struct DiffBlockGroup {
  schema::Nesting nesting = schema::Nesting::kList;
  std::vector<Diff> items;            // single (one item), list, set
  std::map<std::string, Diff> keyed;  // map nesting
  bool replace = false;
  bool before_sensitive = false;
  bool after_sensitive = false;
  bool unknown = false;
};

Diff compute_block_diff(const StructuredChange& change, const schema::Block& block);
// Values without a schema (outputs, dynamic attributes): diffed as plain JSON.
Diff compute_output_diff(const StructuredChange& change);

struct HumanOpts {
  bool color = false;
  bool override_null_suffix = false;
  bool force_forces_replacement = false;
  bool forbid_forces_replacement = false;
  bool show_unchanged_children = false;
  bool hide_diff_action_symbols = false;

  // The flags children inherit (the forces-replacement overrides never cascade).
  HumanOpts clone() const;
};

// Renders `diff` whose first line continues the current one; later lines are indented by
// `indent` levels of four spaces.
std::string render_diff(const Diff& diff, int indent, const HumanOpts& opts);

// collections.ProcessSlice: calls `process(before_index, after_index)` for each pair in order,
// lining up common elements (an index equal to the other side's length means "absent there").
// Same lengths without a reordering pair up by position; otherwise a longest common subsequence
// decides.
void process_slice(const std::vector<Json>& before, const std::vector<Json>& after,
                   const std::function<void(std::size_t, std::size_t)>& process,
                   const std::function<bool(const Json&)>& is_obj);

// Terraform's format.DiffActionSymbol in colour markup ("  [green]+[reset]", "-/+", ...).
std::string diff_action_symbol_markup(plan::Action action);

}  // namespace fgform::render
