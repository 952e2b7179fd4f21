// Human progress lines while applying and refreshing (Terraform's views/hook_ui.go) and the
// closing summary. Each *_line function returns one line without its newline; colour follows
// Terraform's ("[reset][bold]addr: ...").
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "plan/plan.h"
#include "render/json_stream.h"
#include "value/value.h"

namespace fgform::render {

// format.ObjectValueID: ("id", value) when the object has a known, non-sensitive string id,
// else ("name", value) for a string name; empty strings when neither.
std::pair<std::string, std::string> object_value_id(const value::Value& object);
// format.ObjectValueIDOrName: the id, or the name, or tags["name"]/tags["Name"].
std::pair<std::string, std::string> object_value_id_or_name(const value::Value& object);

// "addr: Creating...", "addr: Modifying... [id=x]", "addr: Destroying... [id=x]",
// "addr: Reading..."; the id comes from the prior object. Empty for no-op and other actions
// Terraform does not announce.
std::string apply_start_line(const std::string& address, plan::Action action,
                             const value::Value& prior, bool color);
// "addr: Still creating... [id=x, 10s elapsed]" (ids longer than 80 characters are shortened).
std::string apply_still_running_line(const std::string& address, plan::Action action,
                                     const value::Value& prior, std::int64_t elapsed_seconds,
                                     bool color);
// "addr: Creation complete after 2s [id=x]"; the id comes from the new object.
std::string apply_complete_line(const std::string& address, plan::Action action,
                                const value::Value& new_object, std::int64_t elapsed_seconds,
                                bool color);
// "addr: Refreshing state... [id=x]".
std::string refresh_start_line(const std::string& address, const value::Value& prior, bool color);
// "addr: Importing from ID \"x\"...", "addr: Importing... [id=x]",
// "addr: Import complete [id=x]".
std::string import_state_line(const std::string& address, const std::string& id, bool color);
std::string apply_import_start_line(const std::string& address, const std::string& id, bool color);
std::string apply_import_complete_line(const std::string& address, const std::string& id,
                                       bool color);

// "\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n" (or the import or destroy
// variant), green and bold with colour.
std::string apply_summary(const ChangeSummary& summary, bool color);

// Terraform's truncateId: at most `max` characters, keeping both ends around "...".
std::string truncate_id(const std::string& id, std::size_t max = 80);

}  // namespace fgform::render
