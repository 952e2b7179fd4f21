#include "provider_config.h"

#include <utility>

#include "cloud/shared_config.h"

namespace fgform::resources {
namespace {

using value::Diagnostic;
using value::Path;
using value::Value;

// Reads the block's settings, reporting unknown ones once each.
class Reader {
 public:
  Reader(const Value& config, value::Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}

  // "" when unset (or null).
  std::string text(const Value& object, const char* name, const Path& path) {
    Value v = get(object, name, path);
    return v.is_known() && !v.is_null() ? v.as_string() : std::string();
  }
  std::string text(const char* name) { return text(config_, name, Path::attribute(name)); }

  // Null when unset; null too (after a diagnostic) when not known yet.
  Value get(const Value& object, const char* name, const Path& path) {
    if (object.is_null() || !object.is_known() || !object.type().has_attribute(name)) {
      return Value::null(value::Type::string());
    }
    Value v = object.attribute(name);
    if (!v.is_known()) {
      diagnostics_.add(Diagnostic::error("Provider setting not known yet",
                                         std::string(name) +
                                             " depends on a value known only after apply; the "
                                             "provider needs it to be known now.")
                           .at(path));
      return Value::null(v.type());
    }
    return v;
  }
  Value get(const char* name) { return get(config_, name, Path::attribute(name)); }

 private:
  const Value& config_;
  value::Diagnostics& diagnostics_;
};

// Fills what the block and the environment left empty from the shared config file's profile.
// Keys are taken as a pair (with their token): one key of each origin would never sign.
void apply_shared_config(Reader& read, const cloud::EnvironmentLookup& env,
                         cloud::Credentials& credentials, std::optional<cloud::AssumeRole>& role,
                         std::string& note, value::Diagnostics& diagnostics) {
  const std::string file_attr = read.text("shared_config_file");
  const std::string profile_attr = read.text("profile");
  const std::string file = cloud::explicit_or_environment(file_attr, "HW_SHARED_CONFIG_FILE", env);
  const std::string profile = cloud::explicit_or_environment(profile_attr, "HW_PROFILE", env);
  const bool asked = !file.empty() || !profile.empty();
  const bool missing = !credentials.has_keys() || credentials.region.empty();
  if (!asked && !missing) return;
  // The default file is optional; a file named by the user must be there.
  auto load = cloud::load_shared_profile(file.empty() ? cloud::kDefaultSharedConfigFile : file,
                                         profile, !file.empty(), env);
  if (!load.error.empty()) {
    std::string origin;
    if (file_attr.empty() && !file.empty()) origin = " (the file is HW_SHARED_CONFIG_FILE's)";
    if (profile_attr.empty() && !profile.empty()) origin += " (the profile is HW_PROFILE's)";
    Diagnostic d = Diagnostic::error("Cannot use the shared config file", load.error + origin);
    if (load.no_such_profile && !profile_attr.empty()) {
      d = std::move(d).at(Path::attribute("profile"));
    } else if (!file_attr.empty()) {
      d = std::move(d).at(Path::attribute("shared_config_file"));
    } else if (!profile_attr.empty()) {
      d = std::move(d).at(Path::attribute("profile"));
    }
    diagnostics.add(std::move(d));
    return;
  }
  if (!load.profile) return;  // no default file: nothing to fill
  const cloud::SharedProfile& p = *load.profile;
  if (credentials.access_key.empty() && credentials.secret_key.empty()) {
    credentials.access_key = p.access_key;
    credentials.secret_key = p.secret_key;
    if (credentials.security_token.empty()) credentials.security_token = p.security_token;
    if (p.access_key.empty() || p.secret_key.empty()) {
      note = " The profile \"" + p.name + "\" of " + load.path +
             " holds no access key and secret key (its mode is \"" + p.mode +
             "\"; only AK/SK profiles can be used, unencrypted).";
    }
  }
  if (credentials.region.empty()) credentials.region = p.region;
  if (credentials.project_id.empty()) credentials.project_id = p.project_id;
  if (credentials.domain_id.empty()) credentials.domain_id = p.domain_id;
  if (!role && !p.agency_name.empty()) {
    if (p.agency_domain_name.empty() && p.agency_domain_id.empty()) {
      diagnostics.add(Diagnostic::error(
          "Cannot use the shared config file",
          "The profile \"" + p.name + "\" of " + load.path + " names agency \"" + p.agency_name +
              "\" but not the account that owns it (agencyDomainName or agencyDomainId)."));
      return;
    }
    role = cloud::AssumeRole{p.agency_name, p.agency_domain_name, p.agency_domain_id, 0};
  }
}

std::optional<cloud::AssumeRole> assume_role_from(Reader& read, const cloud::EnvironmentLookup& env,
                                                  value::Diagnostics& diagnostics) {
  const Path base = Path::attribute("assume_role");
  Value block = read.get("assume_role");
  if (block.is_null()) return std::nullopt;
  cloud::AssumeRole role;
  role.agency_name = read.text(block, "agency_name", base.attr("agency_name"));
  role.domain_name = cloud::explicit_or_environment(
      read.text(block, "domain_name", base.attr("domain_name")), "HW_ASSUME_ROLE_DOMAIN_NAME", env);
  role.domain_id = cloud::explicit_or_environment(
      read.text(block, "domain_id", base.attr("domain_id")), "HW_ASSUME_ROLE_DOMAIN_ID", env);
  if (role.agency_name.empty()) {
    diagnostics.add(Diagnostic::error("Missing agency name",
                                      "assume_role needs the name of the agency to assume.")
                        .at(base.attr("agency_name")));
  }
  if (role.domain_name.empty() && role.domain_id.empty()) {
    diagnostics.add(Diagnostic::error(
                        "Missing agency account",
                        "assume_role needs the account that owns the agency: set domain_name "
                        "or domain_id (or HW_ASSUME_ROLE_DOMAIN_NAME / HW_ASSUME_ROLE_DOMAIN_ID).")
                        .at(base));
  }
  Value duration = read.get(block, "duration", base.attr("duration"));
  if (!duration.is_null()) {
    auto seconds = duration.as_number().to_int64();
    if (!seconds || *seconds < 900 || *seconds > 86400) {
      diagnostics.add(Diagnostic::error("Invalid assume_role duration",
                                        "duration is in seconds, from 900 (15 minutes) to 86400 "
                                        "(24 hours).")
                          .at(base.attr("duration")));
    } else {
      role.duration_seconds = static_cast<int>(*seconds);
    }
  }
  return role;
}

std::map<std::string, std::string> default_tags_from(Reader& read,
                                                     value::Diagnostics& diagnostics) {
  std::map<std::string, std::string> tags;
  Value v = read.get("default_tags");
  if (v.is_null()) return tags;
  for (const auto& [key, tag] : v.entries()) {
    const Path at = Path::attribute("default_tags").key(key);
    if (!tag.is_known()) {
      diagnostics.add(Diagnostic::error("Provider setting not known yet",
                                        "default_tags[\"" + key +
                                            "\"] depends on a value known only after apply.")
                          .at(at));
      continue;
    }
    if (key.empty()) {
      diagnostics.add(
          Diagnostic::error("Invalid default tag", "A tag key cannot be empty.").at(at));
      continue;
    }
    tags[key] = tag.is_null() ? std::string() : tag.as_string();
  }
  return tags;
}

}  // namespace

value::Decoded<ProviderSettings> provider_settings_from(const Value& config,
                                                        const cloud::EnvironmentLookup& env) {
  value::Decoded<ProviderSettings> out;
  cloud::ClientConfig& client = out.value.client;
  Reader read(config, out.diagnostics);

  // Explicit attributes, then the environment, then the shared config file.
  cloud::Credentials explicit_settings;
  explicit_settings.region = read.text("region");
  explicit_settings.access_key = read.text("access_key");
  explicit_settings.secret_key = read.text("secret_key");
  explicit_settings.security_token = read.text("security_token");
  explicit_settings.project_id = read.text("project_id");
  explicit_settings.domain_id = read.text("domain_id");
  client.credentials = cloud::resolve_credentials(explicit_settings, env);
  client.assume_role = assume_role_from(read, env, out.diagnostics);
  std::string profile_note;
  apply_shared_config(read, env, client.credentials, client.assume_role, profile_note,
                      out.diagnostics);
  if (std::string missing = cloud::missing_credentials_message(client.credentials);
      !missing.empty()) {
    out.diagnostics.add(Diagnostic::error("Missing credentials", missing + profile_note));
  }

  const std::string cloud_attr = read.text("cloud");
  client.cloud = cloud::explicit_or_environment(cloud_attr, "HW_CLOUD", env);
  if (!client.cloud.empty() && !cloud::valid_cloud_domain(client.cloud)) {
    Diagnostic d = Diagnostic::error(
        "Invalid cloud domain",
        "\"" + client.cloud + "\"" + (cloud_attr.empty() ? " (from HW_CLOUD)" : "") +
            " is not a domain name such as myhuaweicloud.com: endpoints are "
            "https://<service>.<region>.<cloud>. To reach a particular URL, set endpoints.");
    if (!cloud_attr.empty()) d = std::move(d).at(Path::attribute("cloud"));
    out.diagnostics.add(std::move(d));
  }

  Value endpoints = read.get("endpoints");
  if (!endpoints.is_null()) {
    const Path base = Path::attribute("endpoints");
    client.endpoints.functiongraph =
        read.text(endpoints, "functiongraph", base.attr("functiongraph"));
    client.endpoints.iam = read.text(endpoints, "iam", base.attr("iam"));
    client.endpoints.vpc = read.text(endpoints, "vpc", base.attr("vpc"));
    for (cloud::Service s :
         {cloud::Service::kFunctionGraph, cloud::Service::kIam, cloud::Service::kVpc}) {
      const std::string& url = client.endpoints.of(s);
      if (!url.empty() && !cloud::parse_base_url(url)) {
        out.diagnostics.add(
            Diagnostic::error("Invalid endpoint", "\"" + url + "\" is not an http(s) URL")
                .at(base.attr(std::string(cloud::service_name(s)))));
      }
    }
  }
  // fgform runs the emulator in-process and hands over a configuration without this flag;
  // a plugin process cannot (Terraform starts and stops it many times per command).
  if (Value v = read.get("embedded_emulator"); !v.is_null() && v.as_bool()) {
    out.diagnostics.add(
        Diagnostic::error("embedded_emulator is an fgform feature",
                          "The Terraform provider cannot run the emulator inside itself. Start "
                          "fgform-emulator and point the provider's endpoints at it, or run "
                          "this configuration with fgform.")
            .at(Path::attribute("embedded_emulator")));
  }
  if (Value v = read.get("insecure"); !v.is_null()) client.transport.insecure = v.as_bool();
  if (Value v = read.get("max_retries"); !v.is_null()) {
    client.retry.max_attempts = static_cast<int>(v.as_number().to_int64().value_or(4)) + 1;
  }
  client.user_agent = "terraform-provider-functiongraph/0.1 (fgform)";

  out.value.defaults.enterprise_project_id = cloud::explicit_or_environment(
      read.text("enterprise_project_id"), "HW_ENTERPRISE_PROJECT_ID", env);
  out.value.defaults.default_tags = default_tags_from(read, out.diagnostics);
  return out;
}

value::Decoded<cloud::ClientConfig> client_config_from(const Value& config,
                                                       const cloud::EnvironmentLookup& env) {
  auto settings = provider_settings_from(config, env);
  return {std::move(settings.value.client), std::move(settings.diagnostics)};
}

}  // namespace fgform::resources
