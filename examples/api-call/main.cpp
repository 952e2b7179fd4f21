// fgform-api: one signed request to the platform (or the emulator), for scripts and debugging.
//
//   fgform-api METHOD PATH [JSON_BODY]
//
// PATH starts with the service's API path, e.g. /v2/{project_id}/fgs/functions; the literal
// {project_id} is replaced by the discovered project ID. The service is chosen by the path:
// /v3... is IAM, /v1/{project_id}/vpcs and /subnets are VPC, anything else FunctionGraph.
// Settings: HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME, optional HW_PROJECT_ID, and
// FGFORM_ENDPOINT (one base URL for every service, e.g. fgform-emulator's).
// Prints the JSON answer; exits 1 with the platform's error on failure.
#include <cstdlib>
#include <iostream>
#include <string>

#include "cloud/client.h"

using namespace fgform::cloud;

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-help") {
    std::cerr << "usage: fgform-api METHOD PATH [JSON_BODY]\n"
                 "  e.g. fgform-api GET '/v2/{project_id}/fgs/functions?maxitems=10'\n";
    return argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-help") ? 0
                                                                                              : 2;
  }
  ClientConfig config;
  config.credentials = resolve_credentials({});
  if (std::string msg = missing_credentials_message(config.credentials); !msg.empty()) {
    std::cerr << "fgform-api: " << msg << "\n";
    return 2;
  }
  if (const char* endpoint = std::getenv("FGFORM_ENDPOINT"))
    config.endpoints = Endpoints::all(endpoint);
  Client client(config);

  ApiCall call;
  call.method = argv[1];
  std::string target = argv[2];
  const std::size_t q = target.find('?');
  if (q != std::string::npos) {
    auto params = parse_query(target.substr(q + 1));
    if (!params) {
      std::cerr << "fgform-api: the query string has a malformed % escape\n";
      return 2;
    }
    call.query = *params;
    target.resize(q);
  }
  if (const std::size_t at = target.find("{project_id}"); at != std::string::npos) {
    auto pid = client.project_id();
    if (!pid) {
      std::cerr << "fgform-api: " << pid.error().message() << "\n";
      return 1;
    }
    target.replace(at, 12, *pid);
  }
  call.path = target;
  call.service = target.rfind("/v3", 0) == 0 ? Service::kIam
                 : (target.rfind("/v1/", 0) == 0 && (target.find("/vpcs") != std::string::npos ||
                                                     target.find("/subnets") != std::string::npos))
                     ? Service::kVpc
                     : Service::kFunctionGraph;
  if (argc == 4) {
    auto body = Json::parse(argv[3], nullptr, false);
    if (body.is_discarded()) {
      std::cerr << "fgform-api: the body is not valid JSON\n";
      return 2;
    }
    call.body = body;
  }
  auto r = client.call(call);
  if (!r) {
    std::cerr << "fgform-api: " << r.error().message() << "\n";
    return 1;
  }
  if (!r->is_null()) std::cout << r->dump(2) << "\n";
  return 0;
}
