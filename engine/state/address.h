// Addresses of modules and resources as Terraform's CLI reads and prints them:
// `module.a["x"].module.b[0].data.functiongraph_function.f["k"]`. They key the state, name
// objects in messages and `state` subcommands, and sort like Terraform (shorter module paths
// first, then step by step; data before managed; type, name; no key < int keys < string keys).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "value/codec.h"
#include "value/diagnostics.h"

namespace fgform::state {

// none (a resource without count/for_each), an int (count) or a string (for_each).
class InstanceKey {
 public:
  InstanceKey() = default;
  static InstanceKey integer(std::int64_t i) { return InstanceKey(Repr(i)); }
  static InstanceKey string(std::string s) { return InstanceKey(Repr(std::move(s))); }

  bool is_none() const { return std::holds_alternative<std::monostate>(repr_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(repr_); }
  bool is_string() const { return std::holds_alternative<std::string>(repr_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(repr_); }
  const std::string& as_string() const { return std::get<std::string>(repr_); }

  // "" for none, "[0]", or `["k"]` with HCL quoting (`\"`, `\\`, `\n`, `$${`, `\u0001`).
  std::string to_string() const;

  friend bool operator==(const InstanceKey&, const InstanceKey&) = default;
  friend std::strong_ordering operator<=>(const InstanceKey& a, const InstanceKey& b);

 private:
  using Repr = std::variant<std::monostate, std::int64_t, std::string>;
  explicit InstanceKey(Repr r) : repr_(std::move(r)) {}
  Repr repr_;
};

struct ModuleStep {
  std::string name;
  InstanceKey key;
  friend bool operator==(const ModuleStep&, const ModuleStep&) = default;
};

// A module instance path; empty is the root module.
struct ModuleInstance {
  std::vector<ModuleStep> steps;

  bool is_root() const { return steps.empty(); }
  ModuleInstance child(std::string name, InstanceKey key = {}) const;
  ModuleInstance parent() const;
  // "" for the root, else `module.a["x"].module.b`.
  std::string to_string() const;

  friend bool operator==(const ModuleInstance&, const ModuleInstance&) = default;
  friend std::strong_ordering operator<=>(const ModuleInstance& a, const ModuleInstance& b);
};

enum class ResourceMode { kManaged, kData };
// "managed" / "data", as the state file spells the mode.
std::string mode_name(ResourceMode m);
std::optional<ResourceMode> parse_mode_name(std::string_view s);

// A resource in configuration: mode, type and name (`data.functiongraph_function.f`).
struct Resource {
  ResourceMode mode = ResourceMode::kManaged;
  std::string type;
  std::string name;

  std::string to_string() const;
  friend bool operator==(const Resource&, const Resource&) = default;
  friend std::strong_ordering operator<=>(const Resource& a, const Resource& b);
};

// A resource in a module instance (all of its instances).
struct AbsResource {
  ModuleInstance module;
  Resource resource;

  std::string to_string() const;
  friend bool operator==(const AbsResource&, const AbsResource&) = default;
  friend std::strong_ordering operator<=>(const AbsResource& a, const AbsResource& b);
};

// One instance of a resource: what the state stores objects under.
struct AbsResourceInstance {
  ModuleInstance module;
  Resource resource;
  InstanceKey key;

  AbsResource containing() const { return {module, resource}; }
  std::string to_string() const;
  friend bool operator==(const AbsResourceInstance&, const AbsResourceInstance&) = default;
  friend std::strong_ordering operator<=>(const AbsResourceInstance& a,
                                          const AbsResourceInstance& b);
};

// Parsers for the CLI's address syntax. Errors carry the summary "Invalid address" (or
// "Invalid module instance address") and a detail naming what was wrong and where.
value::Decoded<ModuleInstance> parse_module_instance(std::string_view text);
value::Decoded<AbsResource> parse_abs_resource(std::string_view text);
value::Decoded<AbsResourceInstance> parse_abs_resource_instance(std::string_view text);

}  // namespace fgform::state
