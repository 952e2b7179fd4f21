// Constructors of the network resource modules.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_vpc_resource();
std::unique_ptr<Resource> make_subnet_resource();

}  // namespace fgform::resources
