// Where a workspace's state lives, as the engine and the commands see it: Terraform's
// backend + state manager in one object, bound to one workspace. Implemented by LocalBackend
// (terraform.tfstate and terraform.tfstate.d/NAME/) and PgBackend (Terraform's `pg` backend).
//
// A backend is used by one command: lock, load, (persist...)*, write, unlock. persist_instance
// and persist_output may be called from several threads at once (the apply walk is parallel);
// the other methods belong to one thread.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "state/address.h"
#include "state/state.h"
#include "value/codec.h"
#include "value/diagnostics.h"

namespace fgform::state {

inline constexpr const char* kDefaultWorkspace = "default";

class Backend {
 public:
  virtual ~Backend() = default;

  // Takes the state lock of this workspace, retrying until `timeout` (-lock-timeout) while
  // someone else holds it; then Terraform's "Error acquiring the state lock".
  virtual value::Diagnostics lock(const std::string& operation, std::chrono::milliseconds timeout,
                                  const std::string& info = {}) = 0;
  virtual value::Diagnostics unlock() = 0;
  virtual bool locked() const = 0;

  // Reads the state. None stored yet gives an empty state with a new lineage (serial 0).
  virtual value::Decoded<State> load() = 0;
  // Stores the full state. The serial moves (by one) only when the content differs from what
  // this backend last read or wrote.
  virtual value::Diagnostics write(State& state) = 0;
  // Durably records one finished instance (nullptr: removed) / root output before the final
  // write(), so an interrupted apply loses nothing it finished.
  virtual value::Diagnostics persist_instance(const AbsResourceInstance& addr,
                                              const InstanceObject* object,
                                              const std::string& provider,
                                              const std::string& deposed_key = {}) = 0;
  virtual value::Diagnostics persist_output(const std::string& name, const OutputValue* output) = 0;
  // Durably records that `addr` is about to be created (nullptr: the create is over and its
  // result, if any, was persisted), so a run killed mid-create leaves a trace to adopt from.
  virtual value::Diagnostics persist_pending_create(const AbsResourceInstance& addr,
                                                    const PendingCreate* pending) = 0;
  // The object a recorded create made, which ends that create's pending record: as
  // persist_instance then persist_pending_create(nullptr), in one durable step where the
  // backend can (one journal line, one write: a create then costs two, not three).
  virtual value::Diagnostics persist_created(const AbsResourceInstance& addr,
                                             const InstanceObject& object,
                                             const std::string& provider) {
    value::Diagnostics d = persist_instance(addr, &object, provider);
    if (!d.has_errors()) d.append(persist_pending_create(addr, nullptr));
    return d;
  }

  // Workspaces of this backend: "default" first, then the others sorted by name.
  virtual value::Decoded<std::vector<std::string>> workspaces() = 0;
  // Makes workspace `name` exist (its state empty). Does not select it.
  virtual value::Diagnostics create_workspace(const std::string& name) = 0;
  // Removes workspace `name` and its state. Refuses "default".
  virtual value::Diagnostics delete_workspace(const std::string& name) = 0;

  // The workspace this backend reads and writes.
  virtual const std::string& workspace() const = 0;
  // For messages: where the state is ("terraform.tfstate", "pg: schema terraform_remote_state,
  // workspace \"dev\""), never a password.
  virtual std::string describe() const = 0;
};

}  // namespace fgform::state
