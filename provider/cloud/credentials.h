// Who we are and where: AK/SK (with an optional security token for temporary credentials),
// region, project and domain, from explicit settings or the official provider's environment.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace fgform::cloud {

struct Credentials {
  std::string access_key;
  std::string secret_key;      // never logged
  std::string security_token;  // temporary credentials only; never logged
  std::string region;
  std::string project_id;  // discovered through IAM when empty
  std::string domain_id;   // discovered through IAM when empty and needed

  bool has_keys() const { return !access_key.empty() && !secret_key.empty(); }
  // "AK" or "AK (temporary)": what a log may say about the identity.
  std::string describe() const;
};

using EnvironmentLookup = std::function<std::optional<std::string>(const char*)>;
std::optional<std::string> process_environment(const char* name);

// Fills every empty field of `explicit_settings` from HW_ACCESS_KEY, HW_SECRET_KEY,
// HW_SECURITY_TOKEN, HW_REGION_NAME, HW_PROJECT_ID and HW_DOMAIN_ID. Explicit values win.
// A provider setting: the explicit value, else environment variable `name`'s, else "".
std::string explicit_or_environment(const std::string& explicit_value, const char* name,
                                    const EnvironmentLookup& env = process_environment);

Credentials resolve_credentials(Credentials explicit_settings,
                                const EnvironmentLookup& env = process_environment);

// Empty when usable; otherwise one sentence that says what is missing and how to provide it.
std::string missing_credentials_message(const Credentials& credentials);

}  // namespace fgform::cloud
