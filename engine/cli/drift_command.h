// `fgform drift`: refresh, then report every difference between the last-applied state, the
// live objects and the configuration, for people or for CI. Exit 0 no drift, 2 drift, 1 error.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"

namespace fgform::cli {

int drift_command(const std::vector<std::string>& args, Io& io);
std::string drift_help();

}  // namespace fgform::cli
