// Diagnostics: the only way user-facing problems cross layers. Each has a severity, a summary,
// a detail, and either an attribute path or a source range (file:line:col).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "file_name.h"
#include "path.h"

namespace fgform::value {

struct SourcePos {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in characters
  int byte = 0;    // 0-based offset

  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

struct SourceRange {
  FileName filename;
  SourcePos start;
  SourcePos end;

  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  std::optional<Path> attribute;
  std::optional<SourceRange> range;
  // For errors of a function call: its signature as Terraform's "while calling" note shows
  // it, e.g. "tonumber(v)" or "format(format, args...)".
  std::optional<std::string> function_call;

  static Diagnostic error(std::string summary, std::string detail = {});
  static Diagnostic warning(std::string summary, std::string detail = {});
  Diagnostic at(Path path) &&;
  Diagnostic at(SourceRange r) &&;

  // "Error: summary\n  on file.tf line 3: detail" style one-liner without source snippet.
  std::string to_string() const;
};

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);
  bool has_errors() const;
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace fgform::value
