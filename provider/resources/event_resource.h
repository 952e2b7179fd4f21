// Constructor of the functiongraph_function_event resource module (a function's test events).
#pragma once

#include <memory>

#include "resource.h"

namespace fgform::resources {

std::unique_ptr<Resource> make_function_event_resource();

}  // namespace fgform::resources
