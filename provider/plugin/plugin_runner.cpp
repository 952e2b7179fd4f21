#include "plugin/plugin_runner.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>

#include "plugin/auto_mtls.h"
#include "plugin/handshake.h"
#include "plugin/hclog.h"
#include "plugin/plugin_server.h"
#include "plugin/shutdown_latch.h"
#include "plugin/signals.h"
#include "plugin/socket_directory.h"

namespace fgform::plugin {

namespace {

// How long a Shutdown or SIGTERM lets in-flight calls finish; Terraform kills us after 2 s.
constexpr std::chrono::milliseconds kShutdownGrace{500};
// How often the main thread checks that Terraform is still alive: if Terraform is SIGKILLed
// nothing else tells us, and an orphaned plugin would linger forever.
constexpr std::chrono::milliseconds kParentCheckInterval{1000};

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

bool print_handshake_line(const std::string& line) {
  // The only thing this process ever writes to stdout.
  return std::fputs((line + "\n").c_str(), stdout) >= 0 && std::fflush(stdout) == 0;
}

}  // namespace

PluginEnvironment PluginEnvironment::from_process() {
  PluginEnvironment environment;
  environment.magic_cookie = env(std::string(kMagicCookieKey).c_str());
  environment.offered_protocol_versions = env("PLUGIN_PROTOCOL_VERSIONS").value_or("");
  auto client_certificate = env("PLUGIN_CLIENT_CERT");
  if (client_certificate && !client_certificate->empty()) {
    environment.client_certificate_pem = std::move(client_certificate);
  }
  environment.temp_dir = env("TMPDIR").value_or("");
  environment.tf_log = env("TF_LOG");
  environment.tf_log_provider = env("TF_LOG_PROVIDER");
  return environment;
}

int run_provider_plugin(ProviderBackend& backend, const PluginEnvironment& environment,
                        std::string_view module) {
  if (!magic_cookie_matches(environment.magic_cookie ? environment.magic_cookie->c_str()
                                                     : nullptr)) {
    const auto message = run_by_hand_message();
    std::fwrite(message.data(), 1, message.size(), stderr);
    return 1;
  }

  // Under AutoMTLS the server certificate is made on another thread while this one sets up
  // logging, signals and the socket directory: OpenSSL 3's first key generation and signature
  // take 5-7 ms, mostly building its algorithm tables once, and the handshake waits for it.
  struct Identity {
    std::optional<ServerIdentity> identity;
    std::string error;
  };
  std::future<Identity> pending_identity;
  if (environment.client_certificate_pem) {
    pending_identity = std::async(std::launch::async, [] {
      Identity made;
      made.identity = generate_server_identity(&made.error);
      return made;
    });
  }

  const Logger logger(
      log_level_from_environment(
          environment.tf_log_provider ? environment.tf_log_provider->c_str() : nullptr,
          environment.tf_log ? environment.tf_log->c_str() : nullptr),
      std::string(module));

  ShutdownLatch latch;
  if (!latch.valid() || !install_plugin_signal_handlers(latch)) {
    logger.error("cannot set up signal handling");
    return 1;
  }
  const pid_t parent = ::getppid();

  const auto negotiated =
      negotiate_protocol_version(environment.offered_protocol_versions, kSupportedProtocolVersions);
  if (!negotiated) {
    // Before any handshake line: the host sees the plugin exit and shows our stderr.
    const std::string message = protocol_mismatch_message(environment.offered_protocol_versions,
                                                          kSupportedProtocolVersions);
    std::fputs(message.c_str(), stderr);
    logger.error("no common plugin protocol version",
                 {{"offered", environment.offered_protocol_versions}});
    return 1;
  }
  const int protocol_version = *negotiated;
  logger.debug("negotiated plugin protocol", {{"offered", environment.offered_protocol_versions},
                                              {"chosen", std::to_string(protocol_version)}});

  std::string error;
  auto socket_directory = SocketDirectory::create(environment.temp_dir, &error);
  if (!socket_directory) {
    logger.error(error);
    return 1;
  }

  ServerOptions options;
  options.socket_path = socket_directory->socket_path();
  if (pending_identity.valid()) {
    Identity made = pending_identity.get();
    if (!made.identity) {
      logger.error("cannot create the AutoMTLS server certificate", {{"reason", made.error}});
      return 1;
    }
    options.tls = ServerTls{std::move(*made.identity), *environment.client_certificate_pem};
  } else {
    logger.info("PLUGIN_CLIENT_CERT is not set: serving without TLS");
  }

  auto server = PluginServer::start(backend, options, latch, logger, &error);
  if (!server) {
    logger.error(error);
    return 1;
  }

  HandshakeLine handshake;
  handshake.app_protocol_version = protocol_version;
  handshake.network = "unix";
  handshake.address = options.socket_path;
  if (options.tls) handshake.server_certificate_der = options.tls->identity.certificate_der;
  if (!print_handshake_line(format_handshake_line(handshake))) {
    logger.error("cannot write the handshake line to stdout");
    server->shutdown(std::chrono::milliseconds(0));
    return 1;
  }
  logger.debug("plugin server listening", {{"network", "unix"},
                                           {"address", options.socket_path},
                                           {"tls", options.tls ? "true" : "false"}});

  while (!latch.wait_for(kParentCheckInterval)) {
    if (::getppid() != parent) {
      logger.warn("plugin host went away; shutting down");
      break;
    }
  }
  server->shutdown(kShutdownGrace);
  socket_directory->remove();
  logger.debug("plugin server stopped");
  return 0;
}

}  // namespace fgform::plugin
