// The command follows internal/command/fmt.go: Go's flag package rules for flags, the same
// order of listing, writing and diffing per file, diagnostics shown after all files, and
// Terraform's cli.Ui quirks (each write to stdout loses one trailing newline and gets one back).
#include "fmt/fmt_command.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>

#include "fmt/diff.h"
#include "fmt/format.h"

namespace fgform::fmt {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSupportedExts[] = {".tf", ".tfvars", ".tftest.hcl", ".tfmock.hcl"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool supported(std::string_view name) {
  return std::any_of(std::begin(kSupportedExts), std::end(kSupportedExts),
                     [&](const char* ext) { return ends_with(name, ext); });
}

// configs.IsIgnoredFile: hidden files, editor backups and emacs lock files.
bool ignored(std::string_view name) {
  return (!name.empty() && name.front() == '.') || ends_with(name, "~") ||
         (!name.empty() && name.front() == '#' && name.back() == '#');
}

// strconv.ParseBool.
std::optional<bool> parse_bool(std::string_view v) {
  if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") {
    return false;
  }
  return std::nullopt;
}

// Meta.normalizePath: relative to the working directory when possible, cleaned, lexically.
std::string normalize_path(const std::string& given) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return fs::path(given).lexically_normal().string();
  fs::path p(given);
  if (!p.is_absolute()) p = cwd / p;
  p = p.lexically_normal();
  fs::path rel = p.lexically_relative(cwd.lexically_normal());
  std::string s = rel.empty() ? p.string() : rel.string();
  if (s.empty()) s = ".";
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// filepath.Join(dir, name), cleaned.
std::string join_path(const std::string& dir, const std::string& name) {
  std::string s = (fs::path(dir) / name).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// go-wordwrap's WrapString: greedy, breaking only at spaces, keeping existing newlines.
std::string word_wrap(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t line_len = 0;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t nl = text.find('\n', i);
    std::string_view para = text.substr(i, nl == std::string_view::npos ? text.size() - i : nl - i);
    line_len = 0;
    std::size_t k = 0;
    while (k < para.size()) {
      std::size_t sp = para.find(' ', k);
      std::string_view word =
          para.substr(k, sp == std::string_view::npos ? para.size() - k : sp - k);
      std::size_t width = static_cast<std::size_t>(display_columns(word));
      if (line_len > 0 && line_len + 1 + width > limit) {
        out += '\n';
        line_len = 0;
      } else if (line_len > 0) {
        out += ' ';
        ++line_len;
      }
      out.append(word);
      line_len += width;
      if (sp == std::string_view::npos) break;
      k = sp + 1;
    }
    if (nl == std::string_view::npos) break;
    out += '\n';
    i = nl + 1;
  }
  return out;
}

struct Diag {
  std::string summary;
  std::string detail;
  std::optional<value::SourceRange> range;
  std::string context;
};

// A diagnostic without a source location, like Terraform's fmt.Errorf ones.
Diag simple_diag(std::string summary) {
  return Diag{std::move(summary), "", std::nullopt, ""};
}

class FmtCommand {
 public:
  FmtCommand(std::istream& in, std::ostream& out, std::ostream& err)
      : in_(in), out_(out), err_(err) {}

  int run(std::vector<std::string> args) {
    // Meta.process: -no-color is taken out wherever it is.
    std::erase_if(args, [&](const std::string& a) {
      if (a != "-no-color") return false;
      color_ = false;
      return true;
    });
    for (const std::string& a : args) {
      if (a == "--") break;
      if (a == "-h" || a == "-help" || a == "--help") {
        out_ << fmt_help() << "\n";
        return 0;
      }
    }
    std::vector<std::string> rest;
    std::string flag_error;
    if (!parse_flags(args, rest, flag_error)) {
      ui_error(fmt_help());
      ui_error("Error parsing command-line flags: " + flag_error + "\n");
      return 1;
    }

    std::vector<std::string> paths;
    if (rest.empty()) {
      paths = {"."};
    } else if (rest[0] == "-") {
      list_ = false;
      write_ = false;
    } else {
      paths = rest;
    }

    bool list = list_;
    if (check_) {
      list_ = true;
      write_ = false;
      buffered_ = true;
    }

    process(paths);
    for (const Diag& d : diags_) show(d);
    if (!diags_.empty()) return 2;

    if (check_) {
      bool ok = buffer_.empty();
      if (list && !buffer_.empty()) ui_output(buffer_);
      return ok ? 0 : 3;
    }
    return 0;
  }

 private:
  bool parse_flags(const std::vector<std::string>& args, std::vector<std::string>& rest,
                   std::string& error) {
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a.size() < 2 || a[0] != '-') break;
      std::size_t dashes = a[1] == '-' ? 2 : 1;
      if (dashes == 2 && a.size() == 2) {
        ++i;  // "--" ends the flags
        break;
      }
      std::string name = a.substr(dashes);
      if (name.empty() || name[0] == '-' || name[0] == '=') {
        error = "bad flag syntax: " + a;
        return false;
      }
      std::optional<std::string> value;
      if (std::size_t eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
      }
      bool* target = name == "list"        ? &list_
                     : name == "write"     ? &write_
                     : name == "diff"      ? &diff_
                     : name == "check"     ? &check_
                     : name == "recursive" ? &recursive_
                                           : nullptr;
      if (target == nullptr) {
        error = "flag provided but not defined: -" + name;
        return false;
      }
      if (value) {
        std::optional<bool> b = parse_bool(*value);
        if (!b) {
          error = "invalid boolean value \"" + *value + "\" for -" + name + ": parse error";
          return false;
        }
        *target = *b;
      } else {
        *target = true;
      }
    }
    rest.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    return true;
  }

  void process(const std::vector<std::string>& paths) {
    if (paths.empty()) {
      std::string src((std::istreambuf_iterator<char>(in_)), std::istreambuf_iterator<char>());
      process_source("<stdin>", src, false);
      return;
    }
    for (const std::string& given : paths) {
      std::string path = normalize_path(given);
      std::error_code ec;
      fs::file_status st = fs::status(path, ec);
      if (ec || !fs::exists(st)) {
        diags_.push_back(simple_diag("No file or directory at " + path));
        return;
      }
      if (fs::is_directory(st)) {
        process_dir(path);
        continue;
      }
      if (!supported(path)) {
        diags_.push_back(
            simple_diag("Only .tf, .tfvars, and .tftest.hcl files can be processed with "
                        "fgform fmt"));
        continue;
      }
      process_file(path);
    }
  }

  void process_dir(const std::string& path) {
    std::error_code ec;
    fs::directory_iterator it(path, ec);
    if (ec) {
      diags_.push_back(simple_diag(ec == std::errc::no_such_file_or_directory
                                       ? "There is no configuration directory at " + path
                                       : "Cannot read directory " + path));
      return;
    }
    // ioutil.ReadDir: sorted by name, not following symlinks.
    std::vector<std::pair<std::string, bool>> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      std::error_code type_ec;
      bool is_dir = it->is_directory(type_ec) && !it->is_symlink(type_ec);
      entries.emplace_back(it->path().filename().string(), is_dir);
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, is_dir] : entries) {
      if (ignored(name)) continue;
      std::string sub = join_path(path, name);
      if (is_dir) {
        if (recursive_) process_dir(sub);
        continue;
      }
      if (supported(name)) process_file(sub);
    }
  }

  void process_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      diags_.push_back(simple_diag("Failed to read file " + path));
      return;
    }
    std::string src((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) {
      diags_.push_back(simple_diag("Failed to read " + path));
      return;
    }
    f.close();
    process_source(normalize_path(path), src, true);
  }

  void process_source(const std::string& path, const std::string& src, bool is_file) {
    FormatResult r = format(src, path);
    if (r.diagnostics.has_errors()) {
      sources_[path] = src;
      for (const value::Diagnostic& d : r.diagnostics) {
        if (d.severity == value::Severity::kError) {
          diags_.push_back({d.summary, d.detail, d.range, r.error_context});
        }
      }
      return;
    }
    const std::string& result = r.output;
    if (result != src) {
      if (list_) emit(path + "\n");
      if (write_ && is_file) {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f << result;
        f.close();
        if (!f) {
          diags_.push_back(simple_diag("Failed to write " + path));
          return;
        }
      }
      if (diff_) {
        std::string diff, error;
        if (!unified_diff(src, result, path, diff, error)) {
          diags_.push_back(simple_diag("Failed to generate diff for " + path + ": " + error));
          return;
        }
        emit(diff);
      }
    }
    if (!list_ && !write_ && !diff_) emit(result);
  }

  // One write to Terraform's output: into the -check buffer, or to the UI.
  void emit(const std::string& text) {
    if (buffered_) {
      buffer_ += text;
    } else {
      ui_output(text);  // even an empty write prints a newline, as Terraform's Ui does
    }
  }

  // cli.UiWriter + Ui.Output: one trailing newline dropped, one added.
  void ui_output(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    out_ << text << "\n";
    out_.flush();
  }

  void ui_error(const std::string& text) {
    if (color_) {
      err_ << "\x1b[31m" << text << "\x1b[0m\x1b[0m\n";
    } else {
      err_ << text << "\n";
    }
  }

  std::string source_line(const value::SourceRange& r, std::string& before, std::string& subject,
                          std::string& after) const {
    auto it = sources_.find(r.filename);
    if (it == sources_.end()) return {};
    const std::string& src = it->second;
    auto start = static_cast<std::size_t>(std::max(0, r.start.byte));
    start = std::min(start, src.size());
    std::size_t line_begin = src.rfind('\n', start == 0 ? 0 : start - 1);
    line_begin = (line_begin == std::string::npos || start == 0) ? 0 : line_begin + 1;
    if (start > 0 && src[start - 1] == '\n') line_begin = start;
    std::size_t line_end = src.find('\n', start);
    if (line_end == std::string::npos) line_end = src.size();
    std::size_t end =
        std::clamp(static_cast<std::size_t>(std::max(0, r.end.byte)), start, line_end);
    std::string line = src.substr(line_begin, line_end - line_begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    before = src.substr(line_begin, start - line_begin);
    subject = src.substr(start, end - start);
    if (!subject.empty() && subject.back() == '\r') subject.pop_back();
    after = line.size() > before.size() + subject.size()
                ? line.substr(before.size() + subject.size())
                : std::string();
    return line;
  }

  // Terraform's diagnostic rendering, with and without colour.
  void show(const Diag& d) {
    std::string loc, before, subject, after, line;
    int line_no = 0;
    if (d.range) {
      line = source_line(*d.range, before, subject, after);
      line_no = d.range->start.line;
      loc = "  on " + d.range->filename + " line " + std::to_string(line_no) +
            (d.context.empty() ? "" : ", in " + d.context) + ":\n";
    }
    char num[32];
    std::snprintf(num, sizeof num, "%4d: ", line_no);
    std::ostringstream o;
    if (!color_) {
      o << "\nError: " << d.summary << "\n\n";
      if (d.range) o << loc << num << line << "\n\n";
      if (!d.detail.empty()) o << word_wrap(d.detail, 77) << "\n";
      err_ << o.str() << "\n";
      return;
    }
    const std::string bar = "\x1b[31m\u2502\x1b[0m \x1b[0m";
    o << "\x1b[31m\x1b[31m\u2577\x1b[0m\x1b[0m\n";
    o << bar << "\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1m" << d.summary << "\x1b[0m\n";
    o << bar << "\n";
    if (d.range) {
      o << bar << "\x1b[0m" << loc;
      o << bar << num << before << "\x1b[4m" << subject << "\x1b[0m" << after << "\x1b[0m\n";
      o << bar << "\n";
      std::string wrapped = word_wrap(d.detail, 75);
      for (std::size_t at = 0;;) {
        std::size_t nl = wrapped.find('\n', at);
        o << bar << wrapped.substr(at, nl == std::string::npos ? std::string::npos : nl - at)
          << "\n";
        if (nl == std::string::npos) break;
        at = nl + 1;
      }
    } else {
      o << bar << "\x1b[0m" << d.detail << "\n";
    }
    o << "\x1b[31m\u2575\x1b[0m\x1b[0m\n";
    o << "\x1b[0m\x1b[0m\n";
    err_ << o.str();
  }

  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  bool color_ = true;
  bool list_ = true;
  bool write_ = true;
  bool diff_ = false;
  bool check_ = false;
  bool recursive_ = false;
  bool buffered_ = false;
  std::string buffer_;
  std::vector<Diag> diags_;
  std::map<std::string, std::string> sources_;
};

}  // namespace

std::string fmt_help() {
  return R"(Usage: fgform [global options] fmt [options] [target...]

  Rewrites all Terraform configuration files to a canonical format. All
  configuration files (.tf), variables files (.tfvars), and testing files 
  (.tftest.hcl) are updated. JSON files (.tf.json, .tfvars.json, or 
  .tftest.json) are not modified.

  By default, fmt scans the current directory for configuration files. If you
  provide a directory for the target argument, then fmt will scan that
  directory instead. If you provide a file, then fmt will process just that
  file. If you provide a single dash ("-"), then fmt will read from standard
  input (STDIN).

  The content must be in the Terraform language native syntax; JSON is not
  supported.

Options:

  -list=false    Don't list files whose formatting differs
                 (always disabled if using STDIN)

  -write=false   Don't write to source files
                 (always disabled if using STDIN or -check)

  -diff          Display diffs of formatting changes

  -check         Check if the input is formatted. Exit status will be 0 if all
                 input is properly formatted and non-zero otherwise.

  -no-color      If specified, output won't contain any color.

  -recursive     Also process files in subdirectories. By default, only the
                 given directory (or current directory) is processed.)";
}

int run_fmt(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err) {
  try {
    return FmtCommand(in, out, err).run(args);
  } catch (const std::exception& e) {
    err << "Error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fgform::fmt
