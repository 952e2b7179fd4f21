// The transport in-process, as a plugin host sees it: a client on the Unix socket, with and
// without AutoMTLS, against the real services.
#include "plugin/plugin_server.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>

#include "grpc_controller.grpc.pb.h"
#include "plugin/auto_mtls.h"
#include "placeholder_backend.h"
#include "plugin/shutdown_latch.h"
#include "plugin/socket_directory.h"
#include "tfplugin5.grpc.pb.h"

using namespace fgform::plugin;
using namespace std::chrono_literals;

namespace {

const Logger& quiet_logger() {
  static const Logger logger(LogLevel::kOff, "test");
  return logger;
}

std::string temp_root() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr ? tmpdir : "";
}

std::chrono::system_clock::time_point soon() {
  return std::chrono::system_clock::now() + 10s;
}

grpc::ChannelArguments large_message_arguments() {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);
  arguments.SetMaxSendMessageSize(-1);
  return arguments;
}

std::shared_ptr<grpc::Channel> plaintext_channel(const std::string& socket_path) {
  return grpc::CreateCustomChannel("unix:" + socket_path, grpc::InsecureChannelCredentials(),
                                   large_message_arguments());
}

// Connects the way go-plugin does: trust only the certificate from the handshake, check it for
// "localhost", present our own client certificate.
std::shared_ptr<grpc::Channel> mtls_channel(const std::string& socket_path,
                                            const std::string& server_certificate_pem,
                                            const ServerIdentity& client) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = server_certificate_pem;
  options.pem_private_key = client.private_key_pem;
  options.pem_cert_chain = client.certificate_pem;
  auto arguments = large_message_arguments();
  arguments.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel("unix:" + socket_path, grpc::SslCredentials(options), arguments);
}

grpc::Status health_check(const std::shared_ptr<grpc::Channel>& channel, std::string* reply) {
  // grpc.health.v1.HealthCheckRequest{service: "plugin"}, encoded by hand: no generated stubs
  // for the health service exist in this build.
  const std::string request_bytes = std::string("\x0a\x06", 2) + "plugin";
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(soon());
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  if (status.ok()) {
    std::vector<grpc::Slice> slices;
    (void)response.Dump(&slices);
    reply->clear();
    for (const auto& part : slices) {
      reply->append(reinterpret_cast<const char*>(part.begin()), part.size());
    }
  }
  return status;
}

class ThrowingBackend final : public ProviderBackend {
 public:
  void get_schema(const tfplugin5::GetProviderSchema::Request&,
                  tfplugin5::GetProviderSchema::Response&) override {
    throw std::runtime_error("secret-looking text that must not be echoed");
  }
  void prepare_provider_config(const tfplugin5::PrepareProviderConfig::Request&,
                               tfplugin5::PrepareProviderConfig::Response&) override {}
  void validate_resource_type_config(const tfplugin5::ValidateResourceTypeConfig::Request&,
                                     tfplugin5::ValidateResourceTypeConfig::Response&) override {}
  void validate_data_source_config(const tfplugin5::ValidateDataSourceConfig::Request&,
                                   tfplugin5::ValidateDataSourceConfig::Response&) override {}
  void upgrade_resource_state(const tfplugin5::UpgradeResourceState::Request&,
                              tfplugin5::UpgradeResourceState::Response&) override {}
  void configure(const tfplugin5::Configure::Request&, tfplugin5::Configure::Response&) override {}
  void read_resource(const tfplugin5::ReadResource::Request&,
                     tfplugin5::ReadResource::Response&) override {}
  void plan_resource_change(const tfplugin5::PlanResourceChange::Request&,
                            tfplugin5::PlanResourceChange::Response&) override {}
  void apply_resource_change(const tfplugin5::ApplyResourceChange::Request&,
                             tfplugin5::ApplyResourceChange::Response&) override {}
  void import_resource_state(const tfplugin5::ImportResourceState::Request&,
                             tfplugin5::ImportResourceState::Response&) override {}
  void move_resource_state(const tfplugin5::MoveResourceState::Request&,
                           tfplugin5::MoveResourceState::Response&) override {}
  void read_data_source(const tfplugin5::ReadDataSource::Request&,
                        tfplugin5::ReadDataSource::Response&) override {}
  void stop(const tfplugin5::Stop::Request&, tfplugin5::Stop::Response&) override {}
};

}  // namespace

TEST_CASE("socket directory is private, short and removed", "[server]") {
  std::string error;
  auto directory = SocketDirectory::create(temp_root(), &error);
  REQUIRE(directory);
  const std::string path = directory->directory();
  CHECK(directory->socket_path().size() < 108);
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
  directory->remove();
  CHECK(::stat(path.c_str(), &info) != 0);

  SECTION("a temp root too long for a socket path falls back to the system default") {
    auto fallback = SocketDirectory::create(std::string(200, 'x'), &error);
    REQUIRE(fallback);
    CHECK(fallback->socket_path().size() < 108);
  }
}

TEST_CASE("plaintext server: schema, health, UNIMPLEMENTED and Shutdown", "[server]") {
  std::string error;
  auto directory = SocketDirectory::create(temp_root(), &error);
  REQUIRE(directory);
  PlaceholderBackend backend;
  ShutdownLatch latch;
  ServerOptions options;
  options.socket_path = directory->socket_path();
  auto server = PluginServer::start(backend, options, latch, quiet_logger(), &error);
  INFO(error);
  REQUIRE(server);

  auto channel = plaintext_channel(directory->socket_path());
  auto provider = tfplugin5::Provider::NewStub(channel);

  {
    grpc::ClientContext context;
    context.set_deadline(soon());
    tfplugin5::GetProviderSchema::Response response;
    const auto status = provider->GetSchema(&context, {}, &response);
    REQUIRE(status.ok());
    CHECK(response.provider().block().attributes_size() == 8);
  }
  {
    std::string reply;
    const auto status = health_check(channel, &reply);
    REQUIRE(status.ok());
    CHECK(reply == std::string("\x08\x01", 2));  // status: SERVING
  }
  for (const char* rpc : {"GetMetadata", "GetFunctions"}) {
    INFO(rpc);
    grpc::ClientContext context;
    context.set_deadline(soon());
    grpc::Status status;
    if (std::string(rpc) == "GetMetadata") {
      tfplugin5::GetMetadata::Response response;
      status = provider->GetMetadata(&context, {}, &response);
    } else {
      tfplugin5::GetFunctions::Response response;
      status = provider->GetFunctions(&context, {}, &response);
    }
    CHECK(status.error_code() == grpc::StatusCode::UNIMPLEMENTED);
  }
  {
    // A method this proto does not even know (Terraform 1.12+ calls it) is UNIMPLEMENTED too.
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    context.set_deadline(soon());
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
    grpc::Slice empty("");
    request = grpc::ByteBuffer(&empty, 1);
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, "/tfplugin5.Provider/GetResourceIdentitySchemas", grpc::StubOptions(),
                   &request, &response, [&done](grpc::Status status) { done.set_value(status); });
    CHECK(done.get_future().get().error_code() == grpc::StatusCode::UNIMPLEMENTED);
  }
  {
    // Larger than gRPC C++'s 4 MiB default receive limit.
    tfplugin5::PrepareProviderConfig::Request request;
    request.mutable_config()->set_msgpack(std::string(6 << 20, '\x90'));
    tfplugin5::PrepareProviderConfig::Response response;
    grpc::ClientContext context;
    context.set_deadline(soon());
    const auto status = provider->PrepareProviderConfig(&context, request, &response);
    INFO(status.error_message());
    REQUIRE(status.ok());
    CHECK(response.prepared_config().msgpack().size() == (6u << 20));
  }

  CHECK_FALSE(latch.wait_for(0ms));
  {
    auto controller = ::plugin::GRPCController::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(soon());
    ::plugin::Empty response;
    REQUIRE(controller->Shutdown(&context, {}, &response).ok());
  }
  CHECK(latch.wait_for(5000ms));
  const auto started = std::chrono::steady_clock::now();
  server->shutdown(500ms);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
}

TEST_CASE("AutoMTLS server: accepts only the trusted client certificate", "[server]") {
  std::string error;
  auto directory = SocketDirectory::create(temp_root(), &error);
  REQUIRE(directory);
  const auto server_identity = generate_server_identity(&error);
  const auto terraform_identity = generate_server_identity(&error);
  const auto stranger_identity = generate_server_identity(&error);
  REQUIRE(server_identity);
  REQUIRE(terraform_identity);
  REQUIRE(stranger_identity);

  PlaceholderBackend backend;
  ShutdownLatch latch;
  ServerOptions options;
  options.socket_path = directory->socket_path();
  options.tls = ServerTls{*server_identity, terraform_identity->certificate_pem};
  auto server = PluginServer::start(backend, options, latch, quiet_logger(), &error);
  INFO(error);
  REQUIRE(server);

  SECTION("the host's certificate is accepted") {
    auto channel = mtls_channel(directory->socket_path(), server_identity->certificate_pem,
                                *terraform_identity);
    auto provider = tfplugin5::Provider::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(soon());
    tfplugin5::GetProviderSchema::Response response;
    const auto status = provider->GetSchema(&context, {}, &response);
    INFO(status.error_message());
    REQUIRE(status.ok());
    CHECK(response.provider().block().block_types_size() == 1);
  }
  SECTION("another certificate is refused") {
    auto channel = mtls_channel(directory->socket_path(), server_identity->certificate_pem,
                                *stranger_identity);
    auto provider = tfplugin5::Provider::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 3s);
    tfplugin5::GetProviderSchema::Response response;
    CHECK_FALSE(provider->GetSchema(&context, {}, &response).ok());
  }
  SECTION("a plaintext client is refused") {
    auto provider = tfplugin5::Provider::NewStub(plaintext_channel(directory->socket_path()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 3s);
    tfplugin5::GetProviderSchema::Response response;
    CHECK_FALSE(provider->GetSchema(&context, {}, &response).ok());
  }
  server->shutdown(0ms);
}

TEST_CASE("an exception in the backend becomes INTERNAL, and the server lives on", "[server]") {
  std::string error;
  auto directory = SocketDirectory::create(temp_root(), &error);
  REQUIRE(directory);
  ThrowingBackend backend;
  ShutdownLatch latch;
  ServerOptions options;
  options.socket_path = directory->socket_path();
  auto server = PluginServer::start(backend, options, latch, quiet_logger(), &error);
  REQUIRE(server);
  auto provider = tfplugin5::Provider::NewStub(plaintext_channel(directory->socket_path()));
  {
    grpc::ClientContext context;
    context.set_deadline(soon());
    tfplugin5::GetProviderSchema::Response response;
    const auto status = provider->GetSchema(&context, {}, &response);
    CHECK(status.error_code() == grpc::StatusCode::INTERNAL);
    CHECK(status.error_message().find("secret-looking") == std::string::npos);
  }
  {
    grpc::ClientContext context;
    context.set_deadline(soon());
    tfplugin5::Configure::Response response;
    CHECK(provider->Configure(&context, {}, &response).ok());
  }
  server->shutdown(0ms);
}
