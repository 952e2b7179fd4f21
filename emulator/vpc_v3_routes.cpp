// VPC v3 reads: the same VPCs as v1, in v3's shape. Platform clients (the official SDK's v3
// models, Terraform's VPC data source) read VPC detail through v3 even when v1 created the VPC.
// v3 differs from v1 in: status ACTIVE (v1: OK), extend_cidrs, tags as key/value objects,
// cloud_resources counts, project_id, created_at/updated_at in UTC without a zone, a request_id
// beside the body, and list paging by page_info instead of a bare array.
#include "fg_model.h"
#include "routes.h"
#include "vpc_model.h"

#include "cloud/crypto.h"
#include "cloud/time_format.h"

namespace fgform::emulator {
namespace {

std::string utc_text(long long unix_seconds) {
  return cloud::format_utc(
      std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds)),
      "%Y-%m-%dT%H:%M:%S");
}

Json v3_view(World& world, const Json& vpc) {
  const std::string id = vpc.value("id", "");
  const long long created = vpc.value("_created_unix", fg::unix_now());
  Json tags = Json::array();
  for (const auto& [key, value] : vpc.value("_tags", Json::object()).items()) {
    tags.push_back(Json{{"key", key}, {"value", value}});
  }
  return Json{{"id", id},
              {"name", vpc.value("name", "")},
              {"description", vpc.value("description", "")},
              {"cidr", vpc.value("cidr", "")},
              {"extend_cidrs", vpc.value("_extend_cidrs", Json::array())},
              {"status", "ACTIVE"},
              {"project_id", world.project_id},
              {"enterprise_project_id", vpc.value("enterprise_project_id", "0")},
              {"created_at", utc_text(created)},
              {"updated_at", utc_text(vpc.value("_updated_unix", created))},
              {"cloud_resources",
               Json::array({Json{{"resource_type", "routetable"}, {"resource_count", 1}},
                            Json{{"resource_type", "virsubnet"},
                                 {"resource_count", world.store.count(kSubnetKind, id)}}})},
              {"tags", tags},
              {"block_service_endpoint_states", "off"},
              {"enable_network_address_usage_metrics", false}};
}

std::string request_id() {
  return cloud::random_hex(16);
}

Reply show_vpc(Request& req, World& world) {
  auto doc = world.store.get(kVpcKind, req.param("vpc_id"));
  if (!doc) fail(404, "VPC.0101", "VPC " + req.param("vpc_id") + " does not exist");
  return ok(Json{{"request_id", request_id()}, {"vpc", v3_view(world, *doc)}});
}

// Filters that may repeat (id=a&id=b) match any of their values.
bool matches(const Request& req, const char* param, const std::string& value) {
  auto [first, last] = req.query.equal_range(param);
  if (first == last) return true;
  for (auto it = first; it != last; ++it) {
    if (it->second == value) return true;
  }
  return false;
}

// Pages by the ID of the last VPC of the previous page; page_info names the first and last IDs
// of this page and leaves next_marker out on the last page.
Reply list_vpcs(Request& req, World& world) {
  const long limit = req.query_long("limit", 2000, 1, 2000);
  const std::string marker = req.query_value("marker");
  std::vector<Json> all;
  for (auto& v : world.store.list(kVpcKind, world.project_id)) {
    if (!matches(req, "id", v.value("id", "")) || !matches(req, "name", v.value("name", "")) ||
        !matches(req, "cidr", v.value("cidr", "")) ||
        !matches(req, "description", v.value("description", "")) ||
        !matches(req, "enterprise_project_id", v.value("enterprise_project_id", "0"))) {
      continue;
    }
    all.push_back(std::move(v));
  }
  std::size_t start = 0;
  if (!marker.empty()) {
    start = all.size() + 1;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].value("id", "") == marker) start = i + 1;
    }
    if (start > all.size()) bad_request("marker " + marker + " does not name a VPC of this list");
  }
  Json vpcs = Json::array();
  for (std::size_t i = start; i < all.size() && static_cast<long>(vpcs.size()) < limit; ++i) {
    vpcs.push_back(v3_view(world, all[i]));
  }
  Json page{{"previous_marker", vpcs.empty() ? "" : vpcs.front().value("id", "")},
            {"current_count", vpcs.size()}};
  if (!vpcs.empty() && start + vpcs.size() < all.size()) {
    page["next_marker"] = vpcs.back().value("id", "");
  }
  return ok(Json{{"request_id", request_id()}, {"vpcs", vpcs}, {"page_info", page}});
}

}  // namespace

void add_vpc_v3_routes(Router& r) {
  const auto V = Family::kVpcV3;
  r.add("GET", "/v3/{project_id}/vpc/vpcs", V, list_vpcs);
  r.add("GET", "/v3/{project_id}/vpc/vpcs/{vpc_id}", V, show_vpc);
}

}  // namespace fgform::emulator
