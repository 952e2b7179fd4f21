// Typed VPC v1 calls: VPCs and subnets, the network a function joins.
#pragma once

#include <string>
#include <vector>

#include "client.h"

namespace fgform::cloud {

class VpcApi {
 public:
  explicit VpcApi(Client& client) : client_(client) {}

  Result<Json> create_vpc(const Json& vpc);  // inner object; wrapped as {"vpc":...}
  Result<Json> get_vpc(const std::string& vpc_id);
  Result<Json> update_vpc(const std::string& vpc_id, const Json& vpc);
  Status delete_vpc(const std::string& vpc_id);
  Result<std::vector<Json>> list_vpcs(long page_size = 100);

  Result<Json> create_subnet(const Json& subnet);  // inner object; wrapped as {"subnet":...}
  Result<Json> get_subnet(const std::string& subnet_id);
  Result<Json> update_subnet(const std::string& vpc_id, const std::string& subnet_id,
                             const Json& subnet);
  Status delete_subnet(const std::string& vpc_id, const std::string& subnet_id);
  Result<std::vector<Json>> list_subnets(const std::string& vpc_id = {}, long page_size = 100);

 private:
  Result<Json> send(std::string method, const std::string& suffix, QueryParams query = {},
                    std::optional<Json> body = std::nullopt, std::vector<int> ok = {});
  // Sends the call and returns the object its answer wraps under `key` (an error without one).
  Result<Json> unwrap(std::string method, const std::string& suffix, const char* key,
                      std::optional<Json> body = std::nullopt);
  // VPC v1 pages by the ID of the last item seen.
  Result<std::vector<Json>> list_by_marker(const std::string& suffix, const char* key,
                                           QueryParams filters, long page_size);

  Client& client_;
};

}  // namespace fgform::cloud
