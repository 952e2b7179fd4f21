// Command-line flags in Terraform's style (Go's flag package): `-name`, `-name=value` and
// `-name value`; bool flags take no separate value; `--name` works too; `--` ends flags.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fgform::cli {

class Flags {
 public:
  // Declarations: the flag names a command accepts.
  Flags& boolean(const std::string& name, bool default_value = false);
  Flags& text(const std::string& name, std::string default_value = "");
  Flags& repeated(const std::string& name);  // -var, -target, ... in order

  // Parses `args`; returns an error message naming the bad flag, or nullopt.
  std::optional<std::string> parse(const std::vector<std::string>& args);

  bool flag(const std::string& name) const;
  const std::string& value(const std::string& name) const;
  bool given(const std::string& name) const;
  const std::vector<std::string>& values(const std::string& name) const;
  // Repeated flags of several names in command-line order, as (name, value) pairs.
  const std::vector<std::pair<std::string, std::string>>& ordered() const { return ordered_; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  enum class Kind { kBool, kText, kRepeated };
  std::map<std::string, Kind> kinds_;
  std::map<std::string, bool> bools_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::vector<std::string>> lists_;
  std::map<std::string, bool> given_;
  std::vector<std::pair<std::string, std::string>> ordered_;
  std::vector<std::string> positional_;
};

// "5s", "1m30s", "0s", "250ms" (Go durations) to milliseconds.
std::optional<long long> parse_duration_ms(const std::string& text);

}  // namespace fgform::cli
