#include "fg_model.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "cloud/crypto.h"
#include "cloud/time_format.h"

namespace fgform::emulator::fg {

std::string function_key(const std::string& package, const std::string& name) {
  return package + "/" + name;
}

FunctionRef load_function(World& world, const std::string& urn_text) {
  auto urn = cloud::FunctionUrn::parse(urn_text);
  if (!urn) {
    bad_request("\"" + urn_text +
                "\" is not a function URN (urn:fss:{region}:{project_id}:"
                "function:{package}:{name}[:{qualifier}])");
  }
  if (urn->project_id != world.project_id || urn->region != world.region) {
    fail(404, "FSS.1051", "Not found the function: " + urn_text);
  }
  FunctionRef fn{function_key(urn->package, urn->name), *urn, {}};
  auto doc = world.store.get(kFunction, fn.key);
  if (!doc) fail(404, "FSS.1051", "Not found the function: " + urn->unqualified());
  fn.doc = std::move(*doc);
  return fn;
}

void save_function(World& world, const FunctionRef& fn) {
  world.store.put(kFunction, fn.key, world.project_id, fn.doc);
}

std::string qualifier_of(const cloud::FunctionUrn& urn) {
  return urn.qualifier.empty() ? "latest" : urn.qualifier;
}

void require_qualifier(World& world, const FunctionRef& fn, const std::string& qualifier) {
  if (qualifier == "latest") return;
  if (qualifier.front() == '!') {
    if (!world.store.get(kAlias, fn.key + "!" + qualifier.substr(1))) {
      fail(404, "FSS.1053", "Not found the function alias: " + qualifier.substr(1));
    }
    return;
  }
  if (!world.store.get(kVersion, fn.key + ":" + qualifier)) {
    fail(404, "FSS.1052", "Not found the function version: " + qualifier);
  }
}

Json offset_page(const std::vector<Json>& items, long marker, long limit) {
  Json out = Json::array();
  const long total = static_cast<long>(items.size());
  for (long i = marker; i < total && i < marker + limit; ++i) out.push_back(items[i]);
  return out;
}

long next_marker(long marker, const Json& page, long total) {
  return std::min(total, marker + static_cast<long>(page.size()));
}

Json public_view(const Json& doc) {
  Json out = Json::object();
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it.key().empty() && it.key()[0] != '_') out[it.key()] = it.value();
  }
  return out;
}

namespace {

// The platform reports times in China Standard Time (UTC+8).
constexpr std::chrono::seconds kPlatformOffset{8 * 3600};

std::string format_local(const char* pattern) {
  return cloud::format_utc(std::chrono::system_clock::now(), pattern, kPlatformOffset);
}

}  // namespace

std::string now_local(const char* pattern) { return format_local(pattern); }

std::string now_rfc3339() {
  return format_local("%Y-%m-%dT%H:%M:%S+08:00");
}
std::string now_plain() {
  return format_local("%Y-%m-%d %H:%M:%S");
}

long long unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string new_uuid() {
  std::string h = cloud::random_hex(16);
  h[12] = '4';
  h[16] = "89ab"[h[16] % 4];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

}  // namespace fgform::emulator::fg
