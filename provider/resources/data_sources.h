// The data sources: function, functions, dependencies, agency.
#pragma once

#include <memory>
#include <vector>

#include "resource.h"

namespace fgform::resources {

std::vector<std::unique_ptr<DataSource>> make_data_sources();

}  // namespace fgform::resources
