// The gRPC server a plugin host talks to: tfplugin5.Provider and tfplugin6.Provider (both
// forwarding to one ProviderBackend; the handshake line tells the host which one to use),
// plugin.GRPCController, and the standard health service reporting "plugin" as SERVING, on a
// Unix socket, with AutoMTLS or in plaintext. GRPCStdio and GRPCBroker are left unregistered:
// go-plugin clients carry on without them.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "plugin/auto_mtls.h"
#include "plugin/controller_service.h"
#include "plugin/hclog.h"
#include "plugin/provider_backend.h"
#include "plugin/provider_service.h"
#include "plugin/provider_service_v6.h"
#include "plugin/shutdown_latch.h"

namespace fgform::plugin {

// terraform-plugin-go's limit; C++ would otherwise refuse requests over 4 MiB (large states).
inline constexpr int kMaxMessageBytes = 256 << 20;

struct ServerTls {
  ServerIdentity identity;                     // our certificate and key
  std::string trusted_client_certificate_pem;  // PLUGIN_CLIENT_CERT, the only accepted client
};

struct ServerOptions {
  std::string socket_path;
  std::optional<ServerTls> tls;  // plaintext when absent (TF_DISABLE_PLUGIN_TLS, reattach)
};

class PluginServer {
 public:
  // Listening when this returns. On failure returns nullptr and says why in `error`.
  // `backend`, `latch` and `logger` must outlive the server.
  static std::unique_ptr<PluginServer> start(ProviderBackend& backend, const ServerOptions& options,
                                             ShutdownLatch& latch, const Logger& logger,
                                             std::string* error);

  PluginServer(const PluginServer&) = delete;
  PluginServer& operator=(const PluginServer&) = delete;
  ~PluginServer();

  // Lets in-flight calls (such as the Shutdown call's own answer) finish for at most `grace`,
  // then cancels the rest. Safe to call more than once.
  void shutdown(std::chrono::milliseconds grace);

 private:
  PluginServer(ProviderBackend& backend, ShutdownLatch& latch, const Logger& logger);

  ProviderService provider_service_;
  ProviderServiceV6 provider_service_v6_;
  ControllerService controller_service_;
  std::unique_ptr<grpc::Server> server_;
  bool stopped_ = false;
};

}  // namespace fgform::plugin
