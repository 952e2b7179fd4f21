#include "core/pending_creates.h"

#include <chrono>

#include "cloud/time_format.h"

namespace fgform::core {

state::PendingCreate pending_create_now(std::string provider, std::string import_id) {
  return state::PendingCreate{
      std::move(provider), std::move(import_id),
      cloud::format_utc(std::chrono::system_clock::now(), "%Y-%m-%dT%H:%M:%SZ")};
}

value::Diagnostic adopted_warning(const std::string& address, const state::PendingCreate& pending) {
  return value::Diagnostic::warning(
      "Adopted an object created by an interrupted run",
      "A run that started " + pending.started + " created " + address + " (id \"" +
          pending.import_id +
          "\") and stopped before recording it in the state. fgform found the object by its "
          "name and adopted it instead of creating it again; the plan brings it to the "
          "configuration.");
}

value::Diagnostic unconfigured_pending_warning(const std::string& address,
                                               const state::PendingCreate& pending) {
  return value::Diagnostic::warning(
      "An interrupted run may have left an object behind",
      "A run that started " + pending.started + " was creating " + address + " (id \"" +
          pending.import_id +
          "\") when it stopped, and that address is no longer in the configuration. If the "
          "object exists, nothing manages it now: delete it, or add the resource back and run "
          "plan again to adopt it.");
}

}  // namespace fgform::core
