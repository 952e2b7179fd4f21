#include "plan/plan.h"

namespace fgform::plan {

Plan::Summary Plan::summary() const {
  Summary s;
  for (const auto& c : changes) {
    if (c.import_id) ++s.import;
    switch (c.action) {
      case Action::kCreate: ++s.add; break;
      case Action::kUpdate: ++s.change; break;
      case Action::kDeleteThenCreate:
      case Action::kCreateThenDelete: ++s.add; ++s.destroy; break;
      case Action::kDelete: ++s.destroy; break;
      case Action::kForget: ++s.forget; break;
      case Action::kNoOp:
      case Action::kRead: break;
    }
  }
  return s;
}

bool Plan::empty() const {
  for (const auto& c : changes)
    if (c.action != Action::kNoOp && c.action != Action::kRead) return false;
  for (const auto& c : changes)
    if (c.import_id) return false;
  for (const auto& o : outputs)
    if (o.action != Action::kNoOp) return false;
  return true;
}

}  // namespace fgform::plan
