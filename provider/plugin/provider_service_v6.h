// The tfplugin6.Provider gRPC service, for Terraform hosts that only speak protocol 6. It holds
// no provider logic and no per-RPC code of its own: each RPC is relayed to the same
// ProviderBackend the tfplugin5 service uses, its request carried to the v5 twin and the answer
// carried back (protocol_bridge.h), inside the same RpcBarrier.
#pragma once

#include "plugin/hclog.h"
#include "plugin/provider_backend.h"
#include "plugin/rpc_barrier.h"
#include "tfplugin6.grpc.pb.h"

namespace fgform::plugin {

class ProviderServiceV6 final : public tfplugin6::Provider::Service {
 public:
  ProviderServiceV6(ProviderBackend& backend, const Logger& logger);

  grpc::Status GetMetadata(grpc::ServerContext* context,
                           const tfplugin6::GetMetadata::Request* request,
                           tfplugin6::GetMetadata::Response* response) override;
  grpc::Status GetProviderSchema(grpc::ServerContext* context,
                                 const tfplugin6::GetProviderSchema::Request* request,
                                 tfplugin6::GetProviderSchema::Response* response) override;
  grpc::Status ValidateProviderConfig(
      grpc::ServerContext* context, const tfplugin6::ValidateProviderConfig::Request* request,
      tfplugin6::ValidateProviderConfig::Response* response) override;
  grpc::Status ValidateResourceConfig(
      grpc::ServerContext* context, const tfplugin6::ValidateResourceConfig::Request* request,
      tfplugin6::ValidateResourceConfig::Response* response) override;
  grpc::Status ValidateDataResourceConfig(
      grpc::ServerContext* context, const tfplugin6::ValidateDataResourceConfig::Request* request,
      tfplugin6::ValidateDataResourceConfig::Response* response) override;
  grpc::Status UpgradeResourceState(grpc::ServerContext* context,
                                    const tfplugin6::UpgradeResourceState::Request* request,
                                    tfplugin6::UpgradeResourceState::Response* response) override;
  grpc::Status ConfigureProvider(grpc::ServerContext* context,
                                 const tfplugin6::ConfigureProvider::Request* request,
                                 tfplugin6::ConfigureProvider::Response* response) override;
  grpc::Status ReadResource(grpc::ServerContext* context,
                            const tfplugin6::ReadResource::Request* request,
                            tfplugin6::ReadResource::Response* response) override;
  grpc::Status PlanResourceChange(grpc::ServerContext* context,
                                  const tfplugin6::PlanResourceChange::Request* request,
                                  tfplugin6::PlanResourceChange::Response* response) override;
  grpc::Status ApplyResourceChange(grpc::ServerContext* context,
                                   const tfplugin6::ApplyResourceChange::Request* request,
                                   tfplugin6::ApplyResourceChange::Response* response) override;
  grpc::Status ImportResourceState(grpc::ServerContext* context,
                                   const tfplugin6::ImportResourceState::Request* request,
                                   tfplugin6::ImportResourceState::Response* response) override;
  grpc::Status MoveResourceState(grpc::ServerContext* context,
                                 const tfplugin6::MoveResourceState::Request* request,
                                 tfplugin6::MoveResourceState::Response* response) override;
  grpc::Status ReadDataSource(grpc::ServerContext* context,
                              const tfplugin6::ReadDataSource::Request* request,
                              tfplugin6::ReadDataSource::Response* response) override;
  grpc::Status ValidateEphemeralResourceConfig(
      grpc::ServerContext* context,
      const tfplugin6::ValidateEphemeralResourceConfig::Request* request,
      tfplugin6::ValidateEphemeralResourceConfig::Response* response) override;
  grpc::Status OpenEphemeralResource(grpc::ServerContext* context,
                                     const tfplugin6::OpenEphemeralResource::Request* request,
                                     tfplugin6::OpenEphemeralResource::Response* response) override;
  grpc::Status RenewEphemeralResource(
      grpc::ServerContext* context, const tfplugin6::RenewEphemeralResource::Request* request,
      tfplugin6::RenewEphemeralResource::Response* response) override;
  grpc::Status CloseEphemeralResource(
      grpc::ServerContext* context, const tfplugin6::CloseEphemeralResource::Request* request,
      tfplugin6::CloseEphemeralResource::Response* response) override;
  grpc::Status GetFunctions(grpc::ServerContext* context,
                            const tfplugin6::GetFunctions::Request* request,
                            tfplugin6::GetFunctions::Response* response) override;
  grpc::Status CallFunction(grpc::ServerContext* context,
                            const tfplugin6::CallFunction::Request* request,
                            tfplugin6::CallFunction::Response* response) override;
  grpc::Status StopProvider(grpc::ServerContext* context,
                            const tfplugin6::StopProvider::Request* request,
                            tfplugin6::StopProvider::Response* response) override;

 private:
  ProviderBackend& backend_;
  const Logger& logger_;
  RpcBarrier barrier_;
};

}  // namespace fgform::plugin
