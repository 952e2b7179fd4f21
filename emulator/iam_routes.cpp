// IAM: project and account lookups, the system-role catalogue, and agencies with their role
// grants on a project, on the whole account, and on all projects (inherited).
#include <chrono>
#include <ctime>

#include "cloud/crypto.h"
#include "cloud/time_format.h"
#include "fg_model.h"
#include "fields.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using fields::opt_string;

constexpr const char* kAgency = "agency";
constexpr const char* kGrant = "agency_role";
constexpr long kMaxAgencies = 50;

struct SystemRole {
  const char* name;
  const char* display_name;
  const char* catalog;
  const char* type;  // AX: project level, AA: both, XA: global
  const char* description;
};

// The platform's catalogue of system roles a FunctionGraph agency typically needs.
constexpr SystemRole kSystemRoles[] = {
    {"fgs_adm", "FunctionGraph Administrator", "FunctionGraph", "AX",
     "All permissions for FunctionGraph"},
    {"fgs_fullaccess", "FunctionGraph FullAccess", "FunctionGraph", "AX",
     "Full permissions for FunctionGraph"},
    {"fgs_readonly", "FunctionGraph ReadOnlyAccess", "FunctionGraph", "AX",
     "Read-only permissions for FunctionGraph"},
    {"fgs_common", "FunctionGraph CommonOperations", "FunctionGraph", "AX",
     "Common operations on FunctionGraph"},
    {"fgs_invoker", "FunctionGraph Invoker", "FunctionGraph", "AX",
     "Invoke FunctionGraph functions"},
    {"vpc_adm", "VPC Administrator", "VPC", "AX",
     "Administrator permissions for Virtual Private Cloud"},
    {"vpc_fullaccess", "VPC FullAccess", "VPC", "AX", "Full permissions for Virtual Private Cloud"},
    {"vpc_readonly", "VPC ReadOnlyAccess", "VPC", "AX",
     "Read-only permissions for Virtual Private Cloud"},
    {"sfsturbo_adm", "SFS Turbo Administrator", "SFS Turbo", "AX",
     "Administrator permissions for SFS Turbo"},
    {"sfsturbo_fullaccess", "SFS Turbo FullAccess", "SFS Turbo", "AX",
     "Full permissions for SFS Turbo"},
    {"sfsturbo_readonly", "SFS Turbo ReadOnlyAccess", "SFS Turbo", "AX",
     "Read-only permissions for SFS Turbo"},
    {"lts_adm", "LTS Administrator", "LTS", "AX", "Administrator permissions for Log Tank Service"},
    {"lts_fullaccess", "LTS FullAccess", "LTS", "AX", "Full permissions for Log Tank Service"},
    {"lts_readonly", "LTS ReadOnlyAccess", "LTS", "AX",
     "Read-only permissions for Log Tank Service"},
    {"obs_adm", "OBS Administrator", "OBS", "AA",
     "Administrator permissions for Object Storage Service"},
    {"obs_readonly", "OBS ReadOnlyAccess", "OBS", "AA",
     "Read-only permissions for Object Storage Service"},
    {"smn_adm", "SMN Administrator", "SMN", "AX",
     "Administrator permissions for Simple Message Notification"},
    {"dis_adm", "DIS Administrator", "DIS", "AX",
     "Administrator permissions for Data Ingestion Service"},
    {"apig_adm", "APIG Administrator", "APIG", "AX", "Administrator permissions for API Gateway"},
    {"dms_adm", "DMS Administrator", "DMS", "AX",
     "Administrator permissions for Distributed Message Service"},
    {"kms_adm", "KMS Administrator", "KMS", "AX",
     "Administrator permissions for Key Management Service"},
    {"swr_adm", "SWR Admin", "SWR", "AX",
     "Administrator permissions for Software Repository for Container"},
    {"aom_fullaccess", "AOM FullAccess", "AOM", "AX",
     "Full permissions for Application Operations Management"},
    {"aom_readonly", "AOM ReadOnlyAccess", "AOM", "AX",
     "Read-only permissions for Application Operations Management"},
    {"sfs_adm", "SFS Administrator", "SFS", "AX",
     "Administrator permissions for Scalable File Service"},
    {"ecs_readonly", "ECS ReadOnlyAccess", "ECS", "AX",
     "Read-only permissions for Elastic Cloud Server"},
    {"dms_readonly", "DMS ReadOnlyAccess", "DMS", "AX",
     "Read-only permissions for Distributed Message Service"},
    {"dns_readonly", "DNS ReadOnlyAccess", "DNS", "AX", "Read-only permissions for DNS"},
    {"smn_readonly", "SMN ReadOnlyAccess", "SMN", "AX",
     "Read-only permissions for Simple Message Notification"},
    {"obs_operate", "OBS OperateAccess", "OBS", "AA",
     "Basic object operation permissions for Object Storage Service"},
    {"fgs_user", "FunctionGraph User", "FunctionGraph", "AX",
     "Operate FunctionGraph functions, triggers and dependencies"},
    {"te_admin", "Tenant Administrator", "BASE", "AA",
     "Tenant Administrator (all services except IAM)"},
    {"readonly", "Tenant Guest", "BASE", "AA", "Tenant Guest (read-only, all services except IAM)"},
};

std::string role_id(const SystemRole& role) {
  // Stable across restarts and emulator instances.
  return cloud::sha256_hex(std::string("fgform-role:") + role.name).substr(0, 32);
}

Json role_json(const SystemRole& role) {
  return Json{{"id", role_id(role)},
              {"name", role.name},
              {"display_name", role.display_name},
              {"catalog", role.catalog},
              {"type", role.type},
              {"description", role.description},
              {"domain_id", nullptr},
              {"flag", "fine_grained"},
              {"policy",
               {{"Version", "1.1"},
                {"Statement",
                 Json::array({Json{{"Effect", "Allow"},
                                   {"Action", Json::array({std::string(role.name) + ":*:*"})}}})}}},
              {"links", {{"self", std::string("/v3/roles/") + role_id(role)}}}};
}

const SystemRole* find_role(const std::string& id) {
  for (const auto& r : kSystemRoles) {
    if (role_id(r) == id) return &r;
  }
  return nullptr;
}

Json project_json(const World& w) {
  return Json{{"id", w.project_id},       {"name", w.region},
              {"domain_id", w.domain_id}, {"parent_id", w.domain_id},
              {"description", ""},        {"enabled", true},
              {"is_domain", false},       {"links", {{"self", "/v3/projects/" + w.project_id}}}};
}

Reply list_projects(Request& req, World& world) {
  Json projects = Json::array();
  const std::string name = req.query_value("name");
  const std::string domain = req.query_value("domain_id");
  if ((name.empty() || name == world.region) && (domain.empty() || domain == world.domain_id)) {
    projects.push_back(project_json(world));
  }
  return ok(Json{{"projects", projects},
                 {"links", {{"self", "/v3/projects"}, {"previous", nullptr}, {"next", nullptr}}}});
}

Reply get_project(Request& req, World& world) {
  if (req.param("id") != world.project_id)
    fail(404, "", "Could not find project: " + req.param("id"));
  return ok(Json{{"project", project_json(world)}});
}

Reply list_domains(Request&, World& world) {
  return ok(Json{
      {"domains", Json::array({Json{{"id", world.domain_id},
                                    {"name", world.domain_name},
                                    {"enabled", true},
                                    {"description", ""},
                                    {"links", {{"self", "/v3/domains/" + world.domain_id}}}}})},
      {"links", {{"self", "/v3/auth/domains"}}}});
}

Reply list_roles(Request& req, World&) {
  const std::string display = req.query_value("display_name");
  const std::string name = req.query_value("name");
  const long page = req.query_long("page", 1, 1, 100000);
  const long per_page = req.query_long("per_page", 300, 1, 300);
  std::vector<Json> matching;
  for (const auto& r : kSystemRoles) {
    if (!display.empty() && display != r.display_name) continue;
    if (!name.empty() && name != r.name) continue;
    matching.push_back(role_json(r));
  }
  Json roles = Json::array();
  const long total = static_cast<long>(matching.size());
  for (long i = (page - 1) * per_page; i < total && i < page * per_page; ++i)
    roles.push_back(matching[i]);
  return ok(Json{{"roles", roles},
                 {"links", {{"self", "/v3/roles"}, {"previous", nullptr}, {"next", nullptr}}},
                 {"total_number", total}});
}

Reply get_role(Request& req, World&) {
  const SystemRole* r = find_role(req.param("role_id"));
  if (!r) fail(404, "", "Could not find role: " + req.param("role_id"));
  return ok(Json{{"role", role_json(*r)}});
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  return cloud::format_utc(t, "%Y-%m-%dT%H:%M:%S.000000");
}

// "FOREVER", "ONEDAY" or a number of days (string or integer) → (stored text, days or 0).
std::pair<std::string, long> parse_duration(const Json& agency) {
  if (!agency.contains("duration") || agency["duration"].is_null()) return {"FOREVER", 0};
  const Json& d = agency["duration"];
  std::string text = d.is_number_integer() ? std::to_string(d.get<long long>())
                                           : (d.is_string() ? d.get<std::string>() : "");
  if (text == "FOREVER") return {text, 0};
  if (text == "ONEDAY") return {text, 1};
  try {
    std::size_t used = 0;
    long days = std::stol(text, &used);
    if (used == text.size() && days >= 1 && days <= 36500) return {text, days};
  } catch (const std::exception&) {
  }
  bad_request("duration must be FOREVER, ONEDAY or a number of days, got \"" + text + "\"");
}

void apply_agency_fields(Json& doc, const Json& a) {
  if (auto t = opt_string(a, "trust_domain_name", 64)) {
    doc["trust_domain_name"] = *t;
    doc["trust_domain_id"] = t->rfind("op_svc_", 0) == 0
                                 ? cloud::sha256_hex("service:" + *t).substr(0, 32)
                                 : opt_string(a, "trust_domain_id", 64)
                                       .value_or(cloud::sha256_hex("domain:" + *t).substr(0, 32));
  } else if (auto id = opt_string(a, "trust_domain_id", 64)) {
    doc["trust_domain_id"] = *id;
  }
  if (auto d = opt_string(a, "description", 255)) doc["description"] = *d;
  if (a.contains("duration")) {
    auto [text, days] = parse_duration(a);
    doc["duration"] = text;
    doc["expire_time"] =
        days == 0
            ? Json(nullptr)
            : Json(iso_time(std::chrono::system_clock::now() + std::chrono::hours(24 * days)));
  }
}

const Json& agency_body(Request& req, const char* where) {
  const Json& body = req.json();
  fields::reject_unknown(body, {"agency"}, where);
  if (!body.contains("agency") || !body["agency"].is_object()) bad_request("agency is required");
  return body["agency"];
}

Reply create_agency(Request& req, World& world) {
  const Json& a = agency_body(req, "the create-agency request");
  fields::reject_unknown(
      a, {"name", "domain_id", "trust_domain_id", "trust_domain_name", "description", "duration"},
      "agency");
  const std::string name = fields::req_string(a, "name", 64);
  const std::string domain = fields::req_string(a, "domain_id", 64);
  if (domain != world.domain_id) fail(403, "", "the agency must belong to your own account");
  if (!a.contains("trust_domain_name") && !a.contains("trust_domain_id")) {
    bad_request("trust_domain_name (an account or a service such as op_svc_cff) is required");
  }
  for (const auto& other : world.store.list(kAgency, domain)) {
    if (other.value("name", "") == name)
      fail(409, "", "Agency with name " + name + " already exists");
  }
  if (world.store.count(kAgency, domain) >= kMaxAgencies)
    bad_request("an account can have at most 50 agencies");
  Json doc{{"id", cloud::random_hex(16)},
           {"name", name},
           {"domain_id", domain},
           {"description", ""},
           {"duration", "FOREVER"},
           {"expire_time", nullptr},
           {"create_time", iso_time(std::chrono::system_clock::now())}};
  apply_agency_fields(doc, a);
  world.store.put(kAgency, doc["id"], domain, doc);
  return ok(Json{{"agency", doc}}, 201);
}

Json load_agency(World& world, const std::string& id) {
  auto doc = world.store.get(kAgency, id);
  if (!doc) fail(404, "", "Could not find agency: " + id);
  return *doc;
}

Reply get_agency(Request& req, World& world) {
  return ok(Json{{"agency", load_agency(world, req.param("agency_id"))}});
}

Reply update_agency(Request& req, World& world) {
  Json doc = load_agency(world, req.param("agency_id"));
  const Json& a = agency_body(req, "the update-agency request");
  fields::reject_unknown(a, {"trust_domain_id", "trust_domain_name", "description", "duration"},
                         "agency");
  apply_agency_fields(doc, a);
  world.store.put(kAgency, doc["id"], doc["domain_id"], doc);
  return ok(Json{{"agency", doc}});
}

Reply delete_agency(Request& req, World& world) {
  load_agency(world, req.param("agency_id"));
  world.store.erase_children(kGrant, req.param("agency_id"));
  world.store.erase(kAgency, req.param("agency_id"));
  return no_content();
}

Reply list_agencies(Request& req, World& world) {
  const std::string domain = req.query_value("domain_id");
  if (domain.empty()) bad_request("domain_id is required");
  const std::string name = req.query_value("name");
  const std::string trust = req.query_value("trust_domain_id");
  Json out = Json::array();
  for (auto& a : world.store.list(kAgency, domain)) {
    if (!name.empty() && a.value("name", "") != name) continue;
    if (!trust.empty() && a.value("trust_domain_id", "") != trust) continue;
    out.push_back(std::move(a));
  }
  return ok(Json{{"agencies", out}});
}

// Grants: scope is "project", "domain" or "inherited".
std::string grant_key(const std::string& agency, const std::string& scope,
                      const std::string& scope_id, const std::string& role) {
  return agency + "|" + scope + "|" + scope_id + "|" + role;
}

struct GrantTarget {
  std::string agency;
  std::string scope;
  std::string scope_id;
};

GrantTarget grant_target(Request& req, World& world, const std::string& scope) {
  GrantTarget t{req.param("agency_id"), scope, ""};
  if (scope == "project") {
    t.scope_id = req.param("project_id");
    if (t.scope_id != world.project_id) fail(404, "", "Could not find project: " + t.scope_id);
  } else {
    t.scope_id = req.param("domain_id");
    if (t.scope_id != world.domain_id) fail(404, "", "Could not find domain: " + t.scope_id);
  }
  load_agency(world, t.agency);
  return t;
}

Handler grant(std::string scope) {
  return [scope](Request& req, World& world) {
    GrantTarget t = grant_target(req, world, scope);
    const SystemRole* role = find_role(req.param("role_id"));
    if (!role) fail(404, "", "Could not find role: " + req.param("role_id"));
    world.store.put(kGrant, grant_key(t.agency, scope, t.scope_id, role_id(*role)), t.agency,
                    Json{{"scope", scope}, {"scope_id", t.scope_id}, {"role_id", role_id(*role)}});
    return no_content();
  };
}

Handler revoke(std::string scope) {
  return [scope](Request& req, World& world) {
    GrantTarget t = grant_target(req, world, scope);
    if (!world.store.erase(kGrant, grant_key(t.agency, scope, t.scope_id, req.param("role_id")))) {
      fail(404, "", "the role is not granted to this agency here");
    }
    return no_content();
  };
}

Handler check_grant(std::string scope) {
  return [scope](Request& req, World& world) {
    GrantTarget t = grant_target(req, world, scope);
    if (!world.store.get(kGrant, grant_key(t.agency, scope, t.scope_id, req.param("role_id")))) {
      fail(404, "", "the role is not granted to this agency here");
    }
    return no_content();
  };
}

Handler list_grants(std::string scope) {
  return [scope](Request& req, World& world) {
    GrantTarget t = grant_target(req, world, scope);
    Json roles = Json::array();
    for (const auto& g : world.store.list(kGrant, t.agency)) {
      if (g.value("scope", "") != scope || g.value("scope_id", "") != t.scope_id) continue;
      if (const SystemRole* r = find_role(g.value("role_id", ""))) roles.push_back(role_json(*r));
    }
    return ok(Json{{"roles", roles}, {"links", {{"self", ""}}}});
  };
}

}  // namespace

void add_iam_routes(Router& r) {
  const auto I = Family::kIam;
  r.add("GET", "/v3/projects", I, list_projects);
  r.add("GET", "/v3/auth/projects", I, list_projects);
  r.add("GET", "/v3/projects/{id}", I, get_project);
  r.add("GET", "/v3/auth/domains", I, list_domains);
  r.add("GET", "/v3/roles", I, list_roles);
  r.add("GET", "/v3/roles/{role_id}", I, get_role);
  r.add("POST", "/v3.0/OS-AGENCY/agencies", I, create_agency);
  r.add("GET", "/v3.0/OS-AGENCY/agencies", I, list_agencies);
  r.add("GET", "/v3.0/OS-AGENCY/agencies/{agency_id}", I, get_agency);
  r.add("PUT", "/v3.0/OS-AGENCY/agencies/{agency_id}", I, update_agency);
  r.add("DELETE", "/v3.0/OS-AGENCY/agencies/{agency_id}", I, delete_agency);
  for (auto [scope, base] :
       {std::pair{"project", "/v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles"},
        std::pair{"domain", "/v3.0/OS-AGENCY/domains/{domain_id}/agencies/{agency_id}/roles"}}) {
    r.add("GET", base, I, list_grants(scope));
    r.add("PUT", std::string(base) + "/{role_id}", I, grant(scope));
    r.add("DELETE", std::string(base) + "/{role_id}", I, revoke(scope));
    r.add("HEAD", std::string(base) + "/{role_id}", I, check_grant(scope));
  }
  const std::string inherited = "/v3.0/OS-INHERIT/domains/{domain_id}/agencies/{agency_id}/roles";
  r.add("GET", inherited + "/inherited_to_projects", I, list_grants("inherited"));
  r.add("PUT", inherited + "/{role_id}/inherited_to_projects", I, grant("inherited"));
  r.add("DELETE", inherited + "/{role_id}/inherited_to_projects", I, revoke("inherited"));
  r.add("HEAD", inherited + "/{role_id}/inherited_to_projects", I, check_grant("inherited"));
}

}  // namespace fgform::emulator
