#include "plugin/hclog.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

namespace fgform::plugin {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void write_line_to_stderr(std::string_view line) {
  // One write per line keeps concurrent lines from interleaving on the pipe.
  static std::mutex stderr_mutex;
  std::string buffer(line);
  buffer.push_back('\n');
  std::lock_guard<std::mutex> lock(stderr_mutex);
  const char* data = buffer.data();
  std::size_t left = buffer.size();
  while (left > 0) {
    ssize_t written = ::write(STDERR_FILENO, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;  // Terraform closed the pipe: nobody is listening any more.
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  const std::string name = lower(text);
  if (name == "trace" || name == "json") return LogLevel::kTrace;
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  if (name == "off") return LogLevel::kOff;
  return std::nullopt;
}

LogLevel log_level_from_environment(const char* tf_log_provider, const char* tf_log) {
  const char* chosen = nullptr;
  if (tf_log_provider != nullptr && *tf_log_provider != '\0') {
    chosen = tf_log_provider;
  } else if (tf_log != nullptr && *tf_log != '\0') {
    chosen = tf_log;
  }
  if (chosen == nullptr) return LogLevel::kWarn;
  return parse_log_level(chosen).value_or(LogLevel::kTrace);
}

std::string_view hclog_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
    case LogLevel::kOff:
      break;
  }
  return "error";
}

std::string format_hclog_timestamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto micros = duration_cast<microseconds>(when.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(micros / 1'000'000);
  auto fraction = micros % 1'000'000;
  if (fraction < 0) {  // before 1970: keep the fraction positive
    fraction += 1'000'000;
    seconds -= 1;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char result[64];
  std::snprintf(result, sizeof result, "%.*s.%06lldZ", static_cast<int>(length), text,
                static_cast<long long>(fraction));
  return result;
}

std::string format_hclog_line(LogLevel level, std::string_view module, std::string_view message,
                              std::chrono::system_clock::time_point when, const LogFields& fields) {
  nlohmann::ordered_json line;
  line["@level"] = hclog_level_name(level);
  line["@message"] = message;
  line["@timestamp"] = format_hclog_timestamp(when);
  if (!module.empty()) line["@module"] = module;
  for (const auto& [key, value] : fields) line[key] = value;
  // Invalid UTF-8 must not turn a log call into an exception.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Logger::Logger(LogLevel threshold, std::string module, Sink sink)
    : threshold_(threshold),
      module_(std::move(module)),
      sink_(sink ? std::move(sink) : Sink(write_line_to_stderr)) {}

bool Logger::enabled(LogLevel level) const {
  return threshold_ != LogLevel::kOff && level != LogLevel::kOff && level >= threshold_;
}

void Logger::log(LogLevel level, std::string_view message, const LogFields& fields) const {
  if (!enabled(level)) return;
  sink_(format_hclog_line(level, module_, message, std::chrono::system_clock::now(), fields));
}

}  // namespace fgform::plugin
