// The provider block (region, keys, endpoints, ...) turned into a platform client
// configuration, with the official provider's environment variables as fallbacks.
#pragma once

#include "cloud/client.h"
#include "value/codec.h"
#include "value/value.h"

namespace fgform::resources {

// Unknown values are an error here: the provider cannot be configured from them.
value::Decoded<cloud::ClientConfig> client_config_from(
    const value::Value& provider_config,
    const cloud::EnvironmentLookup& env = cloud::process_environment);

}  // namespace fgform::resources
