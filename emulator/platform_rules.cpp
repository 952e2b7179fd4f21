#include "platform_rules.h"

#include "schema/formats.h"

#include <algorithm>
#include <charconv>
#include <regex>

#include <nlohmann/json.hpp>

namespace fgform::emulator::rules {
namespace {

bool matches(std::string_view text, const std::regex& re) {
  return std::regex_match(text.begin(), text.end(), re);
}

}  // namespace

const std::vector<int>& memory_sizes() {
  static const std::vector<int> sizes{128,  256,  512,  768,  1024, 1280, 1536, 1792,
                                      2048, 2560, 3072, 3584, 4096, 8192, 10240};
  return sizes;
}

const std::vector<std::string>& runtimes() {
  static const std::vector<std::string> list{"Java8",
                                             "Java11",
                                             "Java17",
                                             "Java21",
                                             "Node.js6.10",
                                             "Node.js8.10",
                                             "Node.js10.16",
                                             "Node.js12.13",
                                             "Node.js14.18",
                                             "Node.js16.17",
                                             "Node.js18.15",
                                             "Node.js20.15",
                                             "Python2.7",
                                             "Python3.6",
                                             "Python3.9",
                                             "Python3.10",
                                             "Python3.12",
                                             "Go1.x",
                                             "C#(.NET Core 2.1)",
                                             "C#(.NET Core 3.1)",
                                             "C#(.NET Core 6.0)",
                                             "PHP7.3",
                                             "PHP8.3",
                                             "Custom",
                                             "Custom Image",
                                             "http",
                                             "Cangjie1.0"};
  return list;
}

const std::vector<std::string>& trigger_types() {
  static const std::vector<std::string> list{"TIMER",
                                             "APIG",
                                             "CTS",
                                             "DDS",
                                             "DMS",
                                             "DIS",
                                             "LTS",
                                             "OBS",
                                             "SMN",
                                             "KAFKA",
                                             "RABBITMQ",
                                             "DEDICATEDGATEWAY",
                                             "OPENSOURCEKAFKA",
                                             "APIC",
                                             "GAUSSMONGO",
                                             "EVENTGRID"};
  return list;
}

std::string check_function_name(std::string_view name) {
  static const std::regex re("^[A-Za-z]([A-Za-z0-9_-]{0,58}[A-Za-z0-9])?$");
  if (matches(name, re)) return "";
  return "func_name \"" + std::string(name) +
         "\" is invalid: 1-60 letters, digits, '-' or '_', starting with a letter and ending with "
         "a letter or digit";
}

std::string check_version_name(std::string_view name) {
  static const std::regex re("^[A-Za-z0-9]([A-Za-z0-9._-]{0,40}[A-Za-z0-9])?$");
  if (name == "latest") return "version name \"latest\" is reserved";
  if (matches(name, re)) return "";
  return "version \"" + std::string(name) +
         "\" is invalid: at most 42 letters, digits, '-', '_' or '.', starting and ending with a "
         "letter or digit";
}

std::string check_alias_name(std::string_view name) {
  static const std::regex re("^[A-Za-z]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$");
  if (matches(name, re)) return "";
  return "alias name \"" + std::string(name) +
         "\" is invalid: 1-63 letters, digits, '-' or '_', starting with a letter and ending "
         "with a letter or digit";
}

std::string check_event_name(std::string_view name) {
  static const std::regex re("^[A-Za-z]([A-Za-z0-9_-]{0,23}[A-Za-z0-9])?$");
  if (matches(name, re)) return "";
  return "test event name \"" + std::string(name) +
         "\" is invalid: 1-25 letters, digits, '-' or '_', starting with a letter and ending "
         "with a letter or digit";
}

std::string check_dependency_name(std::string_view name) {
  static const std::regex re("^[A-Za-z]([A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$");
  if (matches(name, re)) return "";
  return "dependency name \"" + std::string(name) +
         "\" is invalid: 1-96 letters, digits, '-', '_' or '.', starting with a letter";
}

std::string check_memory(long long mb) {
  const auto& sizes = memory_sizes();
  if (std::find(sizes.begin(), sizes.end(), mb) != sizes.end()) return "";
  std::string list;
  for (int s : sizes) list += (list.empty() ? "" : ", ") + std::to_string(s);
  return "memory_size " + std::to_string(mb) + " is not supported; use one of " + list;
}

std::string check_runtime(std::string_view runtime) {
  const auto& list = runtimes();
  if (std::find(list.begin(), list.end(), runtime) != list.end()) return "";
  std::string all;
  for (const auto& r : list) all += (all.empty() ? "" : ", ") + r;
  return "runtime \"" + std::string(runtime) + "\" is not supported; use one of " + all;
}

std::string check_tag(std::string_view key, std::string_view value) {
  static const std::regex key_re(R"(^[A-Za-z0-9 ._:=+\-@\x80-\xff]{1,128}$)");
  static const std::regex value_re(R"(^[A-Za-z0-9 ._:/=+\-@\x80-\xff]{0,255}$)");
  if (!matches(key, key_re) || key.front() == ' ' || key.back() == ' ' ||
      key.rfind("_sys_", 0) == 0) {
    return "tag key \"" + std::string(key) +
           "\" is invalid: 1-128 letters, digits, spaces or ._:=+-@, not starting with _sys_";
  }
  if (!matches(value, value_re)) {
    return "tag value \"" + std::string(value) +
           "\" is invalid: at most 255 letters, digits, "
           "spaces or ._:/=+-@";
  }
  return "";
}

std::string check_env_json(std::string_view user_data) {
  if (user_data.empty()) return "";
  auto parsed = nlohmann::json::parse(user_data, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return "user_data must be a JSON object of environment variables";
  }
  static const std::regex key_re("^[A-Za-z][A-Za-z0-9_]*$");
  std::size_t total = 0;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    if (!matches(it.key(), key_re)) {
      return "environment variable name \"" + it.key() +
             "\" is invalid: letters, digits and '_', starting with a letter";
    }
    if (it.key().rfind("RUNTIME_", 0) == 0) {
      return "environment variable name \"" + it.key() + "\" is reserved by the runtime";
    }
    if (!it->is_string()) return "environment variable " + it.key() + " must be a string";
    total += it.key().size() + it->get<std::string>().size();
  }
  if (total > 4096) return "environment variables exceed 4096 characters in total";
  return "";
}

std::string check_gpu(std::string_view type, long long memory_mb, std::string_view runtime) {
  if (type.empty() && memory_mb == 0) return "";
  if (type.empty() || memory_mb == 0) return "gpu_type and gpu_memory must be set together";
  if (type != "nvidia-t4")
    return "gpu_type \"" + std::string(type) + "\" is not supported; use nvidia-t4";
  if (memory_mb < 1024 || memory_mb > 16384 || memory_mb % 1024 != 0) {
    return "gpu_memory must be a multiple of 1024 from 1024 to 16384, got " +
           std::to_string(memory_mb);
  }
  if (runtime != "Custom" && runtime != "Custom Image") {
    return "GPU is available to the Custom and Custom Image runtimes only, not " +
           std::string(runtime);
  }
  return "";
}

std::string check_peering_cidr(std::string_view cidrs) {
  if (cidrs.empty()) return "";
  std::string msg = schema::check_ipv4_cidr_list(cidrs);
  return msg.empty() ? "" : "peering_cidr " + msg;
}

std::string check_domain_names(std::string_view domain_names) {
  if (domain_names.empty()) return "";
  const std::string shape =
      "domain_names must be a JSON array of {\"id\",\"domain_name\"} objects (private DNS zones)";
  auto parsed = nlohmann::json::parse(domain_names, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) return shape;
  for (const auto& zone : parsed) {
    if (!zone.is_object() || !zone.contains("id") || !zone["id"].is_string() ||
        zone["id"].get<std::string>().empty() || !zone.contains("domain_name") ||
        !zone["domain_name"].is_string() || zone["domain_name"].get<std::string>().empty()) {
      return shape;
    }
    for (auto it = zone.begin(); it != zone.end(); ++it) {
      if (it.key() != "id" && it.key() != "domain_name") {
        return "unknown field \"" + it.key() + "\" in domain_names";
      }
    }
  }
  return "";
}

std::string check_cron(std::string_view expression) {
  return schema::check_cron(expression);
}

std::string check_rate(std::string_view schedule) {
  return schema::check_rate(schedule);
}
}  // namespace fgform::emulator::rules
