// IAM agencies and role grants; VPC v1 networks.
#include <catch2/catch.hpp>

#include "fixture.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using fgform::testing::EmulatorFixture;

TEST_CASE("agency lifecycle with project and account role grants") {
  EmulatorFixture env;
  auto domain = env.client().domain_id();
  REQUIRE(domain.ok());
  CHECK(*domain == env.emulator().domain_id());

  auto agency = env.iam().create_agency({{"name", "fgs-vpc"},
                                         {"trust_domain_name", "op_svc_cff"},
                                         {"description", "FunctionGraph VPC access"},
                                         {"duration", "FOREVER"}});
  REQUIRE(agency.ok());
  const std::string id = (*agency)["id"];
  CHECK((*agency)["trust_domain_name"] == "op_svc_cff");
  CHECK((*agency)["expire_time"].is_null());
  CHECK(env.iam()
            .create_agency({{"name", "fgs-vpc"}, {"trust_domain_name", "op_svc_cff"}})
            .error()
            .kind == ErrorKind::kConflict);
  CHECK(env.iam()
            .create_agency(
                {{"name", "x"}, {"trust_domain_name", "op_svc_cff"}, {"duration", "SOMETIMES"}})
            .error()
            .error_msg.find("duration") != std::string::npos);

  auto role = env.iam().find_role("VPC Administrator");
  REQUIRE(role.ok());
  auto sfs = env.iam().find_role("SFS Turbo Administrator");
  REQUIRE(sfs.ok());
  CHECK(env.iam().find_role("No Such Role").error().kind == ErrorKind::kNotFound);

  const std::string pid = *env.client().project_id();
  REQUIRE(env.iam().grant_project_role(pid, id, (*role)["id"]).ok());
  REQUIRE(env.iam().grant_domain_role(id, (*sfs)["id"]).ok());
  auto project_roles = env.iam().list_project_roles(pid, id);
  REQUIRE(project_roles.ok());
  REQUIRE(project_roles->size() == 1);
  CHECK((*project_roles)[0]["display_name"] == "VPC Administrator");
  CHECK(env.iam().list_domain_roles(id)->size() == 1);
  const std::string grant_path = "/v3.0/OS-AGENCY/projects/" + pid + "/agencies/" + id + "/roles/";
  CHECK(env.raw("HEAD", grant_path + (*role)["id"].get<std::string>(), "").status == 204);
  CHECK(env.raw("HEAD", grant_path + (*sfs)["id"].get<std::string>(), "").status == 404);
  REQUIRE(env.iam().revoke_project_role(pid, id, (*role)["id"]).ok());
  CHECK(env.iam().list_project_roles(pid, id)->empty());
  CHECK(env.iam().grant_project_role(pid, id, "0000").error().kind == ErrorKind::kNotFound);

  auto updated = env.iam().update_agency(id, {{"description", "changed"}, {"duration", "ONEDAY"}});
  REQUIRE(updated.ok());
  CHECK((*updated)["duration"] == "ONEDAY");
  CHECK_FALSE((*updated)["expire_time"].is_null());
  CHECK(env.iam().list_agencies("fgs-vpc")->size() == 1);

  REQUIRE(env.iam().delete_agency(id).ok());
  auto gone = env.iam().get_agency(id);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().kind == ErrorKind::kNotFound);
  CHECK(gone.error().error_msg.find("Could not find agency") != std::string::npos);
}

TEST_CASE("role catalogue pages like IAM") {
  EmulatorFixture env;
  auto all = env.iam().list_roles();
  REQUIRE(all.ok());
  CHECK(all->size() >= 20);
  auto raw = env.raw("GET", "/v3/roles?page=2&per_page=5", "");
  REQUIRE(raw.status == 200);
  auto body = Json::parse(raw.body);
  CHECK(body["roles"].size() == 5);
  CHECK(body["total_number"] == all->size());
}

TEST_CASE("VPCs and subnets: CIDR rules, paging by marker, quota, dependent deletes") {
  EmulatorFixture env;
  CHECK(env.vpc()
            .create_vpc({{"name", "pub"}, {"cidr", "8.8.0.0/16"}})
            .error()
            .error_msg.find("10.0.0.0/8") != std::string::npos);
  CHECK(env.vpc().create_vpc({{"name", "bad name!"}}).error().kind == ErrorKind::kValidation);
  auto vpc =
      env.vpc().create_vpc({{"name", "vpc-1"}, {"cidr", "10.0.0.0/16"}, {"description", "d"}});
  REQUIRE(vpc.ok());
  const std::string vpc_id = (*vpc)["id"];
  CHECK((*vpc)["status"] == "OK");

  for (int i = 0; i < 5; ++i) {
    auto s = env.vpc().create_subnet({{"name", "s" + std::to_string(i)},
                                      {"cidr", "10.0." + std::to_string(i) + ".0/24"},
                                      {"gateway_ip", "10.0." + std::to_string(i) + ".1"},
                                      {"vpc_id", vpc_id}});
    REQUIRE(s.ok());
  }
  auto overlap = env.vpc().create_subnet(
      {{"name", "o"}, {"cidr", "10.0.0.0/23"}, {"gateway_ip", "10.0.0.1"}, {"vpc_id", vpc_id}});
  CHECK(overlap.error().kind == ErrorKind::kConflict);
  auto outside = env.vpc().create_subnet(
      {{"name", "o"}, {"cidr", "10.1.0.0/24"}, {"gateway_ip", "10.1.0.1"}, {"vpc_id", vpc_id}});
  CHECK(outside.error().error_msg.find("not inside") != std::string::npos);
  auto bad_gw = env.vpc().create_subnet(
      {{"name", "o"}, {"cidr", "10.0.9.0/24"}, {"gateway_ip", "10.0.8.1"}, {"vpc_id", vpc_id}});
  CHECK(bad_gw.error().error_msg.find("gateway_ip") != std::string::npos);

  auto subnets = env.vpc().list_subnets(vpc_id, 2);  // 3 pages
  REQUIRE(subnets.ok());
  REQUIRE(subnets->size() == 5);
  CHECK((*subnets)[4]["name"] == "s4");

  const std::string first = (*subnets)[0]["id"];
  auto upd = env.vpc().update_subnet(vpc_id, first, {{"name", "renamed"}});
  REQUIRE(upd.ok());
  CHECK((*env.vpc().get_subnet(first))["name"] == "renamed");

  CHECK(env.vpc().delete_vpc(vpc_id).error().kind == ErrorKind::kConflict);
  for (const auto& s : *subnets) REQUIRE(env.vpc().delete_subnet(vpc_id, s["id"]).ok());
  REQUIRE(env.vpc().update_vpc(vpc_id, {{"name", "vpc-1b"}}).ok());
  REQUIRE(env.vpc().delete_vpc(vpc_id).ok());
  CHECK(env.vpc().get_vpc(vpc_id).error().error_code == "VPC.0101");

  for (int i = 0; i < 4; ++i)
    REQUIRE(env.vpc().create_vpc({{"name", "q" + std::to_string(i)}}).ok());
  CHECK(env.vpc().create_vpc({{"name", "q5"}}).error().error_msg.find("quota") !=
        std::string::npos);
  CHECK(env.vpc().list_vpcs(3)->size() == 4);
}

TEST_CASE("VPC v3 reads answer from the v1 store in the v3 shape") {
  EmulatorFixture env;
  auto vpc = env.vpc().create_vpc({{"name", "shared"}, {"cidr", "10.8.0.0/16"}});
  REQUIRE(vpc.ok());
  const std::string id = (*vpc)["id"];
  REQUIRE(
      env.vpc()
          .create_subnet(
              {{"name", "s"}, {"cidr", "10.8.1.0/24"}, {"gateway_ip", "10.8.1.1"}, {"vpc_id", id}})
          .ok());
  CHECK_FALSE((*env.vpc().get_vpc(id)).contains("_created_unix"));  // v1 shows no internals
  const std::string base = "/v3/" + env.emulator().project_id() + "/vpc/vpcs";

  auto shown = env.raw("GET", base + "/" + id, "");
  REQUIRE(shown.status == 200);
  const Json body = Json::parse(shown.body);
  CHECK(body["request_id"].get<std::string>().size() == 32);
  const Json& v = body["vpc"];
  CHECK(v["id"] == id);
  CHECK(v["name"] == "shared");
  CHECK(v["cidr"] == "10.8.0.0/16");
  CHECK(v["extend_cidrs"] == Json::array());
  CHECK(v["status"] == "ACTIVE");
  CHECK(v["tags"] == Json::array());
  CHECK(v["project_id"] == env.emulator().project_id());
  CHECK(v["enterprise_project_id"] == "0");
  CHECK(v["block_service_endpoint_states"] == "off");
  CHECK(v["enable_network_address_usage_metrics"] == false);
  // UTC, no zone: yyyy-MM-ddTHH:mm:ss.
  CHECK(v["created_at"].get<std::string>().size() == 19);
  CHECK(v["updated_at"].get<std::string>().size() == 19);
  REQUIRE(v["cloud_resources"].size() == 2);
  CHECK(v["cloud_resources"][1] == Json{{"resource_type", "virsubnet"}, {"resource_count", 1}});

  REQUIRE(env.vpc().create_vpc({{"name", "other"}, {"cidr", "10.9.0.0/16"}}).ok());
  auto page1 = Json::parse(env.raw("GET", base + "?limit=1", "").body);
  REQUIRE(page1["vpcs"].size() == 1);
  CHECK(page1["vpcs"][0]["id"] == id);
  CHECK(page1["page_info"]["current_count"] == 1);
  REQUIRE(page1["page_info"].contains("next_marker"));
  auto page2 = Json::parse(
      env.raw("GET",
              base + "?limit=1&marker=" + page1["page_info"]["next_marker"].get<std::string>(), "")
          .body);
  REQUIRE(page2["vpcs"].size() == 1);
  CHECK(page2["vpcs"][0]["name"] == "other");
  CHECK_FALSE(page2["page_info"].contains("next_marker"));  // the last page says so
  auto by_name = Json::parse(env.raw("GET", base + "?name=other&name=none", "").body);
  CHECK(by_name["vpcs"].size() == 1);

  auto missing = env.raw("GET", base + "/00000000-0000-4000-8000-000000000000", "");
  CHECK(missing.status == 404);
  CHECK(Json::parse(missing.body)["error_code"] == "VPC.0101");
  CHECK(Json::parse(missing.body).contains("error_msg"));
}

TEST_CASE(
    "agency duration is a string and updates name the delegated account by trust_domain_name") {
  EmulatorFixture env;
  const std::string domain = env.emulator().domain_id();
  auto created = env.raw("POST", "/v3.0/OS-AGENCY/agencies",
                         Json{{"agency",
                               {{"name", "tmp"},
                                {"domain_id", domain},
                                {"trust_domain_name", "partner-account"},
                                {"duration", "ONEDAY"}}}}
                             .dump());
  REQUIRE(created.status == 201);
  const Json agency = Json::parse(created.body)["agency"];
  CHECK(agency["duration"] == "ONEDAY");
  CHECK(agency["expire_time"].is_string());

  // GSDK's UpdateOpts.DelegatedDomain goes on the wire as trust_domain_name.
  auto updated = env.raw(
      "PUT", "/v3.0/OS-AGENCY/agencies/" + agency["id"].get<std::string>(),
      Json{{"agency", {{"trust_domain_name", "other-account"}, {"duration", "FOREVER"}}}}.dump());
  REQUIRE(updated.status == 200);
  const Json after = Json::parse(updated.body)["agency"];
  CHECK(after["trust_domain_name"] == "other-account");
  CHECK(after["duration"] == "FOREVER");
  CHECK(after["expire_time"].is_null());

  // "delegated_domain" is the SDK's field name, not a key of the API: refused, and named.
  auto sdk_name = env.raw("PUT", "/v3.0/OS-AGENCY/agencies/" + agency["id"].get<std::string>(),
                          Json{{"agency", {{"delegated_domain", "x"}}}}.dump());
  CHECK(sdk_name.status == 400);
  CHECK(Json::parse(sdk_name.body)["error_msg"].get<std::string>().find("delegated_domain") !=
        std::string::npos);

  auto days = env.raw("PUT", "/v3.0/OS-AGENCY/agencies/" + agency["id"].get<std::string>(),
                      Json{{"agency", {{"duration", 20}}}}.dump());
  REQUIRE(days.status == 200);
  CHECK(Json::parse(days.body)["agency"]["duration"] == "20");  // a count of days, as a string
}

TEST_CASE("the role catalogue carries the system roles FunctionGraph agencies are granted") {
  EmulatorFixture env;
  for (const char* name :
       {"VPC Administrator", "SFS Administrator", "SFS Turbo ReadOnlyAccess", "ECS ReadOnlyAccess",
        "Tenant Guest", "Tenant Administrator", "AOM ReadOnlyAccess",
        "FunctionGraph ReadOnlyAccess", "FunctionGraph User", "DMS ReadOnlyAccess",
        "DNS ReadOnlyAccess", "OBS Administrator", "SMN Administrator", "DIS Administrator",
        "LTS FullAccess", "SWR Admin"}) {
    INFO(name);
    auto role = env.iam().find_role(name);
    REQUIRE(role.ok());
    CHECK((*role)["display_name"] == name);
    CHECK((*role)["id"].get<std::string>().size() == 32);
  }
}
