// functiongraph_function: create (POST, then the config, max-instance and tag calls the create
// API does not take), read (config, code for inline functions, tags), update (code, config,
// max instances and tags, each only when it changed), delete, import by URN.
#include <future>
#include <optional>
#include <set>

#include "cloud/crypto.h"
#include "cloud/urn.h"
#include "code_package.h"
#include "function_resource.h"
#include "json_values.h"
#include "planner.h"
#include "schema/registry.h"

namespace fgform::resources {
namespace {

using cloud::array_of;
using cloud::field_of;
using cloud::Json;
using cloud::object_of;
using cloud::text_of;
using value::Diagnostic;
using value::Path;
using value::Type;

Value attr(const Value& v, const char* name) {
  return v.attribute(name);
}

long long int_or(const Value& object, const char* name, long long fallback) {
  if (!is_set(object, name)) return fallback;
  return object.attribute(name).as_number().to_int64().value_or(fallback);
}

Json string_map_json(const Value& map) {
  Json out = Json::object();
  if (map.is_known() && !map.is_null()) {
    for (const auto& [k, v] : map.entries()) out[k] = v.is_null() ? "" : v.as_string();
  }
  return out;
}

Value string_map_value(const Json& object) {
  Value::Entries entries;
  for (const auto& [key, item] : cloud::as_object(object).items()) {
    if (item.is_string()) entries.emplace(key, Value::string(item.get<std::string>()));
  }
  return Value::map(Type::string(), std::move(entries));
}

Value string_set_value(const Json& array) {
  Value::Elements items;
  if (array.is_array()) {
    for (const auto& e : array) {
      if (e.is_string()) items.push_back(Value::string(e.get<std::string>()));
    }
  }
  return Value::set(Type::string(), std::move(items));
}

struct CodeSpec {
  std::string code_type;
  std::string file_base64;
  std::string url;
  std::string filename;
  std::string sha256;
};

// What the configured code source uploads; diagnostics when a local path cannot be read.
value::Decoded<CodeSpec> code_spec(const Value& v) {
  value::Decoded<CodeSpec> out;
  if (is_set(v, "inline_code")) {
    const std::string& text = v.attribute("inline_code").as_string();
    out.value = {"inline", cloud::base64_encode(text), "", text_or(v, "code_filename"),
                 cloud::sha256_hex(text)};
  } else if (is_set(v, "code_path")) {
    auto pkg = load_code_package(text_or(v, "code_path"));
    out.diagnostics.append(pkg.diagnostics);
    const bool jar = pkg.value.filename.size() > 4 &&
                     pkg.value.filename.substr(pkg.value.filename.size() - 4) == ".jar";
    out.value = {jar ? "jar" : "zip", cloud::base64_encode(pkg.value.bytes), "",
                 text_or(v, "code_filename", pkg.value.filename), pkg.value.sha256};
  } else if (is_set(v, "code_url")) {
    const std::string url = text_or(v, "code_url");
    out.value = {"obs", "", url, text_or(v, "code_filename", "index.zip"), cloud::sha256_hex(url)};
  } else if (is_set(v, "custom_image")) {
    out.value = {"Custom-Image-Swr", "", "", "",
                 cloud::sha256_hex(text_or(v.attribute("custom_image"), "url"))};
  }
  return out;
}

class FunctionResource : public Resource {
  // Page sizes of a batched refresh: the largest each listing takes. The tag listing is TMS's
  // resource-instances filter (limit 1 to 1,000); the official provider pages it by 100, which
  // at 10,000 functions was 100 calls of the 125 a refresh makes.
  static constexpr long kFunctionPage = 400;
  static constexpr long kTagPage = 1000;
  static constexpr long kSafeTagPage = 100;

 public:
  const schema::Schema& schema() const override { return builtin_schema("functiongraph_function"); }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (config.is_null() || !config.is_known()) return d;
    int sources = 0;
    bool unknown_source = false;
    for (const char* name : {"inline_code", "code_path", "code_url", "custom_image"}) {
      Value v = config.attribute(name);
      if (v.is_unknown())
        unknown_source = true;
      else if (!v.is_null())
        ++sources;
    }
    if (sources != 1 && !unknown_source) {
      d.add(Diagnostic::error(
          "Function code is ambiguous",
          sources == 0
              ? "Set one of inline_code, code_path, code_url or a custom_image block."
              : "Set only one of inline_code, code_path, code_url or a custom_image block."));
    }
    if (is_set(config, "vpc_id") != is_set(config, "subnet_id") &&
        config.attribute("vpc_id").is_known() && config.attribute("subnet_id").is_known()) {
      d.add(Diagnostic::error("Incomplete VPC access", "vpc_id and subnet_id go together.")
                .at(Path::attribute(is_set(config, "vpc_id") ? "subnet_id" : "vpc_id")));
    }
    for (const char* map : {"environment", "sensitive_environment"}) {
      Value env = config.attribute(map);
      if (!env.is_known() || env.is_null()) continue;
      for (const auto& [k, v] : env.entries()) {
        (void)v;
        bool ok = !k.empty() && std::isalpha(static_cast<unsigned char>(k[0]));
        for (char c : k) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        if (!ok || k.rfind("RUNTIME_", 0) == 0) {
          d.add(Diagnostic::error("Invalid environment variable name",
                                  "\"" + k +
                                      "\" must be letters, digits and '_', start with a letter, "
                                      "and not start with RUNTIME_.")
                    .at(Path::attribute(map).key(k)));
        }
      }
    }
    for (const auto& m : mounts_of(config)) {
      (void)m;
      if (!is_set(config, "vpc_id") && config.attribute("vpc_id").is_known()) {
        d.add(Diagnostic::error("Mounts need VPC access",
                                "Set vpc_id and subnet_id to mount a file system.")
                  .at(Path::attribute("mount")));
        break;
      }
    }
    validate_platform_settings(config, d);
    return d;
  }

  void customize_plan(const Value& prior, const Value& config, Value& planned) const override {
    Value::Entries e = planned.entries();
    // The hash of what would be uploaded now: a changed local file shows up as a planned change.
    auto code = code_spec(config);
    const bool code_known = config.attribute("inline_code").is_known() &&
                            config.attribute("code_path").is_known() &&
                            config.attribute("code_url").is_known();
    e["source_code_hash"] = code.ok() && code_known && !code.value.sha256.empty()
                                ? Value::string(code.value.sha256)
                                : Value::unknown(Type::string());
    if (!is_set(config, "handler") && prior.is_null()) {
      e["handler"] = Value::string(is_set(config, "custom_image") ? "-" : "index.handler");
    }
    if (!is_set(config, "code_filename") &&
        (prior.is_null() || e["source_code_hash"] != prior.attribute("source_code_hash"))) {
      e["code_filename"] = Value::unknown(Type::string());
    }
    if (prior.is_null()) e["version"] = Value::string("latest");  // the editable head, always
    // New code gets a new digest from the platform; unchanged code keeps the recorded one, which
    // read() compares with the platform's to tell code replaced out of band.
    const bool code_changes =
        prior.is_null() || e["source_code_hash"] != prior.attribute("source_code_hash") ||
        e["dependency_version_ids"] != prior.attribute("dependency_version_ids") ||
        e["code_filename"] != prior.attribute("code_filename");
    if (code_changes) {
      e["code_digest"] = Value::unknown(Type::string());
      e["code_size"] = Value::unknown(Type::number());
    }
    planned = Value::object(planned.type(), std::move(e));
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto code = code_spec(planned);
    out.diagnostics.append(code.diagnostics);
    if (!code.ok()) return out;
    Json body = metadata_body(planned, true);
    body["func_name"] = text_or(planned, "name");
    body["package"] = text_or(planned, "app", "default");
    body["code_type"] = code.value.code_type;
    if (!code.value.file_base64.empty()) body["func_code"] = {{"file", code.value.file_base64}};
    if (!code.value.url.empty()) body["code_url"] = code.value.url;
    if (!code.value.filename.empty()) body["code_filename"] = code.value.filename;
    if (is_set(planned, "functiongraph_version"))
      body["type"] = text_or(planned, "functiongraph_version");
    auto created = p.functiongraph().create_function(body);
    if (!created && created.error().kind == cloud::ErrorKind::kOutcomeUnknown)
      created = recover_lost_create(p, planned, body, created.error());
    if (!created) {
      out.diagnostics.add(
          api_error("creating function " + text_or(planned, "name"), created.error()));
      return out;
    }
    const std::string urn = text_of(*created, "func_urn");
    if (urn.empty()) {
      out.diagnostics.add(created_without_id("creating function " + text_or(planned, "name"),
                                             "\"func_urn\" text", "<function URN>"));
      return out;
    }
    Value state = planned;
    {
      Value::Entries e = state.entries();
      e["id"] = Value::string(urn);
      state = Value::object(state.type(), std::move(e));
    }
    // What the create API does not take: VPC, mounts, initializer, concurrency... then the rest.
    auto cfg = p.functiongraph().update_function_config(urn, metadata_body(planned, false));
    if (!cfg)
      out.diagnostics.add(
          api_error("configuring function " + text_or(planned, "name"), cfg.error()));
    if (is_set(planned, "dependency_version_ids") &&
        planned.attribute("dependency_version_ids").length() > 0) {
      Json code_body{{"code_type", code.value.code_type},
                     {"depend_version_list", dependency_ids(planned)}};
      auto r = p.functiongraph().update_function_code(urn, code_body);
      if (!r)
        out.diagnostics.add(
            api_error("adding dependencies to function " + text_or(planned, "name"), r.error()));
    }
    if (is_set(planned, "max_instances") && int_or(planned, "max_instances", 400) != 400) {
      auto r = p.functiongraph().update_max_instances(urn, int_or(planned, "max_instances", 400));
      if (!r)
        out.diagnostics.add(
            api_error("setting max instances of " + text_or(planned, "name"), r.error()));
    }
    if (Json all = tags_json(all_tags(p, planned, true)); !all.empty()) {
      auto r = p.functiongraph().create_tags(urn, all);
      if (!r)
        out.diagnostics.add(api_error("tagging function " + text_or(planned, "name"), r.error()));
    }
    auto read_back = read(p, state, planned);
    out.diagnostics.append(read_back.diagnostics);
    // Even when a follow-up call failed the function exists: keep it in state.
    out.value = read_back.value.is_null() ? state : read_back.value;
    return out;
  }

  Outcome read(Platform& p, const Value& current) override { return read(p, current, current); }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    const std::string urn = text_or(prior, "id");
    const std::string name = text_or(prior, "name");
    auto code = code_spec(planned);
    out.diagnostics.append(code.diagnostics);
    if (!code.ok()) return out;
    const bool code_changed =
        planned.attribute("source_code_hash") != prior.attribute("source_code_hash") ||
        planned.attribute("dependency_version_ids") != prior.attribute("dependency_version_ids") ||
        planned.attribute("code_filename") != prior.attribute("code_filename");
    if (code_changed) {
      Json body{{"code_type", code.value.code_type},
                {"code_url", code.value.url},
                {"code_filename", code.value.filename},
                {"depend_version_list", dependency_ids(planned)}};
      if (!code.value.file_base64.empty()) body["func_code"] = {{"file", code.value.file_base64}};
      auto r = p.functiongraph().update_function_code(urn, body);
      if (!r) {
        out.diagnostics.add(api_error("updating the code of function " + name, r.error()));
        return out;
      }
    }
    // Read-modify-write: the update-config API may reset what its body leaves out, so the body
    // starts from the live configuration and what this resource manages goes over it.
    auto live = p.functiongraph().get_function_config(urn);
    if (!live) {
      out.diagnostics.add(
          api_error("reading function " + name + " before updating it", live.error()));
      return out;
    }
    // Without the live settings the update would reset what it does not manage.
    if (!live->is_object()) {
      out.diagnostics.add(answer_error("reading function " + name + " before updating it",
                                       "the configuration is not a JSON object"));
      return out;
    }
    auto cfg = p.functiongraph().update_function_config(
        urn, config_update_body(*live, metadata_body(planned, false)));
    if (!cfg) {
      out.diagnostics.add(api_error("updating function " + name, cfg.error()));
      return read_after(p, prior, planned, out);
    }
    if (planned.attribute("max_instances") != prior.attribute("max_instances") &&
        is_set(planned, "max_instances")) {
      auto r = p.functiongraph().update_max_instances(urn, int_or(planned, "max_instances", 400));
      if (!r) out.diagnostics.add(api_error("setting max instances of " + name, r.error()));
    }
    // tags_all is what the function carries: default_tags changes show up there alone.
    const Value tags_before = all_tags(p, prior, false);
    if (const Value all = all_tags(p, planned, true); all != tags_before) {
      Json old_tags = tags_json(tags_before);
      if (!old_tags.empty()) {
        auto r = p.functiongraph().delete_tags(urn, old_tags);
        if (!r) out.diagnostics.add(api_error("removing tags of function " + name, r.error()));
      }
      Json new_tags = tags_json(all);
      if (!new_tags.empty()) {
        auto r = p.functiongraph().create_tags(urn, new_tags);
        if (!r) out.diagnostics.add(api_error("tagging function " + name, r.error()));
      }
    }
    return read_after(p, prior, planned, out);
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto urn = cloud::FunctionUrn::parse(text_or(prior, "id"));
    if (!urn) return d;
    auto r = p.functiongraph().delete_function(urn->unqualified());
    d.append(delete_result(r, "deleting function " + text_or(prior, "name")));
    return d;
  }

  // A create whose answer was lost (a gateway timeout, a dropped connection) may have happened.
  // The name is unique and was just asked for by us, so: look it up and adopt it when it is
  // there; when it is not, the create did not happen and is sent once more, and an "already
  // exists" to that means the first one landed meanwhile, so it is looked up again.
  cloud::Result<Json> recover_lost_create(Platform& p, const Value& planned, const Json& body,
                                          const cloud::ApiError& lost) {
    auto urn = natural_id(p, planned);
    if (!urn) return lost;
    auto found = p.functiongraph().get_function_config(*urn);
    if (found) return found;
    if (found.error().kind != cloud::ErrorKind::kNotFound) return lost;
    auto again = p.functiongraph().create_function(body);
    if (again || again.error().kind != cloud::ErrorKind::kConflict) return again;
    auto landed = p.functiongraph().get_function_config(*urn);
    return landed ? landed : again;
  }

  // Names are unique per project and app: the URN is known before the function exists.
  std::optional<std::string> natural_id(Platform& p, const Value& planned) override {
    const std::string name = text_or(planned, "name");
    const std::string region = p.client().credentials().region;
    if (name.empty() || region.empty()) return std::nullopt;
    auto project = p.client().project_id();
    if (!project) return std::nullopt;
    return cloud::FunctionUrn{region, *project, text_or(planned, "app", "default"), name, ""}.str();
  }

  Outcome import(Platform&, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto urn = cloud::FunctionUrn::parse(id);
    if (!urn) {
      out.diagnostics.add(Diagnostic::error(
          "Invalid import ID",
          "\"" + id +
              "\" is not a function URN (urn:fss:{region}:{project_id}:function:{app}:{name})."));
      return out;
    }
    out.value = conform(schema().block,
                        Value::object({{"id", Value::string(urn->with_qualifier("latest"))}}));
    return out;
  }

 private:
  // Rules the platform applies to the settings beyond code, network and mounts. A rule is
  // checked only when every attribute it reads is known.
  static void validate_platform_settings(const Value& config, Diagnostics& d) {
    auto known = [&](std::initializer_list<const char*> names) {
      for (const char* n : names) {
        if (!config.attribute(n).is_known()) return false;
      }
      return true;
    };
    auto needs = [&](const char* attribute, const char* other, const std::string& why) {
      if (known({attribute, other}) && is_set(config, attribute) && !is_set(config, other)) {
        d.add(
            Diagnostic::error("Missing " + std::string(other), why).at(Path::attribute(attribute)));
      }
    };
    needs("gpu_type", "gpu_memory", "gpu_type and gpu_memory go together.");
    needs("gpu_memory", "gpu_type", "gpu_type and gpu_memory go together.");
    needs("pre_stop_timeout", "pre_stop_handler", "A pre-stop timeout needs a pre-stop handler.");
    needs("restore_hook_timeout", "restore_hook_handler",
          "A restore hook timeout needs a restore hook handler.");
    needs("log_group_name", "log_group_id",
          "The log group is chosen by its ID; the name goes with it.");
    needs("log_stream_name", "log_stream_id",
          "The log stream is chosen by its ID; the name goes with it.");
    if (known({"gpu_memory"}) && is_set(config, "gpu_memory") &&
        int_or(config, "gpu_memory", 0) % 1024 != 0) {
      d.add(Diagnostic::error("Invalid GPU memory", "gpu_memory must be a multiple of 1024 MB.")
                .at(Path::attribute("gpu_memory")));
    }
    const Value runtime = config.attribute("runtime");
    const std::string rt = runtime.is_known() && !runtime.is_null() ? runtime.as_string() : "";
    if (!rt.empty() && known({"gpu_type", "gpu_memory"}) &&
        (is_set(config, "gpu_type") || is_set(config, "gpu_memory")) && rt != "Custom" &&
        rt != "Custom Image") {
      d.add(Diagnostic::error(
                "GPU needs a custom runtime",
                "GPU functions run on the Custom or Custom Image runtime, not " + rt + ".")
                .at(Path::attribute(is_set(config, "gpu_type") ? "gpu_type" : "gpu_memory")));
    }
    if (!rt.empty() && known({"enable_class_isolation"}) &&
        is_set(config, "enable_class_isolation") &&
        config.attribute("enable_class_isolation").as_bool() && rt.rfind("Java", 0) != 0) {
      d.add(Diagnostic::error(
                "Class isolation is for Java",
                "enable_class_isolation is available on the Java runtimes only, not " + rt + ".")
                .at(Path::attribute("enable_class_isolation")));
    }
    if (known({"lts_custom_tag", "functiongraph_version"}) && is_set(config, "lts_custom_tag") &&
        config.attribute("lts_custom_tag").length() > 0 &&
        text_or(config, "functiongraph_version", "v2") == "v1") {
      d.add(Diagnostic::error("LTS tags need a v2 function",
                              "lts_custom_tag is available on FunctionGraph v2 functions only.")
                .at(Path::attribute("lts_custom_tag")));
    }
    const Value zones = config.attribute("private_dns_zone");
    if (zones.is_known() && !zones.is_null() && zones.length() > 0 && known({"vpc_id"}) &&
        !is_set(config, "vpc_id")) {
      d.add(Diagnostic::error("Private DNS needs VPC access",
                              "Set vpc_id and subnet_id to resolve names in a private zone.")
                .at(Path::attribute("private_dns_zone")));
    }
  }

  static std::vector<Value> mounts_of(const Value& v) {
    if (!v.is_known() || v.is_null()) return {};
    Value m = v.attribute("mount");
    if (!m.is_known() || m.is_null()) return {};
    return m.elements();
  }

  static Json dependency_ids(const Value& v) {
    Json ids = Json::array();
    if (is_set(v, "dependency_version_ids")) {
      for (const auto& e : v.attribute("dependency_version_ids").elements())
        ids.push_back(e.as_string());
    }
    return ids;
  }

  // The private DNS zones as the API takes them: a JSON string of [{"id","domain_name"}], or ""
  // for none.
  static std::string domain_names_json(const Value& v) {
    Value zones = v.attribute("private_dns_zone");
    if (!zones.is_known() || zones.is_null() || zones.length() == 0) return "";
    Json out = Json::array();
    for (const auto& z : zones.elements())
      out.push_back({{"id", text_or(z, "id")}, {"domain_name", text_or(z, "name")}});
    return out.dump();
  }

  // The tags the function has (prior) or is to have (planned): tags_all, or for a state written
  // before tags_all existed its tags; a planned tags_all not known yet is merged here.
  static Value all_tags(Platform& p, const Value& v, bool planned) {
    const Value all = v.attribute("tags_all");
    if (all.is_known() && !all.is_null()) return all;
    return planned ? merged_tags(p.defaults(), v.attribute("tags")) : v.attribute("tags");
  }

  static Json tags_json(const Value& tags) {
    Json out = Json::array();
    if (tags.is_known() && !tags.is_null()) {
      for (const auto& [k, v] : tags.entries())
        out.push_back({{"key", k}, {"value", v.is_null() ? "" : v.as_string()}});
    }
    return out;
  }

  // The settings of the live configuration that the update-config API takes, sent back as they
  // are, with `managed` (metadata_body) over them: what the body leaves to the platform (the
  // LTS switch when unset, the code's KMS key, the log group and stream) survives an update. The
  // secret environment is not among them: the platform never returns its values.
  static Json config_update_body(const Json& live, const Json& managed) {
    static const char* const kPassedThrough[] = {"gpu_memory",
                                                 "gpu_type",
                                                 "pre_stop_handler",
                                                 "pre_stop_timeout",
                                                 "restore_hook_handler",
                                                 "restore_hook_timeout",
                                                 "peering_cidr",
                                                 "domain_names",
                                                 "is_stateful_function",
                                                 "enable_auth_in_header",
                                                 "enable_class_isolation",
                                                 "enable_lts_log",
                                                 "lts_custom_tag",
                                                 "user_data_encrypt_kms_key_id",
                                                 "code_encrypt_kms_key_id",
                                                 "enterprise_project_id",
                                                 "custom_image"};
    Json body = Json::object();
    for (const char* field : kPassedThrough) {
      auto it = live.find(field);
      if (it != live.end() && !it->is_null()) body[field] = *it;
    }
    // A disabled custom image is how the platform reports "none"; it is not a setting to send.
    // (The platform's JSON may hold nulls where a type is expected: look before converting.)
    if (auto image = body.find("custom_image"); image != body.end()) {
      if (!cloud::bool_of(*image, "enabled")) body.erase(image);
    }
    auto text = [&](const char* field) { return text_of(live, field); };
    // The log group and stream come back as two fields and go as log_config.
    if (!text("log_group_id").empty() || !text("log_stream_id").empty()) {
      body["log_config"] = {{"group_id", text("log_group_id")},
                            {"stream_id", text("log_stream_id")}};
    }
    for (auto it = managed.begin(); it != managed.end(); ++it) body[it.key()] = it.value();
    return body;
  }

  // The metadata the config API takes; on create, only the fields the create API accepts.
  static Json metadata_body(const Value& v, bool for_create) {
    Json b{{"runtime", text_or(v, "runtime")},
           {"handler", text_or(v, "handler", is_set(v, "custom_image") ? "-" : "index.handler")},
           {"memory_size", int_or(v, "memory_size", 128)},
           {"timeout", int_or(v, "timeout", 3)},
           {"description", text_or(v, "description")}};
    b["user_data"] =
        is_set(v, "environment") ? string_map_json(v.attribute("environment")).dump() : "";
    if (is_set(v, "sensitive_environment")) {
      b["encrypted_user_data"] = string_map_json(v.attribute("sensitive_environment")).dump();
    }
    b["xrole"] = text_or(v, "agency");
    if (is_set(v, "enterprise_project_id"))
      b["enterprise_project_id"] = text_or(v, "enterprise_project_id");
    if (is_set(v, "custom_image")) {
      Value img = v.attribute("custom_image");
      b["custom_image"] = {{"enabled", true},
                           {"image", text_or(img, "url")},
                           {"command", text_or(img, "command")},
                           {"args", text_or(img, "args")},
                           {"working_dir", text_or(img, "working_dir", "/")}};
      // The API names the image's user and group uid and gid.
      if (is_set(img, "user_id")) b["custom_image"]["uid"] = text_or(img, "user_id");
      if (is_set(img, "user_group_id")) b["custom_image"]["gid"] = text_or(img, "user_group_id");
    }
    if (is_set(v, "log_group_id") || is_set(v, "log_stream_id")) {
      b["log_config"] = {{"group_id", text_or(v, "log_group_id")},
                         {"stream_id", text_or(v, "log_stream_id")}};
      if (is_set(v, "log_group_name")) b["log_config"]["group_name"] = text_or(v, "log_group_name");
      if (is_set(v, "log_stream_name"))
        b["log_config"]["stream_name"] = text_or(v, "log_stream_name");
    }
    // Unset (or, on create, not yet known): the platform's default applies.
    if (is_set(v, "enable_lts_log")) b["enable_lts_log"] = v.attribute("enable_lts_log").as_bool();
    if (is_set(v, "lts_custom_tag") || !for_create)
      b["lts_custom_tag"] = string_map_json(v.attribute("lts_custom_tag"));
    b["gpu_type"] = text_or(v, "gpu_type");
    b["gpu_memory"] = int_or(v, "gpu_memory", 0);
    b["pre_stop_handler"] = text_or(v, "pre_stop_handler");
    b["pre_stop_timeout"] = int_or(v, "pre_stop_timeout", 0);
    b["is_stateful_function"] =
        is_set(v, "is_stateful_function") && v.attribute("is_stateful_function").as_bool();
    b["user_data_encrypt_kms_key_id"] = text_or(v, "user_data_encrypt_kms_key_id");
    if (is_set(v, "code_encrypt_kms_key_id"))
      b["code_encrypt_kms_key_id"] = text_or(v, "code_encrypt_kms_key_id");
    b["enable_dynamic_memory"] =
        is_set(v, "dynamic_memory") && v.attribute("dynamic_memory").as_bool();
    Json access = Json::array();
    if (is_set(v, "trigger_access_vpc_ids")) {
      for (const auto& id : v.attribute("trigger_access_vpc_ids").elements())
        access.push_back({{"vpc_id", id.as_string()}});
    }
    b["network_controller"] = {
        {"disable_public_network",
         is_set(v, "disable_public_network") && v.attribute("disable_public_network").as_bool()},
        {"trigger_access_vpcs", access}};
    if (for_create) return b;
    b["app_xrole"] = text_or(v, "execution_agency");
    b["initializer_handler"] = text_or(v, "initializer_handler");
    b["initializer_timeout"] = int_or(v, "initializer_timeout", 0);
    b["heartbeat_handler"] = text_or(v, "heartbeat_handler");
    b["ephemeral_storage"] = int_or(v, "ephemeral_storage", 512);
    b["restore_hook_handler"] = text_or(v, "restore_hook_handler");
    b["restore_hook_timeout"] = int_or(v, "restore_hook_timeout", 0);
    b["peering_cidr"] = text_or(v, "peering_cidr");
    b["domain_names"] = domain_names_json(v);
    for (const char* flag : {"enable_auth_in_header", "enable_class_isolation"})
      b[flag] = is_set(v, flag) && v.attribute(flag).as_bool();
    b["strategy_config"] = {{"concurrent_num", int_or(v, "concurrency_per_instance", 1)}};
    b["func_vpc"] = is_set(v, "vpc_id") ? Json{{"vpc_id", text_or(v, "vpc_id")},
                                               {"subnet_id", text_or(v, "subnet_id")}}
                                        : Json(nullptr);
    Json mounts = Json::array();
    for (const auto& m : mounts_of(v)) {
      mounts.push_back({{"mount_type", text_or(m, "type")},
                        {"mount_resource", text_or(m, "resource_id")},
                        {"mount_share_path", text_or(m, "share_path")},
                        {"local_mount_path", text_or(m, "local_path")}});
    }
    b["mount_config"] = {{"mount_user",
                          {{"user_id", int_or(v, "mount_user_id", -1)},
                           {"user_group_id", int_or(v, "mount_user_group_id", -1)}}},
                         {"func_mounts", mounts}};
    return b;
  }

  Outcome read_after(Platform& p, const Value& prior, const Value& planned, Outcome& so_far) {
    auto r = read(p, prior, planned);
    so_far.diagnostics.append(r.diagnostics);
    if (!r.value.is_null()) so_far.value = r.value;
    return so_far;
  }

  // Reads the platform's view. `known` supplies what the platform cannot return (code source,
  // secret environment values, the configured shape of optional attributes).
  Outcome read(Platform& p, const Value& current, const Value& known) {
    const std::string urn = text_or(current, "id");
    auto cfg = p.functiongraph().get_function_config(urn);
    if (!cfg) return failed_read(current, "reading function " + urn, cfg.error());
    if (!cfg->is_object())
      return unusable_read(current, "reading function " + urn,
                           "the configuration is not a JSON object");
    return from_config(p, *cfg, current, known, nullptr);
  }

  // A batched refresh (issue 12): one list of every function (400 a page) and one tag listing
  // (100 a page) instead of a config, code and tags GET per function. A function's list entry
  // is its configuration; its code is fetched only when the digest moved, its log names only
  // when the configuration changed. A function missing from the list, or an entry without the
  // fields a read needs, is read on its own as before, so nothing is detected differently.
  std::vector<Outcome> read_many(Platform& p, const std::vector<Value>& current) override {
    if (current.size() < 2) return Resource::read_many(p, current);
    // The tags first (small: a resource id and a few pairs per function), so that each page of
    // the function listing is turned into values as it arrives and then dropped: holding the
    // whole listing as JSON trees until the end was some 70 MB at 10,000 functions.
    auto tagged = p.functiongraph().list_all_function_tags(kTagPage);
    // The platform's reference gives no bound for the filter's limit: should it refuse 1,000,
    // ask again 100 a page (the official provider's size) before falling back to single reads.
    if (!tagged) tagged = p.functiongraph().list_all_function_tags(kSafeTagPage);
    if (!tagged) return Resource::read_many(p, current);
    std::map<std::string, Json> tags_by_resource;
    for (const auto& r : *tagged) {
      const std::string id = text_of(r, "resource_id");
      if (!id.empty()) tags_by_resource[id] = Json{{"tags", array_of(r, "tags")}};
    }
    tagged->clear();
    // Which of the objects asked about each unqualified URN answers (usually one).
    std::map<std::string, std::vector<std::size_t>> wanted;
    for (std::size_t i = 0; i < current.size(); ++i)
      if (auto urn = cloud::FunctionUrn::parse(text_or(current[i], "id")))
        wanted[urn->unqualified()].push_back(i);
    std::vector<std::optional<Outcome>> answers(current.size());
    auto convert = [&](std::vector<Json> items) {
      for (auto& f : items) {
        auto urn = cloud::FunctionUrn::parse(text_of(f, "func_urn"));
        auto it = urn ? wanted.find(urn->unqualified()) : wanted.end();
        if (it == wanted.end()) continue;
        auto tags = tags_by_resource.find(text_of(f, "resource_id"));
        // An entry without what a read needs: those functions are read on their own below.
        if (tags == tags_by_resource.end() || !complete_listing(f)) continue;
        for (std::size_t i : it->second) {
          if (answers[i]) continue;  // listed twice: the first entry answers
          const Value& c = current[i];
          Outcome read = from_config(p, f, c, c, &tags->second);
          // Unchanged (most are): answer with the object asked about, so that a batch of
          // 10,000 does not hold an equal copy of each beside the priors (read_resources
          // keeps it).
          if (conform(schema().block, read.value) == c) read.value = c;
          answers[i] = std::move(read);
        }
      }
    };
    // Each page is converted on a second thread while the next is fetched: the batch is the
    // one part of a refresh every instance waits for, and converting took as long as fetching.
    // One conversion at a time (they share `answers`), so two pages are held at most.
    std::future<void> converting;
    for (long marker = 0;;) {
      auto page = p.functiongraph().list_functions(marker, kFunctionPage);
      if (converting.valid()) converting.get();
      if (!page) return Resource::read_many(p, current);
      const bool last =
          page->items.empty() || page->next_marker <= marker || page->next_marker >= page->count;
      converting = std::async(std::launch::async, convert, std::move(page->items));
      if (last) break;
      marker = page->next_marker;
    }
    converting.get();
    std::vector<Outcome> out;
    out.reserve(current.size());
    for (std::size_t i = 0; i < current.size(); ++i) {
      // Missing from the listing: read on its own, so nothing is detected differently.
      out.push_back(answers[i] ? std::move(*answers[i]) : read(p, current[i]));
    }
    return out;
  }

  bool reads_in_batches() const override { return true; }

  // Whether a list entry carries what a read takes from the configuration answer.
  static bool complete_listing(const Json& f) {
    for (const char* key :
         {"func_urn", "func_name", "runtime", "memory_size", "timeout", "handler", "code_type",
          "digest", "last_modified", "user_data", "strategy_config", "resource_id"})
      if (!f.contains(key)) return false;
    return true;
  }

  // The resource's value from a configuration answer `f` (GET .../config, or a list entry with
  // `listed_tags` the tag listing's answer for it).
  Outcome from_config(Platform& p, const Json& f, const Value& current, const Value& known,
                      const Json* listed_tags) {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::string urn = text_or(current, "id");
    auto optional_text = [&](const char* api_key, const char* attribute) {
      Value v = string_field(f, api_key);
      return v.is_null() && is_set(known, attribute) ? string_field_keep_empty(f, api_key) : v;
    };
    // The URN the platform answers, else the one the state has.
    const std::string answered_urn = text_of(f, "func_urn").empty() ? urn : text_of(f, "func_urn");
    Value::Entries e;
    e["id"] = Value::string(answered_urn);
    e["name"] = string_field(f, "func_name");
    e["app"] = string_field(f, "package");
    e["runtime"] = string_field(f, "runtime");
    e["handler"] = string_field(f, "handler");
    e["memory_size"] = number_field(f, "memory_size");
    e["timeout"] = number_field(f, "timeout");
    e["description"] = optional_text("description", "description");
    e["functiongraph_version"] = string_field(f, "type");
    e["code_filename"] = string_field(f, "code_filename");
    e["source_code_hash"] = attr(known, "source_code_hash");
    for (const char* source : {"code_path", "code_url"}) e[source] = attr(known, source);
    const std::string code_type = text_of(f, "code_type");
    if (code_type == "obs") e["code_url"] = string_field(f, "code_url");
    const bool same_digest = listed_tags && is_set(known, "code_digest") &&
                             text_of(f, "digest") == text_or(known, "code_digest");
    if (code_type == "inline" && same_digest && is_set(known, "inline_code")) {
      e["inline_code"] = attr(known, "inline_code");  // the platform's digest says it is the same
    } else if (code_type == "inline") {
      // Inline code can be read back, which also makes import complete.
      auto code = p.functiongraph().get_function_code(urn);
      std::string text;
      if (code && cloud::base64_decode(text_of(object_of(*code, "func_code"), "file"), text)) {
        e["inline_code"] = Value::string(text);
        if (e["source_code_hash"].is_null())
          e["source_code_hash"] = Value::string(cloud::sha256_hex(text));
      } else if (!code) {
        out.diagnostics.add(api_error("reading the code of function " + urn, code.error()));
        e["inline_code"] = attr(known, "inline_code");
      }
    }
    e["code_digest"] = string_field(f, "digest");
    e["code_size"] = number_field(f, "code_size");
    // Code drift. The digest recorded when we last uploaded or read the code differs from the
    // platform's: someone replaced the package (console, another pipeline). The local hash
    // cannot see that, so the hash reads as the platform's digest and the next plan uploads
    // the configured code again. A planned (unknown) digest means we are uploading it now.
    const Value recorded = attr(known, "code_digest");
    if (recorded.is_known() && !recorded.is_null() && !recorded.as_string().empty() &&
        !e["code_digest"].is_null() && e["code_digest"] != recorded) {
      e["source_code_hash"] = Value::string("sha512:" + e["code_digest"].as_string());
    }
    auto env = Json::parse(text_of(f, "user_data"), nullptr, false);
    e["environment"] = env.is_object() && (!env.empty() || is_set(known, "environment"))
                           ? string_map_value(env)
                           : Value::null(Type::map(Type::string()));
    // Secret values never come back, only their names: keep the known values while the names match.
    auto secret_names = Json::parse(text_of(f, "encrypted_user_data"), nullptr, false);
    Value known_secrets = attr(known, "sensitive_environment");
    std::set<std::string> platform_names;
    if (secret_names.is_object()) {
      for (auto it = secret_names.begin(); it != secret_names.end(); ++it)
        platform_names.insert(it.key());
    }
    std::set<std::string> known_names;
    if (known_secrets.is_known() && !known_secrets.is_null()) {
      for (const auto& [k, v] : known_secrets.entries()) {
        (void)v;
        known_names.insert(k);
      }
    }
    if (platform_names == known_names) {
      e["sensitive_environment"] = known_secrets;
    } else {
      Value::Entries names;
      for (const auto& n : platform_names) names.emplace(n, Value::string(""));
      e["sensitive_environment"] = Value::map(Type::string(), std::move(names));
    }
    e["agency"] = optional_text("xrole", "agency");
    e["execution_agency"] = optional_text("app_xrole", "execution_agency");
    e["initializer_handler"] = optional_text("initializer_handler", "initializer_handler");
    e["initializer_timeout"] =
        cloud::number_of(f, "initializer_timeout") == 0 && !is_set(known, "initializer_timeout")
            ? Value::null(Type::number())
            : number_field(f, "initializer_timeout");
    e["heartbeat_handler"] = optional_text("heartbeat_handler", "heartbeat_handler");
    if (const Json* vpc = field_of(f, "func_vpc"); vpc && vpc->is_object()) {
      e["vpc_id"] = string_field(*vpc, "vpc_id");
      e["subnet_id"] = string_field(*vpc, "subnet_id");
    }
    // The platform leaves network_controller and mount_config out until they are set; absent
    // means its defaults (public network on, mount user -1).
    const Json& nc = object_of(f, "network_controller");
    e["disable_public_network"] = Value::boolean(cloud::bool_of(nc, "disable_public_network"));
    Value::Elements access;
    for (const auto& vpc : array_of(nc, "trigger_access_vpcs")) {
      if (const Json* id = field_of(vpc, "vpc_id"); id && id->is_string())
        access.push_back(Value::string(id->get<std::string>()));
    }
    e["trigger_access_vpc_ids"] = access.empty() && !is_set(known, "trigger_access_vpc_ids")
                                      ? Value::null(Type::set(Type::string()))
                                      : Value::set(Type::string(), std::move(access));
    const Json& mc = object_of(f, "mount_config");
    const Json& mount_user = object_of(mc, "mount_user");
    e["mount_user_id"] = Value::number(cloud::integer_of(mount_user, "user_id", -1));
    e["mount_user_group_id"] = Value::number(cloud::integer_of(mount_user, "user_group_id", -1));
    e["mount"] = mounts_value(array_of(mc, "func_mounts"), known);
    const Json& sc = object_of(f, "strategy_config");
    e["max_instances"] = number_field(sc, "concurrency");
    e["concurrency_per_instance"] = number_field(sc, "concurrent_num");
    e["dynamic_memory"] = bool_field(f, "enable_dynamic_memory");
    e["ephemeral_storage"] = number_field(f, "ephemeral_storage");
    e["log_group_id"] = string_field(f, "log_group_id");
    e["log_stream_id"] = string_field(f, "log_stream_id");
    // The names come from another call, made only for a configuration that names its log group
    // or stream: most functions use the platform's own, and every read would pay for it.
    e["log_group_name"] = Value::null(Type::string());
    e["log_stream_name"] = Value::null(Type::string());
    const bool same_config = listed_tags && is_set(known, "last_modified") &&
                             text_of(f, "last_modified") == text_or(known, "last_modified");
    if (same_config && (is_set(known, "log_group_name") || is_set(known, "log_stream_name"))) {
      e["log_group_name"] = attr(known, "log_group_name");
      e["log_stream_name"] = attr(known, "log_stream_name");
    } else if (is_set(known, "log_group_name") || is_set(known, "log_stream_name")) {
      auto lts = p.functiongraph().get_lts_log_detail(urn);
      if (lts) {
        e["log_group_name"] = string_field(*lts, "group_name");
        e["log_stream_name"] = string_field(*lts, "stream_name");
      } else {
        out.diagnostics.add(api_error("reading the log settings of function " + urn, lts.error()));
        e["log_group_name"] = attr(known, "log_group_name");
        e["log_stream_name"] = attr(known, "log_stream_name");
      }
    }
    e["enable_lts_log"] = bool_field(f, "enable_lts_log");
    const Json& lts_tags = object_of(f, "lts_custom_tag");
    e["lts_custom_tag"] = !lts_tags.empty() || is_set(known, "lts_custom_tag")
                              ? string_map_value(lts_tags)
                              : Value::null(Type::map(Type::string()));
    // Zero and "" are how the platform reports "not set".
    auto optional_number = [&](const char* key) {
      const Json* it = field_of(f, key);
      return it && it->is_number() && it->get<double>() == 0 && !is_set(known, key)
                 ? Value::null(Type::number())
                 : number_field(f, key);
    };
    e["gpu_type"] = optional_text("gpu_type", "gpu_type");
    e["gpu_memory"] = optional_number("gpu_memory");
    e["peering_cidr"] = optional_text("peering_cidr", "peering_cidr");
    e["pre_stop_handler"] = optional_text("pre_stop_handler", "pre_stop_handler");
    e["pre_stop_timeout"] = optional_number("pre_stop_timeout");
    e["restore_hook_handler"] = optional_text("restore_hook_handler", "restore_hook_handler");
    e["restore_hook_timeout"] = optional_number("restore_hook_timeout");
    e["user_data_encrypt_kms_key_id"] =
        optional_text("user_data_encrypt_kms_key_id", "user_data_encrypt_kms_key_id");
    e["code_encrypt_kms_key_id"] =
        optional_text("code_encrypt_kms_key_id", "code_encrypt_kms_key_id");
    for (const char* flag :
         {"is_stateful_function", "enable_auth_in_header", "enable_class_isolation"}) {
      e[flag] = Value::boolean(cloud::bool_of(f, flag));
    }
    e["private_dns_zone"] = private_dns_value(text_of(f, "domain_names"));
    Value deps = string_set_value(array_of(f, "depend_version_list"));
    e["dependency_version_ids"] = deps.length() == 0 && !is_set(known, "dependency_version_ids")
                                      ? Value::null(Type::set(Type::string()))
                                      : deps;
    e["enterprise_project_id"] = string_field(f, "enterprise_project_id");
    if (const Json& img = object_of(f, "custom_image"); cloud::bool_of(img, "enabled")) {
      const auto inner = schema().block.block("custom_image")->block.implied_type();
      e["custom_image"] = Value::object(inner, {{"url", string_field(img, "image")},
                                                {"command", string_field(img, "command")},
                                                {"args", string_field(img, "args")},
                                                {"working_dir", string_field(img, "working_dir")},
                                                {"user_id", string_field(img, "uid")},
                                                {"user_group_id", string_field(img, "gid")}});
    }
    // Tags are read back, so tags changed elsewhere show up as drift.
    auto tags = listed_tags ? cloud::Result<Json>(*listed_tags) : p.functiongraph().get_tags(urn);
    if (tags) {
      // All of them are tags_all; tags leaves out those that only the provider's default_tags
      // explain (same value, and not in the block last time), so they are no perpetual diff.
      const auto& defaults = p.defaults().default_tags;
      const Value known_tags = attr(known, "tags");
      auto in_block = [&](const std::string& key) {
        return known_tags.is_known() && !known_tags.is_null() &&
               known_tags.entries().count(key) > 0;
      };
      Value::Entries all;
      Value::Entries own;
      for (const auto& tag : array_of(*tags, "tags")) {
        const std::string key = text_of(tag, "key");
        if (key.empty()) continue;  // not a tag: an item of another shape
        const std::string val = text_of(tag, "value");
        all.emplace(key, Value::string(val));
        auto d = defaults.find(key);
        if (d == defaults.end() || d->second != val || in_block(key))
          own.emplace(key, Value::string(val));
      }
      e["tags"] = own.empty() && !is_set(known, "tags")
                      ? Value::null(Type::map(Type::string()))
                      : Value::map(Type::string(), std::move(own));
      e["tags_all"] = Value::map(Type::string(), std::move(all));
    } else {
      out.diagnostics.add(api_error("reading the tags of function " + urn, tags.error()));
      e["tags"] = attr(known, "tags");
      e["tags_all"] = attr(known, "tags_all");
    }
    auto parsed = cloud::FunctionUrn::parse(answered_urn);
    e["urn"] = parsed ? Value::string(parsed->unqualified()) : Value::null(Type::string());
    e["version"] = string_field(f, "version");
    e["last_modified"] = string_field(f, "last_modified");
    out.value = conform(schema().block, Value::object(schema().block.implied_type(), std::move(e)));
    return out;
  }

  // The private DNS zones from the API's JSON string; an unreadable string reads as none.
  Value private_dns_value(const std::string& domain_names) const {
    const auto inner = schema().block.block("private_dns_zone")->block.implied_type();
    Value::Elements zones;
    const Json parsed = Json::parse(domain_names, nullptr, false);
    for (const auto& z : cloud::as_array(parsed)) {
      if (!z.is_object()) continue;
      zones.push_back(Value::object(
          inner, {{"id", string_field(z, "id")}, {"name", string_field(z, "domain_name")}}));
    }
    return Value::list(inner, std::move(zones));
  }

  // Mounts in the configured order (the platform may reorder them), matched by local path.
  Value mounts_value(const Json& api_mounts, const Value& known) const {
    const auto inner = schema().block.block("mount")->block.implied_type();
    std::vector<Value> from_api;
    for (const auto& m : api_mounts) {
      if (!m.is_object()) continue;  // not a mount: an item of another shape
      from_api.push_back(Value::object(inner, {{"type", string_field(m, "mount_type")},
                                               {"resource_id", string_field(m, "mount_resource")},
                                               {"share_path", string_field(m, "mount_share_path")},
                                               {"local_path", string_field(m, "local_mount_path")},
                                               {"status", string_field(m, "status")}}));
    }
    Value::Elements ordered;
    std::vector<bool> used(from_api.size(), false);
    for (const auto& k : mounts_of(known)) {
      for (std::size_t i = 0; i < from_api.size(); ++i) {
        if (!used[i] && from_api[i].attribute("local_path") == k.attribute("local_path")) {
          ordered.push_back(from_api[i]);
          used[i] = true;
          break;
        }
      }
    }
    for (std::size_t i = 0; i < from_api.size(); ++i) {
      if (!used[i]) ordered.push_back(from_api[i]);
    }
    return Value::list(inner, std::move(ordered));
  }
};

}  // namespace

std::unique_ptr<Resource> make_function_resource() {
  return std::make_unique<FunctionResource>();
}

}  // namespace fgform::resources
