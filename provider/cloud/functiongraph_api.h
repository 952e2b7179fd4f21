// Typed calls of the FunctionGraph v2 API (paths and field names as the platform uses them).
// Bodies and answers are the platform's JSON; the resource layer maps them to schema values.
#pragma once

#include <string>
#include <vector>

#include "client.h"

namespace fgform::cloud {

struct FunctionPage {
  std::vector<Json> items;
  long next_marker = 0;
  long count = 0;
};

class FunctionGraphApi {
 public:
  explicit FunctionGraphApi(Client& client) : client_(client) {}

  // Functions
  Result<Json> create_function(const Json& body);
  Result<Json> get_function_config(const std::string& urn);
  Result<Json> update_function_config(const std::string& urn, const Json& body);
  Result<Json> get_function_code(const std::string& urn);
  // The function's LTS log group and stream with their names: {group_id, group_name, stream_id,
  // stream_name}.
  Result<Json> get_lts_log_detail(const std::string& urn);
  Result<Json> update_function_code(const std::string& urn, const Json& body);
  Result<Json> update_max_instances(const std::string& urn, long max_instance_num);
  Status delete_function(const std::string& urn);
  Result<FunctionPage> list_functions(long marker, long maxitems, const std::string& package = {});
  Result<std::vector<Json>> list_all_functions(long page_size = 100);
  // Every function with its tags, from POST .../functions/resource-instances/filter (paged by
  // `page_size`): {resource_id, resource_name, tags: [{key, value}], sys_tags}.
  Result<std::vector<Json>> list_all_function_tags(long page_size = 100);

  // Versions and aliases
  Result<Json> publish_version(const std::string& urn, const std::string& version,
                               const std::string& description);
  Result<std::vector<Json>> list_versions(const std::string& urn);
  Status delete_version(const std::string& unqualified_urn, const std::string& version);
  // The snapshot (snapshot-based cold start) switch of a version of a Java function:
  // POST .../functions/{urn}/snapshots/enable|disable (204), and its state,
  // GET .../functions/{urn}/snapshots/state -> {"state": "enable"|...}.
  Status set_snapshot(const std::string& version_urn, bool enabled);
  Result<Json> get_snapshot_state(const std::string& version_urn);
  Result<Json> create_alias(const std::string& urn, const Json& body);
  Result<Json> get_alias(const std::string& urn, const std::string& alias);
  Result<Json> update_alias(const std::string& urn, const std::string& alias, const Json& body);
  Status delete_alias(const std::string& urn, const std::string& alias);
  Result<std::vector<Json>> list_aliases(const std::string& urn);

  // Triggers
  Result<Json> create_trigger(const std::string& function_urn, const Json& body);
  Result<Json> get_trigger(const std::string& function_urn, const std::string& type,
                           const std::string& trigger_id);
  Result<Json> update_trigger(const std::string& function_urn, const std::string& type,
                              const std::string& trigger_id, const Json& body);
  Status delete_trigger(const std::string& function_urn, const std::string& type,
                        const std::string& trigger_id);
  Result<std::vector<Json>> list_triggers(const std::string& function_urn);
  // Every trigger of the project (GET .../fgs/triggers, `page_size` a page, at most 500); each
  // item is a trigger as its GET answers it, plus the qualified func_urn it is bound to.
  Result<std::vector<Json>> list_all_triggers(long page_size = 500);

  // Reserved instances (per qualifier) and async invocation
  Result<Json> put_reserved_instances(const std::string& qualifier_urn, const Json& body);
  Result<std::vector<Json>> list_reserved_instance_configs(const std::string& function_urn,
                                                           long page_size = 100);
  Result<Json> put_async_invoke_config(const std::string& urn, const Json& body);
  Result<Json> get_async_invoke_config(const std::string& urn);
  Status delete_async_invoke_config(const std::string& urn);

  // Test events of a function (content is base64 of JSON text). delete_event expects exactly 204,
  // as the platform answers.
  Result<Json> create_event(const std::string& function_urn, const Json& body);
  Result<Json> get_event(const std::string& function_urn, const std::string& event_id);
  Result<Json> update_event(const std::string& function_urn, const std::string& event_id,
                            const Json& body);
  Status delete_event(const std::string& function_urn, const std::string& event_id);
  // {id, name, last_modified} of every event of the function.
  Result<std::vector<Json>> list_events(const std::string& function_urn);

  // Project-wide settings and facts: the async status log (LTS group and stream), the runtimes,
  // the quotas ({type, quota, used, unit} each).
  Status enable_async_status_log();
  Result<Json> get_async_status_log();
  Result<std::vector<Json>> list_runtime_types();
  Result<std::vector<Json>> list_quotas();

  // Dependencies (package versions, and the older single-object API)
  Result<Json> create_dependency_version(const Json& body);
  Result<Json> get_dependency_version(const std::string& dep_id, long version);
  Status delete_dependency_version(const std::string& dep_id, long version);
  Result<std::vector<Json>> list_dependency_versions(const std::string& dep_id);
  Result<std::vector<Json>> list_dependencies(const std::string& name_filter = {});
  Result<Json> create_dependency(const Json& body);
  Result<Json> get_dependency(const std::string& depend_id);
  Result<Json> update_dependency(const std::string& depend_id, const Json& body);
  Status delete_dependency(const std::string& depend_id);

  // Tags (under /v2/{project_id}/functions/..., not /fgs/)
  Status create_tags(const std::string& urn, const Json& tags);
  Status delete_tags(const std::string& urn, const Json& tags);
  Result<Json> get_tags(const std::string& urn);

 private:
  Result<Json> send(std::string method, const std::string& suffix, QueryParams query = {},
                    std::optional<Json> body = std::nullopt, std::vector<int> ok = {});
  Status send_status(std::string method, const std::string& suffix, std::optional<Json> body,
                     std::vector<int> ok);

  Client& client_;
};

}  // namespace fgform::cloud
