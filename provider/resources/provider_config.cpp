#include "provider_config.h"

namespace fgform::resources {

using value::Diagnostic;
using value::Path;
using value::Value;

value::Decoded<cloud::ClientConfig> client_config_from(const Value& config,
                                                       const cloud::EnvironmentLookup& env) {
  value::Decoded<cloud::ClientConfig> out;
  auto text = [&](const Value& object, const char* name, const Path& path) -> std::string {
    if (object.is_null() || !object.type().has_attribute(name)) return {};
    Value v = object.attribute(name);
    if (v.is_unknown()) {
      out.diagnostics.add(Diagnostic::error("Provider setting not known yet",
                                            std::string(name) +
                                                " depends on a value known only after apply; the "
                                                "provider needs it to be known now.")
                              .at(path));
      return {};
    }
    return v.is_null() ? std::string() : v.as_string();
  };
  cloud::Credentials explicit_settings;
  explicit_settings.region = text(config, "region", Path::attribute("region"));
  explicit_settings.access_key = text(config, "access_key", Path::attribute("access_key"));
  explicit_settings.secret_key = text(config, "secret_key", Path::attribute("secret_key"));
  explicit_settings.security_token =
      text(config, "security_token", Path::attribute("security_token"));
  explicit_settings.project_id = text(config, "project_id", Path::attribute("project_id"));
  explicit_settings.domain_id = text(config, "domain_id", Path::attribute("domain_id"));
  out.value.credentials = cloud::resolve_credentials(explicit_settings, env);
  if (std::string missing = cloud::missing_credentials_message(out.value.credentials);
      !missing.empty()) {
    out.diagnostics.add(Diagnostic::error("Missing credentials", missing));
  }
  if (!config.is_null() && config.type().has_attribute("endpoints")) {
    Value endpoints = config.attribute("endpoints");
    const Path base = Path::attribute("endpoints");
    out.value.endpoints.functiongraph =
        text(endpoints, "functiongraph", base.attr("functiongraph"));
    out.value.endpoints.iam = text(endpoints, "iam", base.attr("iam"));
    out.value.endpoints.vpc = text(endpoints, "vpc", base.attr("vpc"));
    for (cloud::Service s :
         {cloud::Service::kFunctionGraph, cloud::Service::kIam, cloud::Service::kVpc}) {
      const std::string& url = out.value.endpoints.of(s);
      if (!url.empty() && !cloud::parse_base_url(url)) {
        out.diagnostics.add(
            Diagnostic::error("Invalid endpoint", "\"" + url + "\" is not an http(s) URL")
                .at(base.attr(std::string(cloud::service_name(s)))));
      }
    }
  }
  if (!config.is_null() && config.type().has_attribute("embedded_emulator")) {
    // fgform runs the emulator in-process and hands over a configuration without this flag;
    // a plugin process cannot (Terraform starts and stops it many times per command).
    Value v = config.attribute("embedded_emulator");
    if (v.is_known() && !v.is_null() && v.as_bool()) {
      out.diagnostics.add(
          Diagnostic::error("embedded_emulator is an fgform feature",
                            "The Terraform provider cannot run the emulator inside itself. Start "
                            "fgform-emulator and point the provider's endpoints at it, or run "
                            "this configuration with fgform.")
              .at(Path::attribute("embedded_emulator")));
    }
  }
  if (!config.is_null() && config.type().has_attribute("insecure")) {
    Value v = config.attribute("insecure");
    out.value.transport.insecure = v.is_known() && !v.is_null() && v.as_bool();
  }
  if (!config.is_null() && config.type().has_attribute("max_retries")) {
    Value v = config.attribute("max_retries");
    if (v.is_known() && !v.is_null()) {
      out.value.retry.max_attempts = static_cast<int>(v.as_number().to_int64().value_or(4)) + 1;
    }
  }
  out.value.user_agent = "terraform-provider-functiongraph/0.1 (fgform)";
  return out;
}

}  // namespace fgform::resources
