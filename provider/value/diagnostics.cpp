#include "diagnostics.h"

#include <algorithm>

namespace fgform::value {

Diagnostic Diagnostic::error(std::string summary, std::string detail) {
  return Diagnostic{Severity::kError, std::move(summary), std::move(detail), std::nullopt,
                    std::nullopt, std::nullopt};
}

Diagnostic Diagnostic::warning(std::string summary, std::string detail) {
  return Diagnostic{Severity::kWarning, std::move(summary), std::move(detail), std::nullopt,
                    std::nullopt, std::nullopt};
}

Diagnostic Diagnostic::at(Path path) && {
  attribute = std::move(path);
  return std::move(*this);
}

Diagnostic Diagnostic::at(SourceRange r) && {
  range = std::move(r);
  return std::move(*this);
}

std::string Diagnostic::to_string() const {
  std::string out = severity == Severity::kError ? "Error: " : "Warning: ";
  out += summary;
  if (range) {
    out += "\n  on " + range->filename + " line " + std::to_string(range->start.line) +
           ", column " + std::to_string(range->start.column);
  }
  if (attribute && !attribute->empty()) out += "\n  at " + attribute->to_string();
  if (!detail.empty()) out += "\n  " + detail;
  return out;
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace fgform::value
