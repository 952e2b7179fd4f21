// The JSON plan (`fgform show -json PLAN`), in Terraform's format_version 1.2 shape
// (internal/command/jsonplan). Values are written in full — the JSON plan is for machines and
// carries secrets, as Terraform's does — with before_sensitive/after_sensitive masks telling
// which parts are sensitive (from value marks and from the schema).
//
// Not produced (the plan model does not carry them): "variables", "relevant_attributes", checks
// and deferred changes; "configuration" is a minimal stub and "prior_state" holds only the
// prior objects of the resources that have a change.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "fgform_version.h"
#include "plan/plan.h"

namespace fgform::render {

struct JsonPlanOptions {
  std::string version = kVersion;  // written as "terraform_version"
  std::string timestamp;           // RFC 3339; omitted when empty
};

nlohmann::json plan_to_json(const plan::Plan& plan, const JsonPlanOptions& options = {});

// The pieces, also used by the human renderer (which works from the same form).
nlohmann::json resource_change_json(const plan::ResourceInstanceChange& change);
nlohmann::json resource_drift_json(const plan::ResourceDrift& drift);
nlohmann::json output_change_json(const plan::OutputChange& output);

// ["create"], ["delete","create"], ...
nlohmann::json actions_json(plan::Action action);
// "replace_because_tainted", ...; empty for kNone.
std::string action_reason_string(plan::ActionReason reason);
std::string mode_string(plan::Mode mode);  // "managed" / "data"
// The provider's short name in an address such as provider["registry.terraform.io/a/b"]:
// "registry.terraform.io/a/b" (what jsonplan writes as provider_name).
std::string provider_name(const std::string& provider_address);

}  // namespace fgform::render
