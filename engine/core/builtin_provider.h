// The FunctionGraph provider, in-process: the same resource modules the Terraform plugin
// serves (provider/resources), behind the engine's Provider seam.
#pragma once

#include <functional>
#include <memory>

#include "core/provider.h"
#include "resources/resource.h"

namespace fgform::core {

// Turns an evaluated provider block into a platform client.
using PlatformConfigurer =
    std::function<value::Decoded<std::shared_ptr<resources::Platform>>(const value::Value&)>;

// `configure` defaults to resources::configure_platform (the block and the environment); the
// CLI passes its own to offer the embedded emulator.
ProviderFactory builtin_provider_factory(PlatformConfigurer configure = {});

}  // namespace fgform::core
