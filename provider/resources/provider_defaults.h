// What the provider block sets for the resources it manages, as opposed to how it reaches the
// platform: tags every taggable resource gets, and the enterprise project of resources that
// name none. Planning applies them (planner.h), so a plan shows what will be sent.
#pragma once

#include <map>
#include <string>

namespace fgform::resources {

struct ProviderDefaults {
  // Merged under each resource's own `tags` (the resource's value wins on a key) into
  // `tags_all`, which is what the platform gets.
  std::map<std::string, std::string> default_tags;
  // For resources with an `enterprise_project_id` left unset; empty: none.
  std::string enterprise_project_id;
};

}  // namespace fgform::resources
