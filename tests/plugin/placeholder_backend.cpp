#include "placeholder_backend.h"

#include <string>
#include <string_view>

namespace fgform::plugin {

namespace {

// The one msgpack value this backend ever produces by itself. Real values come from
// provider/value; do not grow an encoder here.
const std::string kMsgpackNull(1, '\xc0');

constexpr std::string_view kNotImplementedSummary = "not implemented yet";

// Copies a value Terraform sent, keeping the response explicit even if the request was empty.
void echo_or_null(const tfplugin5::DynamicValue& from, tfplugin5::DynamicValue* to) {
  to->set_msgpack(from.msgpack().empty() ? kMsgpackNull : from.msgpack());
}

void set_null(tfplugin5::DynamicValue* value) {
  value->set_msgpack(kMsgpackNull);
}

void add_not_implemented(google::protobuf::RepeatedPtrField<tfplugin5::Diagnostic>* diagnostics,
                         std::string_view kind, std::string_view type_name) {
  auto* diagnostic = diagnostics->Add();
  diagnostic->set_severity(tfplugin5::Diagnostic::ERROR);
  diagnostic->set_summary(std::string(kNotImplementedSummary));
  std::string detail = "This build of the functiongraph provider has no ";
  detail += kind;
  detail += " types yet";
  if (!type_name.empty()) {
    detail += "; \"";
    detail += type_name;
    detail += "\" is not implemented yet";
  }
  detail += ".";
  diagnostic->set_detail(detail);
}

struct AttributeSpec {
  const char* name;
  const char* type_json;  // cty JSON type constraint, quotes included
  const char* description;
  bool sensitive = false;
};

void add_optional_attribute(tfplugin5::Schema::Block* block, const AttributeSpec& spec) {
  auto* attribute = block->add_attributes();
  attribute->set_name(spec.name);
  attribute->set_type(spec.type_json);
  attribute->set_description(spec.description);
  attribute->set_description_kind(tfplugin5::PLAIN);
  attribute->set_optional(true);
  attribute->set_sensitive(spec.sensitive);
}

void fill_provider_schema(tfplugin5::Schema* schema) {
  schema->set_version(0);
  auto* block = schema->mutable_block();
  block->set_description("Huawei Cloud FunctionGraph, served by fgform.");
  block->set_description_kind(tfplugin5::PLAIN);

  const AttributeSpec attributes[] = {
      {"region", R"("string")", "Region name, such as cn-north-4. Default: $HW_REGION_NAME."},
      {"access_key", R"("string")", "Access key ID. Default: $HW_ACCESS_KEY."},
      {"secret_key", R"("string")", "Secret access key. Default: $HW_SECRET_KEY.", true},
      {"security_token", R"("string")",
       "Security token of temporary credentials. Default: $HW_SECURITY_TOKEN.", true},
      {"project_id", R"("string")", "Project ID of the region. Default: discovered through IAM."},
      {"domain_id", R"("string")", "Account (domain) ID. Default: $HW_DOMAIN_ID."},
      {"insecure", R"("bool")", "Skip TLS certificate verification of the platform endpoints."},
      {"max_retries", R"("number")", "Maximum attempts for retryable API failures."},
  };
  for (const auto& spec : attributes) add_optional_attribute(block, spec);

  auto* endpoints = block->add_block_types();
  endpoints->set_type_name("endpoints");
  endpoints->set_nesting(tfplugin5::Schema::NestedBlock::SINGLE);
  auto* endpoints_block = endpoints->mutable_block();
  endpoints_block->set_description("Override the base URL of individual services.");
  endpoints_block->set_description_kind(tfplugin5::PLAIN);
  const AttributeSpec endpoint_attributes[] = {
      {"functiongraph", R"("string")", "FunctionGraph endpoint URL."},
      {"iam", R"("string")", "IAM endpoint URL."},
      {"vpc", R"("string")", "VPC endpoint URL."},
  };
  for (const auto& spec : endpoint_attributes) add_optional_attribute(endpoints_block, spec);
}

}  // namespace

void PlaceholderBackend::get_schema(const tfplugin5::GetProviderSchema::Request&,
                                    tfplugin5::GetProviderSchema::Response& response) {
  fill_provider_schema(response.mutable_provider());
}

void PlaceholderBackend::prepare_provider_config(
    const tfplugin5::PrepareProviderConfig::Request& request,
    tfplugin5::PrepareProviderConfig::Response& response) {
  echo_or_null(request.config(), response.mutable_prepared_config());
}

void PlaceholderBackend::validate_resource_type_config(
    const tfplugin5::ValidateResourceTypeConfig::Request& request,
    tfplugin5::ValidateResourceTypeConfig::Response& response) {
  add_not_implemented(response.mutable_diagnostics(), "resource", request.type_name());
}

void PlaceholderBackend::validate_data_source_config(
    const tfplugin5::ValidateDataSourceConfig::Request& request,
    tfplugin5::ValidateDataSourceConfig::Response& response) {
  add_not_implemented(response.mutable_diagnostics(), "data source", request.type_name());
}

void PlaceholderBackend::upgrade_resource_state(
    const tfplugin5::UpgradeResourceState::Request& request,
    tfplugin5::UpgradeResourceState::Response& response) {
  set_null(response.mutable_upgraded_state());
  add_not_implemented(response.mutable_diagnostics(), "resource", request.type_name());
}

void PlaceholderBackend::configure(const tfplugin5::Configure::Request&,
                                   tfplugin5::Configure::Response&) {}

void PlaceholderBackend::read_resource(const tfplugin5::ReadResource::Request& request,
                                       tfplugin5::ReadResource::Response& response) {
  // Echo, never null: a null new_state would tell Terraform the object is gone.
  echo_or_null(request.current_state(), response.mutable_new_state());
  response.set_private_(request.private_());
  add_not_implemented(response.mutable_diagnostics(), "resource", request.type_name());
}

void PlaceholderBackend::plan_resource_change(const tfplugin5::PlanResourceChange::Request& request,
                                              tfplugin5::PlanResourceChange::Response& response) {
  echo_or_null(request.prior_state(), response.mutable_planned_state());
  response.set_planned_private(request.prior_private());
  add_not_implemented(response.mutable_diagnostics(), "resource", request.type_name());
}

void PlaceholderBackend::apply_resource_change(
    const tfplugin5::ApplyResourceChange::Request& request,
    tfplugin5::ApplyResourceChange::Response& response) {
  // Terraform saves the returned state even on error: keep the prior one so nothing is lost.
  echo_or_null(request.prior_state(), response.mutable_new_state());
  add_not_implemented(response.mutable_diagnostics(), "resource", request.type_name());
}

void PlaceholderBackend::import_resource_state(
    const tfplugin5::ImportResourceState::Request& request,
    tfplugin5::ImportResourceState::Response& response) {
  add_not_implemented(response.mutable_diagnostics(), "resource", request.type_name());
}

void PlaceholderBackend::move_resource_state(const tfplugin5::MoveResourceState::Request& request,
                                             tfplugin5::MoveResourceState::Response& response) {
  set_null(response.mutable_target_state());
  add_not_implemented(response.mutable_diagnostics(), "resource", request.target_type_name());
}

void PlaceholderBackend::read_data_source(const tfplugin5::ReadDataSource::Request& request,
                                          tfplugin5::ReadDataSource::Response& response) {
  set_null(response.mutable_state());
  add_not_implemented(response.mutable_diagnostics(), "data source", request.type_name());
}

void PlaceholderBackend::stop(const tfplugin5::Stop::Request&, tfplugin5::Stop::Response&) {
  // Nothing runs in the background yet, so there is nothing to cancel.
}

}  // namespace fgform::plugin
