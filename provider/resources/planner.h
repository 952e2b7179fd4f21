// The generic planning rules every resource follows (tfplugin-protocol.md §3.6): configured
// values stay as configured, unset optional+computed attributes take their default on create
// and keep their prior value afterwards, computed values not known yet become unknown, and a
// changed force-new attribute asks for replacement.
#pragma once

#include <vector>

#include "resource.h"

namespace fgform::resources {

struct Plan {
  Value planned;
  std::vector<value::Path> requires_replace;
  Diagnostics diagnostics;
};

// `proposed` is Terraform's proposed new state (config merged with prior); null means destroy.
// `defaults` are the configured provider's: an unset enterprise_project_id takes the provider's,
// and `tags_all` is planned as default_tags merged with `tags`.
Plan plan_change(const Resource& resource, const Value& prior, const Value& proposed,
                 const Value& config, const ProviderDefaults& defaults = {});

// default_tags under `tags` (whose keys win): what a resource with `tags_all` is tagged with.
// Unknown while `tags` is.
Value merged_tags(const ProviderDefaults& defaults, const Value& tags);

// Fills attributes absent from an API answer as null, so the result conforms to the schema.
Value conform(const schema::Block& block, const Value& partial);

}  // namespace fgform::resources
