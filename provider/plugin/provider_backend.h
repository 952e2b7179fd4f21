// THE boundary between the Terraform transport and the provider's logic.
//
// Everything below this interface (schemas, values, resources, the platform client) knows
// nothing about gRPC, sockets, TLS or the handshake; everything above it (provider_service.cpp)
// only forwards each tfplugin5 RPC here, unchanged, and sends back what the backend filled in.
// tfplugin6 hosts reach the same methods through provider_service_v6.cpp, which carries each v6
// message to its v5 twin and back (protocol_bridge.h). No resource logic lives in the adapters.
//
// Contract for implementations:
// * One method per tfplugin5 RPC: read the generated request, fill the generated response
//   (which arrives empty). Report expected failures as Diagnostic entries with severity ERROR,
//   never as exceptions: Terraform shows diagnostics to the user, while an exception becomes a
//   bare gRPC INTERNAL error (the adapter catches it so the process survives).
// * Methods are called concurrently from gRPC worker threads (Terraform runs up to 10
//   operations at once, and Stop arrives while others are in flight): be thread-safe.
// * Validation RPCs run before configure(), and configure() may see unknown values.
// * Every DynamicValue put in a response must carry explicit msgpack, null being the single
//   byte 0xc0: an empty field is an EOF error in Terraform 0.13, and touching a mutable_*()
//   DynamicValue already puts it on the wire.
#pragma once

#include "tfplugin5.pb.h"

namespace fgform::plugin {

// RPCs a provider only needs when it declares the matching feature. The adapter answers gRPC
// UNIMPLEMENTED for them unless implements() says otherwise, which Terraform tolerates.
enum class OptionalRpc {
  kGetMetadata,
  kGetFunctions,
  kCallFunction,
  kValidateEphemeralResourceConfig,
  kOpenEphemeralResource,
  kRenewEphemeralResource,
  kCloseEphemeralResource,
};

class ProviderBackend {
 public:
  virtual ~ProviderBackend() = default;

  // --- Schema and validation (no configure() before these). -------------------------------
  virtual void get_schema(const tfplugin5::GetProviderSchema::Request& request,
                          tfplugin5::GetProviderSchema::Response& response) = 0;
  virtual void prepare_provider_config(const tfplugin5::PrepareProviderConfig::Request& request,
                                       tfplugin5::PrepareProviderConfig::Response& response) = 0;
  virtual void validate_resource_type_config(
      const tfplugin5::ValidateResourceTypeConfig::Request& request,
      tfplugin5::ValidateResourceTypeConfig::Response& response) = 0;
  virtual void validate_data_source_config(
      const tfplugin5::ValidateDataSourceConfig::Request& request,
      tfplugin5::ValidateDataSourceConfig::Response& response) = 0;
  virtual void upgrade_resource_state(const tfplugin5::UpgradeResourceState::Request& request,
                                      tfplugin5::UpgradeResourceState::Response& response) = 0;

  virtual void configure(const tfplugin5::Configure::Request& request,
                         tfplugin5::Configure::Response& response) = 0;

  // --- Managed resources. ------------------------------------------------------------------
  virtual void read_resource(const tfplugin5::ReadResource::Request& request,
                             tfplugin5::ReadResource::Response& response) = 0;
  virtual void plan_resource_change(const tfplugin5::PlanResourceChange::Request& request,
                                    tfplugin5::PlanResourceChange::Response& response) = 0;
  virtual void apply_resource_change(const tfplugin5::ApplyResourceChange::Request& request,
                                     tfplugin5::ApplyResourceChange::Response& response) = 0;
  virtual void import_resource_state(const tfplugin5::ImportResourceState::Request& request,
                                     tfplugin5::ImportResourceState::Response& response) = 0;
  // Only called when get_schema() announces server_capabilities.move_resource_state.
  virtual void move_resource_state(const tfplugin5::MoveResourceState::Request& request,
                                   tfplugin5::MoveResourceState::Response& response) = 0;

  // --- Data sources. -----------------------------------------------------------------------
  virtual void read_data_source(const tfplugin5::ReadDataSource::Request& request,
                                tfplugin5::ReadDataSource::Response& response) = 0;

  // Ctrl-C: cancel in-flight work and return promptly; the process keeps running (Terraform
  // ends it later through GRPCController.Shutdown). Put a message in response.Error only if
  // stopping failed.
  virtual void stop(const tfplugin5::Stop::Request& request,
                    tfplugin5::Stop::Response& response) = 0;

  // --- Optional RPCs: only called when implements() returns true for them. ------------------
  virtual bool implements(OptionalRpc /*rpc*/) const { return false; }

  virtual void get_metadata(const tfplugin5::GetMetadata::Request& /*request*/,
                            tfplugin5::GetMetadata::Response& /*response*/) {}
  virtual void get_functions(const tfplugin5::GetFunctions::Request& /*request*/,
                             tfplugin5::GetFunctions::Response& /*response*/) {}
  virtual void call_function(const tfplugin5::CallFunction::Request& /*request*/,
                             tfplugin5::CallFunction::Response& /*response*/) {}
  virtual void validate_ephemeral_resource_config(
      const tfplugin5::ValidateEphemeralResourceConfig::Request& /*request*/,
      tfplugin5::ValidateEphemeralResourceConfig::Response& /*response*/) {}
  virtual void open_ephemeral_resource(const tfplugin5::OpenEphemeralResource::Request& /*request*/,
                                       tfplugin5::OpenEphemeralResource::Response& /*response*/) {}
  virtual void renew_ephemeral_resource(
      const tfplugin5::RenewEphemeralResource::Request& /*request*/,
      tfplugin5::RenewEphemeralResource::Response& /*response*/) {}
  virtual void close_ephemeral_resource(
      const tfplugin5::CloseEphemeralResource::Request& /*request*/,
      tfplugin5::CloseEphemeralResource::Response& /*response*/) {}
};

}  // namespace fgform::plugin
