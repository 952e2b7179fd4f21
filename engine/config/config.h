// A configuration as written: the root module and the local modules it calls, each object with
// its expressions still unevaluated. Loading checks the structure (which blocks and arguments
// exist, labels, meta-arguments); evaluation happens in the planner.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hcl/body.h"
#include "hcl/expression.h"
#include "hcl/parser.h"
#include "hcl/traversal.h"
#include "value/type.h"
#include "value/value.h"

namespace fgform::config {

using hcl::ExprPtr;
using value::SourceRange;

struct VariableValidation {
  ExprPtr condition;
  ExprPtr error_message;
  SourceRange range;
};

struct Variable {
  std::string name;
  value::Type type = value::Type::dynamic();  // dynamic: any
  bool has_type = false;
  // Defaults of optional(...) object attributes, by path inside the type.
  std::optional<value::Value> default_value;  // already converted to `type`
  std::string description;
  bool sensitive = false;
  bool nullable = true;
  std::vector<VariableValidation> validations;
  SourceRange range;
};

struct Local {
  std::string name;
  ExprPtr expr;
  SourceRange range;
};

struct Output {
  std::string name;
  ExprPtr expr;
  std::string description;
  bool sensitive = false;
  std::vector<hcl::Traversal> depends_on;
  SourceRange range;
};

// A `provider` block. Its body is decoded against the provider schema when evaluated.
struct ProviderBlock {
  std::string name;   // functiongraph
  std::string alias;  // empty for the default configuration
  hcl::BodyPtr config;
  SourceRange range;
};

struct RequiredProvider {
  std::string name;     // the local name
  std::string source;   // fgform/functiongraph
  std::string version;  // the version constraint, as written
  SourceRange range;    // the whole `name = ...` attribute
};

enum class Mode { kManaged, kData };

struct Lifecycle {
  bool create_before_destroy = false;
  bool prevent_destroy = false;
  bool ignore_all_changes = false;
  std::vector<hcl::Traversal> ignore_changes;  // relative to the resource: `tags`, `a.b`
  std::vector<ExprPtr> replace_triggered_by;
};

struct Resource {
  Mode mode = Mode::kManaged;
  std::string type;
  std::string name;
  ExprPtr count;     // null when absent
  ExprPtr for_each;  // null when absent
  hcl::BodyPtr config;
  std::vector<hcl::Traversal> depends_on;
  std::string provider_alias;  // from `provider = functiongraph.alias`
  Lifecycle lifecycle;
  SourceRange range;  // the block header

  // "functiongraph_function.f" or "data.functiongraph_function.f".
  std::string key() const { return (mode == Mode::kData ? "data." : "") + type + "." + name; }
};

struct ModuleCall {
  std::string name;
  std::string source;
  ExprPtr count;
  ExprPtr for_each;
  std::vector<hcl::Attribute> inputs;
  std::vector<hcl::Traversal> depends_on;
  SourceRange range;
};

struct Import {
  hcl::Traversal to;  // a resource instance address, keys static
  ExprPtr id;
  SourceRange range;
};

struct Moved {
  hcl::Traversal from;
  hcl::Traversal to;
  SourceRange range;
};

struct Removed {
  hcl::Traversal from;
  bool destroy = true;
  SourceRange range;
};

struct Module {
  std::string dir;  // as given, relative to where fgform runs
  std::map<std::string, Variable> variables;
  std::map<std::string, Local> locals;
  std::map<std::string, Output> outputs;
  std::vector<ProviderBlock> providers;
  std::map<std::string, RequiredProvider> required_providers;
  std::optional<std::string> backend;  // the backend type, when a backend block is present
  hcl::BodyPtr backend_config;
  std::map<std::string, Resource> resources;  // by Resource::key()
  std::map<std::string, ModuleCall> module_calls;
  std::vector<Import> imports;
  std::vector<Moved> moved;
  std::vector<Removed> removed;
};

// The module tree. Children are keyed by call name.
struct Config {
  Module module;
  std::vector<std::string> path;  // call names from the root: {} for root, {"net"}, ...
  std::map<std::string, std::unique_ptr<Config>> children;
  // Every parsed file, for rendering diagnostics with source snippets.
  std::shared_ptr<std::map<std::string, std::shared_ptr<hcl::File>>> files;
};

// Reads every `.tf` (and `.tf.json`) file of `dir`, then the modules it calls from local paths.
value::Decoded<std::unique_ptr<Config>> load_config(const std::string& dir);

}  // namespace fgform::config
