#include "config/version_constraint.h"

#include <cctype>
#include <charconv>
#include <tuple>

namespace fgform::config {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Up to three dot-separated numbers; `parts` says how many were written.
std::optional<SemVersion> parse_numbers(std::string_view text, int& parts) {
  SemVersion v;
  long* fields[] = {&v.major, &v.minor, &v.patch};
  parts = 0;
  while (true) {
    if (parts == 3) return std::nullopt;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [next, ec] = std::from_chars(begin, end, *fields[parts]);
    if (ec != std::errc() || next == begin || *fields[parts] < 0) return std::nullopt;
    // "01" is not a semver number.
    if (next - begin > 1 && *begin == '0') return std::nullopt;
    ++parts;
    text.remove_prefix(static_cast<std::size_t>(next - begin));
    if (text.empty()) return v;
    if (text.front() != '.') return std::nullopt;
    text.remove_prefix(1);
  }
}

bool valid_prerelease(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
  return true;
}

std::optional<SemVersion> parse_version_parts(std::string_view text, int& parts) {
  text = trim(text);
  if (auto plus = text.find('+'); plus != std::string_view::npos) text = text.substr(0, plus);
  std::string prerelease;
  if (auto dash = text.find('-'); dash != std::string_view::npos) {
    prerelease = std::string(text.substr(dash + 1));
    if (!valid_prerelease(prerelease)) return std::nullopt;
    text = text.substr(0, dash);
  }
  auto v = parse_numbers(text, parts);
  if (!v) return std::nullopt;
  v->prerelease = prerelease;
  return v;
}

int compare(const SemVersion& a, const SemVersion& b) {
  auto ta = std::tie(a.major, a.minor, a.patch);
  auto tb = std::tie(b.major, b.minor, b.patch);
  if (ta != tb) return ta < tb ? -1 : 1;
  // A pre-release sorts before its release; two pre-releases compare as text (enough for the
  // equality tests Terraform allows them in).
  if (a.prerelease == b.prerelease) return 0;
  if (a.prerelease.empty()) return 1;
  if (b.prerelease.empty()) return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

bool holds(const VersionCondition& c, const SemVersion& v) {
  const int cmp = compare(v, c.version);
  if (c.op == "=") return cmp == 0;
  if (c.op == "!=") return cmp != 0;
  if (c.op == ">") return cmp > 0;
  if (c.op == ">=") return cmp >= 0;
  if (c.op == "<") return cmp < 0;
  if (c.op == "<=") return cmp <= 0;
  // "~>": at least the version, and below the next release of the second-to-last number
  // written: ~> 1.2 means >= 1.2.0, < 2.0.0; ~> 1.2.3 means >= 1.2.3, < 1.3.0.
  if (cmp < 0) return false;
  SemVersion upper;
  if (c.parts <= 2) {
    upper.major = c.version.major + 1;
  } else {
    upper.major = c.version.major;
    upper.minor = c.version.minor + 1;
  }
  return compare(v, upper) < 0;
}

}  // namespace

std::optional<SemVersion> parse_version(std::string_view text) {
  int parts = 0;
  auto v = parse_version_parts(text, parts);
  if (!v || parts != 3) return std::nullopt;
  return v;
}

bool VersionConstraint::allows(const SemVersion& v) const {
  for (const auto& c : conditions) {
    // As in Terraform, a pre-release is chosen only when a condition names it exactly.
    if (!v.prerelease.empty() && !(c.op == "=" && compare(c.version, v) == 0)) return false;
    if (!holds(c, v)) return false;
  }
  return true;
}

ParsedConstraint parse_version_constraint(std::string_view text) {
  ParsedConstraint out;
  VersionConstraint constraint;
  std::string_view rest = text;
  while (true) {
    auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    if (item.empty()) {
      out.error = "an empty condition in \"" + std::string(text) + "\"";
      return out;
    }
    VersionCondition c;
    static constexpr std::string_view kOperators[] = {"~>", ">=", "<=", "!=", ">", "<", "="};
    c.op = "=";
    for (auto op : kOperators) {
      if (item.starts_with(op)) {
        c.op = std::string(op);
        item = trim(item.substr(op.size()));
        break;
      }
    }
    auto v = parse_version_parts(item, c.parts);
    if (!v) {
      out.error = "\"" + std::string(item) + "\" is not a version (one to three numbers, as 1.2.3)";
      return out;
    }
    c.version = *v;
    constraint.conditions.push_back(c);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  out.constraint = constraint;
  return out;
}

}  // namespace fgform::config
