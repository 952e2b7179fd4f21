#include "vpc_api.h"

#include "json_read.h"

namespace fgform::cloud {

Result<Json> VpcApi::send(std::string method, const std::string& suffix, QueryParams query,
                          std::optional<Json> body, std::vector<int> ok) {
  auto pid = client_.project_id();
  if (!pid) return pid.error();
  return client_.call({Service::kVpc, std::move(method), "/v1/" + *pid + suffix, std::move(query),
                       std::move(body), std::move(ok)});
}

Result<Json> VpcApi::unwrap(std::string method, const std::string& suffix, const char* key,
                            std::optional<Json> body) {
  auto pid = client_.project_id();
  if (!pid) return pid.error();
  auto r = send(method, suffix, {}, std::move(body));
  return wrapped_object(std::move(r), key, std::move(method), "/v1/" + *pid + suffix);
}

Result<std::vector<Json>> VpcApi::list_by_marker(const std::string& suffix, const char* key,
                                                 QueryParams filters, long page_size) {
  std::vector<Json> all;
  std::string marker;
  while (true) {
    QueryParams q = filters;
    q.emplace_back("limit", std::to_string(page_size));
    if (!marker.empty()) q.emplace_back("marker", marker);
    auto r = send("GET", suffix, q);
    if (!r) return r.error();
    const Json& items = array_of(*r, key);
    if (items.empty()) break;
    for (const auto& v : items) all.push_back(v);
    std::string last = text_of(items.back(), "id");
    if (static_cast<long>(items.size()) < page_size || last.empty() || last == marker) break;
    marker = last;
  }
  return all;
}

Result<Json> VpcApi::create_vpc(const Json& vpc) {
  return unwrap("POST", "/vpcs", "vpc", Json{{"vpc", vpc}});
}
Result<Json> VpcApi::get_vpc(const std::string& vpc_id) {
  return unwrap("GET", "/vpcs/" + vpc_id, "vpc");
}
Result<Json> VpcApi::update_vpc(const std::string& vpc_id, const Json& vpc) {
  // Only success matters: the resource reads the VPC back.
  auto r = send("PUT", "/vpcs/" + vpc_id, {}, Json{{"vpc", vpc}});
  if (!r) return r.error();
  return object_of(*r, "vpc");
}
Status VpcApi::delete_vpc(const std::string& vpc_id) {
  auto r = send("DELETE", "/vpcs/" + vpc_id, {}, std::nullopt, {204});
  if (!r) return r.error();
  return Done{};
}
Result<std::vector<Json>> VpcApi::list_vpcs(long page_size) {
  return list_by_marker("/vpcs", "vpcs", {}, page_size);
}

Result<Json> VpcApi::create_subnet(const Json& subnet) {
  return unwrap("POST", "/subnets", "subnet", Json{{"subnet", subnet}});
}
Result<Json> VpcApi::get_subnet(const std::string& subnet_id) {
  return unwrap("GET", "/subnets/" + subnet_id, "subnet");
}
Result<Json> VpcApi::update_subnet(const std::string& vpc_id, const std::string& subnet_id,
                                   const Json& subnet) {
  // Only success matters: the resource reads the subnet back.
  auto r = send("PUT", "/vpcs/" + vpc_id + "/subnets/" + subnet_id, {}, Json{{"subnet", subnet}});
  if (!r) return r.error();
  return object_of(*r, "subnet");
}
Status VpcApi::delete_subnet(const std::string& vpc_id, const std::string& subnet_id) {
  auto r = send("DELETE", "/vpcs/" + vpc_id + "/subnets/" + subnet_id, {}, std::nullopt, {204});
  if (!r) return r.error();
  return Done{};
}
Result<std::vector<Json>> VpcApi::list_subnets(const std::string& vpc_id, long page_size) {
  QueryParams filters;
  if (!vpc_id.empty()) filters.emplace_back("vpc_id", vpc_id);
  return list_by_marker("/subnets", "subnets", filters, page_size);
}

}  // namespace fgform::cloud
