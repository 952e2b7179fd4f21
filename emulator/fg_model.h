// Shared vocabulary of the FunctionGraph routes: how functions, versions and aliases are keyed in
// the store, loading a function from a URN in the path, and the platform's time formats.
#pragma once

#include <string>
#include <vector>

#include "api.h"
#include "cloud/urn.h"

namespace fgform::emulator::fg {

// Store kinds.
inline constexpr const char* kFunction = "function";
inline constexpr const char* kVersion = "version";
inline constexpr const char* kAlias = "alias";
inline constexpr const char* kTrigger = "trigger";
inline constexpr const char* kReserved = "reserved";
inline constexpr const char* kAsync = "async_config";
inline constexpr const char* kDependency = "dependency";
inline constexpr const char* kDependencyVersion = "dependency_version";
inline constexpr const char* kEvent = "event";                      // parent: function key
inline constexpr const char* kAsyncStatusLog = "async_status_log";  // key: the project ID

struct FunctionRef {
  std::string key;  // "package/name"
  cloud::FunctionUrn urn;
  Json doc;
};

std::string function_key(const std::string& package, const std::string& name);

// Parses the URN path parameter (any qualifier form) and loads its function.
// 400 on a malformed URN, 404 FSS.1051 when the function does not exist.
FunctionRef load_function(World& world, const std::string& urn_text);
void save_function(World& world, const FunctionRef& fn);

// The qualifier a URN names, normalised: "" and "latest" both mean latest.
std::string qualifier_of(const cloud::FunctionUrn& urn);
// 404 FSS.1052 / FSS.1053 when the version or alias does not exist.
void require_qualifier(World& world, const FunctionRef& fn, const std::string& qualifier);

// Items [marker, marker + limit) of `items`, for marker/offset pagination.
Json offset_page(const std::vector<Json>& items, long marker, long limit);
// min(total, marker + page size): the next offset to ask for.
long next_marker(long marker, const Json& page, long total);

// The document without internal "_" fields, as the API shows it.
Json public_view(const Json& doc);

// strftime pattern in the platform's local time.
std::string now_local(const char* pattern);
std::string now_rfc3339();  // 2025-01-01T12:00:00+08:00 (the platform's local time)
std::string now_plain();    // 2025-01-01 12:00:00
long long unix_now();
std::string new_uuid();

}  // namespace fgform::emulator::fg
