#include "plugin/provider_service_v6.h"

#include <optional>
#include <string>
#include <string_view>

#include "plugin/protocol_bridge.h"

namespace fgform::plugin {
namespace {

// One RPC across the bridge: v6 request -> v5 request -> backend -> v5 answer -> v6 answer.
// The message pairs and the backend method are all deduced from `method` and the arguments.
template <class V5Request, class V5Response, class V6Request, class V6Response>
grpc::Status relay(ProviderBackend& backend, const RpcBarrier& barrier,
                   std::optional<OptionalRpc> optional_rpc, std::string_view rpc,
                   std::string_view type_name, const V6Request& request, V6Response* response,
                   void (ProviderBackend::*method)(const V5Request&, V5Response&)) {
  bool carried = true;
  auto call = [&] {
    V5Request v5_request;
    V5Response v5_response;
    carried = to_v5(request, &v5_request);
    if (!carried) return;
    (backend.*method)(v5_request, v5_response);
    carried = to_v6(v5_response, response);
  };
  grpc::Status status = optional_rpc ? barrier.run_optional(*optional_rpc, rpc, type_name, call)
                                     : barrier.run(rpc, type_name, call);
  if (status.ok() && !carried) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "cannot carry " + std::string(rpc) + " between protocols 6 and 5");
  }
  return status;
}

}  // namespace

ProviderServiceV6::ProviderServiceV6(ProviderBackend& backend, const Logger& logger)
    : backend_(backend), logger_(logger), barrier_(backend, logger) {}

grpc::Status ProviderServiceV6::GetMetadata(grpc::ServerContext*,
                                            const tfplugin6::GetMetadata::Request* request,
                                            tfplugin6::GetMetadata::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kGetMetadata, "GetMetadata", "", *request, response,
               &ProviderBackend::get_metadata);
}

grpc::Status ProviderServiceV6::GetProviderSchema(
    grpc::ServerContext*, const tfplugin6::GetProviderSchema::Request* request,
    tfplugin6::GetProviderSchema::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "GetProviderSchema", "", *request, response,
               &ProviderBackend::get_schema);
}

grpc::Status ProviderServiceV6::ValidateProviderConfig(
    grpc::ServerContext*, const tfplugin6::ValidateProviderConfig::Request* request,
    tfplugin6::ValidateProviderConfig::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ValidateProviderConfig", "", *request, response,
               &ProviderBackend::prepare_provider_config);
}

grpc::Status ProviderServiceV6::ValidateResourceConfig(
    grpc::ServerContext*, const tfplugin6::ValidateResourceConfig::Request* request,
    tfplugin6::ValidateResourceConfig::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ValidateResourceConfig", request->type_name(),
               *request, response, &ProviderBackend::validate_resource_type_config);
}

grpc::Status ProviderServiceV6::ValidateDataResourceConfig(
    grpc::ServerContext*, const tfplugin6::ValidateDataResourceConfig::Request* request,
    tfplugin6::ValidateDataResourceConfig::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ValidateDataResourceConfig", request->type_name(),
               *request, response, &ProviderBackend::validate_data_source_config);
}

grpc::Status ProviderServiceV6::UpgradeResourceState(
    grpc::ServerContext*, const tfplugin6::UpgradeResourceState::Request* request,
    tfplugin6::UpgradeResourceState::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "UpgradeResourceState", request->type_name(),
               *request, response, &ProviderBackend::upgrade_resource_state);
}

grpc::Status ProviderServiceV6::ConfigureProvider(
    grpc::ServerContext*, const tfplugin6::ConfigureProvider::Request* request,
    tfplugin6::ConfigureProvider::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ConfigureProvider", "", *request, response,
               &ProviderBackend::configure);
}

grpc::Status ProviderServiceV6::ReadResource(grpc::ServerContext*,
                                             const tfplugin6::ReadResource::Request* request,
                                             tfplugin6::ReadResource::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ReadResource", request->type_name(), *request,
               response, &ProviderBackend::read_resource);
}

grpc::Status ProviderServiceV6::PlanResourceChange(
    grpc::ServerContext*, const tfplugin6::PlanResourceChange::Request* request,
    tfplugin6::PlanResourceChange::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "PlanResourceChange", request->type_name(),
               *request, response, &ProviderBackend::plan_resource_change);
}

grpc::Status ProviderServiceV6::ApplyResourceChange(
    grpc::ServerContext*, const tfplugin6::ApplyResourceChange::Request* request,
    tfplugin6::ApplyResourceChange::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ApplyResourceChange", request->type_name(),
               *request, response, &ProviderBackend::apply_resource_change);
}

grpc::Status ProviderServiceV6::ImportResourceState(
    grpc::ServerContext*, const tfplugin6::ImportResourceState::Request* request,
    tfplugin6::ImportResourceState::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ImportResourceState", request->type_name(),
               *request, response, &ProviderBackend::import_resource_state);
}

grpc::Status ProviderServiceV6::MoveResourceState(
    grpc::ServerContext*, const tfplugin6::MoveResourceState::Request* request,
    tfplugin6::MoveResourceState::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "MoveResourceState", request->target_type_name(),
               *request, response, &ProviderBackend::move_resource_state);
}

grpc::Status ProviderServiceV6::ReadDataSource(grpc::ServerContext*,
                                               const tfplugin6::ReadDataSource::Request* request,
                                               tfplugin6::ReadDataSource::Response* response) {
  return relay(backend_, barrier_, std::nullopt, "ReadDataSource", request->type_name(), *request,
               response, &ProviderBackend::read_data_source);
}

grpc::Status ProviderServiceV6::ValidateEphemeralResourceConfig(
    grpc::ServerContext*, const tfplugin6::ValidateEphemeralResourceConfig::Request* request,
    tfplugin6::ValidateEphemeralResourceConfig::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kValidateEphemeralResourceConfig,
               "ValidateEphemeralResourceConfig", request->type_name(), *request, response,
               &ProviderBackend::validate_ephemeral_resource_config);
}

grpc::Status ProviderServiceV6::OpenEphemeralResource(
    grpc::ServerContext*, const tfplugin6::OpenEphemeralResource::Request* request,
    tfplugin6::OpenEphemeralResource::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kOpenEphemeralResource, "OpenEphemeralResource",
               request->type_name(), *request, response, &ProviderBackend::open_ephemeral_resource);
}

grpc::Status ProviderServiceV6::RenewEphemeralResource(
    grpc::ServerContext*, const tfplugin6::RenewEphemeralResource::Request* request,
    tfplugin6::RenewEphemeralResource::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kRenewEphemeralResource, "RenewEphemeralResource",
               request->type_name(), *request, response,
               &ProviderBackend::renew_ephemeral_resource);
}

grpc::Status ProviderServiceV6::CloseEphemeralResource(
    grpc::ServerContext*, const tfplugin6::CloseEphemeralResource::Request* request,
    tfplugin6::CloseEphemeralResource::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kCloseEphemeralResource, "CloseEphemeralResource",
               request->type_name(), *request, response,
               &ProviderBackend::close_ephemeral_resource);
}

grpc::Status ProviderServiceV6::GetFunctions(grpc::ServerContext*,
                                             const tfplugin6::GetFunctions::Request* request,
                                             tfplugin6::GetFunctions::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kGetFunctions, "GetFunctions", "", *request,
               response, &ProviderBackend::get_functions);
}

grpc::Status ProviderServiceV6::CallFunction(grpc::ServerContext*,
                                             const tfplugin6::CallFunction::Request* request,
                                             tfplugin6::CallFunction::Response* response) {
  return relay(backend_, barrier_, OptionalRpc::kCallFunction, "CallFunction", "", *request,
               response, &ProviderBackend::call_function);
}

grpc::Status ProviderServiceV6::StopProvider(grpc::ServerContext*,
                                             const tfplugin6::StopProvider::Request* request,
                                             tfplugin6::StopProvider::Response* response) {
  logger_.info("Stop requested by Terraform (interrupt)");
  return relay(backend_, barrier_, std::nullopt, "StopProvider", "", *request, response,
               &ProviderBackend::stop);
}

}  // namespace fgform::plugin
