// Constructor of the function resource module.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_function_resource();

}  // namespace fgform::resources
