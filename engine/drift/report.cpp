#include "drift/report.h"

namespace fgform::drift {

const char* kind_name(FindingKind kind) {
  switch (kind) {
    case FindingKind::kChanged:
      return "changed";
    case FindingKind::kDeleted:
      return "deleted";
    case FindingKind::kConfigChanged:
      return "config_changed";
  }
  return "changed";
}

bool Report::drifted() const {
  return count(FindingKind::kChanged) + count(FindingKind::kDeleted) > 0;
}

int Report::count(FindingKind kind) const {
  int n = 0;
  for (const auto& f : findings) n += f.kind == kind ? 1 : 0;
  return n;
}

const Finding* Report::find(const std::string& address) const {
  for (const auto& f : findings)
    if (f.address == address) return &f;
  return nullptr;
}

}  // namespace fgform::drift
