#include "drift/ignore_rules.h"

#include <fnmatch.h>

#include <algorithm>

namespace fgform::drift {

using value::Diagnostic;
using value::Diagnostics;

namespace {

// Splits at '.' outside brackets and quotes: module.a["x.y"].t.n → module, a["x.y"], t, n.
// Empty when the brackets or quotes do not balance.
std::vector<std::string> segments(std::string_view text, bool& ok) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  ok = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      cur += c;
      if (c == '\\' && i + 1 < text.size()) {
        cur += text[++i];
      } else if (c == '"') {
        quoted = false;
      }
      continue;
    }
    if (c == '"') quoted = true;
    if (c == '[') ++depth;
    if (c == ']' && --depth < 0) ok = false;
    if (c == '.' && depth == 0) {
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(std::move(cur));
  if (depth != 0 || quoted) ok = false;
  for (const auto& s : out) ok = ok && !s.empty();
  return out;
}

std::string head_of(const std::string& segment) {
  return segment.substr(0, segment.find('['));
}

bool glob(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// A rule as an fnmatch pattern: `*` and `?` in names are globs, but an instance key or map key
// in brackets is literal, so api[1] means the key 1, not the character class {1}.
std::string pattern_of(const std::string& rule) {
  std::string out;
  int depth = 0;
  for (char c : rule) {
    if (c == '[') ++depth;
    const bool literal = depth > 0 || c == '\\';
    if (literal && (c == '[' || c == ']' || c == '*' || c == '?' || c == '\\')) out += '\\';
    out += c;
    if (c == ']' && depth > 0) --depth;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (i == from ? "" : ".") + parts[i];
  return out;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

std::string without_instance_keys(const std::string& address) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (depth > 0) {
      if (quoted) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      }
      continue;
    }
    if (c == '[') {
      depth = 1;
      continue;
    }
    out += c;
  }
  return out;
}

Diagnostics IgnoreRules::add(std::string_view text, const std::string& source) {
  Diagnostics d;
  auto bad = [&](const std::string& why) {
    d.add(Diagnostic::error("Invalid ignore rule",
                            source + ": \"" + std::string(text) + "\" " + why +
                                " A rule is ADDRESS or ADDRESS.ATTRIBUTE, such as "
                                "functiongraph_function.api.description or *.tags."));
    return d;
  };
  bool ok = true;
  auto parts = segments(text, ok);
  if (text.empty() || !ok) return bad("is not an address.");
  std::size_t i = 0;
  while (i + 1 < parts.size() && head_of(parts[i]) == "module") i += 2;
  if (i < parts.size() && parts[i] == "data")
    return bad("names a data source; data sources do not drift.");
  // A lone `*` stands for any resource (type and name).
  if (i < parts.size() && parts[i] == "*" && (i + 1 == parts.size() || parts[i + 1] != "*")) {
    Rule r;
    r.address = pattern_of(join(parts, 0, i) + (i == 0 ? "" : ".") + "*");
    r.keyed = false;
    r.attribute = pattern_of(join(parts, i + 1, parts.size()));
    rules_.push_back(std::move(r));
    return d;
  }
  if (i + 2 > parts.size()) return bad("has no resource type and name.");
  Rule r;
  const std::string address = join(parts, 0, i + 2);
  r.keyed = address.find('[') != std::string::npos;
  r.address = pattern_of(address);
  r.attribute = pattern_of(join(parts, i + 2, parts.size()));
  rules_.push_back(std::move(r));
  return d;
}

Diagnostics IgnoreRules::add_file(std::string_view text, const std::string& file) {
  Diagnostics d;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    std::string_view line = text.substr(pos, end - pos);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const std::string rule = trim(line);
    if (!rule.empty()) d.append(add(rule, file + ":" + std::to_string(line_no)));
    if (end == text.size()) break;
    pos = end + 1;
  }
  return d;
}

bool IgnoreRules::matches(const std::string& instance_address, const std::string& attribute) const {
  const std::string unkeyed = without_instance_keys(instance_address);
  for (const auto& r : rules_) {
    if (!glob(r.address, r.keyed ? instance_address : unkeyed)) continue;
    if (r.attribute.empty()) return true;
    if (attribute.empty()) continue;
    // The rule covers the attribute or anything inside it: tags covers tags["team"].
    if (glob(r.attribute, attribute)) return true;
    for (std::size_t k = 1; k < attribute.size(); ++k) {
      if ((attribute[k] == '.' || attribute[k] == '[') && glob(r.attribute, attribute.substr(0, k)))
        return true;
    }
  }
  return false;
}

}  // namespace fgform::drift
