// The providers a configuration asks for, checked against the one fgform carries built in:
// only fgform/functiongraph, and at a version its constraints allow.
#pragma once

#include "config/config.h"
#include "value/diagnostics.h"

namespace fgform::cli {

// Every module of the tree, root first. `built_in_version` is fgform's own (kVersion).
value::Diagnostics check_required_providers(const config::Config& config,
                                            const std::string& built_in_version);

}  // namespace fgform::cli
