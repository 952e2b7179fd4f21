// The state model, shaped like Terraform's v4 state file (internal/states/statefile/version4.go)
// so that what fgform writes reads back in Terraform and the other way round. Attribute values
// stay raw JSON: only the engine knows the schema to decode them with (value::from_json).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "state/address.h"
#include "state/attributes_json.h"
#include "value/diagnostics.h"
#include "value/path.h"

namespace fgform::state {

inline constexpr int kStateVersion = 4;

struct OutputValue {
  nlohmann::json value;  // cty JSON of the value
  nlohmann::json type;   // cty JSON type ("string", ["list","string"], ...)
  bool sensitive = false;
  friend bool operator==(const OutputValue&, const OutputValue&) = default;
};

enum class ObjectStatus { kReady, kTainted };

// One object of a resource instance (the current one or a deposed one).
struct InstanceObject {
  std::uint64_t schema_version = 0;
  AttributesJson attributes;
  // Pre-0.12 flatmap attributes; read and written back unchanged, never produced.
  std::optional<std::map<std::string, std::string>> attributes_flat;
  // Terraform's v4 path list: [[{"type":"get_attr","value":"a"},
  //                             {"type":"index","value":{"value":0,"type":"number"}}], ...].
  nlohmann::json sensitive_attributes = nlohmann::json::array();
  std::string private_data;  // the provider's private blob, base64 as in the file
  // Config resource addresses (`module.m.functiongraph_function.f`), as written.
  std::vector<std::string> dependencies;
  bool create_before_destroy = false;
  ObjectStatus status = ObjectStatus::kReady;

  friend bool operator==(const InstanceObject&, const InstanceObject&) = default;
};

struct ResourceInstanceState {
  std::optional<InstanceObject> current;
  std::map<std::string, InstanceObject> deposed;  // by 8-hex-digit deposed key

  bool empty() const { return !current && deposed.empty(); }
  friend bool operator==(const ResourceInstanceState&, const ResourceInstanceState&) = default;
};

struct ResourceState {
  // provider["registry.terraform.io/fgform/functiongraph"], with a module prefix and
  // ".alias" suffix when the configuration says so.
  std::string provider;
  std::string each_mode;  // legacy "each" field: kept when read, never produced
  std::map<InstanceKey, ResourceInstanceState> instances;
  friend bool operator==(const ResourceState&, const ResourceState&) = default;
};

struct CheckObjectResult {
  std::string object_addr;
  std::string status;
  std::vector<std::string> failure_messages;
  friend bool operator==(const CheckObjectResult&, const CheckObjectResult&) = default;
};

struct CheckResult {
  std::string object_kind;  // resource, output, check
  std::string config_addr;
  std::string status;  // pass, fail, error, unknown
  std::vector<CheckObjectResult> objects;
  friend bool operator==(const CheckResult&, const CheckResult&) = default;
};

// An object being created: recorded durably before the create call and removed once its result
// is recorded. One left behind means a run stopped mid-create (kill -9, power loss, a create
// whose answer never came); the next plan looks the object up by `import_id` and adopts it
// instead of creating it a second time. Kept in the state file under the top-level key
// "fgform_pending_creates", which Terraform's reader ignores (see docs/design.md).
struct PendingCreate {
  std::string provider;   // provider["registry.terraform.io/fgform/functiongraph"]
  std::string import_id;  // the id the object is importable by, known before it exists
  std::string started;    // RFC 3339 UTC, for messages
  friend bool operator==(const PendingCreate&, const PendingCreate&) = default;
};

class State {
 public:
  std::string terraform_version;
  std::uint64_t serial = 0;
  std::string lineage;
  std::map<std::string, OutputValue> outputs;  // root module outputs only
  std::map<AbsResource, ResourceState> resources;
  std::vector<CheckResult> check_results;
  // By instance address (AbsResourceInstance::to_string()).
  std::map<std::string, PendingCreate> pending_creates;

  // A new empty state with a fresh lineage.
  static State create(std::string terraform_version);

  bool empty() const;  // no resources with objects and no outputs

  const InstanceObject* find(const AbsResourceInstance& addr) const;
  const InstanceObject* find_deposed(const AbsResourceInstance& addr,
                                     const std::string& deposed_key) const;
  const ResourceState* find_resource(const AbsResource& addr) const;
  // Sets the current object (creating the resource with `provider` when new).
  void set(const AbsResourceInstance& addr, InstanceObject object, const std::string& provider);
  void set_deposed(const AbsResourceInstance& addr, const std::string& deposed_key,
                   InstanceObject object, const std::string& provider);
  // Removes the current object; drops the instance, and the resource, when nothing remains.
  bool remove(const AbsResourceInstance& addr);
  bool remove_deposed(const AbsResourceInstance& addr, const std::string& deposed_key);

  // `state mv` and `moved` blocks: instance to instance, or (when both have no key and `from`
  // names a whole resource) every instance of a resource. Refuses when `to` exists.
  value::Diagnostics move(const AbsResourceInstance& from, const AbsResourceInstance& to);
  value::Diagnostics move_resource(const AbsResource& from, const AbsResource& to);

  // Every instance with a current object, in Terraform's address order (`state list`).
  std::vector<AbsResourceInstance> instance_addresses() const;

  // Same outputs, resources, check results and pending creates: what decides whether the serial
  // moves.
  bool same_content(const State& other) const;
};

// A fresh random UUID (version 4), for lineages and lock IDs.
std::string new_uuid();
// A fresh 8-hex-digit deposed key.
std::string new_deposed_key();

// Conversion between Terraform's v4 sensitive path JSON and value::Path. Index steps with a
// key that value::Path cannot hold (a set element) make that path come back as nullopt.
std::optional<value::Path> path_from_v4(const nlohmann::json& steps);
nlohmann::json path_to_v4(const value::Path& path);
std::vector<value::Path> sensitive_paths(const InstanceObject& object);
void set_sensitive_paths(InstanceObject& object, const std::vector<value::Path>& paths);

}  // namespace fgform::state
