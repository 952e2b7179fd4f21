// Typed IAM calls: projects and domains lookups, the system-role catalogue, agencies and their
// role grants on projects and on the whole account.
#pragma once

#include <string>
#include <vector>

#include "client.h"

namespace fgform::cloud {

class IamApi {
 public:
  explicit IamApi(Client& client) : client_(client) {}

  Result<std::vector<Json>> list_projects(const std::string& name = {});
  Result<std::vector<Json>> list_roles(const std::string& display_name = {});
  // The role whose display name matches exactly, e.g. "FunctionGraph Administrator".
  Result<Json> find_role(const std::string& display_name);

  Result<Json> create_agency(const Json& agency);  // the inner object; wrapped as {"agency":...}
  Result<Json> get_agency(const std::string& agency_id);
  Result<Json> update_agency(const std::string& agency_id, const Json& agency);
  Status delete_agency(const std::string& agency_id);
  Result<std::vector<Json>> list_agencies(const std::string& name = {});

  Status grant_project_role(const std::string& project_id, const std::string& agency_id,
                            const std::string& role_id);
  Status revoke_project_role(const std::string& project_id, const std::string& agency_id,
                             const std::string& role_id);
  Result<std::vector<Json>> list_project_roles(const std::string& project_id,
                                               const std::string& agency_id);
  Status grant_domain_role(const std::string& agency_id, const std::string& role_id);
  Status revoke_domain_role(const std::string& agency_id, const std::string& role_id);
  Result<std::vector<Json>> list_domain_roles(const std::string& agency_id);

 private:
  Result<Json> send(std::string method, std::string path, QueryParams query = {},
                    std::optional<Json> body = std::nullopt, std::vector<int> ok = {});
  Result<std::vector<Json>> items(Result<Json> r, const char* key);

  Client& client_;
};

}  // namespace fgform::cloud
