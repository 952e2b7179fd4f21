// The life of a provider process as go-plugin expects it: check the magic cookie, negotiate the
// protocol, listen (with AutoMTLS when Terraform asked for it), print the handshake line, serve
// until GRPCController.Shutdown, SIGTERM or the death of the parent, then clean up and exit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugin/provider_backend.h"

namespace fgform::plugin {

// What the plugin host tells us, read once from the environment.
struct PluginEnvironment {
  std::optional<std::string> magic_cookie;            // TF_PLUGIN_MAGIC_COOKIE
  std::string offered_protocol_versions;              // PLUGIN_PROTOCOL_VERSIONS
  std::optional<std::string> client_certificate_pem;  // PLUGIN_CLIENT_CERT (non-empty)
  std::string temp_dir;                               // TMPDIR
  std::optional<std::string> tf_log;                  // TF_LOG
  std::optional<std::string> tf_log_provider;         // TF_LOG_PROVIDER

  static PluginEnvironment from_process();
};

// Returns the process exit code. `module` names the logger (the executable's name).
int run_provider_plugin(ProviderBackend& backend, const PluginEnvironment& environment,
                        std::string_view module);

}  // namespace fgform::plugin
