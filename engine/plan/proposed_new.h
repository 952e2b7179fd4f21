// Terraform's "proposed new state" (objchange.ProposedNew): the configuration, with computed
// attributes the configuration leaves null taking their prior value. The provider's planner
// starts from it; the plugin gets it from Terraform core, the engine computes it here.
#pragma once

#include "schema/schema.h"
#include "value/value.h"

namespace fgform::plan {

// `prior` null means create. `config` must conform to the block's implied type.
value::Value proposed_new(const schema::Block& block, const value::Value& prior,
                          const value::Value& config);

}  // namespace fgform::plan
