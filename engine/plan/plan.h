// What a plan is: the changes the engine proposes for each resource instance and output, the
// drift it saw while refreshing, and enough context (schemas, prior state) to render it the way
// Terraform does and to apply it later. Produced by the planner, read by render/ and apply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schema/schema.h"
#include "value/path.h"
#include "value/value.h"

namespace fgform::plan {

// Terraform's plans.Action, in its JSON spelling order.
enum class Action {
  kNoOp,              // ["no-op"]
  kCreate,            // ["create"]
  kRead,              // ["read"]      data source read during apply
  kUpdate,            // ["update"]
  kDeleteThenCreate,  // ["delete","create"]  -/+
  kCreateThenDelete,  // ["create","delete"]  +/-  (create_before_destroy)
  kDelete,            // ["delete"]
  kForget,            // ["forget"]    removed block with destroy = false
};

// Why an instance is replaced or deleted; Terraform's action_reason strings.
enum class ActionReason {
  kNone,
  kReplaceBecauseTainted,          // "replace_because_tainted"
  kReplaceByRequest,               // "replace_by_request" (-replace)
  kReplaceBecauseCannotUpdate,     // "replace_because_cannot_update"
  kReplaceByTriggers,              // "replace_by_triggers" (replace_triggered_by)
  kDeleteBecauseNoResourceConfig,  // "delete_because_no_resource_config"
  kDeleteBecauseWrongRepetition,   // "delete_because_wrong_repetition"
  kDeleteBecauseCountIndex,        // "delete_because_count_index"
  kDeleteBecauseEachKey,           // "delete_because_each_key"
  kDeleteBecauseNoModule,          // "delete_because_no_module"
  kReadBecauseConfigUnknown,       // "read_because_config_unknown"
  kReadBecauseDependencyPending,   // "read_because_dependency_pending"
};

enum class Mode { kManaged, kData };

// One resource instance's proposed change. `before`/`after` have the schema's implied type;
// `after` may hold unknown values ("known after apply") and both may carry sensitive marks
// (from the schema or from sensitive variables), which renderers must honour.
struct ResourceInstanceChange {
  std::string address;         // module.a["x"].functiongraph_function.f[0]
  std::string module_address;  // module.a["x"], or "" for the root module
  Mode mode = Mode::kManaged;
  std::string type;            // functiongraph_function
  std::string name;            // f
  // The instance key: null (no count/for_each), a number (count) or a string (for_each).
  value::Value index_key;
  std::string provider_address;  // provider["registry.terraform.io/fgform/functiongraph"]
  std::optional<std::string> previous_address;  // set when a moved block applies
  Action action = Action::kNoOp;
  ActionReason reason = ActionReason::kNone;
  value::Value before;  // null for create
  value::Value after;   // null for delete
  std::vector<value::Path> replace_paths;  // attributes that force the replacement
  const schema::Schema* schema = nullptr;  // never null in a plan built by the engine
  // Set when this change imports an existing object (import block or `fgform import`).
  std::optional<std::string> import_id;
};

// Something changed outside the engine: the prior state vs. what the refresh read.
// `after` null means the object was deleted outside.
struct ResourceDrift {
  std::string address;
  Mode mode = Mode::kManaged;
  std::string type;
  std::string name;
  value::Value index_key;
  std::string provider_address;
  value::Value before;
  value::Value after;
  const schema::Schema* schema = nullptr;
};

struct OutputChange {
  std::string name;
  Action action = Action::kNoOp;  // kCreate, kUpdate, kDelete or kNoOp
  value::Value before;
  value::Value after;  // may be unknown
  bool sensitive = false;
};

enum class PlanMode { kNormal, kDestroy, kRefreshOnly };

struct Plan {
  PlanMode mode = PlanMode::kNormal;
  std::vector<ResourceInstanceChange> changes;  // in address order
  std::vector<ResourceDrift> drift;             // in address order
  std::vector<OutputChange> outputs;            // in name order
  // True when planning stopped on errors: the plan is partial and must not be applied.
  bool errored = false;

  // Counts for the summary line (import counts imports, whatever their action).
  struct Summary {
    int add = 0, change = 0, destroy = 0, import = 0, forget = 0;
  };
  Summary summary() const;
  // No resource change other than no-op/read, and no output change.
  bool empty() const;
};

}  // namespace fgform::plan
