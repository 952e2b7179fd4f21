// The local backend: `terraform.tfstate` in the working directory (or the file -state names),
// read and written the way Terraform's local backend does, plus what fgform adds:
//
//   * writes are atomic: a temporary file in the same directory, fsync, rename, fsync of the
//     directory. A crash leaves either the old or the new state, never a torn one.
//   * `terraform.tfstate.backup` keeps the state as it was before this run's first write.
//   * the lock (lock.h) is Terraform-compatible; while held, the state is read through the
//     locked descriptor and replacements are locked before they are renamed into place.
//   * per-instance persistence through the journal (journal.h): persist_instance() is cheap
//     and durable; write() folds everything in and removes the journal; load() replays a
//     journal left by an interrupted run.
//
// Workspaces as Terraform's local backend keeps them: "default" is `terraform.tfstate` (or
// -state), workspace NAME is `terraform.tfstate.d/NAME/terraform.tfstate`, and a workspace
// exists when its directory does.
//
// persist_instance and persist_output may be called from several threads at once (the apply
// walk is parallel); the other methods belong to one thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "state/backend.h"
#include "state/journal.h"
#include "state/lock.h"
#include "state/state.h"
#include "value/codec.h"
#include "value/diagnostics.h"

namespace fgform::state {

struct LocalBackendOptions {
  // The defaults with the state at `state_path`.
  static LocalBackendOptions at(std::string state_path) {
    LocalBackendOptions o;
    o.state_path = std::move(state_path);
    return o;
  }

  // The state file of `workspace` under `workspace_dir` (Terraform's StatePaths without -state).
  static std::string workspace_state_path(const std::string& workspace,
                                          const std::string& workspace_dir = "terraform.tfstate.d");

  std::string state_path = "terraform.tfstate";  // -state
  std::string state_out_path;                    // -state-out; empty = state_path
  std::string backup_path;  // -backup; empty = <state_out>.backup, "-" = no backup
  // Written into the file's terraform_version: the format fgform writes is Terraform 1.11's.
  std::string terraform_version = "1.11.4";
  std::string workspace = kDefaultWorkspace;          // the workspace state_path belongs to
  std::string workspace_dir = "terraform.tfstate.d";  // where the other workspaces live
  // Tests only: called at each step of an atomic write ("tmp-written" after half of the
  // bytes, "before-rename"); returning false abandons the write there, as a crash would.
  std::function<bool(std::string_view step)> fault_injection;
};

class LocalBackend : public Backend {
 public:
  explicit LocalBackend(LocalBackendOptions options);
  ~LocalBackend() override;
  LocalBackend(const LocalBackend&) = delete;
  LocalBackend& operator=(const LocalBackend&) = delete;

  // -lock-timeout: how long to keep retrying while someone else holds the lock.
  value::Diagnostics lock(const std::string& operation, std::chrono::milliseconds timeout,
                          const std::string& info = {}) override;
  value::Diagnostics unlock() override;
  bool locked() const override { return lock_ != nullptr; }
  const LockInfo* lock_info() const { return lock_ ? &lock_->info() : nullptr; }

  // Reads the state. No file (or an empty one) gives an empty state with a new lineage. A
  // journal left by an interrupted run is replayed, with the warning "recovered N changes
  // from an interrupted run".
  value::Decoded<State> load() override;

  // Writes the full state atomically. The serial moves (by one) only when the content differs
  // from what this backend last read or wrote. Removes the journal afterwards.
  value::Diagnostics write(State& state) override;

  // Durably records one instance's new object (nullptr: removed) before the full write.
  value::Diagnostics persist_instance(const AbsResourceInstance& addr, const InstanceObject* object,
                                      const std::string& provider,
                                      const std::string& deposed_key = {}) override;
  value::Diagnostics persist_output(const std::string& name, const OutputValue* output) override;
  value::Diagnostics persist_created(const AbsResourceInstance& addr, const InstanceObject& object,
                                     const std::string& provider) override;
  value::Diagnostics persist_pending_create(const AbsResourceInstance& addr,
                                            const PendingCreate* pending) override;

  value::Decoded<std::vector<std::string>> workspaces() override;
  value::Diagnostics create_workspace(const std::string& name) override;
  value::Diagnostics delete_workspace(const std::string& name) override;
  const std::string& workspace() const override { return options_.workspace; }
  std::string describe() const override { return out_path_; }

  const std::string& state_path() const { return options_.state_path; }
  const std::string& state_out_path() const { return out_path_; }
  std::string backup_path() const;
  std::string journal_file() const { return journal_path(out_path_); }

 private:
  value::Diagnostics open_journal();
  void remove_abandoned_temporaries() const;
  std::optional<std::string> read_bytes(const std::string& path, value::Diagnostics& d) const;
  value::Diagnostics atomic_write(const std::string& path, const std::string& bytes,
                                  bool adopt_lock);

  LocalBackendOptions options_;
  std::string out_path_;
  std::unique_ptr<StateLock> lock_;
  std::unique_ptr<Journal> journal_;
  std::mutex journal_mutex_;
  std::optional<State> persisted_;             // what the file holds (without journal changes)
  std::optional<State> fresh_;                 // no file yet: the lineage load() chose
  std::optional<std::string> original_bytes_;  // the file before this run's first write
  bool original_read_ = false;
  bool wrote_ = false;
};

}  // namespace fgform::state
