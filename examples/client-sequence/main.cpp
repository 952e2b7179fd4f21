// fgform-smoke: a short, signed request sequence against the platform (or the emulator).
// It exercises every API family the way the provider will: discover the project, build a
// network and an agency, deploy a function into it, publish, route an alias, add a timer and
// a reserved-instance policy, read everything back, and clean up.
//
// Usage: fgform-smoke [--keep]   (settings from HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME
//                                 and FGFORM_ENDPOINT, the base URL that serves all services;
//                                 FGFORM_LOG=debug prints each request with secrets masked)
#include <cstdlib>
#include <iostream>
#include <string>

#include "cloud/client.h"
#include "cloud/functiongraph_api.h"
#include "cloud/iam_api.h"
#include "cloud/urn.h"
#include "cloud/vpc_api.h"

using namespace fgform::cloud;

namespace {

int failures = 0;

template <typename T>
bool step(const std::string& what, const Result<T>& r) {
  if (r.ok()) {
    std::cout << "  ok    " << what << "\n";
    return true;
  }
  std::cout << "  FAIL  " << what << ": " << r.error().message() << "\n";
  ++failures;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  const bool keep = argc > 1 && std::string(argv[1]) == "--keep";
  if (argc > 1 && !keep) {
    std::cout << "usage: fgform-smoke [--keep]\n"
                 "Runs a signed request sequence against FGFORM_ENDPOINT (or the public cloud)\n"
                 "with HW_ACCESS_KEY / HW_SECRET_KEY / HW_REGION_NAME.\n";
    return std::string(argv[1]) == "--help" || std::string(argv[1]) == "-help" ? 0 : 2;
  }
  ClientConfig config;
  config.credentials = resolve_credentials({});
  if (std::string msg = missing_credentials_message(config.credentials); !msg.empty()) {
    std::cerr << "fgform-smoke: " << msg << "\n";
    return 2;
  }
  if (const char* endpoint = std::getenv("FGFORM_ENDPOINT"))
    config.endpoints = Endpoints::all(endpoint);
  if (const char* level = std::getenv("FGFORM_LOG"); level && std::string(level) == "debug") {
    // Secrets are masked by the transport before a line reaches us.
    config.transport.debug_log = [](const std::string& line) {
      std::cerr << "[debug] " << line << "\n";
    };
  }
  Client client(config);
  FunctionGraphApi fg(client);
  IamApi iam(client);
  VpcApi vpc(client);

  std::cout << "fgform-smoke: signed request sequence as " << config.credentials.describe() << "\n";
  auto project = client.project_id();
  if (!step("discover the project of region " + config.credentials.region, project)) return 1;

  auto agency = iam.create_agency({{"name", "smoke-fgs-agency"},
                                   {"trust_domain_name", "op_svc_cff"},
                                   {"description", "lets FunctionGraph reach the VPC"}});
  step("create agency smoke-fgs-agency trusted by FunctionGraph", agency);
  auto role = iam.find_role("VPC Administrator");
  if (step("look up role VPC Administrator", role) && agency.ok()) {
    step("grant VPC Administrator on the project",
         iam.grant_project_role(*project, (*agency)["id"], (*role)["id"]));
  }
  auto net = vpc.create_vpc({{"name", "smoke-vpc"}, {"cidr", "192.168.0.0/16"}});
  step("create VPC smoke-vpc", net);
  Result<Json> subnet = net.ok() ? vpc.create_subnet({{"name", "smoke-subnet"},
                                                      {"cidr", "192.168.1.0/24"},
                                                      {"gateway_ip", "192.168.1.1"},
                                                      {"vpc_id", (*net)["id"]}})
                                 : Result<Json>(net.error());
  step("create subnet smoke-subnet", subnet);

  auto fn = fg.create_function(
      {{"func_name", "smoke-hello"},
       {"package", "default"},
       {"runtime", "Python3.9"},
       {"handler", "index.handler"},
       {"memory_size", 128},
       {"timeout", 30},
       {"code_type", "inline"},
       {"func_code",
        {{"file", "ZGVmIGhhbmRsZXIoZXZlbnQsIGNvbnRleHQpOgogICAgcmV0dXJuICJoZWxsbyIK"}}}});
  if (!step("create function smoke-hello", fn)) return 1;
  const std::string urn = (*fn)["func_urn"];
  const FunctionUrn parsed = *FunctionUrn::parse(urn);
  if (subnet.ok()) {
    step("join the VPC (config update)",
         fg.update_function_config(
             urn, {{"runtime", "Python3.9"},
                   {"handler", "index.handler"},
                   {"memory_size", 256},
                   {"timeout", 30},
                   {"xrole", "smoke-fgs-agency"},
                   {"func_vpc", {{"vpc_id", (*net)["id"]}, {"subnet_id", (*subnet)["id"]}}}}));
  }
  step("publish version v1", fg.publish_version(urn, "v1", "first release"));
  step("create alias prod -> v1", fg.create_alias(urn, {{"name", "prod"}, {"version", "v1"}}));
  step("add a timer trigger (every 5 minutes)",
       fg.create_trigger(
           urn,
           {{"trigger_type_code", "TIMER"},
            {"trigger_status", "ACTIVE"},
            {"event_data", {{"name", "every5m"}, {"schedule_type", "Rate"}, {"schedule", "5m"}}}}));
  step("reserve 1 instance for alias prod",
       fg.put_reserved_instances(parsed.with_qualifier("!prod"), {{"count", 1}}));
  auto cfg = fg.get_function_config(urn);
  if (step("read the configuration back", cfg)) {
    std::cout << "        memory_size=" << (*cfg)["memory_size"] << " vpc="
              << (cfg->contains("func_vpc") ? (*cfg)["func_vpc"].value("vpc_name", "") : "none")
              << "\n";
  }
  auto all = fg.list_all_functions();
  if (step("list functions", all)) std::cout << "        " << all->size() << " function(s)\n";

  if (!keep) {
    step("delete function smoke-hello", fg.delete_function(parsed.unqualified()));
    if (subnet.ok()) step("delete subnet", vpc.delete_subnet((*net)["id"], (*subnet)["id"]));
    if (net.ok()) step("delete VPC", vpc.delete_vpc((*net)["id"]));
    if (agency.ok()) step("delete agency", iam.delete_agency((*agency)["id"]));
  }
  std::cout << "fgform-smoke: " << client.stats().requests << " signed requests, " << failures
            << " failed\n";
  return failures == 0 ? 0 : 1;
}
