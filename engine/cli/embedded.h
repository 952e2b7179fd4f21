// The embedded platform: `embedded_emulator = true` in the provider block runs fgform-emulator
// in this process, with its data under .fgform/emulator of the configuration directory, so the
// quickstart needs no cloud account. It is announced on stderr and never chosen silently.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "resources/operations.h"

namespace fgform::cli {

value::Decoded<std::shared_ptr<resources::Platform>> configure_with_embedded(
    const value::Value& provider_config, const std::string& root_dir, std::ostream& announce);

}  // namespace fgform::cli
