// Constructor of the dependency resource module.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_dependency_resource();

}  // namespace fgform::resources
