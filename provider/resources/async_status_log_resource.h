// Constructor of the functiongraph_async_status_log resource module (the project's LTS log of
// asynchronous invocation statuses).
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_async_status_log_resource();

}  // namespace fgform::resources
