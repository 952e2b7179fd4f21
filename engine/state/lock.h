// The local state lock, compatible with Terraform's local backend (statemgr.Filesystem): a POSIX
// fcntl write lock over the whole state file, plus the metadata file
// `.terraform.tfstate.lock.info` = {"ID","Operation","Info","Who","Version","Created","Path"}.
// Terraform and fgform holding the same file therefore exclude each other.
//
// fcntl locks belong to a process and an inode: closing *any* descriptor of the file drops
// them, and a second lock in the same process always succeeds. So: the lock keeps its
// descriptor open; readers while locked use that descriptor (StateLock::fd()); a process-wide
// registry refuses a second lock on the same file in one process; and after an atomic rename
// the holder moves the lock to the new inode (adopt()), locking the new file before the rename
// makes it visible, so no Terraform can lock it in between.
//
// Not covered: a Terraform started with -lock-timeout that opened the file *before* fgform
// replaced it keeps polling the old inode; it would lock that orphan once fgform releases.
// Terraform itself rewrites the file in place to avoid this; fgform prefers crash-safe renames.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "value/codec.h"
#include "value/diagnostics.h"

namespace fgform::state {

struct LockInfo {
  std::string id;         // random UUID, the handle for unlock and force-unlock
  std::string operation;  // OperationTypeApply, OperationTypePlan, ...
  std::string info;
  std::string who;      // user@host
  std::string version;  // of the holder
  std::chrono::system_clock::time_point created;
  std::string path;  // the state file
  // fgform's additions (Terraform ignores unknown fields): lets a later run tell whether the
  // holder is still alive.
  long pid = 0;
  std::string host;

  // New info for this process: fresh ID, who, host, pid, now.
  static LockInfo create(std::string operation, std::string version, std::string info = {});

  nlohmann::json to_json() const;
  static std::optional<LockInfo> from_json(const nlohmann::json& j);
  // Terraform's "Lock Info:" block (ID, Path, Operation, Who, Version, Created, Info).
  std::string to_string() const;
};

// `.NAME.lock.info` next to the state file (a leading dot of NAME is dropped, as Terraform does).
std::string lock_info_path(const std::string& state_path);

class StateLock {
 public:
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

  // Locks `state_path` (creating it empty when missing, as Terraform does), retrying with
  // backoff until `timeout`; then "Error acquiring the state lock" with the holder's info.
  // Warnings report stale lock info left by a process that is gone.
  static value::Decoded<std::unique_ptr<StateLock>> acquire(const std::string& state_path,
                                                            LockInfo info,
                                                            std::chrono::milliseconds timeout);

  // Removes the info file and releases the fcntl lock; a state file this lock created and
  // nobody wrote is removed again.
  value::Diagnostics release();

  const LockInfo& info() const { return info_; }
  // The locked descriptor of the current state file: read the state through it while locked.
  int fd() const { return fd_; }
  // Call with a descriptor of the file about to replace the state file (opened read-write).
  // Locks it; on success the lock owns it. Then rename, then commit_adopted().
  bool lock_replacement(int new_fd);
  // After the rename: the replacement becomes the locked file and the old one is closed.
  void commit_adopted(int new_fd);

 private:
  StateLock(std::string path, LockInfo info, int fd, bool created);
  std::string path_;
  LockInfo info_;
  int fd_ = -1;
  bool created_ = false;
  bool released_ = false;
};

// When this process holds the lock on `path`: runs `use` with the locked descriptor and returns
// true; false, without running it, when it does not. Reading the file through another
// descriptor and closing it would drop the lock (fcntl locks belong to the process and the
// file), so `use` reads with pread and never closes the descriptor.
bool with_locked_descriptor(const std::string& path, const std::function<void(int fd)>& use);

// Runs `use` with a descriptor of `path` to read with pread: the locked one when this process
// holds the lock (see with_locked_descriptor), else one opened for the call and closed after.
// Returns 0, or the errno of the open that failed (ENOENT: there is no file).
int with_readable_descriptor(const std::string& path, const std::function<void(int fd)>& use);

// The whole content of a descriptor, read with pread from offset 0 (the descriptor's own
// offset is left alone). nullopt on a read error, with errno set.
std::optional<std::string> read_descriptor(int fd);

// `force-unlock ID`: removes a lock left behind. Refuses when ID does not match the lock info,
// and when a live process still holds the fcntl lock (that lock cannot be broken from outside;
// the holder must be stopped).
value::Diagnostics force_unlock(const std::string& state_path, const std::string& id);

}  // namespace fgform::state
