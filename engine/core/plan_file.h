// Saved plans: `fgform plan -out=FILE` writes one, `fgform apply FILE` applies exactly it and
// `fgform show [-json] FILE` prints it. The file is fgform's own (Terraform's plan files are a
// zip of protobuf messages only Terraform reads): JSON holding the planned changes with their
// unknown values (msgpack, as on the plugin wire) and sensitive paths, the refreshed prior
// state in v4 form, the input variables and the options that shaped the plan.
//
// Two guards keep a saved plan honest, as in Terraform: it names the lineage and serial of the
// state it was made from (apply refuses it once the state has moved on: "Saved plan is stale"),
// and a digest of the configuration files (apply refuses it if they changed since).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/engine.h"
#include "value/codec.h"

namespace fgform::core {

struct SavedPlan {
  PlanResult planned;
  std::string fgform_version;
  std::string config_digest;  // config_digest() of the configuration planned
  // The stored state the plan started from (before refresh): lineage "" when there was none.
  std::string state_lineage;
  std::uint64_t state_serial = 0;
  // Options that shaped the plan and that apply needs again.
  std::vector<std::string> targets;
  std::vector<std::string> replace;
};

// SHA-256 over every configuration file's name and bytes, in name order.
std::string config_digest(const config::Config& config);

// The file's bytes.
value::Decoded<std::string> write_plan_file(const SavedPlan& plan);

// Parses a saved plan; `filename` names it in diagnostics. A file that is not a saved plan
// (a state file, a Terraform plan, truncated JSON) gets one clear error. Never throws.
value::Decoded<SavedPlan> read_plan_file(std::string_view bytes, const std::string& filename);

}  // namespace fgform::core
