#include "iam_api.h"

#include "json_read.h"

namespace fgform::cloud {

Result<Json> IamApi::send(std::string method, std::string path, QueryParams query,
                          std::optional<Json> body, std::vector<int> ok) {
  return client_.call({Service::kIam, std::move(method), std::move(path), std::move(query),
                       std::move(body), std::move(ok)});
}

Result<std::vector<Json>> IamApi::items(Result<Json> r, const char* key) {
  if (!r) return r.error();
  const Json& list = array_of(*r, key);
  return std::vector<Json>(list.begin(), list.end());
}

Result<std::vector<Json>> IamApi::list_projects(const std::string& name) {
  QueryParams q;
  if (!name.empty()) q.emplace_back("name", name);
  return items(send("GET", "/v3/projects", q), "projects");
}

Result<std::vector<Json>> IamApi::list_roles(const std::string& display_name) {
  std::vector<Json> all;
  for (int page = 1;; ++page) {
    QueryParams q{{"page", std::to_string(page)}, {"per_page", "300"}};
    if (!display_name.empty()) q.emplace_back("display_name", display_name);
    auto r = send("GET", "/v3/roles", q);
    if (!r) return r.error();
    const Json& roles = array_of(*r, "roles");
    if (roles.empty()) break;
    for (const auto& role : roles) all.push_back(role);
    if (static_cast<std::int64_t>(all.size()) >= integer_of(*r, "total_number")) break;
  }
  return all;
}

Result<Json> IamApi::find_role(const std::string& display_name) {
  auto roles = list_roles(display_name);
  if (!roles) return roles.error();
  for (const auto& role : *roles) {
    if (text_of(role, "display_name") == display_name) return role;
  }
  ApiError e;
  e.kind = ErrorKind::kNotFound;
  e.error_msg = "no IAM role is named \"" + display_name + "\"";
  return e;
}

Result<Json> IamApi::create_agency(const Json& agency) {
  Json inner = agency;
  if (!inner.contains("domain_id")) {
    auto domain = client_.domain_id();
    if (!domain) return domain.error();
    inner["domain_id"] = *domain;
  }
  const std::string path = "/v3.0/OS-AGENCY/agencies";
  auto r = send("POST", path, {}, Json{{"agency", inner}}, {200, 201});
  return wrapped_object(std::move(r), "agency", "POST", path);
}

Result<Json> IamApi::get_agency(const std::string& agency_id) {
  const std::string path = "/v3.0/OS-AGENCY/agencies/" + agency_id;
  auto r = send("GET", path);
  return wrapped_object(std::move(r), "agency", "GET", path);
}

// The answer is not used beyond success (the resource reads the agency back), so an answer
// without the object is an empty one.
Result<Json> IamApi::update_agency(const std::string& agency_id, const Json& agency) {
  auto r = send("PUT", "/v3.0/OS-AGENCY/agencies/" + agency_id, {}, Json{{"agency", agency}});
  if (!r) return r.error();
  return object_of(*r, "agency");
}

Status IamApi::delete_agency(const std::string& agency_id) {
  auto r = send("DELETE", "/v3.0/OS-AGENCY/agencies/" + agency_id, {}, std::nullopt, {204});
  if (!r) return r.error();
  return Done{};
}

Result<std::vector<Json>> IamApi::list_agencies(const std::string& name) {
  auto domain = client_.domain_id();
  if (!domain) return domain.error();
  QueryParams q{{"domain_id", *domain}};
  if (!name.empty()) q.emplace_back("name", name);
  return items(send("GET", "/v3.0/OS-AGENCY/agencies", q), "agencies");
}

namespace {

std::string project_roles_path(const std::string& project_id, const std::string& agency_id) {
  return "/v3.0/OS-AGENCY/projects/" + project_id + "/agencies/" + agency_id + "/roles";
}

std::string domain_roles_path(const std::string& domain_id, const std::string& agency_id) {
  return "/v3.0/OS-AGENCY/domains/" + domain_id + "/agencies/" + agency_id + "/roles";
}

}  // namespace

Status IamApi::grant_project_role(const std::string& project_id, const std::string& agency_id,
                                  const std::string& role_id) {
  auto r = send("PUT", project_roles_path(project_id, agency_id) + "/" + role_id, {}, std::nullopt,
                {204});
  if (!r) return r.error();
  return Done{};
}

Status IamApi::revoke_project_role(const std::string& project_id, const std::string& agency_id,
                                   const std::string& role_id) {
  auto r = send("DELETE", project_roles_path(project_id, agency_id) + "/" + role_id, {},
                std::nullopt, {204});
  if (!r) return r.error();
  return Done{};
}

Result<std::vector<Json>> IamApi::list_project_roles(const std::string& project_id,
                                                     const std::string& agency_id) {
  return items(send("GET", project_roles_path(project_id, agency_id)), "roles");
}

Status IamApi::grant_domain_role(const std::string& agency_id, const std::string& role_id) {
  auto domain = client_.domain_id();
  if (!domain) return domain.error();
  auto r =
      send("PUT", domain_roles_path(*domain, agency_id) + "/" + role_id, {}, std::nullopt, {204});
  if (!r) return r.error();
  return Done{};
}

Status IamApi::revoke_domain_role(const std::string& agency_id, const std::string& role_id) {
  auto domain = client_.domain_id();
  if (!domain) return domain.error();
  auto r = send("DELETE", domain_roles_path(*domain, agency_id) + "/" + role_id, {}, std::nullopt,
                {204});
  if (!r) return r.error();
  return Done{};
}

Result<std::vector<Json>> IamApi::list_domain_roles(const std::string& agency_id) {
  auto domain = client_.domain_id();
  if (!domain) return domain.error();
  return items(send("GET", domain_roles_path(*domain, agency_id)), "roles");
}

}  // namespace fgform::cloud
