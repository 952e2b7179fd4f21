#include "shared_config.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fgform::cloud {
namespace {

using Json = nlohmann::json;

std::string text_field(const Json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string expand_home(const std::string& path, const EnvironmentLookup& env) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (auto home = env("HOME")) return *home + path.substr(1);
  }
  return path;
}

SharedProfileLoad parse_shared_profile(const std::string& text, const std::string& path,
                                       const std::string& profile) {
  SharedProfileLoad out;
  out.path = path;
  // No exceptions and no excerpt of the text in the message: the file holds secret keys.
  const Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.error = "The shared config file " + path + " is not a JSON object (KooCLI's format).";
    return out;
  }
  const auto profiles = doc.find("profiles");
  if (profiles == doc.end() || !profiles->is_array()) {
    out.error = "The shared config file " + path + " has no \"profiles\" list.";
    return out;
  }
  const std::string wanted = profile.empty() ? text_field(doc, "current") : profile;
  if (wanted.empty()) {
    out.error = "The shared config file " + path +
                " names no current profile: set profile (or HW_PROFILE).";
    return out;
  }
  std::string known;
  for (const auto& p : *profiles) {
    if (!p.is_object()) continue;
    const std::string name = text_field(p, "name");
    if (name != wanted) {
      if (!name.empty()) known += (known.empty() ? "" : ", ") + ("\"" + name + "\"");
      continue;
    }
    SharedProfile found;
    found.name = name;
    found.mode = text_field(p, "mode");
    found.access_key = text_field(p, "accessKeyId");
    found.secret_key = text_field(p, "secretAccessKey");
    found.security_token = text_field(p, "securityToken");
    found.region = text_field(p, "region");
    found.project_id = text_field(p, "projectId");
    found.domain_id = text_field(p, "domainId");
    found.agency_name = text_field(p, "agencyName");
    found.agency_domain_name = text_field(p, "agencyDomainName");
    found.agency_domain_id = text_field(p, "agencyDomainId");
    out.profile = std::move(found);
    return out;
  }
  out.no_such_profile = true;
  out.error = "The shared config file " + path + " has no profile \"" + wanted + "\"" +
              (known.empty() ? std::string(".") : " (it has " + known + ").");
  return out;
}

SharedProfileLoad load_shared_profile(const std::string& path, const std::string& profile,
                                      bool must_exist, const EnvironmentLookup& env) {
  const std::string file = expand_home(path, env);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    SharedProfileLoad out;
    out.path = file;
    if (must_exist) out.error = "The shared config file " + file + " cannot be read (missing?).";
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_shared_profile(text.str(), file, profile);
}

}  // namespace fgform::cloud
