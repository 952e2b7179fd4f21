#include "functiongraph_api.h"

#include "json_read.h"

namespace fgform::cloud {
namespace {

std::string fgs(const std::string& suffix) {
  return "/fgs" + suffix;
}

}  // namespace

namespace {

// Marker pagination over a list answer {"<key>":[...],"next_marker":N,"count":M}: until an
// empty page or a marker that does not advance, and then either the reported `count` or, with
// `page_size` (for lists that report no count), a page shorter than that.
template <typename Fetch>
Result<std::vector<Json>> collect_pages(const char* key, Fetch fetch, long page_size = 0) {
  std::vector<Json> all;
  long marker = 0;
  while (true) {
    Result<Json> r = fetch(marker);
    if (!r) return r.error();
    const Json& items = array_of(*r, key);
    if (items.empty()) break;
    for (const auto& v : items) all.push_back(v);
    const long next = integer_of(*r, "next_marker");
    if (next <= marker) break;
    if (page_size > 0 ? static_cast<long>(items.size()) < page_size
                      : next >= integer_of(*r, "count"))
      break;
    marker = next;
  }
  return all;
}

}  // namespace

Result<Json> FunctionGraphApi::send(std::string method, const std::string& suffix,
                                    QueryParams query, std::optional<Json> body,
                                    std::vector<int> ok) {
  auto pid = client_.project_id();
  if (!pid) return pid.error();
  return client_.call({Service::kFunctionGraph, std::move(method), "/v2/" + *pid + suffix,
                       std::move(query), std::move(body), std::move(ok)});
}

Status FunctionGraphApi::send_status(std::string method, const std::string& suffix,
                                     std::optional<Json> body, std::vector<int> ok) {
  auto r = send(std::move(method), suffix, {}, std::move(body), std::move(ok));
  if (!r) return r.error();
  return Done{};
}

Result<Json> FunctionGraphApi::create_function(const Json& body) {
  return send("POST", fgs("/functions"), {}, body);
}
Result<Json> FunctionGraphApi::get_function_config(const std::string& urn) {
  return send("GET", fgs("/functions/" + urn + "/config"));
}
Result<Json> FunctionGraphApi::update_function_config(const std::string& urn, const Json& body) {
  return send("PUT", fgs("/functions/" + urn + "/config"), {}, body);
}
Result<Json> FunctionGraphApi::get_function_code(const std::string& urn) {
  return send("GET", fgs("/functions/" + urn + "/code"));
}
Result<Json> FunctionGraphApi::get_lts_log_detail(const std::string& urn) {
  return send("GET", fgs("/functions/" + urn + "/lts-log-detail"));
}
Result<Json> FunctionGraphApi::update_function_code(const std::string& urn, const Json& body) {
  return send("PUT", fgs("/functions/" + urn + "/code"), {}, body);
}
Result<Json> FunctionGraphApi::update_max_instances(const std::string& urn, long n) {
  return send("PUT", fgs("/functions/" + urn + "/config-max-instance"), {},
              Json{{"max_instance_num", n}});
}
Status FunctionGraphApi::delete_function(const std::string& urn) {
  return send_status("DELETE", fgs("/functions/" + urn), std::nullopt, {});
}

Result<FunctionPage> FunctionGraphApi::list_functions(long marker, long maxitems,
                                                      const std::string& package) {
  QueryParams q{{"marker", std::to_string(marker)}, {"maxitems", std::to_string(maxitems)}};
  if (!package.empty()) q.emplace_back("package_name", package);
  auto r = send("GET", fgs("/functions"), q);
  if (!r) return r.error();
  FunctionPage page;
  // Moved out of the answer, not copied: a page is 400 functions of some 60 fields each.
  if (auto it = r->find("functions"); it != r->end() && it->is_array()) {
    page.items.reserve(it->size());
    for (auto& f : *it) page.items.push_back(std::move(f));
  }
  page.next_marker = integer_of(*r, "next_marker");
  page.count = integer_of(*r, "count");
  return page;
}

Result<std::vector<Json>> FunctionGraphApi::list_all_functions(long page_size) {
  std::vector<Json> all;
  long marker = 0;
  while (true) {
    auto page = list_functions(marker, page_size);
    if (!page) return page.error();
    for (auto& f : page->items) all.push_back(std::move(f));
    // Stop on an empty page, or when the marker does not advance (a server that never ends).
    if (page->items.empty() || page->next_marker <= marker || page->next_marker >= page->count)
      break;
    marker = page->next_marker;
  }
  return all;
}

Result<std::vector<Json>> FunctionGraphApi::list_all_function_tags(long page_size) {
  std::vector<Json> all;
  for (long offset = 0;; offset += page_size) {
    Json body{{"action", "filter"}, {"limit", page_size}, {"offset", offset}};
    auto r = send("POST", "/functions/resource-instances/filter", {}, body);
    if (!r) return r.error();
    const Json& resources = array_of(*r, "resources");
    for (const auto& res : resources) all.push_back(res);
    // A short page is the last (what the official provider relies on too).
    if (static_cast<long>(resources.size()) < page_size) break;
  }
  return all;
}

Result<Json> FunctionGraphApi::publish_version(const std::string& urn, const std::string& version,
                                               const std::string& description) {
  Json body{{"version", version}, {"description", description}};
  return send("POST", fgs("/functions/" + urn + "/versions"), {}, body);
}

Result<std::vector<Json>> FunctionGraphApi::list_versions(const std::string& urn) {
  return collect_pages("versions", [&](long marker) {
    return send("GET", fgs("/functions/" + urn + "/versions"),
                {{"marker", std::to_string(marker)}, {"maxitems", "100"}});
  });
}

Status FunctionGraphApi::delete_version(const std::string& unqualified_urn,
                                        const std::string& version) {
  return send_status("DELETE", fgs("/functions/" + unqualified_urn + ":" + version), std::nullopt,
                     {});
}

Status FunctionGraphApi::set_snapshot(const std::string& version_urn, bool enabled) {
  return send_status(
      "POST", fgs("/functions/" + version_urn + "/snapshots/" + (enabled ? "enable" : "disable")),
      std::nullopt, {});
}

Result<Json> FunctionGraphApi::get_snapshot_state(const std::string& version_urn) {
  return send("GET", fgs("/functions/" + version_urn + "/snapshots/state"));
}

Result<Json> FunctionGraphApi::create_alias(const std::string& urn, const Json& body) {
  return send("POST", fgs("/functions/" + urn + "/aliases"), {}, body);
}
Result<Json> FunctionGraphApi::get_alias(const std::string& urn, const std::string& alias) {
  return send("GET", fgs("/functions/" + urn + "/aliases/" + alias));
}
Result<Json> FunctionGraphApi::update_alias(const std::string& urn, const std::string& alias,
                                            const Json& body) {
  return send("PUT", fgs("/functions/" + urn + "/aliases/" + alias), {}, body);
}
Status FunctionGraphApi::delete_alias(const std::string& urn, const std::string& alias) {
  return send_status("DELETE", fgs("/functions/" + urn + "/aliases/" + alias), std::nullopt, {});
}
Result<std::vector<Json>> FunctionGraphApi::list_aliases(const std::string& urn) {
  auto r = send("GET", fgs("/functions/" + urn + "/aliases"));
  if (!r) return r.error();
  std::vector<Json> out;
  if (r->is_array()) out.assign(r->begin(), r->end());
  return out;
}

Result<Json> FunctionGraphApi::create_trigger(const std::string& function_urn, const Json& body) {
  return send("POST", fgs("/triggers/" + function_urn), {}, body);
}
Result<Json> FunctionGraphApi::get_trigger(const std::string& function_urn, const std::string& type,
                                           const std::string& trigger_id) {
  return send("GET", fgs("/triggers/" + function_urn + "/" + type + "/" + trigger_id));
}
Result<Json> FunctionGraphApi::update_trigger(const std::string& function_urn,
                                              const std::string& type,
                                              const std::string& trigger_id, const Json& body) {
  return send("PUT", fgs("/triggers/" + function_urn + "/" + type + "/" + trigger_id), {}, body);
}
Status FunctionGraphApi::delete_trigger(const std::string& function_urn, const std::string& type,
                                        const std::string& trigger_id) {
  return send_status("DELETE", fgs("/triggers/" + function_urn + "/" + type + "/" + trigger_id),
                     std::nullopt, {});
}
Result<std::vector<Json>> FunctionGraphApi::list_triggers(const std::string& function_urn) {
  auto r = send("GET", fgs("/triggers/" + function_urn));
  if (!r) return r.error();
  std::vector<Json> out;
  if (r->is_array()) out.assign(r->begin(), r->end());
  return out;
}

Result<std::vector<Json>> FunctionGraphApi::list_all_triggers(long page_size) {
  // A short page is the last: the official provider stops there, and reads no count.
  return collect_pages(
      "triggers",
      [&](long marker) {
        return send("GET", fgs("/triggers"),
                    {{"marker", std::to_string(marker)}, {"maxitems", std::to_string(page_size)}});
      },
      page_size);
}

Result<Json> FunctionGraphApi::put_reserved_instances(const std::string& qualifier_urn,
                                                      const Json& body) {
  return send("PUT", fgs("/functions/" + qualifier_urn + "/reservedinstances"), {}, body);
}

Result<std::vector<Json>> FunctionGraphApi::list_reserved_instance_configs(
    const std::string& function_urn, long page_size) {
  std::vector<Json> all;
  long marker = 0;
  while (true) {
    auto r = send("GET", fgs("/functions/reservedinstanceconfigs"),
                  {{"function_urn", function_urn},
                   {"limit", std::to_string(page_size)},
                   {"marker", std::to_string(marker)}});
    if (!r) return r.error();
    const Json& items = array_of(*r, "reserved_instances");
    if (items.empty()) break;
    for (const auto& v : items) all.push_back(v);
    marker += static_cast<long>(items.size());
    if (marker >= integer_of(*r, "count")) break;
  }
  return all;
}

Result<Json> FunctionGraphApi::put_async_invoke_config(const std::string& urn, const Json& body) {
  return send("PUT", fgs("/functions/" + urn + "/async-invoke-config"), {}, body);
}
Result<Json> FunctionGraphApi::get_async_invoke_config(const std::string& urn) {
  return send("GET", fgs("/functions/" + urn + "/async-invoke-config"));
}
Status FunctionGraphApi::delete_async_invoke_config(const std::string& urn) {
  return send_status("DELETE", fgs("/functions/" + urn + "/async-invoke-config"), std::nullopt, {});
}

Result<Json> FunctionGraphApi::create_event(const std::string& function_urn, const Json& body) {
  return send("POST", fgs("/functions/" + function_urn + "/events"), {}, body);
}
Result<Json> FunctionGraphApi::get_event(const std::string& function_urn,
                                         const std::string& event_id) {
  return send("GET", fgs("/functions/" + function_urn + "/events/" + event_id));
}
Result<Json> FunctionGraphApi::update_event(const std::string& function_urn,
                                            const std::string& event_id, const Json& body) {
  return send("PUT", fgs("/functions/" + function_urn + "/events/" + event_id), {}, body);
}
Status FunctionGraphApi::delete_event(const std::string& function_urn,
                                      const std::string& event_id) {
  return send_status("DELETE", fgs("/functions/" + function_urn + "/events/" + event_id),
                     std::nullopt, {204});
}
Result<std::vector<Json>> FunctionGraphApi::list_events(const std::string& function_urn) {
  return collect_pages("events", [&](long marker) {
    return send("GET", fgs("/functions/" + function_urn + "/events"),
                {{"marker", std::to_string(marker)}, {"maxitems", "100"}});
  });
}

Status FunctionGraphApi::enable_async_status_log() {
  return send_status("POST", fgs("/functions/enable-async-status-logs"), std::nullopt, {});
}
Result<Json> FunctionGraphApi::get_async_status_log() {
  return send("GET", fgs("/functions/async-status-log-detail"));
}
Result<std::vector<Json>> FunctionGraphApi::list_runtime_types() {
  auto r = send("GET", fgs("/runtimetypes"));
  if (!r) return r.error();
  std::vector<Json> out;
  if (r->is_array()) out.assign(r->begin(), r->end());
  return out;
}
Result<std::vector<Json>> FunctionGraphApi::list_quotas() {
  auto r = send("GET", fgs("/quotas"));
  if (!r) return r.error();
  const Json& resources = array_of(object_of(*r, "quotas"), "resources");
  return std::vector<Json>(resources.begin(), resources.end());
}

Result<Json> FunctionGraphApi::create_dependency_version(const Json& body) {
  return send("POST", fgs("/dependencies/version"), {}, body);
}
Result<Json> FunctionGraphApi::get_dependency_version(const std::string& dep_id, long version) {
  return send("GET", fgs("/dependencies/" + dep_id + "/version/" + std::to_string(version)));
}
Status FunctionGraphApi::delete_dependency_version(const std::string& dep_id, long version) {
  return send_status("DELETE",
                     fgs("/dependencies/" + dep_id + "/version/" + std::to_string(version)),
                     std::nullopt, {});
}

Result<std::vector<Json>> FunctionGraphApi::list_dependency_versions(const std::string& dep_id) {
  return collect_pages("dependencies", [&](long marker) {
    return send("GET", fgs("/dependencies/" + dep_id + "/version"),
                {{"marker", std::to_string(marker)}, {"maxitems", "100"}});
  });
}

Result<std::vector<Json>> FunctionGraphApi::list_dependencies(const std::string& name_filter) {
  return collect_pages("dependencies", [&](long marker) {
    QueryParams q{{"marker", std::to_string(marker)}, {"maxitems", "100"}};
    if (!name_filter.empty()) q.emplace_back("name", name_filter);
    return send("GET", fgs("/dependencies"), q);
  });
}

Result<Json> FunctionGraphApi::create_dependency(const Json& body) {
  return send("POST", fgs("/dependencies"), {}, body);
}
Result<Json> FunctionGraphApi::get_dependency(const std::string& depend_id) {
  return send("GET", fgs("/dependencies/" + depend_id));
}
Result<Json> FunctionGraphApi::update_dependency(const std::string& depend_id, const Json& body) {
  return send("PUT", fgs("/dependencies/" + depend_id), {}, body);
}
Status FunctionGraphApi::delete_dependency(const std::string& depend_id) {
  return send_status("DELETE", fgs("/dependencies/" + depend_id), std::nullopt, {});
}

Status FunctionGraphApi::create_tags(const std::string& urn, const Json& tags) {
  return send_status("POST", "/functions/" + urn + "/tags/create", Json{{"tags", tags}}, {204});
}
Status FunctionGraphApi::delete_tags(const std::string& urn, const Json& tags) {
  return send_status("DELETE", "/functions/" + urn + "/tags/delete", Json{{"tags", tags}}, {204});
}
Result<Json> FunctionGraphApi::get_tags(const std::string& urn) {
  return send("GET", "/functions/" + urn + "/tags");
}

}  // namespace fgform::cloud
