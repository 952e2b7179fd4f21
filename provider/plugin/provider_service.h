// The tfplugin5.Provider gRPC service: a pure adapter that hands every RPC to a
// ProviderBackend. It adds only what belongs to the transport, through RpcBarrier: a trace
// line per call, UNIMPLEMENTED for optional RPCs the backend does not offer, and no exception
// escaping into gRPC.
#pragma once

#include "plugin/hclog.h"
#include "plugin/provider_backend.h"
#include "plugin/rpc_barrier.h"
#include "tfplugin5.grpc.pb.h"

namespace fgform::plugin {

class ProviderService final : public tfplugin5::Provider::Service {
 public:
  ProviderService(ProviderBackend& backend, const Logger& logger);

  grpc::Status GetMetadata(grpc::ServerContext* context,
                           const tfplugin5::GetMetadata::Request* request,
                           tfplugin5::GetMetadata::Response* response) override;
  grpc::Status GetSchema(grpc::ServerContext* context,
                         const tfplugin5::GetProviderSchema::Request* request,
                         tfplugin5::GetProviderSchema::Response* response) override;
  grpc::Status PrepareProviderConfig(grpc::ServerContext* context,
                                     const tfplugin5::PrepareProviderConfig::Request* request,
                                     tfplugin5::PrepareProviderConfig::Response* response) override;
  grpc::Status ValidateResourceTypeConfig(
      grpc::ServerContext* context, const tfplugin5::ValidateResourceTypeConfig::Request* request,
      tfplugin5::ValidateResourceTypeConfig::Response* response) override;
  grpc::Status ValidateDataSourceConfig(
      grpc::ServerContext* context, const tfplugin5::ValidateDataSourceConfig::Request* request,
      tfplugin5::ValidateDataSourceConfig::Response* response) override;
  grpc::Status UpgradeResourceState(grpc::ServerContext* context,
                                    const tfplugin5::UpgradeResourceState::Request* request,
                                    tfplugin5::UpgradeResourceState::Response* response) override;
  grpc::Status Configure(grpc::ServerContext* context, const tfplugin5::Configure::Request* request,
                         tfplugin5::Configure::Response* response) override;
  grpc::Status ReadResource(grpc::ServerContext* context,
                            const tfplugin5::ReadResource::Request* request,
                            tfplugin5::ReadResource::Response* response) override;
  grpc::Status PlanResourceChange(grpc::ServerContext* context,
                                  const tfplugin5::PlanResourceChange::Request* request,
                                  tfplugin5::PlanResourceChange::Response* response) override;
  grpc::Status ApplyResourceChange(grpc::ServerContext* context,
                                   const tfplugin5::ApplyResourceChange::Request* request,
                                   tfplugin5::ApplyResourceChange::Response* response) override;
  grpc::Status ImportResourceState(grpc::ServerContext* context,
                                   const tfplugin5::ImportResourceState::Request* request,
                                   tfplugin5::ImportResourceState::Response* response) override;
  grpc::Status MoveResourceState(grpc::ServerContext* context,
                                 const tfplugin5::MoveResourceState::Request* request,
                                 tfplugin5::MoveResourceState::Response* response) override;
  grpc::Status ReadDataSource(grpc::ServerContext* context,
                              const tfplugin5::ReadDataSource::Request* request,
                              tfplugin5::ReadDataSource::Response* response) override;
  grpc::Status ValidateEphemeralResourceConfig(
      grpc::ServerContext* context,
      const tfplugin5::ValidateEphemeralResourceConfig::Request* request,
      tfplugin5::ValidateEphemeralResourceConfig::Response* response) override;
  grpc::Status OpenEphemeralResource(grpc::ServerContext* context,
                                     const tfplugin5::OpenEphemeralResource::Request* request,
                                     tfplugin5::OpenEphemeralResource::Response* response) override;
  grpc::Status RenewEphemeralResource(
      grpc::ServerContext* context, const tfplugin5::RenewEphemeralResource::Request* request,
      tfplugin5::RenewEphemeralResource::Response* response) override;
  grpc::Status CloseEphemeralResource(
      grpc::ServerContext* context, const tfplugin5::CloseEphemeralResource::Request* request,
      tfplugin5::CloseEphemeralResource::Response* response) override;
  grpc::Status GetFunctions(grpc::ServerContext* context,
                            const tfplugin5::GetFunctions::Request* request,
                            tfplugin5::GetFunctions::Response* response) override;
  grpc::Status CallFunction(grpc::ServerContext* context,
                            const tfplugin5::CallFunction::Request* request,
                            tfplugin5::CallFunction::Response* response) override;
  grpc::Status Stop(grpc::ServerContext* context, const tfplugin5::Stop::Request* request,
                    tfplugin5::Stop::Response* response) override;

 private:
  ProviderBackend& backend_;
  const Logger& logger_;
  RpcBarrier barrier_;
};

}  // namespace fgform::plugin
