// The KooCLI (hcloud) shared configuration file, ~/.hcloud/config.json, read the way the official
// provider reads it: {"current": "<profile name>", "profiles": [{"name", "mode", "accessKeyId",
// "secretAccessKey", "securityToken", "region", "projectId", "domainId", "agencyName",
// "agencyDomainName", "agencyDomainId", ...}]}. Only the fields named here are used; the others
// (language, CLI settings) are ignored.
#pragma once

#include <optional>
#include <string>

#include "credentials.h"

namespace fgform::cloud {

inline constexpr const char* kDefaultSharedConfigFile = "~/.hcloud/config.json";

struct SharedProfile {
  std::string name;
  std::string mode;  // AKSK, ... (KooCLI's authentication mode)
  std::string access_key;
  std::string secret_key;      // never logged
  std::string security_token;  // never logged
  std::string region;
  std::string project_id;
  std::string domain_id;
  // An agency the profile assumes (KooCLI's assume-role profiles).
  std::string agency_name;
  std::string agency_domain_name;
  std::string agency_domain_id;
};

struct SharedProfileLoad {
  std::optional<SharedProfile> profile;
  // When the file could not be used: a sentence naming the file (and the profile), never a
  // secret, never the file's content.
  std::string error;
  std::string path;              // the file, with ~ expanded
  bool no_such_profile = false;  // the file is fine; the profile asked for is not in it
};

// "~/..." with HOME from `env`; other paths as given.
std::string expand_home(const std::string& path, const EnvironmentLookup& env);

// Reads `path` and picks `profile` (empty: the file's "current"). With `must_exist` false a
// missing file is no error: profile stays empty and error too (the default file is optional).
SharedProfileLoad load_shared_profile(const std::string& path, const std::string& profile,
                                      bool must_exist, const EnvironmentLookup& env);

// Parses the file's text; `path` only names the file in errors.
SharedProfileLoad parse_shared_profile(const std::string& text, const std::string& path,
                                       const std::string& profile);

}  // namespace fgform::cloud
