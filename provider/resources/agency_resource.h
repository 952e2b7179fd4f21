// Constructor of the agency resource module.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_agency_resource();

}  // namespace fgform::resources
