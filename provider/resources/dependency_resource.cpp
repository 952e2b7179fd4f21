// functiongraph_dependency: one published version of a dependency package.
#include "dependency_resource.h"

#include <tuple>
#include <utility>

#include "cloud/crypto.h"
#include "code_package.h"
#include "json_values.h"
#include "planner.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using value::Diagnostic;
using value::Type;

class DependencyResource : public Resource {
 public:
  const schema::Schema& schema() const override {
    return builtin_schema("functiongraph_dependency");
  }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (config.is_null() || !config.is_known()) return d;
    Value file = config.attribute("file_path");
    Value link = config.attribute("link");
    if (file.is_known() && link.is_known() && file.is_null() == link.is_null()) {
      d.add(Diagnostic::error("Where is the package?", "Set exactly one of file_path and link."));
    }
    return d;
  }

  void customize_plan(const Value&, const Value&, Value& planned) const override {
    // The package's hash is known at plan time; a changed file replaces the version. It is
    // taken from the planned source, not the configured one: with `ignore_changes = [link]`
    // (or file_path) Terraform plans the prior source, and an imported version, whose source
    // cannot be read back, must then keep its (null) hash instead of being replaced.
    Value::Entries e = planned.entries();
    if (!planned.attribute("file_path").is_known() || !planned.attribute("link").is_known()) {
      e["source_hash"] = Value::unknown(Type::string());
    } else if (is_set(planned, "file_path")) {
      auto pkg = load_code_package(text_or(planned, "file_path"));
      e["source_hash"] =
          pkg.ok() ? Value::string(pkg.value.sha256) : Value::unknown(Type::string());
    } else if (is_set(planned, "link")) {
      e["source_hash"] = Value::string(cloud::sha256_hex(text_or(planned, "link")));
    }
    planned = Value::object(planned.type(), std::move(e));
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    Json body{{"name", text_or(planned, "name")},
              {"runtime", text_or(planned, "runtime")},
              {"description", text_or(planned, "description")}};
    if (is_set(planned, "file_path")) {
      auto pkg = load_code_package(text_or(planned, "file_path"));
      out.diagnostics.append(pkg.diagnostics);
      if (!pkg.ok()) return out;
      body["depend_type"] = "zip";
      body["depend_file"] = cloud::base64_encode(pkg.value.bytes);
      body["file_name"] = pkg.value.filename;
    } else {
      body["depend_type"] = "obs";
      body["depend_link"] = text_or(planned, "link");
    }
    auto r = p.functiongraph().create_dependency_version(body);
    if (!r) {
      out.diagnostics.add(
          api_error("publishing dependency " + text_or(planned, "name"), r.error()));
      return out;
    }
    if (cloud::text_of(*r, "dep_id").empty() || cloud::integer_of(*r, "version") <= 0) {
      out.diagnostics.add(created_without_id("publishing dependency " + text_or(planned, "name"),
                                             "\"dep_id\" text or no positive \"version\"",
                                             "<dependency ID>/<version>"));
      return out;
    }
    out.value = state_of(planned, *r);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::string id = text_or(current, "id");
    auto [dep_id, version] = parse_id(id);
    if (version <= 0) {
      out.diagnostics.add(Diagnostic::error(
          "Invalid dependency ID", "\"" + id + "\" is not <dependency ID>/<version number>."));
      return out;
    }
    auto r = p.functiongraph().get_dependency_version(dep_id, version);
    if (!r) return failed_read(current, "reading dependency " + id, r.error());
    if (!r->is_object())
      return unusable_read(current, "reading dependency " + id,
                           "the dependency is not a JSON object");
    out.value = state_of(current, *r);
    return out;
  }

  Outcome update(Platform& p, const Value&, const Value& planned) override {
    return read(p, planned);
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    // The attributes say which version this is, else the ID (an answer may have left them out).
    std::string dep_id = text_or(prior, "dependency_id");
    long version = is_set(prior, "version_number")
                       ? prior.attribute("version_number").as_number().to_int64().value_or(0)
                       : 0;
    if (dep_id.empty() || version <= 0) std::tie(dep_id, version) = parse_id(text_or(prior, "id"));
    if (version <= 0) {
      d.add(Diagnostic::error(
          "Invalid dependency ID",
          "\"" + text_or(prior, "id") + "\" is not <dependency ID>/<version number>."));
      return d;
    }
    auto r = p.functiongraph().delete_dependency_version(dep_id, version);
    d.append(delete_result(r, "deleting dependency " + text_or(prior, "name")));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    return Outcome{conform(schema().block, Value::object({{"id", Value::string(id)}})), {}};
  }

 private:
  // <dependency ID>/<version number>; version 0 when `id` is not of that form.
  static std::pair<std::string, long> parse_id(const std::string& id) {
    const std::size_t slash = id.rfind('/');
    if (slash == std::string::npos) return {id, 0};
    try {
      return {id.substr(0, slash), std::stol(id.substr(slash + 1))};
    } catch (const std::exception&) {
      return {id, 0};
    }
  }

  Value state_of(const Value& known, const Json& v) const {
    Value description = string_field(v, "description");
    // <dependency ID>/<version>, from the answer; the known ID when it leaves either out.
    const std::string dep_id = cloud::text_of(v, "dep_id");
    const std::int64_t version = cloud::integer_of(v, "version");
    return Value::object(
        schema().block.implied_type(),
        {{"id", dep_id.empty() || version <= 0
                    ? known.attribute("id")
                    : Value::string(dep_id + "/" + std::to_string(version))},
         {"name", string_field(v, "name")},
         {"runtime", string_field(v, "runtime")},
         {"description",
          description.is_null() && is_set(known, "description") ? Value::string("") : description},
         // The platform copies the package; what was configured cannot be read back.
         {"file_path", known.attribute("file_path")},
         {"link", known.attribute("link")},
         {"source_hash", known.attribute("source_hash")},
         {"dependency_id", string_field(v, "dep_id")},
         {"version_number", number_field(v, "version")},
         {"version_id", string_field(v, "id")},
         {"etag", string_field(v, "etag")},
         {"size", number_field(v, "size")}});
  }
};

}  // namespace

std::unique_ptr<Resource> make_dependency_resource() {
  return std::make_unique<DependencyResource>();
}

}  // namespace fgform::resources
