#include "plugin/provider_service.h"

namespace fgform::plugin {

ProviderService::ProviderService(ProviderBackend& backend, const Logger& logger)
    : backend_(backend), logger_(logger), barrier_(backend, logger) {}

grpc::Status ProviderService::GetMetadata(grpc::ServerContext*,
                                          const tfplugin5::GetMetadata::Request* request,
                                          tfplugin5::GetMetadata::Response* response) {
  return barrier_.run_optional(OptionalRpc::kGetMetadata, "GetMetadata", "",
                               [&] { backend_.get_metadata(*request, *response); });
}

grpc::Status ProviderService::GetSchema(grpc::ServerContext*,
                                        const tfplugin5::GetProviderSchema::Request* request,
                                        tfplugin5::GetProviderSchema::Response* response) {
  return barrier_.run("GetSchema", "", [&] { backend_.get_schema(*request, *response); });
}

grpc::Status ProviderService::PrepareProviderConfig(
    grpc::ServerContext*, const tfplugin5::PrepareProviderConfig::Request* request,
    tfplugin5::PrepareProviderConfig::Response* response) {
  return barrier_.run("PrepareProviderConfig", "",
                      [&] { backend_.prepare_provider_config(*request, *response); });
}

grpc::Status ProviderService::ValidateResourceTypeConfig(
    grpc::ServerContext*, const tfplugin5::ValidateResourceTypeConfig::Request* request,
    tfplugin5::ValidateResourceTypeConfig::Response* response) {
  return barrier_.run("ValidateResourceTypeConfig", request->type_name(),
                      [&] { backend_.validate_resource_type_config(*request, *response); });
}

grpc::Status ProviderService::ValidateDataSourceConfig(
    grpc::ServerContext*, const tfplugin5::ValidateDataSourceConfig::Request* request,
    tfplugin5::ValidateDataSourceConfig::Response* response) {
  return barrier_.run("ValidateDataSourceConfig", request->type_name(),
                      [&] { backend_.validate_data_source_config(*request, *response); });
}

grpc::Status ProviderService::UpgradeResourceState(
    grpc::ServerContext*, const tfplugin5::UpgradeResourceState::Request* request,
    tfplugin5::UpgradeResourceState::Response* response) {
  return barrier_.run("UpgradeResourceState", request->type_name(),
                      [&] { backend_.upgrade_resource_state(*request, *response); });
}

grpc::Status ProviderService::Configure(grpc::ServerContext*,
                                        const tfplugin5::Configure::Request* request,
                                        tfplugin5::Configure::Response* response) {
  return barrier_.run("Configure", "", [&] { backend_.configure(*request, *response); });
}

grpc::Status ProviderService::ReadResource(grpc::ServerContext*,
                                           const tfplugin5::ReadResource::Request* request,
                                           tfplugin5::ReadResource::Response* response) {
  return barrier_.run("ReadResource", request->type_name(),
                      [&] { backend_.read_resource(*request, *response); });
}

grpc::Status ProviderService::PlanResourceChange(
    grpc::ServerContext*, const tfplugin5::PlanResourceChange::Request* request,
    tfplugin5::PlanResourceChange::Response* response) {
  return barrier_.run("PlanResourceChange", request->type_name(),
                      [&] { backend_.plan_resource_change(*request, *response); });
}

grpc::Status ProviderService::ApplyResourceChange(
    grpc::ServerContext*, const tfplugin5::ApplyResourceChange::Request* request,
    tfplugin5::ApplyResourceChange::Response* response) {
  return barrier_.run("ApplyResourceChange", request->type_name(),
                      [&] { backend_.apply_resource_change(*request, *response); });
}

grpc::Status ProviderService::ImportResourceState(
    grpc::ServerContext*, const tfplugin5::ImportResourceState::Request* request,
    tfplugin5::ImportResourceState::Response* response) {
  return barrier_.run("ImportResourceState", request->type_name(),
                      [&] { backend_.import_resource_state(*request, *response); });
}

grpc::Status ProviderService::MoveResourceState(
    grpc::ServerContext*, const tfplugin5::MoveResourceState::Request* request,
    tfplugin5::MoveResourceState::Response* response) {
  return barrier_.run("MoveResourceState", request->target_type_name(),
                      [&] { backend_.move_resource_state(*request, *response); });
}

grpc::Status ProviderService::ReadDataSource(grpc::ServerContext*,
                                             const tfplugin5::ReadDataSource::Request* request,
                                             tfplugin5::ReadDataSource::Response* response) {
  return barrier_.run("ReadDataSource", request->type_name(),
                      [&] { backend_.read_data_source(*request, *response); });
}

grpc::Status ProviderService::ValidateEphemeralResourceConfig(
    grpc::ServerContext*, const tfplugin5::ValidateEphemeralResourceConfig::Request* request,
    tfplugin5::ValidateEphemeralResourceConfig::Response* response) {
  return barrier_.run_optional(OptionalRpc::kValidateEphemeralResourceConfig,
                               "ValidateEphemeralResourceConfig", request->type_name(), [&] {
                                 backend_.validate_ephemeral_resource_config(*request, *response);
                               });
}

grpc::Status ProviderService::OpenEphemeralResource(
    grpc::ServerContext*, const tfplugin5::OpenEphemeralResource::Request* request,
    tfplugin5::OpenEphemeralResource::Response* response) {
  return barrier_.run_optional(OptionalRpc::kOpenEphemeralResource, "OpenEphemeralResource",
                               request->type_name(),
                               [&] { backend_.open_ephemeral_resource(*request, *response); });
}

grpc::Status ProviderService::RenewEphemeralResource(
    grpc::ServerContext*, const tfplugin5::RenewEphemeralResource::Request* request,
    tfplugin5::RenewEphemeralResource::Response* response) {
  return barrier_.run_optional(OptionalRpc::kRenewEphemeralResource, "RenewEphemeralResource",
                               request->type_name(),
                               [&] { backend_.renew_ephemeral_resource(*request, *response); });
}

grpc::Status ProviderService::CloseEphemeralResource(
    grpc::ServerContext*, const tfplugin5::CloseEphemeralResource::Request* request,
    tfplugin5::CloseEphemeralResource::Response* response) {
  return barrier_.run_optional(OptionalRpc::kCloseEphemeralResource, "CloseEphemeralResource",
                               request->type_name(),
                               [&] { backend_.close_ephemeral_resource(*request, *response); });
}

grpc::Status ProviderService::GetFunctions(grpc::ServerContext*,
                                           const tfplugin5::GetFunctions::Request* request,
                                           tfplugin5::GetFunctions::Response* response) {
  return barrier_.run_optional(OptionalRpc::kGetFunctions, "GetFunctions", "",
                               [&] { backend_.get_functions(*request, *response); });
}

grpc::Status ProviderService::CallFunction(grpc::ServerContext*,
                                           const tfplugin5::CallFunction::Request* request,
                                           tfplugin5::CallFunction::Response* response) {
  return barrier_.run_optional(OptionalRpc::kCallFunction, "CallFunction", "",
                               [&] { backend_.call_function(*request, *response); });
}

grpc::Status ProviderService::Stop(grpc::ServerContext*, const tfplugin5::Stop::Request* request,
                                   tfplugin5::Stop::Response* response) {
  logger_.info("Stop requested by Terraform (interrupt)");
  return barrier_.run("Stop", "", [&] { backend_.stop(*request, *response); });
}

}  // namespace fgform::plugin
