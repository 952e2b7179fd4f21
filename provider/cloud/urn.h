// FunctionGraph URNs: urn:fss:{region}:{project_id}:function:{package}:{name}[:{qualifier}],
// where the qualifier is a version ("latest", "v1") or an alias written "!name".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fgform::cloud {

struct FunctionUrn {
  std::string region;
  std::string project_id;
  std::string package;
  std::string name;
  std::string qualifier;  // "" (unqualified), a version, or "!alias"

  static std::optional<FunctionUrn> parse(std::string_view text);

  std::string unqualified() const;
  std::string with_qualifier(std::string_view q) const;
  std::string str() const { return qualifier.empty() ? unqualified() : with_qualifier(qualifier); }
  // The URN of what a call on this URN acts on: an unqualified URN means `latest`.
  std::string bound() const { return with_qualifier(qualifier.empty() ? "latest" : qualifier); }
  bool is_alias() const { return !qualifier.empty() && qualifier.front() == '!'; }
  std::string alias_name() const { return is_alias() ? qualifier.substr(1) : std::string(); }
};

}  // namespace fgform::cloud
