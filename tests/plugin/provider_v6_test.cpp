// tfplugin6 in-process: a client speaking protocol 6 over the Unix socket, against the same
// ProviderBackend implementations protocol 5 uses. The echo backend proves each message
// crosses the v6 <-> v5 bridge intact; the real backend drives a trigger through plan, apply,
// read and import against the emulator.
#include <grpcpp/grpcpp.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "../integration/fixture.h"
#include "plugin/functiongraph_backend.h"
#include "plugin/plugin_server.h"
#include "plugin/socket_directory.h"
#include "schema/registry.h"
#include "tfplugin6.grpc.pb.h"
#include "value/codec.h"

using namespace fgform::plugin;
using namespace std::chrono_literals;
namespace value = fgform::value;

namespace {

const Logger& quiet_logger() {
  static const Logger logger(LogLevel::kOff, "test");
  return logger;
}

// A v6 client on a freshly started server around `backend`.
struct V6Session {
  explicit V6Session(ProviderBackend& backend) {
    std::string error;
    const char* tmpdir = std::getenv("TMPDIR");
    directory = SocketDirectory::create(tmpdir != nullptr ? tmpdir : "", &error);
    REQUIRE(directory);
    ServerOptions options;
    options.socket_path = directory->socket_path();
    server = PluginServer::start(backend, options, latch, quiet_logger(), &error);
    INFO(error);
    REQUIRE(server);
    provider = tfplugin6::Provider::NewStub(grpc::CreateChannel(
        "unix:" + directory->socket_path(), grpc::InsecureChannelCredentials()));
  }
  std::unique_ptr<grpc::ClientContext> context() const {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + 20s);
    return c;
  }

  std::optional<SocketDirectory> directory;
  ShutdownLatch latch;
  std::unique_ptr<PluginServer> server;
  std::unique_ptr<tfplugin6::Provider::Stub> provider;
};

void add_diagnostic(google::protobuf::RepeatedPtrField<tfplugin5::Diagnostic>* out,
                    const std::string& summary, const std::string& attribute) {
  auto* d = out->Add();
  d->set_severity(tfplugin5::Diagnostic::WARNING);
  d->set_summary(summary);
  d->mutable_attribute()->add_steps()->set_attribute_name(attribute);
}

// Answers each RPC with what it was given (bytes untouched) plus a marker, so the test can see
// both directions of the bridge.
class EchoBackend final : public ProviderBackend {
 public:
  void get_schema(const tfplugin5::GetProviderSchema::Request&,
                  tfplugin5::GetProviderSchema::Response& response) override {
    response.mutable_provider()->mutable_block()->set_description("echo");
    auto& thing = (*response.mutable_resource_schemas())["echo_thing"];
    thing.set_version(2);
    auto* name = thing.mutable_block()->add_attributes();
    name->set_name("name");
    name->set_type("\"string\"");
    name->set_required(true);
    auto* secret = thing.mutable_block()->add_attributes();
    secret->set_name("secret");
    secret->set_type("\"string\"");
    secret->set_optional(true);
    secret->set_sensitive(true);
    secret->set_write_only(true);  // field 10 in v5, 11 in v6
    secret->set_description_kind(tfplugin5::MARKDOWN);
    auto* block = thing.mutable_block()->add_block_types();
    block->set_type_name("settings");
    block->set_nesting(tfplugin5::Schema::NestedBlock::SINGLE);
    (*response.mutable_data_source_schemas())["echo_info"].mutable_block();
    response.mutable_server_capabilities()->set_plan_destroy(true);
  }
  void prepare_provider_config(const tfplugin5::PrepareProviderConfig::Request& request,
                               tfplugin5::PrepareProviderConfig::Response& response) override {
    *response.mutable_prepared_config() = request.config();
    add_diagnostic(response.mutable_diagnostics(), "provider checked", "region");
  }
  void validate_resource_type_config(
      const tfplugin5::ValidateResourceTypeConfig::Request& request,
      tfplugin5::ValidateResourceTypeConfig::Response& response) override {
    add_diagnostic(response.mutable_diagnostics(),
                   "checked " + request.type_name() + " " + request.config().msgpack(), "name");
  }
  void validate_data_source_config(
      const tfplugin5::ValidateDataSourceConfig::Request& request,
      tfplugin5::ValidateDataSourceConfig::Response& response) override {
    add_diagnostic(response.mutable_diagnostics(), "checked " + request.type_name(), "id");
  }
  void upgrade_resource_state(const tfplugin5::UpgradeResourceState::Request& request,
                              tfplugin5::UpgradeResourceState::Response& response) override {
    response.mutable_upgraded_state()->set_msgpack(request.raw_state().json() + "@" +
                                                   std::to_string(request.version()));
  }
  void configure(const tfplugin5::Configure::Request& request,
                 tfplugin5::Configure::Response& response) override {
    add_diagnostic(response.mutable_diagnostics(), "configured by " + request.terraform_version(),
                   "region");
  }
  void read_resource(const tfplugin5::ReadResource::Request& request,
                     tfplugin5::ReadResource::Response& response) override {
    *response.mutable_new_state() = request.current_state();
    response.set_private_(request.private_() + "+read");
  }
  void plan_resource_change(const tfplugin5::PlanResourceChange::Request& request,
                            tfplugin5::PlanResourceChange::Response& response) override {
    *response.mutable_planned_state() = request.proposed_new_state();
    response.add_requires_replace()->add_steps()->set_attribute_name("name");
    response.set_planned_private("planned");
  }
  void apply_resource_change(const tfplugin5::ApplyResourceChange::Request& request,
                             tfplugin5::ApplyResourceChange::Response& response) override {
    *response.mutable_new_state() = request.planned_state();
    response.set_private_(request.planned_private() + "+applied");
  }
  void import_resource_state(const tfplugin5::ImportResourceState::Request& request,
                             tfplugin5::ImportResourceState::Response& response) override {
    auto* imported = response.add_imported_resources();
    imported->set_type_name(request.type_name());
    imported->mutable_state()->set_msgpack("state-of-" + request.id());
  }
  void move_resource_state(const tfplugin5::MoveResourceState::Request& request,
                           tfplugin5::MoveResourceState::Response& response) override {
    response.mutable_target_state()->set_msgpack(request.source_state().json());
  }
  void read_data_source(const tfplugin5::ReadDataSource::Request& request,
                        tfplugin5::ReadDataSource::Response& response) override {
    *response.mutable_state() = request.config();
  }
  void stop(const tfplugin5::Stop::Request&, tfplugin5::Stop::Response& response) override {
    response.set_error("stopped");
  }
};

}  // namespace

TEST_CASE("tfplugin6: every RPC reaches the v5 backend and comes back intact", "[v6]") {
  EchoBackend backend;
  V6Session s(backend);
  auto& p = *s.provider;
  {
    tfplugin6::GetProviderSchema::Response r;
    REQUIRE(p.GetProviderSchema(s.context().get(), {}, &r).ok());
    CHECK(r.provider().block().description() == "echo");
    const auto& thing = r.resource_schemas().at("echo_thing");
    CHECK(thing.version() == 2);
    REQUIRE(thing.block().attributes_size() == 2);
    const auto& secret = thing.block().attributes(1);
    CHECK(secret.write_only());
    CHECK_FALSE(secret.has_nested_type());
    CHECK(secret.sensitive());
    CHECK(secret.description_kind() == tfplugin6::MARKDOWN);
    CHECK(thing.block().block_types(0).nesting() == tfplugin6::Schema::NestedBlock::SINGLE);
    CHECK(r.data_source_schemas().count("echo_info") == 1);
    CHECK(r.server_capabilities().plan_destroy());
  }
  {
    tfplugin6::ValidateProviderConfig::Request q;
    q.mutable_config()->set_msgpack("cfg");
    tfplugin6::ValidateProviderConfig::Response r;
    REQUIRE(p.ValidateProviderConfig(s.context().get(), q, &r).ok());
    REQUIRE(r.diagnostics_size() == 1);
    CHECK(r.diagnostics(0).attribute().steps(0).attribute_name() == "region");
    // v5's prepared_config has no place in v6: nothing unknown travels back.
    std::string bytes;
    REQUIRE(r.SerializeToString(&bytes));
    CHECK(bytes.find("cfg") == std::string::npos);
  }
  {
    tfplugin6::ValidateResourceConfig::Request q;
    q.set_type_name("echo_thing");
    q.mutable_config()->set_msgpack("M");
    tfplugin6::ValidateResourceConfig::Response r;
    REQUIRE(p.ValidateResourceConfig(s.context().get(), q, &r).ok());
    REQUIRE(r.diagnostics_size() == 1);
    CHECK(r.diagnostics(0).summary() == "checked echo_thing M");
    CHECK(r.diagnostics(0).severity() == tfplugin6::Diagnostic::WARNING);
    CHECK(r.diagnostics(0).attribute().steps(0).attribute_name() == "name");
  }
  {
    tfplugin6::ValidateDataResourceConfig::Request q;
    q.set_type_name("echo_info");
    tfplugin6::ValidateDataResourceConfig::Response r;
    REQUIRE(p.ValidateDataResourceConfig(s.context().get(), q, &r).ok());
    CHECK(r.diagnostics(0).summary() == "checked echo_info");
  }
  {
    tfplugin6::UpgradeResourceState::Request q;
    q.set_type_name("echo_thing");
    q.set_version(1);
    q.mutable_raw_state()->set_json("{}");
    tfplugin6::UpgradeResourceState::Response r;
    REQUIRE(p.UpgradeResourceState(s.context().get(), q, &r).ok());
    CHECK(r.upgraded_state().msgpack() == "{}@1");
  }
  {
    tfplugin6::ConfigureProvider::Request q;
    q.set_terraform_version("1.11.4");
    tfplugin6::ConfigureProvider::Response r;
    REQUIRE(p.ConfigureProvider(s.context().get(), q, &r).ok());
    CHECK(r.diagnostics(0).summary() == "configured by 1.11.4");
  }
  {
    tfplugin6::PlanResourceChange::Request q;
    q.set_type_name("echo_thing");
    q.mutable_proposed_new_state()->set_msgpack("proposed");
    tfplugin6::PlanResourceChange::Response plan;
    REQUIRE(p.PlanResourceChange(s.context().get(), q, &plan).ok());
    CHECK(plan.planned_state().msgpack() == "proposed");
    CHECK(plan.requires_replace(0).steps(0).attribute_name() == "name");
    CHECK_FALSE(plan.legacy_type_system());

    tfplugin6::ApplyResourceChange::Request a;
    a.set_type_name("echo_thing");
    *a.mutable_planned_state() = plan.planned_state();
    a.set_planned_private(plan.planned_private());
    tfplugin6::ApplyResourceChange::Response applied;
    REQUIRE(p.ApplyResourceChange(s.context().get(), a, &applied).ok());
    CHECK(applied.new_state().msgpack() == "proposed");
    CHECK(applied.private_() == "planned+applied");

    tfplugin6::ReadResource::Request rq;
    rq.set_type_name("echo_thing");
    *rq.mutable_current_state() = applied.new_state();
    rq.set_private_(applied.private_());
    tfplugin6::ReadResource::Response read;
    REQUIRE(p.ReadResource(s.context().get(), rq, &read).ok());
    CHECK(read.new_state().msgpack() == "proposed");
    CHECK(read.private_() == "planned+applied+read");
  }
  {
    tfplugin6::ImportResourceState::Request q;
    q.set_type_name("echo_thing");
    q.set_id("abc");
    tfplugin6::ImportResourceState::Response r;
    REQUIRE(p.ImportResourceState(s.context().get(), q, &r).ok());
    REQUIRE(r.imported_resources_size() == 1);
    CHECK(r.imported_resources(0).type_name() == "echo_thing");
    CHECK(r.imported_resources(0).state().msgpack() == "state-of-abc");
  }
  {
    tfplugin6::ReadDataSource::Request q;
    q.set_type_name("echo_info");
    q.mutable_config()->set_msgpack("C");
    tfplugin6::ReadDataSource::Response r;
    REQUIRE(p.ReadDataSource(s.context().get(), q, &r).ok());
    CHECK(r.state().msgpack() == "C");
  }
  {
    tfplugin6::MoveResourceState::Request q;
    q.set_target_type_name("echo_thing");
    q.mutable_source_state()->set_json("J");
    tfplugin6::MoveResourceState::Response r;
    REQUIRE(p.MoveResourceState(s.context().get(), q, &r).ok());
    CHECK(r.target_state().msgpack() == "J");
  }
  {
    tfplugin6::GetFunctions::Response r;
    CHECK(p.GetFunctions(s.context().get(), {}, &r).error_code() ==
          grpc::StatusCode::UNIMPLEMENTED);
    tfplugin6::GetMetadata::Response m;
    CHECK(p.GetMetadata(s.context().get(), {}, &m).error_code() == grpc::StatusCode::UNIMPLEMENTED);
  }
  {
    tfplugin6::StopProvider::Response r;
    REQUIRE(p.StopProvider(s.context().get(), {}, &r).ok());
    CHECK(r.error() == "stopped");
  }
}

namespace {

std::string msgpack_of(const nlohmann::json& j, const value::Type& type) {
  auto decoded = value::from_json(j, type);
  REQUIRE(decoded.ok());
  auto encoded = value::to_msgpack(decoded.value, type);
  REQUIRE(encoded.ok());
  return encoded.value;
}

nlohmann::json json_of(const tfplugin6::DynamicValue& dv, const value::Type& type) {
  auto decoded = value::from_msgpack(dv.msgpack(), type);
  REQUIRE(decoded.ok());
  auto j = value::to_json(decoded.value, type);
  REQUIRE(j.ok());
  return j.value;
}

}  // namespace

TEST_CASE("tfplugin6 with the real backend: a CTS trigger planned, applied, read, imported",
          "[v6]") {
  fgform::testing::EmulatorFixture env;
  const std::string urn = env.create_function("v6")["func_urn"];
  FunctionGraphBackend backend;
  V6Session s(backend);
  auto& p = *s.provider;

  const auto& registry = fgform::schema::Registry::builtin();
  const value::Type provider_type = registry.provider().block.implied_type();
  const value::Type trigger_type = registry.resource("functiongraph_trigger")->block.implied_type();

  {
    tfplugin6::GetProviderSchema::Response r;
    REQUIRE(p.GetProviderSchema(s.context().get(), {}, &r).ok());
    const auto& trigger = r.resource_schemas().at("functiongraph_trigger");
    bool has_cts = false;
    for (const auto& b : trigger.block().block_types()) has_cts |= b.type_name() == "cts";
    CHECK(has_cts);
    CHECK(r.server_capabilities().get_provider_schema_optional());
  }
  {
    tfplugin6::ValidateResourceConfig::Request q;
    q.set_type_name("functiongraph_trigger");
    q.mutable_config()->set_msgpack(
        msgpack_of({{"function_urn", urn}, {"cts", {{"name", "w"}, {"operations", {"no-colons"}}}}},
                   trigger_type));
    tfplugin6::ValidateResourceConfig::Response r;
    REQUIRE(p.ValidateResourceConfig(s.context().get(), q, &r).ok());
    REQUIRE(r.diagnostics_size() >= 1);
    CHECK(r.diagnostics(0).severity() == tfplugin6::Diagnostic::ERROR);
    CHECK(r.diagnostics(0).attribute().steps(0).attribute_name() == "cts");
  }
  {
    tfplugin6::ConfigureProvider::Request q;
    q.set_terraform_version("1.11.4");
    q.mutable_config()->set_msgpack(msgpack_of({{"region", "cn-north-4"},
                                                {"access_key", fgform::testing::kAk},
                                                {"secret_key", fgform::testing::kSk},
                                                {"endpoints",
                                                 {{"functiongraph", env.emulator().base_url()},
                                                  {"iam", env.emulator().base_url()},
                                                  {"vpc", env.emulator().base_url()}}}},
                                               provider_type));
    tfplugin6::ConfigureProvider::Response r;
    REQUIRE(p.ConfigureProvider(s.context().get(), q, &r).ok());
    for (const auto& d : r.diagnostics()) FAIL_CHECK(d.summary() << ": " << d.detail());
  }

  const nlohmann::json config{
      {"function_urn", urn},
      {"cts", {{"name", "watch"}, {"operations", {"FunctionGraph:Functions:createFunction"}}}}};
  tfplugin6::DynamicValue null_value;
  null_value.set_msgpack(std::string(1, '\xc0'));

  tfplugin6::PlanResourceChange::Request plan_request;
  plan_request.set_type_name("functiongraph_trigger");
  *plan_request.mutable_prior_state() = null_value;
  plan_request.mutable_config()->set_msgpack(msgpack_of(config, trigger_type));
  *plan_request.mutable_proposed_new_state() = plan_request.config();
  tfplugin6::PlanResourceChange::Response plan;
  REQUIRE(p.PlanResourceChange(s.context().get(), plan_request, &plan).ok());
  REQUIRE(plan.diagnostics_size() == 0);

  tfplugin6::ApplyResourceChange::Request apply_request;
  apply_request.set_type_name("functiongraph_trigger");
  *apply_request.mutable_prior_state() = null_value;
  *apply_request.mutable_planned_state() = plan.planned_state();
  *apply_request.mutable_config() = plan_request.config();
  apply_request.set_planned_private(plan.planned_private());
  tfplugin6::ApplyResourceChange::Response applied;
  REQUIRE(p.ApplyResourceChange(s.context().get(), apply_request, &applied).ok());
  for (const auto& d : applied.diagnostics()) FAIL_CHECK(d.summary() << ": " << d.detail());
  const nlohmann::json state = json_of(applied.new_state(), trigger_type);
  CHECK(state["type"] == "CTS");
  CHECK(state["status"] == "ACTIVE");
  CHECK(state["cts"]["operations"] == nlohmann::json{"FunctionGraph:Functions:createFunction"});

  tfplugin6::ReadResource::Request read_request;
  read_request.set_type_name("functiongraph_trigger");
  *read_request.mutable_current_state() = applied.new_state();
  tfplugin6::ReadResource::Response read;
  REQUIRE(p.ReadResource(s.context().get(), read_request, &read).ok());
  CHECK(json_of(read.new_state(), trigger_type) == state);

  tfplugin6::ImportResourceState::Request import_request;
  import_request.set_type_name("functiongraph_trigger");
  import_request.set_id(urn + "/CTS/" + state["id"].get<std::string>());
  tfplugin6::ImportResourceState::Response imported;
  REQUIRE(p.ImportResourceState(s.context().get(), import_request, &imported).ok());
  REQUIRE(imported.imported_resources_size() == 1);
  CHECK(imported.imported_resources(0).type_name() == "functiongraph_trigger");
  *read_request.mutable_current_state() = imported.imported_resources(0).state();
  REQUIRE(p.ReadResource(s.context().get(), read_request, &read).ok());
  CHECK(json_of(read.new_state(), trigger_type) == state);
}

TEST_CASE("tfplugin6: validation works without GetProviderSchema first (schema optional)", "[v6]") {
  // The provider announces get_provider_schema_optional, so Terraform may start it and call
  // other RPCs straight away with a schema cached from an earlier start.
  FunctionGraphBackend backend;
  V6Session s(backend);
  auto& p = *s.provider;
  const value::Type trigger_type =
      fgform::schema::Registry::builtin().resource("functiongraph_trigger")->block.implied_type();
  tfplugin6::ValidateResourceConfig::Request q;
  q.set_type_name("functiongraph_trigger");
  q.mutable_config()->set_msgpack(
      msgpack_of({{"function_urn", "urn:fss:cn-north-4:p:function:default:f:latest"},
                  {"timer", {{"name", "t"}, {"schedule_type", "Hourly"}, {"schedule", "1h"}}}},
                 trigger_type));
  tfplugin6::ValidateResourceConfig::Response r;
  REQUIRE(p.ValidateResourceConfig(s.context().get(), q, &r).ok());
  REQUIRE(r.diagnostics_size() >= 1);
  CHECK(r.diagnostics(0).severity() == tfplugin6::Diagnostic::ERROR);
  CHECK(r.diagnostics(0).attribute().steps(0).attribute_name() == "timer");
  CHECK(r.diagnostics(0).detail().find("Rate") != std::string::npos);
}

TEST_CASE("UpgradeResourceState decodes the raw JSON and refuses text that is not JSON") {
  // The provider decodes RawState.json straight from its text (value::from_json_text); invalid
  // text is the "Corrupt state" error it always was, not an exception out of the RPC.
  FunctionGraphBackend backend;
  tfplugin5::UpgradeResourceState::Request request;
  request.set_type_name("functiongraph_trigger");
  request.set_version(0);
  request.mutable_raw_state()->set_json(
      R"({"id":"t1","function_urn":"urn:fss:cn-north-4:p:function:default:f:latest",)"
      R"("no_longer_in_the_schema":{"deep":[1,2]}})");
  tfplugin5::UpgradeResourceState::Response ok;
  backend.upgrade_resource_state(request, ok);
  CHECK(ok.diagnostics_size() == 0);
  CHECK_FALSE(ok.upgraded_state().msgpack().empty());

  request.mutable_raw_state()->set_json(R"({"id": "t1",)");
  tfplugin5::UpgradeResourceState::Response corrupt;
  backend.upgrade_resource_state(request, corrupt);
  REQUIRE(corrupt.diagnostics_size() == 1);
  CHECK(corrupt.diagnostics(0).summary() == "Corrupt state");
}
