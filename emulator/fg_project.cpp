// Project-wide FunctionGraph settings and facts: the async status log (one LTS group and stream
// per project, created on first enable, and LTS's view of that group), the runtimes on offer, and
// the quotas with their use.
#include "fg_model.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;

// Names as the platform gives them (the official provider's documentation); IDs are new UUIDs.
Reply enable_async_status_log(Request&, World& world) {
  if (!world.store.get(kAsyncStatusLog, world.project_id)) {
    world.store.put(kAsyncStatusLog, world.project_id, world.project_id,
                    Json{{"group_id", new_uuid()},
                         {"group_name", "function-async-log-group-" + world.project_id},
                         {"stream_id", new_uuid()},
                         {"stream_name", "function-async-log-stream-" + world.project_id}});
  }
  return ok(Json::object());
}

// Before the first enable there is nothing to show (assumed: a 404, which the official provider
// reads as "not configured").
Reply get_async_status_log(Request&, World& world) {
  auto doc = world.store.get(kAsyncStatusLog, world.project_id);
  if (!doc) fail(404, "FSS.0404", "asynchronous status logs are not enabled for this project");
  return ok(*doc);
}

// LTS's stream list of a log group, for the one group the emulator knows: the official provider
// reads the async status log's group through it to confirm the stream still exists (LTS's
// ListLogStream; other LTS calls are not emulated).
Reply list_log_streams(Request& req, World& world) {
  auto doc = world.store.get(kAsyncStatusLog, world.project_id);
  if (!doc || doc->value("group_id", "") != req.param("log_group_id"))
    fail(404, "LTS.0201", "the log group does not exist");
  return ok(Json{{"log_streams", Json::array({Json{{"log_stream_id", (*doc)["stream_id"]},
                                                   {"log_stream_name", (*doc)["stream_name"]},
                                                   {"creation_time", 0},
                                                   {"filter_count", 0}}})}});
}

// "Python3.9" → "Python 3.9", "Node.js20.15" → "Node.js 20.15": a space before the version, as the
// console shows runtimes. Names without a version ("Custom", "http") stay as they are.
std::string display_name(const std::string& runtime) {
  if (runtime.rfind("C#", 0) == 0 || runtime.find(' ') != std::string::npos) return runtime;
  const auto digit = runtime.find_first_of("0123456789");
  if (digit == std::string::npos || digit == 0) return runtime;
  return runtime.substr(0, digit) + " " + runtime.substr(digit);
}

Reply list_runtime_types(Request&, World&) {
  Json out = Json::array();
  for (const auto& r : rules::runtimes())
    out.push_back(Json{{"type", r}, {"display_name", display_name(r)}});
  return ok(out);
}

// Limits are the emulator's assumed defaults, reported but not enforced; use is counted from the
// store.
Reply list_quotas(Request&, World& world) {
  long long functions = 0;
  long long code_bytes = 0;
  for (const auto& f : world.store.list(kFunction, world.project_id)) {
    ++functions;
    code_bytes += f.value("code_size", 0LL);
  }
  long long reserved = 0;
  for (const auto& r : world.store.list_all(kReserved)) reserved += r.value("min_count", 0LL);
  const long long mb = 1 << 20;
  auto quota = [](const char* type, long long limit, long long used, const char* unit) {
    Json q{{"type", type}, {"quota", limit}, {"used", used}};
    if (*unit) q["unit"] = unit;
    return q;
  };
  Json resources = Json::array({
      quota("fgs_func_scale_down_timeout", 15, 0, ""),
      quota("fgs_func_occurs", 1000, reserved, ""),
      quota("fgs_func_pat_idle_time", 60, 0, ""),
      quota("fgs_func_num", 400, functions, ""),
      quota("fgs_func_code_size", 51200, (code_bytes + mb - 1) / mb, "MB"),
      quota("fgs_workflow_num", 100, 0, ""),
      quota("fgs_on_demand_instance_limit", 400, 0, ""),
      quota("fgs_func_qos_limit", 1000, 0, ""),
  });
  return ok(Json{{"quotas", {{"resources", resources}}}});
}

}  // namespace

void add_project_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  r.add("POST", "/v2/{project_id}/fgs/functions/enable-async-status-logs", F,
        enable_async_status_log);
  r.add("GET", "/v2/{project_id}/fgs/functions/async-status-log-detail", F, get_async_status_log);
  r.add("GET", "/v2/{project_id}/groups/{log_group_id}/streams", F, list_log_streams);
  r.add("GET", "/v2/{project_id}/fgs/runtimetypes", F, list_runtime_types);
  r.add("GET", "/v2/{project_id}/fgs/quotas", F, list_quotas);
}

}  // namespace fgform::emulator
