#include "credentials.h"

#include <cstdlib>

namespace fgform::cloud {

std::string Credentials::describe() const {
  return access_key + (security_token.empty() ? "" : " (temporary)");
}

std::optional<std::string> process_environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string explicit_or_environment(const std::string& explicit_value, const char* name,
                                    const EnvironmentLookup& env) {
  if (!explicit_value.empty()) return explicit_value;
  return env(name).value_or("");
}

Credentials resolve_credentials(Credentials c, const EnvironmentLookup& env) {
  auto fill = [&](std::string& field, const char* name) {
    field = explicit_or_environment(field, name, env);
  };
  fill(c.access_key, "HW_ACCESS_KEY");
  fill(c.secret_key, "HW_SECRET_KEY");
  fill(c.security_token, "HW_SECURITY_TOKEN");
  fill(c.region, "HW_REGION_NAME");
  fill(c.project_id, "HW_PROJECT_ID");
  fill(c.domain_id, "HW_DOMAIN_ID");
  return c;
}

std::string missing_credentials_message(const Credentials& c) {
  std::string missing;
  auto add = [&](bool absent, const char* what) {
    if (!absent) return;
    if (!missing.empty()) missing += ", ";
    missing += what;
  };
  add(c.access_key.empty(), "access key (access_key or HW_ACCESS_KEY)");
  add(c.secret_key.empty(), "secret key (secret_key or HW_SECRET_KEY)");
  add(c.region.empty(), "region (region or HW_REGION_NAME)");
  if (missing.empty()) return {};
  return "No usable Huawei Cloud credentials: missing " + missing + ".";
}

}  // namespace fgform::cloud
