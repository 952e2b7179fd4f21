// Constructors of the reserved-instance and async-invocation resource modules.
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_reserved_instances_resource();
std::unique_ptr<Resource> make_async_invoke_config_resource();

}  // namespace fgform::resources
