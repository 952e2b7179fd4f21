// The state as `terraform show -json` prints it (internal/command/jsonstate): format_version
// "1.0", terraform_version, values {outputs, root_module {resources, child_modules}}, checks.
// Resource values are decoded with the resource's schema, so dynamic attributes show their
// plain value and sensitive_values is shaped like the value: `true` where sensitive (from the
// instance's sensitive paths and the schema's sensitive flags), objects without the
// non-sensitive members, lists with `false` for non-sensitive elements.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "schema/schema.h"
#include "state/state.h"
#include "value/codec.h"

namespace fgform::state {

// The schema of a resource type; nullptr when unknown (its raw attributes are shown then, and
// only the state's sensitive paths are marked).
using SchemaLookup = std::function<const schema::Schema*(ResourceMode, const std::string&)>;

// The document (keys in Terraform's order). Warnings report instances whose attributes do not
// match their schema (shown raw).
value::Decoded<nlohmann::ordered_json> state_to_json(const State& state,
                                                     const SchemaLookup& schemas);

// The compact text Terraform prints (Go escaping: \u003c, \u0026, ...), without a newline.
value::Decoded<std::string> state_to_json_text(const State& state, const SchemaLookup& schemas);

// `provider["registry.terraform.io/fgform/functiongraph"].alias` -> its provider source
// address `registry.terraform.io/fgform/functiongraph` (show -json's provider_name).
std::string provider_name(const std::string& provider_config);

}  // namespace fgform::state
