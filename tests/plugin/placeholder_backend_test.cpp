#include "placeholder_backend.h"

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <string>

using namespace fgform::plugin;

namespace {

const std::string kNull(1, '\xc0');

std::map<std::string, tfplugin5::Schema::Attribute> by_name(const tfplugin5::Schema::Block& block) {
  std::map<std::string, tfplugin5::Schema::Attribute> out;
  for (const auto& attribute : block.attributes()) out[attribute.name()] = attribute;
  return out;
}

// The parts of Terraform's configschema InternalValidate that a provider block can break.
void check_terraform_accepts(const tfplugin5::Schema::Block& block) {
  const std::regex valid_name("^[a-z0-9_]+$");
  for (const auto& attribute : block.attributes()) {
    INFO(attribute.name());
    CHECK(std::regex_match(attribute.name(), valid_name));
    CHECK((attribute.required() || attribute.optional() || attribute.computed()));
    CHECK_FALSE((attribute.required() && attribute.optional()));
    CHECK_FALSE(attribute.type().empty());
  }
  for (const auto& nested : block.block_types()) {
    CHECK(std::regex_match(nested.type_name(), valid_name));
    check_terraform_accepts(nested.block());
  }
}

template <typename Diagnostics>
void check_single_not_implemented_error(const Diagnostics& diagnostics) {
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity() == tfplugin5::Diagnostic::ERROR);
  CHECK(diagnostics[0].summary() == "not implemented yet");
}

}  // namespace

TEST_CASE("placeholder schema: the provider configuration block", "[placeholder]") {
  PlaceholderBackend backend;
  tfplugin5::GetProviderSchema::Response response;
  backend.get_schema({}, response);

  REQUIRE(response.has_provider());
  REQUIRE(response.provider().has_block());
  CHECK(response.resource_schemas().empty());
  CHECK(response.data_source_schemas().empty());
  CHECK(response.diagnostics().empty());

  const auto& block = response.provider().block();
  check_terraform_accepts(block);
  const auto attributes = by_name(block);
  REQUIRE(attributes.size() == 8);
  for (const char* name :
       {"region", "access_key", "secret_key", "security_token", "project_id", "domain_id"}) {
    INFO(name);
    REQUIRE(attributes.count(name) == 1);
    CHECK(attributes.at(name).type() == "\"string\"");
    CHECK(attributes.at(name).optional());
    CHECK_FALSE(attributes.at(name).required());
    CHECK_FALSE(attributes.at(name).computed());
  }
  CHECK(attributes.at("insecure").type() == "\"bool\"");
  CHECK(attributes.at("max_retries").type() == "\"number\"");
  CHECK(attributes.at("secret_key").sensitive());
  CHECK(attributes.at("security_token").sensitive());
  CHECK_FALSE(attributes.at("region").sensitive());
  CHECK_FALSE(attributes.at("access_key").sensitive());

  REQUIRE(block.block_types_size() == 1);
  const auto& endpoints = block.block_types(0);
  CHECK(endpoints.type_name() == "endpoints");
  CHECK(endpoints.nesting() == tfplugin5::Schema::NestedBlock::SINGLE);
  CHECK(endpoints.min_items() == 0);
  CHECK(endpoints.max_items() == 0);
  const auto endpoint_attributes = by_name(endpoints.block());
  REQUIRE(endpoint_attributes.size() == 3);
  for (const char* name : {"functiongraph", "iam", "vpc"}) {
    INFO(name);
    REQUIRE(endpoint_attributes.count(name) == 1);
    CHECK(endpoint_attributes.at(name).type() == "\"string\"");
    CHECK(endpoint_attributes.at(name).optional());
  }
}

TEST_CASE("placeholder PrepareProviderConfig echoes the config as msgpack", "[placeholder]") {
  PlaceholderBackend backend;
  tfplugin5::PrepareProviderConfig::Request request;
  tfplugin5::PrepareProviderConfig::Response response;

  SECTION("a value is echoed byte for byte") {
    request.mutable_config()->set_msgpack(std::string("\x81\xa1x\xc0", 4));
    backend.prepare_provider_config(request, response);
    CHECK(response.prepared_config().msgpack() == std::string("\x81\xa1x\xc0", 4));
  }
  SECTION("an empty value becomes an explicit null") {
    backend.prepare_provider_config(request, response);
    CHECK(response.prepared_config().msgpack() == kNull);
  }
  CHECK(response.diagnostics().empty());
}

TEST_CASE("placeholder Configure succeeds", "[placeholder]") {
  PlaceholderBackend backend;
  tfplugin5::Configure::Request request;
  request.mutable_config()->set_msgpack(kNull);
  tfplugin5::Configure::Response response;
  backend.configure(request, response);
  CHECK(response.diagnostics().empty());
}

TEST_CASE("placeholder resource and data-source RPCs say not implemented yet", "[placeholder]") {
  PlaceholderBackend backend;

  SECTION("ValidateResourceTypeConfig") {
    tfplugin5::ValidateResourceTypeConfig::Request request;
    request.set_type_name("functiongraph_function");
    tfplugin5::ValidateResourceTypeConfig::Response response;
    backend.validate_resource_type_config(request, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.diagnostics(0).detail().find("functiongraph_function") != std::string::npos);
  }
  SECTION("ValidateDataSourceConfig") {
    tfplugin5::ValidateDataSourceConfig::Response response;
    backend.validate_data_source_config({}, response);
    check_single_not_implemented_error(response.diagnostics());
  }
  SECTION("UpgradeResourceState answers an explicit null") {
    tfplugin5::UpgradeResourceState::Response response;
    backend.upgrade_resource_state({}, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.upgraded_state().msgpack() == kNull);
  }
  SECTION("ReadResource keeps the current state and private data") {
    tfplugin5::ReadResource::Request request;
    request.mutable_current_state()->set_msgpack("\x80");
    request.set_private_("opaque");
    tfplugin5::ReadResource::Response response;
    backend.read_resource(request, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.new_state().msgpack() == "\x80");
    CHECK(response.private_() == "opaque");
  }
  SECTION("PlanResourceChange") {
    tfplugin5::PlanResourceChange::Response response;
    backend.plan_resource_change({}, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.planned_state().msgpack() == kNull);
    CHECK_FALSE(response.legacy_type_system());
  }
  SECTION("ApplyResourceChange keeps the prior state") {
    tfplugin5::ApplyResourceChange::Request request;
    request.mutable_prior_state()->set_msgpack("\x80");
    tfplugin5::ApplyResourceChange::Response response;
    backend.apply_resource_change(request, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.new_state().msgpack() == "\x80");
  }
  SECTION("ImportResourceState") {
    tfplugin5::ImportResourceState::Response response;
    backend.import_resource_state({}, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.imported_resources().empty());
  }
  SECTION("MoveResourceState") {
    tfplugin5::MoveResourceState::Response response;
    backend.move_resource_state({}, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.target_state().msgpack() == kNull);
  }
  SECTION("ReadDataSource") {
    tfplugin5::ReadDataSource::Response response;
    backend.read_data_source({}, response);
    check_single_not_implemented_error(response.diagnostics());
    CHECK(response.state().msgpack() == kNull);
  }
}

TEST_CASE("placeholder offers no optional RPCs", "[placeholder]") {
  PlaceholderBackend backend;
  CHECK_FALSE(backend.implements(OptionalRpc::kGetMetadata));
  CHECK_FALSE(backend.implements(OptionalRpc::kGetFunctions));
  CHECK_FALSE(backend.implements(OptionalRpc::kCallFunction));
  CHECK_FALSE(backend.implements(OptionalRpc::kOpenEphemeralResource));
}
