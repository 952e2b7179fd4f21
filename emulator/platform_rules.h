// The platform's own validation rules (names, sizes, runtimes, schedules), taken from the
// FunctionGraph documentation. Each check returns an empty string when the value is fine,
// otherwise a message that names the allowed values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fgform::emulator::rules {

const std::vector<int>& memory_sizes();
const std::vector<std::string>& runtimes();
const std::vector<std::string>& trigger_types();

// Test events: at most this many per function (UG §4), and the largest decoded payload
// (assumed: the synchronous invocation payload limit, which a test event is sent as).
inline constexpr long kMaxEventsPerFunction = 10;
inline constexpr std::size_t kMaxEventBytes = 6u << 20;

std::string check_function_name(std::string_view name);
std::string check_version_name(std::string_view name);
std::string check_alias_name(std::string_view name);
std::string check_dependency_name(std::string_view name);
std::string check_event_name(std::string_view name);
std::string check_memory(long long mb);
std::string check_runtime(std::string_view runtime);
std::string check_tag(std::string_view key, std::string_view value);
std::string check_env_json(std::string_view user_data);

// GPU: both fields or neither (type "" and memory 0); nvidia-t4 only; 1024-16384 MB in steps
// of 1024; Custom and Custom Image runtimes only.
std::string check_gpu(std::string_view type, long long memory_mb, std::string_view runtime);
// peering_cidr: "" or one to five IPv4 CIDR blocks separated by ';'.
std::string check_peering_cidr(std::string_view cidrs);
// domain_names: "" or a JSON string of [{"id","domain_name"}] (private DNS zones).
std::string check_domain_names(std::string_view domain_names);

// Timer-trigger and reserved-instance schedules: "@every 1h30m", or 5/6-field cron with an
// optional "CRON_TZ=Zone " prefix; fields may use , - * / and ? (day fields only).
std::string check_cron(std::string_view expression);
// Fixed-rate timer schedules: "<N>m" (1-60), "<N>h" (1-24), "<N>d" (1-30).
std::string check_rate(std::string_view schedule);

}  // namespace fgform::emulator::rules
