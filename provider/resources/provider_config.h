// The provider block (region, keys, endpoints, ...) turned into a platform client
// configuration and the defaults it sets for resources. Each setting comes from the block, else
// from the official provider's environment variable, else from the KooCLI shared config file.
#pragma once

#include "cloud/client.h"
#include "provider_defaults.h"
#include "value/codec.h"
#include "value/value.h"

namespace fgform::resources {

struct ProviderSettings {
  cloud::ClientConfig client;
  ProviderDefaults defaults;
};

// Unknown values are an error here: the provider cannot be configured from them. Diagnostics
// name the attribute (or the environment variable or file) at fault and never show a secret.
value::Decoded<ProviderSettings> provider_settings_from(
    const value::Value& provider_config,
    const cloud::EnvironmentLookup& env = cloud::process_environment);

// The client half of provider_settings_from.
value::Decoded<cloud::ClientConfig> client_config_from(
    const value::Value& provider_config,
    const cloud::EnvironmentLookup& env = cloud::process_environment);

}  // namespace fgform::resources
