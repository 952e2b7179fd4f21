// Per-resource persistence during apply.
//
// Every finished resource instance must be on disk at once, so an interrupted apply forgets
// nothing it created. Rewriting the whole state after each instance costs O(n) per instance,
// O(n^2) per run: at 10,000 instances that is ~50,000 state-sized writes. Instead:
//
//   * `.terraform.tfstate.fgform-journal`, next to the state, is an append-only file of JSON
//     lines. Line 1 is a header naming the state it applies to (lineage, serial). Every later
//     line is one change: an instance object set or removed (current or deposed), a root
//     output set or removed, or a pending create (state.h) recorded or cleared. Each append is one
//     write(2) on an O_APPEND descriptor followed by fdatasync: O(size of the change), durable
//     before the engine moves on.
//   * At the end of the run the backend writes the full state once (atomically) and deletes
//     the journal.
//   * Loading with a journal present means the last run was interrupted: its lines are
//     replayed onto the state read from the file, and the backend warns "recovered N changes
//     from an interrupted run". The next full write folds them in and removes the journal.
//
// Replay is idempotent (sets and removes of whole objects), so a crash during recovery is
// harmless. A journal whose header serial is older than the state's was already folded in
// (the crash came between the final write and the delete) and is dropped. A journal of another
// lineage is refused. A torn last line (crash during the append) is ignored: that change never
// finished persisting, which is what an interrupted apply means anyway.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "state/address.h"
#include "state/state.h"
#include "value/codec.h"
#include "value/diagnostics.h"

namespace fgform::state {

// `.NAME.fgform-journal` next to the state file (a leading dot of NAME is dropped).
std::string journal_path(const std::string& state_path);

class Journal {
 public:
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Creates the journal (replacing an old one) for a run over the state (lineage, serial).
  static value::Decoded<std::unique_ptr<Journal>> create(const std::string& path,
                                                         const std::string& lineage,
                                                         std::uint64_t serial);

  // Continues a journal recovered by replay_journal (so its changes stay durable until the
  // next full write); a torn last line is cut off first.
  static value::Decoded<std::unique_ptr<Journal>> reopen(const std::string& path);

  value::Diagnostics set_instance(const AbsResourceInstance& addr, const std::string& deposed_key,
                                  const InstanceObject& object, const std::string& provider);
  value::Diagnostics remove_instance(const AbsResourceInstance& addr,
                                     const std::string& deposed_key);
  value::Diagnostics set_output(const std::string& name, const OutputValue& output);
  value::Diagnostics remove_output(const std::string& name);
  // A create about to be attempted (state.h PendingCreate), and its end.
  value::Diagnostics set_pending_create(const AbsResourceInstance& addr,
                                        const PendingCreate& pending);
  value::Diagnostics remove_pending_create(const AbsResourceInstance& addr);
  // The current object a pending create made, which ends the pending create: one line.
  value::Diagnostics set_created(const AbsResourceInstance& addr, const InstanceObject& object,
                                 const std::string& provider);

  std::size_t entries() const { return entries_; }
  const std::string& path() const { return path_; }

 private:
  Journal(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  value::Diagnostics append(const nlohmann::json& line);
  std::string path_;
  int fd_ = -1;
  std::size_t entries_ = 0;
};

struct ReplayResult {
  bool found = false;  // a journal file existed
  bool stale = false;  // it was already part of the state
  std::size_t applied = 0;
  value::Diagnostics diagnostics;
};

// Applies the journal at `path` (if any) onto `state`. A state without lineage (no file yet)
// takes the journal's.
ReplayResult replay_journal(const std::string& path, State& state);

}  // namespace fgform::state
