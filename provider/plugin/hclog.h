// Logging in the format go-plugin expects from a plugin: one hclog JSON object per line on
// stderr (stdout belongs to the handshake). Terraform re-levels and forwards these lines to its
// own log, so the plugin only decides which levels to emit.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fgform::plugin {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// Accepts Terraform's level names in any case; "json" means trace (TF_LOG=JSON).
std::optional<LogLevel> parse_log_level(std::string_view text);

// TF_LOG_PROVIDER wins over TF_LOG (both are inherited from Terraform). Unset or empty: warn.
// A value Terraform would not recognise means trace, because that is what Terraform does with it.
LogLevel log_level_from_environment(const char* tf_log_provider, const char* tf_log);

// hclog's name for a level ("trace" ... "error").
std::string_view hclog_level_name(LogLevel level);

// go-plugin parses @timestamp with Go's layout 2006-01-02T15:04:05.000000Z07:00: exactly six
// fractional digits, else the whole line is treated as unstructured text.
std::string format_hclog_timestamp(std::chrono::system_clock::time_point when);

using LogFields = std::vector<std::pair<std::string, std::string>>;

// One line, without the trailing newline.
std::string format_hclog_line(LogLevel level, std::string_view module, std::string_view message,
                              std::chrono::system_clock::time_point when,
                              const LogFields& fields = {});

// Thread-safe: RPCs arrive concurrently. Never pass secrets or request bodies as fields.
class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;

  // The default sink writes each line (plus '\n') to stderr in one write.
  Logger(LogLevel threshold, std::string module, Sink sink = {});

  bool enabled(LogLevel level) const;
  void log(LogLevel level, std::string_view message, const LogFields& fields = {}) const;

  void trace(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::kTrace, message, fields);
  }
  void debug(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::kDebug, message, fields);
  }
  void info(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::kInfo, message, fields);
  }
  void warn(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::kWarn, message, fields);
  }
  void error(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::kError, message, fields);
  }

 private:
  LogLevel threshold_;
  std::string module_;
  Sink sink_;
};

}  // namespace fgform::plugin
