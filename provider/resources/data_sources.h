// The data sources: function, functions, function_triggers, dependencies, agency, and the
// project's runtime_types and quotas.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "resource.h"

namespace fgform::resources {

std::vector<std::unique_ptr<DataSource>> make_data_sources();
// runtime_types and quotas (project_data_sources.cpp).
std::vector<std::unique_ptr<DataSource>> make_project_data_sources();

// A stable ID for a query, so plans do not show a change when nothing changed.
value::Value query_id(const std::string& what);

}  // namespace fgform::resources
