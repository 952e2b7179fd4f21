// VPC v1: VPCs and subnets. CIDRs are checked the way the service does: private ranges, subnets
// inside their VPC and not overlapping each other, gateways inside their subnet.
#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"
#include "schema/formats.h"
#include "vpc_model.h"

namespace fgform::emulator {
namespace {

using fields::opt_string;

constexpr const char* kVpc = kVpcKind;
constexpr const char* kSubnet = kSubnetKind;
constexpr long kVpcQuota = 4;  // the default VPC quota per tenant and region

struct Cidr {
  unsigned network = 0;
  int prefix = 0;
  unsigned mask() const { return prefix == 0 ? 0u : ~0u << (32 - prefix); }
  bool contains(const Cidr& inner) const {
    return inner.prefix >= prefix && (inner.network & mask()) == network;
  }
  bool overlaps(const Cidr& other) const { return contains(other) || other.contains(*this); }
};

Cidr parse_cidr_or_fail(const std::string& text, const char* field) {
  Cidr c;
  if (!schema::parse_ipv4_cidr(text, c.network, c.prefix)) {
    bad_request(std::string(field) + " \"" + text +
                "\" is not a valid IPv4 CIDR block (e.g. 192.168.0.0/16)");
  }
  return c;
}

void check_vpc_cidr(const std::string& text) {
  Cidr c = parse_cidr_or_fail(text, "cidr");
  static const Cidr kPrivate[] = {{0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};
  for (const auto& range : kPrivate) {
    if (range.contains(c) && c.prefix <= 24) return;
  }
  bad_request("cidr \"" + text +
              "\" must lie within 10.0.0.0/8-24, 172.16.0.0/12-24 or 192.168.0.0/16-24");
}

void check_name(const std::string& name, bool required) {
  if (name.empty()) {
    if (required) bad_request("name is required");
    return;
  }
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      bad_request("name \"" + name + "\" may contain only letters, digits, '_', '-' and '.'");
    }
  }
}

Json load(World& world, const char* kind, const std::string& id) {
  auto doc = world.store.get(kind, id);
  if (!doc) {
    fail(404, std::string(kind) == kVpc ? "VPC.0101" : "VPC.0202",
         std::string(kind == std::string(kVpc) ? "VPC " : "Subnet ") + id + " does not exist");
  }
  return *doc;
}

const Json& wrapped(Request& req, const char* key,
                    std::initializer_list<std::string_view> allowed) {
  const Json& body = req.json();
  fields::reject_unknown(body, {key}, std::string("the ") + key + " request");
  if (!body.contains(key) || !body[key].is_object()) bad_request(std::string(key) + " is required");
  fields::reject_unknown(body[key], allowed, key);
  return body[key];
}

Reply create_vpc(Request& req, World& world) {
  const Json& v = wrapped(req, "vpc", {"name", "cidr", "description", "enterprise_project_id"});
  std::string name = opt_string(v, "name", 64).value_or("");
  check_name(name, false);
  std::string cidr = opt_string(v, "cidr", 32).value_or("192.168.0.0/16");
  check_vpc_cidr(cidr);
  if (world.store.count(kVpc, world.project_id) >= kVpcQuota) {
    fail(409, "VPC.0003", "the VPC quota (4 per region) is used up");
  }
  Json doc{{"id", fg::new_uuid()},
           {"name", name},
           {"cidr", cidr},
           {"description", opt_string(v, "description", 255).value_or("")},
           {"status", "OK"},
           {"routes", Json::array()},
           {"enterprise_project_id", opt_string(v, "enterprise_project_id", 64).value_or("0")},
           {"tenant_id", world.project_id},
           {"created_at", fg::now_rfc3339()},
           {"_created_unix", fg::unix_now()}};  // for v3's UTC timestamps
  world.store.put(kVpc, doc["id"], world.project_id, doc);
  return ok(Json{{"vpc", fg::public_view(doc)}});
}

Reply get_vpc(Request& req, World& world) {
  return ok(Json{{"vpc", fg::public_view(load(world, kVpc, req.param("vpc_id")))}});
}

Reply update_vpc(Request& req, World& world) {
  Json doc = load(world, kVpc, req.param("vpc_id"));
  const Json& v = wrapped(req, "vpc", {"name", "cidr", "description", "routes"});
  if (auto name = opt_string(v, "name", 64)) {
    check_name(*name, false);
    doc["name"] = *name;
  }
  if (auto cidr = opt_string(v, "cidr", 32)) {
    check_vpc_cidr(*cidr);
    Cidr next = parse_cidr_or_fail(*cidr, "cidr");
    for (const auto& s : world.store.list(kSubnet, doc["id"])) {
      if (!next.contains(parse_cidr_or_fail(s.value("cidr", ""), "cidr"))) {
        bad_request("cidr " + *cidr + " does not contain subnet " + s.value("name", "") + " (" +
                    s.value("cidr", "") + ")");
      }
    }
    doc["cidr"] = *cidr;
  }
  if (auto d = opt_string(v, "description", 255)) doc["description"] = *d;
  doc["_updated_unix"] = fg::unix_now();
  world.store.put(kVpc, doc["id"], world.project_id, doc);
  return ok(Json{{"vpc", fg::public_view(doc)}});
}

Reply delete_vpc(Request& req, World& world) {
  Json doc = load(world, kVpc, req.param("vpc_id"));
  if (world.store.count(kSubnet, doc["id"]) > 0) {
    fail(409, "VPC.0109", "VPC " + doc.value("id", "") + " still has subnets; delete them first");
  }
  world.store.erase(kVpc, doc["id"]);
  return no_content();
}

// Pages by the ID of the last item of the previous page, as VPC v1 does.
Json page_by_marker(Request& req, std::vector<Json> items) {
  const std::string marker = req.query_value("marker");
  const long limit = req.query_long("limit", 2000, 1, 2000);
  std::size_t start = 0;
  if (!marker.empty()) {
    start = items.size() + 1;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].value("id", "") == marker) start = i + 1;
    }
    if (start > items.size())
      bad_request("marker " + marker + " does not name an item of this list");
  }
  Json out = Json::array();
  for (std::size_t i = start; i < items.size() && static_cast<long>(out.size()) < limit; ++i)
    out.push_back(items[i]);
  return out;
}

Reply list_vpcs(Request& req, World& world) {
  std::vector<Json> all = world.store.list(kVpc, world.project_id);
  const std::string id = req.query_value("id");
  if (!id.empty()) {
    std::erase_if(all, [&](const Json& v) { return v.value("id", "") != id; });
  }
  Json page = page_by_marker(req, std::move(all));
  for (auto& v : page) v = fg::public_view(v);
  return ok(Json{{"vpcs", page}});
}

Reply create_subnet(Request& req, World& world) {
  const Json& s =
      wrapped(req, "subnet",
              {"name", "description", "cidr", "vpc_id", "gateway_ip", "ipv6_enable", "dhcp_enable",
               "primary_dns", "secondary_dns", "dnsList", "availability_zone", "extra_dhcp_opts"});
  std::string name = fields::req_string(s, "name", 64);
  check_name(name, true);
  std::string vpc_id = fields::req_string(s, "vpc_id", 64);
  Json vpc = load(world, kVpc, vpc_id);
  std::string cidr_text = fields::req_string(s, "cidr", 32);
  Cidr cidr = parse_cidr_or_fail(cidr_text, "cidr");
  if (!parse_cidr_or_fail(vpc.value("cidr", ""), "cidr").contains(cidr)) {
    bad_request("subnet cidr " + cidr_text + " is not inside the VPC's cidr " +
                vpc.value("cidr", ""));
  }
  if (cidr.prefix > 29)
    bad_request("subnet cidr " + cidr_text + " is too small: the mask must be /29 or larger");
  for (const auto& other : world.store.list(kSubnet, vpc_id)) {
    if (cidr.overlaps(parse_cidr_or_fail(other.value("cidr", ""), "cidr"))) {
      fail(409, "VPC.0204",
           "subnet cidr " + cidr_text + " overlaps subnet " + other.value("name", "") + " (" +
               other.value("cidr", "") + ")");
    }
  }
  std::string gateway = fields::req_string(s, "gateway_ip", 32);
  unsigned gw = 0;
  if (!schema::parse_ipv4(gateway, gw) || (gw & cidr.mask()) != cidr.network ||
      gw == cidr.network) {
    bad_request("gateway_ip " + gateway + " must be a host address inside " + cidr_text);
  }
  const std::string id = fg::new_uuid();
  Json doc{{"id", id},
           {"name", name},
           {"description", opt_string(s, "description", 255).value_or("")},
           {"cidr", cidr_text},
           {"gateway_ip", gateway},
           {"vpc_id", vpc_id},
           {"status", "ACTIVE"},
           {"dhcp_enable", fields::opt_bool(s, "dhcp_enable").value_or(true)},
           {"ipv6_enable", fields::opt_bool(s, "ipv6_enable").value_or(false)},
           {"primary_dns", opt_string(s, "primary_dns", 32).value_or("100.125.1.250")},
           {"secondary_dns", opt_string(s, "secondary_dns", 32).value_or("100.125.64.250")},
           {"availability_zone", opt_string(s, "availability_zone", 64).value_or("")},
           {"neutron_network_id", id},
           {"neutron_subnet_id", fg::new_uuid()},
           {"tenant_id", world.project_id},
           {"created_at", fg::now_rfc3339()}};
  doc["dnsList"] = Json::array({doc["primary_dns"], doc["secondary_dns"]});
  world.store.put(kSubnet, id, vpc_id, doc);
  return ok(Json{{"subnet", doc}});
}

Reply get_subnet(Request& req, World& world) {
  return ok(Json{{"subnet", load(world, kSubnet, req.param("subnet_id"))}});
}

Json load_subnet_of(World& world, Request& req) {
  load(world, kVpc, req.param("vpc_id"));
  Json doc = load(world, kSubnet, req.param("subnet_id"));
  if (doc.value("vpc_id", "") != req.param("vpc_id")) {
    fail(404, "VPC.0202",
         "Subnet " + req.param("subnet_id") + " is not in VPC " + req.param("vpc_id"));
  }
  return doc;
}

Reply update_subnet(Request& req, World& world) {
  Json doc = load_subnet_of(world, req);
  const Json& s = wrapped(req, "subnet",
                          {"name", "description", "ipv6_enable", "dhcp_enable", "primary_dns",
                           "secondary_dns", "dnsList", "extra_dhcp_opts"});
  if (auto name = opt_string(s, "name", 64)) {
    check_name(*name, true);
    doc["name"] = *name;
  }
  if (auto d = opt_string(s, "description", 255)) doc["description"] = *d;
  if (auto b = fields::opt_bool(s, "dhcp_enable")) doc["dhcp_enable"] = *b;
  if (auto b = fields::opt_bool(s, "ipv6_enable")) doc["ipv6_enable"] = *b;
  if (auto p = opt_string(s, "primary_dns", 32)) doc["primary_dns"] = *p;
  if (auto p = opt_string(s, "secondary_dns", 32)) doc["secondary_dns"] = *p;
  doc["dnsList"] = Json::array({doc["primary_dns"], doc["secondary_dns"]});
  world.store.put(kSubnet, doc["id"], doc["vpc_id"], doc);
  return ok(Json{{"subnet", {{"id", doc["id"]}, {"status", doc["status"]}}}});
}

Reply delete_subnet(Request& req, World& world) {
  Json doc = load_subnet_of(world, req);
  for (const auto& f : world.store.list(fg::kFunction, world.project_id)) {
    if (f.contains("func_vpc") && f["func_vpc"].value("subnet_id", "") == doc.value("id", "")) {
      fail(409, "VPC.0211",
           "subnet " + doc.value("id", "") + " is used by function " + f.value("func_name", ""));
    }
  }
  world.store.erase(kSubnet, doc["id"]);
  return no_content();
}

Reply list_subnets(Request& req, World& world) {
  const std::string vpc_id = req.query_value("vpc_id");
  std::vector<Json> all;
  if (!vpc_id.empty()) {
    all = world.store.list(kSubnet, vpc_id);
  } else {
    all = world.store.list_all(kSubnet);
  }
  return ok(Json{{"subnets", page_by_marker(req, std::move(all))}});
}

}  // namespace

void add_vpc_routes(Router& r) {
  const auto V = Family::kVpc;
  r.add("POST", "/v1/{project_id}/vpcs", V, create_vpc);
  r.add("GET", "/v1/{project_id}/vpcs", V, list_vpcs);
  r.add("GET", "/v1/{project_id}/vpcs/{vpc_id}", V, get_vpc);
  r.add("PUT", "/v1/{project_id}/vpcs/{vpc_id}", V, update_vpc);
  r.add("DELETE", "/v1/{project_id}/vpcs/{vpc_id}", V, delete_vpc);
  r.add("POST", "/v1/{project_id}/subnets", V, create_subnet);
  r.add("GET", "/v1/{project_id}/subnets", V, list_subnets);
  r.add("GET", "/v1/{project_id}/subnets/{subnet_id}", V, get_subnet);
  r.add("PUT", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", V, update_subnet);
  r.add("DELETE", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", V, delete_subnet);
}

}  // namespace fgform::emulator
