// Attribute paths (memory_size, func_mounts[0].local_mount_path, tags["team"]), the address
// every diagnostic about a value carries, and what tfplugin's AttributePath encodes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fgform::value {

struct PathStep {
  enum class Kind { kAttribute, kKeyString, kKeyInt };
  Kind kind = Kind::kAttribute;
  std::string name;  // attribute name or string key
  std::int64_t index = 0;

  friend bool operator==(const PathStep&, const PathStep&) = default;
};

class Path {
 public:
  Path() = default;
  static Path attribute(std::string name) { return Path().attr(std::move(name)); }

  Path attr(std::string name) const;
  Path key(std::string key) const;
  Path index(std::int64_t i) const;

  const std::vector<PathStep>& steps() const { return steps_; }
  bool empty() const { return steps_.empty(); }
  // Terraform's rendering: a.b[0]["k"].
  std::string to_string() const;

  friend bool operator==(const Path&, const Path&) = default;

 private:
  std::vector<PathStep> steps_;
};

}  // namespace fgform::value
