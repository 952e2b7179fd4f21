#include "plugin/plugin_server.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>

namespace fgform::plugin {

namespace {

// go-plugin's GRPCServiceName: the name its client pings.
constexpr char kHealthServiceName[] = "plugin";

std::shared_ptr<grpc::ServerCredentials> credentials_for(const ServerOptions& options) {
  if (!options.tls) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = options.tls->trusted_client_certificate_pem;
  ssl.pem_key_cert_pairs.push_back(
      {options.tls->identity.private_key_pem, options.tls->identity.certificate_pem});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

PluginServer::PluginServer(ProviderBackend& backend, ShutdownLatch& latch, const Logger& logger)
    : provider_service_(backend, logger),
      provider_service_v6_(backend, logger),
      controller_service_(latch, logger) {}

std::unique_ptr<PluginServer> PluginServer::start(ProviderBackend& backend,
                                                  const ServerOptions& options,
                                                  ShutdownLatch& latch, const Logger& logger,
                                                  std::string* error) {
  std::unique_ptr<PluginServer> server(new PluginServer(backend, latch, logger));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + options.socket_path, credentials_for(options));
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(&server->provider_service_);
  // Both versions are registered whatever was negotiated: a host only calls the one the
  // handshake line named, and the idle one costs nothing.
  builder.RegisterService(&server->provider_service_v6_);
  builder.RegisterService(&server->controller_service_);

  server->server_ = builder.BuildAndStart();
  if (!server->server_) {
    if (error != nullptr) *error = "cannot listen on the plugin socket " + options.socket_path;
    return nullptr;
  }
  if (auto* health = server->server_->GetHealthCheckService()) {
    health->SetServingStatus(kHealthServiceName, true);
  }
  return server;
}

PluginServer::~PluginServer() {
  shutdown(std::chrono::milliseconds(0));
}

void PluginServer::shutdown(std::chrono::milliseconds grace) {
  if (stopped_ || !server_) return;
  stopped_ = true;
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
}

}  // namespace fgform::plugin
