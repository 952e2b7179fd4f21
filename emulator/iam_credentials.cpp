// IAM's temporary credentials by agency: a caller signing with its AK/SK assumes an agency of an
// account that trusts it and gets an AK/SK plus security token valid for duration_seconds.
#include <chrono>

#include "cloud/crypto.h"
#include "cloud/time_format.h"
#include "fields.h"
#include "routes.h"
#include "temporary_credentials.h"

namespace fgform::emulator {
namespace {

constexpr const char* kCredential = "temporary_credential";
constexpr const char* kAgency = "agency";
// The SDK's documented range: 15 minutes to 24 hours, 15 minutes when not given.
constexpr long long kMinDuration = 900;
constexpr long long kMaxDuration = 86400;

std::string upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// Forgets what expired a day ago: the verifier still names recent ones as expired.
void drop_stale(World& world, std::chrono::system_clock::time_point now) {
  const long long horizon =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() - 86400;
  for (const auto& c : world.store.list(kCredential, "")) {
    if (c.value("expires_unix", 0LL) < horizon)
      world.store.erase(kCredential, c.value("access", ""));
  }
}

Reply create_by_agency(Request& req, World& world) {
  const Json& body = req.json();
  fields::reject_unknown(body, {"auth"}, "the request");
  const auto auth = fields::opt_object(body, "auth");
  if (!auth) bad_request("auth is required");
  fields::reject_unknown(*auth, {"identity"}, "auth");
  const auto identity = fields::opt_object(*auth, "identity");
  if (!identity) bad_request("auth.identity is required");
  fields::reject_unknown(*identity, {"methods", "assume_role", "policy", "policy_ids"},
                         "auth.identity");
  const auto methods = fields::opt_array(*identity, "methods", 1);
  if (!methods || methods->size() != 1 || !(*methods)[0].is_string() ||
      (*methods)[0].get<std::string>() != "assume_role") {
    bad_request("auth.identity.methods must be [\"assume_role\"] (the only method emulated)");
  }
  const auto role = fields::opt_object(*identity, "assume_role");
  if (!role) bad_request("auth.identity.assume_role is required");
  fields::reject_unknown(
      *role, {"agency_name", "domain_id", "domain_name", "duration_seconds", "session_user"},
      "auth.identity.assume_role");
  const std::string agency_name = fields::req_string(*role, "agency_name", 64);
  const auto domain_id = fields::opt_string(*role, "domain_id", 64);
  const auto domain_name = fields::opt_string(*role, "domain_name", 64);
  if (!domain_id && !domain_name) bad_request("one of domain_id and domain_name is required");
  const long long duration =
      fields::opt_int(*role, "duration_seconds", kMinDuration, kMaxDuration).value_or(kMinDuration);

  // One account is emulated: the agency must be one of its own.
  if ((domain_id && *domain_id != world.domain_id) ||
      (domain_name && *domain_name != world.domain_name)) {
    fail(404, "", "Could not find domain: " + domain_id.value_or(domain_name.value_or("")));
  }
  std::optional<Json> agency;
  for (auto& a : world.store.list(kAgency, world.domain_id)) {
    if (a.value("name", "") == agency_name) agency = std::move(a);
  }
  if (!agency) fail(404, "", "Could not find agency: " + agency_name);
  // The caller's account must be the one the agency trusts (a service agency such as
  // op_svc_cff trusts the service, not the caller).
  if (agency->value("trust_domain_id", "") != world.domain_id &&
      agency->value("trust_domain_name", "") != world.domain_name) {
    fail(403, "", "The agency " + agency_name + " does not trust your account");
  }

  const auto now = world.now ? world.now() : std::chrono::system_clock::now();
  drop_stale(world, now);
  const auto expires = now + std::chrono::seconds(duration);
  Json credential{{"access", upper(cloud::random_hex(10))},
                  {"secret", cloud::random_hex(20)},
                  {"securitytoken", cloud::random_hex(96)},
                  {"expires_at", cloud::format_utc(expires, "%Y-%m-%dT%H:%M:%S.000000Z")}};
  Json doc = credential;
  doc["expires_unix"] =
      std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count();
  doc["agency_id"] = agency->value("id", "");
  world.store.put(kCredential, credential["access"], "", doc);
  return ok(Json{{"credential", credential}}, 201);
}

}  // namespace

std::optional<KeyRecord> temporary_key(Store& store, std::string_view access_key) {
  auto doc = store.get(kCredential, std::string(access_key));
  if (!doc) return std::nullopt;
  KeyRecord key;
  key.secret_key = doc->value("secret", "");
  key.security_token = doc->value("securitytoken", "");
  key.expires_at =
      std::chrono::system_clock::time_point(std::chrono::seconds(doc->value("expires_unix", 0LL)));
  return key;
}

void add_credential_routes(Router& r) {
  r.add("POST", "/v3.0/OS-CREDENTIAL/securitytokens", Family::kIam, create_by_agency);
}

}  // namespace fgform::emulator
