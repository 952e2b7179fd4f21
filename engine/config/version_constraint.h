// Provider version constraints as Terraform reads them in required_providers ("~> 1.2",
// ">= 1.0, < 2.0", "1.2.3", "!= 1.3.0"): comma-separated conditions that must all hold, each an
// operator (=, !=, >, >=, <, <=, ~>; none means =) and a version of one to three numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fgform::config {

struct SemVersion {
  long major = 0, minor = 0, patch = 0;
  std::string prerelease;  // after '-', empty for a release
};

// "1.2.3", "1.2.3-beta.1"; build metadata after '+' is ignored, as semver says.
std::optional<SemVersion> parse_version(std::string_view text);

struct VersionCondition {
  std::string op;  // "=", "!=", ">", ">=", "<", "<=", "~>"
  SemVersion version;
  int parts = 3;  // how many numbers were written: "~> 1.2" (2) allows 1.x, "~> 1.2.0" only 1.2.x
};

struct VersionConstraint {
  std::vector<VersionCondition> conditions;
  bool allows(const SemVersion& v) const;
};

// The constraint, or an error message saying what is wrong with the text.
struct ParsedConstraint {
  std::optional<VersionConstraint> constraint;
  std::string error;
};
ParsedConstraint parse_version_constraint(std::string_view text);

}  // namespace fgform::config
