// Constructor of the trigger resource module.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_trigger_resource();

}  // namespace fgform::resources
