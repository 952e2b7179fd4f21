// Constructors of the version and alias resource modules.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_version_resource();
std::unique_ptr<Resource> make_alias_resource();

}  // namespace fgform::resources
