// functiongraph_agency: an IAM agency plus its role grants, with roles named by their display
// names ("VPC Administrator") and resolved to IDs through the role catalogue.
#include <set>

#include "agency_resource.h"
#include "json_values.h"
#include "planner.h"
#include "schema/registry.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using cloud::text_of;
using value::Diagnostic;
using value::Path;
using value::Type;

std::set<std::string> names_of(const Value& set) {
  std::set<std::string> out;
  if (set.is_known() && !set.is_null()) {
    for (const auto& e : set.elements()) out.insert(e.as_string());
  }
  return out;
}

Value name_set(const std::set<std::string>& names, bool keep_empty) {
  if (names.empty() && !keep_empty) return Value::null(Type::set(Type::string()));
  Value::Elements items;
  for (const auto& n : names) items.push_back(Value::string(n));
  return Value::set(Type::string(), std::move(items));
}

class AgencyResource : public Resource {
 public:
  const schema::Schema& schema() const override { return builtin_schema("functiongraph_agency"); }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (config.is_null() || !config.is_known()) return d;
    Value service = config.attribute("delegated_service_name");
    Value domain = config.attribute("delegated_domain_name");
    if (service.is_unknown() || domain.is_unknown()) return d;
    if (service.is_null() == domain.is_null()) {
      d.add(Diagnostic::error(
          "Who assumes the agency?",
          "Set exactly one of delegated_service_name (op_svc_cff for FunctionGraph) and "
          "delegated_domain_name."));
    }
    return d;
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    Json agency{{"name", text_or(planned, "name")},
                {"trust_domain_name", text_or(planned, "delegated_service_name",
                                              text_or(planned, "delegated_domain_name"))},
                {"description", text_or(planned, "description")},
                {"duration", text_or(planned, "duration", "FOREVER")}};
    auto created = p.iam().create_agency(agency);
    if (!created) {
      out.diagnostics.add(
          api_error("creating agency " + text_or(planned, "name"), created.error()));
      return out;
    }
    const std::string id = text_of(*created, "id");
    if (id.empty()) {
      out.diagnostics.add(created_without_id("creating agency " + text_or(planned, "name"),
                                             "\"id\" text", "<agency ID>"));
      return out;
    }
    Value::Entries e = planned.entries();
    e["id"] = Value::string(id);
    Value state = Value::object(planned.type(), std::move(e));
    out.diagnostics.append(sync_roles(p, text_or(state, "id"), Value::null(state.type()), planned));
    auto read_back = read(p, state);
    out.diagnostics.append(read_back.diagnostics);
    out.value = read_back.value.is_null() ? state : read_back.value;
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::string id = text_or(current, "id");
    auto a = p.iam().get_agency(id);
    if (!a) return failed_read(current, "reading agency " + id, a.error());
    const std::string trust = text_of(*a, "trust_domain_name");
    const bool service = trust.rfind("op_svc_", 0) == 0;
    Value::Entries e;
    e["id"] = Value::string(id);
    e["name"] = string_field(*a, "name");
    e["delegated_service_name"] = service ? Value::string(trust) : Value::null(Type::string());
    e["delegated_domain_name"] =
        service ? Value::null(Type::string()) : string_field(*a, "trust_domain_name");
    Value description = string_field(*a, "description");
    e["description"] =
        description.is_null() && is_set(current, "description") ? Value::string("") : description;
    e["duration"] = string_field(*a, "duration");
    const Json* expire = cloud::field_of(*a, "expire_time");
    e["expire_time"] =
        expire && expire->is_string() ? string_field(*a, "expire_time") : Value::string("");
    e["create_time"] = string_field(*a, "create_time");
    auto project = p.client().project_id();
    auto project_roles = project ? p.iam().list_project_roles(*project, id) : project.error();
    auto domain_roles = p.iam().list_domain_roles(id);
    auto display_names = [](const std::vector<Json>& roles) {
      std::set<std::string> out_names;
      for (const auto& r : roles) {
        // A role without a display name (an item of another shape) names nothing.
        if (const std::string name = text_of(r, "display_name"); !name.empty())
          out_names.insert(name);
      }
      return out_names;
    };
    if (project_roles) {
      e["project_roles"] =
          name_set(display_names(*project_roles), is_set(current, "project_roles"));
    } else {
      out.diagnostics.add(
          api_error("reading the project roles of agency " + id, project_roles.error()));
      e["project_roles"] = current.attribute("project_roles");
    }
    if (domain_roles) {
      e["domain_roles"] = name_set(display_names(*domain_roles), is_set(current, "domain_roles"));
    } else {
      out.diagnostics.add(
          api_error("reading the account roles of agency " + id, domain_roles.error()));
      e["domain_roles"] = current.attribute("domain_roles");
    }
    out.value = Value::object(schema().block.implied_type(), std::move(e));
    return out;
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    const std::string id = text_or(prior, "id");
    Json agency{{"trust_domain_name", text_or(planned, "delegated_service_name",
                                              text_or(planned, "delegated_domain_name"))},
                {"description", text_or(planned, "description")},
                {"duration", text_or(planned, "duration", "FOREVER")}};
    auto r = p.iam().update_agency(id, agency);
    if (!r) {
      out.diagnostics.add(api_error("updating agency " + id, r.error()));
      return out;
    }
    out.diagnostics.append(sync_roles(p, id, prior, planned));
    auto read_back = read(p, prior);
    out.diagnostics.append(read_back.diagnostics);
    if (!read_back.value.is_null()) out.value = read_back.value;
    return out;
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto r = p.iam().delete_agency(text_or(prior, "id"));
    d.append(delete_result(r, "deleting agency " + text_or(prior, "id")));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    return Outcome{conform(schema().block, Value::object({{"id", Value::string(id)}})), {}};
  }

 private:
  // Grants roles added to the configuration and revokes roles removed from it.
  Diagnostics sync_roles(Platform& p, const std::string& id, const Value& prior,
                         const Value& planned) {
    Diagnostics d;
    for (const char* attribute : {"project_roles", "domain_roles"}) {
      const bool project_scope = std::string(attribute) == "project_roles";
      const auto before = names_of(prior.is_null() ? Value::null(Type::set(Type::string()))
                                                   : prior.attribute(attribute));
      const auto after = names_of(planned.attribute(attribute));
      auto project =
          project_scope ? p.client().project_id() : cloud::Result<std::string>(std::string());
      if (!project) {
        d.add(api_error("finding the project for agency roles", project.error()));
        continue;
      }
      auto apply = [&](const std::string& name, bool grant) {
        auto role = p.iam().find_role(name);
        if (!role) {
          d.add(Diagnostic::error("Unknown role", "IAM has no role named \"" + name + "\".")
                    .at(Path::attribute(attribute)));
          return;
        }
        const std::string role_id = text_of(*role, "id");
        if (role_id.empty()) {
          d.add(answer_error("looking up role " + name, "the role carries no \"id\" text")
                    .at(Path::attribute(attribute)));
          return;
        }
        cloud::Status s = project_scope
                              ? (grant ? p.iam().grant_project_role(*project, id, role_id)
                                       : p.iam().revoke_project_role(*project, id, role_id))
                              : (grant ? p.iam().grant_domain_role(id, role_id)
                                       : p.iam().revoke_domain_role(id, role_id));
        if (!s)
          d.add(
              api_error(std::string(grant ? "granting " : "revoking ") + name + " on agency " + id,
                        s.error()));
      };
      for (const auto& name : after) {
        if (!before.count(name)) apply(name, true);
      }
      for (const auto& name : before) {
        if (!after.count(name)) apply(name, false);
      }
    }
    return d;
  }
};

}  // namespace

std::unique_ptr<Resource> make_agency_resource() {
  return std::make_unique<AgencyResource>();
}

}  // namespace fgform::resources
