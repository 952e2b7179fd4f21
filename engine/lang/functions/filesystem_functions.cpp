// Filesystem functions: file, filebase64, fileexists, fileset (with ** and {a,b}), basename,
// dirname, abspath, pathexpand. Paths resolve against FunctionOptions::base_dir.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  return nlohmann::json(s).dump();
}

std::variant<std::string, FunctionError> expand_home(const std::string& path) {
  if (path.empty() || path[0] != '~') return path;
  if (path.size() > 1 && path[1] != '/') {
    return error("failed to expand ~: cannot expand user-specific home dir");
  }
  const char* home = std::getenv("HOME");
  if (!home || !*home) return error("failed to expand ~: $HOME is not set");
  return std::string(home) + path.substr(1);
}

// ---- glob ------------------------------------------------------------------------------------

// {a,b} alternatives expanded into separate patterns (nested braces included).
std::vector<std::string> expand_braces(const std::string& pattern) {
  std::size_t open = std::string::npos;
  int depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] == '{') {
      if (depth++ == 0) open = i;
    } else if (pattern[i] == '}' && depth > 0 && --depth == 0) {
      std::vector<std::string> alternatives;
      std::string current;
      int inner = 0;
      for (std::size_t k = open + 1; k < i; ++k) {
        const char c = pattern[k];
        if (c == '{') ++inner;
        if (c == '}') --inner;
        if (c == ',' && inner == 0) {
          alternatives.push_back(current);
          current.clear();
        } else {
          current += c;
        }
      }
      alternatives.push_back(current);
      std::vector<std::string> out;
      for (const auto& alt : alternatives) {
        for (auto& e : expand_braces(pattern.substr(0, open) + alt + pattern.substr(i + 1))) {
          out.push_back(std::move(e));
        }
      }
      return out;
    }
  }
  return {pattern};
}

// One path segment against one pattern segment: * ? [class] and \ escapes.
bool match_segment(const std::string& p, std::size_t pi, const std::string& s, std::size_t si) {
  while (pi < p.size()) {
    const char c = p[pi];
    if (c == '*') {
      for (std::size_t k = si; k <= s.size(); ++k) {
        if (match_segment(p, pi + 1, s, k)) return true;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (c == '?') {
      ++pi;
      si += utf8_chars(std::string_view(s).substr(si))[0].size();
      continue;
    }
    if (c == '[') {
      std::size_t k = pi + 1;
      bool negate = k < p.size() && (p[k] == '^' || p[k] == '!');
      if (negate) ++k;
      bool matched = false;
      bool first = true;
      while (k < p.size() && (p[k] != ']' || first)) {
        char lo = p[k];
        char hi = lo;
        if (k + 2 < p.size() && p[k + 1] == '-' && p[k + 2] != ']') {
          hi = p[k + 2];
          k += 2;
        }
        if (s[si] >= lo && s[si] <= hi) matched = true;
        ++k;
        first = false;
      }
      if (k >= p.size() || matched == negate) return false;
      pi = k + 1;
      ++si;
      continue;
    }
    char literal = c;
    if (c == '\\' && pi + 1 < p.size()) literal = p[++pi];
    if (s[si] != literal) return false;
    ++pi;
    ++si;
  }
  return si == s.size();
}

std::vector<std::string> split_slash(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = s.find('/', start);
    out.push_back(s.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

bool match_segments(const std::vector<std::string>& p, std::size_t pi,
                    const std::vector<std::string>& s, std::size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == "**") {
    for (std::size_t k = si; k <= s.size(); ++k) {
      if (match_segments(p, pi + 1, s, k)) return true;
    }
    return false;
  }
  if (si == s.size()) return false;
  return match_segment(p[pi], 0, s[si], 0) && match_segments(p, pi + 1, s, si + 1);
}

Function file_reader(std::function<Result(const std::string&, const std::string&)> use,
                     const FunctionOptions& options) {
  return make({param("path", Type::string())}, Type::string(),
              [use, options](const Args& a) -> Result {
                auto content = read_file(options, a[0].as_string());
                if (auto* e = std::get_if<FunctionError>(&content)) return *e;
                return use(a[0].as_string(), std::get<std::string>(content));
              });
}

}  // namespace

std::string clean_path(const std::string& path) {
  if (path.empty()) return ".";
  const bool rooted = path[0] == '/';
  std::vector<std::string> parts;
  for (const auto& seg : split_slash(path)) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back("..");
      }
      continue;
    }
    parts.push_back(seg);
  }
  std::string out = rooted ? "/" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

std::variant<std::string, FunctionError> resolve_path(const FunctionOptions& options,
                                                      const std::string& path) {
  auto expanded = expand_home(path);
  if (auto* e = std::get_if<FunctionError>(&expanded)) return *e;
  std::string p = std::get<std::string>(expanded);
  if (p.empty() || p[0] != '/') p = options.base_dir.string() + "/" + p;
  return clean_path(p);
}

std::variant<std::string, FunctionError> read_file(const FunctionOptions& options,
                                                   const std::string& path) {
  auto resolved = resolve_path(options, path);
  if (auto* e = std::get_if<FunctionError>(&resolved)) return *e;
  const std::string& p = std::get<std::string>(resolved);
  std::error_code ec;
  if (!fs::exists(p, ec)) {
    return error("no file exists at " + quote(p) +
                 "; this function works only with files that are distributed as part of the "
                 "configuration source code, so if this file will be created by a resource in "
                 "this configuration you must instead obtain this result from an attribute of "
                 "that resource",
                 0);  // Terraform reports it as an error of the path argument
  }
  std::ifstream in(p, std::ios::binary);
  if (!in || fs::is_directory(p, ec)) {
    return error("failed to read file: read " + p + ": is a directory", 0);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void add_filesystem_functions(FunctionTable& table, const FunctionOptions& options) {
  table["file"] = file_reader(
      [](const std::string& path, const std::string& content) -> Result {
        if (!valid_utf8(content)) {
          return error("contents of " + quote(path) +
                       " are not valid UTF-8; use the filebase64 function to obtain the Base64 "
                       "encoded contents or the other file functions (e.g. filemd5, filesha256) "
                       "to obtain file hashing results instead");
        }
        return Value::string(content);
      },
      options);
  table["filebase64"] = file_reader(
      [](const std::string&, const std::string& content) -> Result {
        return Value::string(base64_encode(content));
      },
      options);

  table["fileexists"] =
      make({param("path", Type::string())}, Type::boolean(), [options](const Args& a) -> Result {
        auto resolved = resolve_path(options, a[0].as_string());
        if (auto* e = std::get_if<FunctionError>(&resolved)) return *e;
        const std::string& p = std::get<std::string>(resolved);
        std::error_code ec;
        auto status = fs::status(p, ec);
        if (!fs::exists(status)) return Value::boolean(false);
        if (fs::is_regular_file(status)) return Value::boolean(true);
        if (fs::is_directory(status)) {
          return error(p + " is a directory, not a file", 0);
        }
        return error(p + " is not a regular file", 0);
      });

  table["fileset"] =
      make({param("path", Type::string()), param("pattern", Type::string())},
           Type::set(Type::string()), [options](const Args& a) -> Result {
             std::string base = a[0].as_string();
             if (base.empty() || base[0] != '/') base = options.base_dir.string() + "/" + base;
             base = clean_path(base);
             std::vector<std::vector<std::string>> patterns;
             for (const auto& p : expand_braces(a[1].as_string())) {
               patterns.push_back(split_slash(clean_path(p)));
             }
             Value::Elements matches;
             std::error_code ec;
             if (!fs::is_directory(base, ec)) return Value::set(Type::string(), {});
             for (auto it = fs::recursive_directory_iterator(
                      base, fs::directory_options::skip_permission_denied, ec);
                  !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
               if (!fs::is_regular_file(it->path(), ec)) continue;
               std::string rel = it->path().lexically_relative(base).generic_string();
               auto segments = split_slash(rel);
               for (const auto& p : patterns) {
                 if (match_segments(p, 0, segments, 0)) {
                   matches.push_back(Value::string(rel));
                   break;
                 }
               }
             }
             return Value::set(Type::string(), std::move(matches));
           });

  table["basename"] =
      make({param("path", Type::string())}, Type::string(), [](const Args& a) -> Result {
        std::string p = a[0].as_string();
        if (p.empty()) return Value::string(".");
        while (p.size() > 1 && p.back() == '/') p.pop_back();
        if (p == "/") return Value::string("/");
        return Value::string(p.substr(p.rfind('/') + 1));
      });
  table["dirname"] =
      make({param("path", Type::string())}, Type::string(), [](const Args& a) -> Result {
        const std::string& p = a[0].as_string();
        const std::size_t slash = p.rfind('/');
        if (slash == std::string::npos) return Value::string(".");
        return Value::string(clean_path(p.substr(0, slash + 1)));
      });
  table["abspath"] =
      make({param("path", Type::string())}, Type::string(), [](const Args& a) -> Result {
        std::string p = a[0].as_string();
        if (p.empty() || p[0] != '/') {
          std::error_code ec;
          p = fs::current_path(ec).string() + "/" + p;
        }
        return Value::string(clean_path(p));
      });
  table["pathexpand"] =
      make({param("path", Type::string())}, Type::string(), [](const Args& a) -> Result {
        auto expanded = expand_home(a[0].as_string());
        if (auto* e = std::get_if<FunctionError>(&expanded)) return *e;
        return Value::string(std::get<std::string>(expanded));
      });
}

}  // namespace fgform::lang::functions
