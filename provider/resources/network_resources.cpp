// functiongraph_vpc and functiongraph_subnet: the network a function joins (VPC API v1).
#include "network_resources.h"
#include "json_values.h"
#include "planner.h"
#include "schema/registry.h"

namespace fgform::resources {
namespace {

using value::Diagnostic;
using value::Type;

const schema::Schema& schema_of(const char* type_name) {
  return builtin_schema(type_name);
}

// The ID the answer gives, else the known one: a read must not lose what identifies the object.
Value id_of(const cloud::Json& answer, const Value& known) {
  Value id = string_field(answer, "id");
  return id.is_null() ? known.attribute("id") : id;
}

class VpcResource : public Resource {
 public:
  const schema::Schema& schema() const override { return schema_of("functiongraph_vpc"); }

  Outcome create(Platform& p, const Value& planned) override {
    cloud::Json body{{"name", text_or(planned, "name")},
                     {"cidr", text_or(planned, "cidr", "192.168.0.0/16")}};
    if (is_set(planned, "description")) body["description"] = text_or(planned, "description");
    if (is_set(planned, "enterprise_project_id"))
      body["enterprise_project_id"] = text_or(planned, "enterprise_project_id");
    auto r = p.vpc().create_vpc(body);
    Outcome out{Value::null(schema().block.implied_type()), {}};
    if (!r) {
      out.diagnostics.add(api_error("creating VPC " + text_or(planned, "name"), r.error()));
      return out;
    }
    if (cloud::text_of(*r, "id").empty()) {
      out.diagnostics.add(created_without_id("creating VPC " + text_or(planned, "name"),
                                             "\"id\" text", "<VPC ID>"));
      return out;
    }
    out.value = to_state(*r, planned);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    auto r = p.vpc().get_vpc(text_or(current, "id"));
    Outcome out{Value::null(schema().block.implied_type()), {}};
    if (!r) return failed_read(current, "reading VPC " + text_or(current, "id"), r.error());
    out.value = to_state(*r, current);
    return out;
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    cloud::Json body{{"name", text_or(planned, "name")},
                     {"description", text_or(planned, "description")},
                     {"cidr", text_or(planned, "cidr")}};
    auto r = p.vpc().update_vpc(text_or(prior, "id"), body);
    Outcome out{prior, {}};
    if (!r) {
      out.diagnostics.add(api_error("updating VPC " + text_or(prior, "id"), r.error()));
      return out;
    }
    return read(p, prior);
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto r = p.vpc().delete_vpc(text_or(prior, "id"));
    d.append(delete_result(r, "deleting VPC " + text_or(prior, "id")));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    return Outcome{conform(schema().block, Value::object({{"id", Value::string(id)}})), {}};
  }

 private:
  Value to_state(const cloud::Json& vpc, const Value& known) const {
    return Value::object(
        schema().block.implied_type(),
        {{"id", id_of(vpc, known)},
         {"name", string_field(vpc, "name")},
         {"cidr", string_field(vpc, "cidr")},
         // The API answers "" for no description; keep null when none was configured.
         {"description", string_field(vpc, "description").is_null() && !is_set(known, "description")
                             ? Value::null(Type::string())
                             : string_field_keep_empty(vpc, "description")},
         {"enterprise_project_id", string_field(vpc, "enterprise_project_id")},
         {"status", string_field(vpc, "status")}});
  }
};

class SubnetResource : public Resource {
 public:
  const schema::Schema& schema() const override { return schema_of("functiongraph_subnet"); }

  Outcome create(Platform& p, const Value& planned) override {
    cloud::Json body{{"name", text_or(planned, "name")},
                     {"vpc_id", text_or(planned, "vpc_id")},
                     {"cidr", text_or(planned, "cidr")},
                     {"gateway_ip", text_or(planned, "gateway_ip")}};
    if (is_set(planned, "description")) body["description"] = text_or(planned, "description");
    if (is_set(planned, "dhcp_enable"))
      body["dhcp_enable"] = planned.attribute("dhcp_enable").as_bool();
    for (const char* k : {"primary_dns", "secondary_dns", "availability_zone"}) {
      if (is_set(planned, k)) body[k] = text_or(planned, k);
    }
    auto r = p.vpc().create_subnet(body);
    Outcome out{Value::null(schema().block.implied_type()), {}};
    if (!r) {
      out.diagnostics.add(api_error("creating subnet " + text_or(planned, "name"), r.error()));
      return out;
    }
    if (cloud::text_of(*r, "id").empty()) {
      out.diagnostics.add(created_without_id("creating subnet " + text_or(planned, "name"),
                                             "\"id\" text", "<subnet ID>"));
      return out;
    }
    out.value = to_state(*r, planned);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    auto r = p.vpc().get_subnet(text_or(current, "id"));
    Outcome out{Value::null(schema().block.implied_type()), {}};
    if (!r) return failed_read(current, "reading subnet " + text_or(current, "id"), r.error());
    out.value = to_state(*r, current);
    return out;
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    cloud::Json body{{"name", text_or(planned, "name")},
                     {"description", text_or(planned, "description")}};
    if (is_set(planned, "dhcp_enable"))
      body["dhcp_enable"] = planned.attribute("dhcp_enable").as_bool();
    for (const char* k : {"primary_dns", "secondary_dns"}) {
      if (is_set(planned, k)) body[k] = text_or(planned, k);
    }
    auto r = p.vpc().update_subnet(text_or(prior, "vpc_id"), text_or(prior, "id"), body);
    if (!r)
      return Outcome{prior, [&] {
                       Diagnostics d;
                       d.add(api_error("updating subnet " + text_or(prior, "id"), r.error()));
                       return d;
                     }()};
    return read(p, prior);
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto r = p.vpc().delete_subnet(text_or(prior, "vpc_id"), text_or(prior, "id"));
    d.append(delete_result(r, "deleting subnet " + text_or(prior, "id")));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    return Outcome{conform(schema().block, Value::object({{"id", Value::string(id)}})), {}};
  }

 private:
  Value to_state(const cloud::Json& s, const Value& known) const {
    return Value::object(
        schema().block.implied_type(),
        {{"id", id_of(s, known)},
         {"vpc_id", string_field(s, "vpc_id").is_null() ? known.attribute("vpc_id")
                                                        : string_field(s, "vpc_id")},
         {"name", string_field(s, "name")},
         {"cidr", string_field(s, "cidr")},
         {"gateway_ip", string_field(s, "gateway_ip")},
         {"description", string_field(s, "description").is_null() && !is_set(known, "description")
                             ? Value::null(Type::string())
                             : string_field_keep_empty(s, "description")},
         {"dhcp_enable", bool_field(s, "dhcp_enable")},
         {"primary_dns", string_field(s, "primary_dns")},
         {"secondary_dns", string_field(s, "secondary_dns")},
         {"availability_zone", string_field(s, "availability_zone")},
         {"status", string_field(s, "status")}});
  }
};

}  // namespace

std::unique_ptr<Resource> make_vpc_resource() {
  return std::make_unique<VpcResource>();
}
std::unique_ptr<Resource> make_subnet_resource() {
  return std::make_unique<SubnetResource>();
}

}  // namespace fgform::resources
