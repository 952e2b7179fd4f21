// functiongraph_trigger: the resource module, and the mapping between its typed blocks and the
// platform's trigger_type_code + event_data (exposed so tests can check it without a platform).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_trigger_resource();

// The platform's trigger_type_code and event_data for the one typed block set in `config`.
struct TriggerEvent {
  std::string type;
  nlohmann::json data;
};
TriggerEvent trigger_event_of(const Value& config);

// The resource state for a trigger as the platform returned it. `known` is the configuration,
// plan or prior state: it supplies function_urn and whatever the platform does not give back
// (passwords, settings EventGrid leaves out). Null `known` attributes stay null.
Value trigger_state_of(const schema::Schema& schema, const Value& known,
                       const nlohmann::json& trigger);

}  // namespace fgform::resources
