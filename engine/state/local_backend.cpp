#include "local_backend.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "state/state_file.h"

namespace fgform::state {
namespace {

using value::Diagnostic;

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Makes a rename or unlink in `dir` durable.
bool fsync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

Diagnostic write_error(const std::string& path, const std::string& what) {
  return Diagnostic::error("Failed to save state", "Error writing " + path + ": " + what +
                                                       ". The previous state file is unchanged.");
}

}  // namespace

std::string LocalBackendOptions::workspace_state_path(const std::string& workspace,
                                                      const std::string& workspace_dir) {
  if (workspace.empty() || workspace == kDefaultWorkspace) return "terraform.tfstate";
  return workspace_dir + "/" + workspace + "/terraform.tfstate";
}

value::Decoded<std::vector<std::string>> LocalBackend::workspaces() {
  value::Decoded<std::vector<std::string>> out;
  out.value.push_back(kDefaultWorkspace);
  std::vector<std::string> listed;
  std::error_code ec;
  std::filesystem::directory_iterator it(options_.workspace_dir, ec);
  if (ec) {
    if (ec != std::errc::no_such_file_or_directory) {
      out.diagnostics.add(
          Diagnostic::error("Failed to list workspaces",
                            "Cannot read " + options_.workspace_dir + ": " + ec.message()));
    }
    return out;
  }
  for (const auto& entry : it) {
    if (entry.is_directory(ec)) listed.push_back(entry.path().filename().string());
  }
  std::sort(listed.begin(), listed.end());
  out.value.insert(out.value.end(), listed.begin(), listed.end());
  return out;
}

value::Diagnostics LocalBackend::create_workspace(const std::string& name) {
  value::Diagnostics d;
  if (name == kDefaultWorkspace) return d;
  std::error_code ec;
  std::filesystem::create_directories(options_.workspace_dir + "/" + name, ec);
  if (ec) {
    d.add(Diagnostic::error(
        "Failed to create workspace",
        "Cannot create " + options_.workspace_dir + "/" + name + ": " + ec.message()));
  }
  return d;
}

value::Diagnostics LocalBackend::delete_workspace(const std::string& name) {
  value::Diagnostics d;
  if (name.empty() || name == kDefaultWorkspace) {
    d.add(Diagnostic::error("Failed to delete workspace", "cannot delete default state"));
    return d;
  }
  std::error_code ec;
  std::filesystem::remove_all(options_.workspace_dir + "/" + name, ec);
  if (ec) {
    d.add(Diagnostic::error("Failed to delete workspace",
                            "error deleting workspace " + name + ": " + ec.message()));
  }
  return d;
}

LocalBackend::LocalBackend(LocalBackendOptions options) : options_(std::move(options)) {
  out_path_ = options_.state_out_path.empty() ? options_.state_path : options_.state_out_path;
}

LocalBackend::~LocalBackend() {
  journal_.reset();
  if (lock_) lock_->release();
}

std::string LocalBackend::backup_path() const {
  if (options_.backup_path == "-") return {};
  return options_.backup_path.empty() ? out_path_ + ".backup" : options_.backup_path;
}

value::Diagnostics LocalBackend::lock(const std::string& operation,
                                      std::chrono::milliseconds timeout, const std::string& info) {
  value::Diagnostics d;
  if (lock_) {
    d.add(Diagnostic::error("Error acquiring the state lock",
                            "state \"" + out_path_ + "\" is already locked by this backend"));
    return d;
  }
  auto acquired = StateLock::acquire(
      out_path_, LockInfo::create(operation, options_.terraform_version, info), timeout);
  d = std::move(acquired.diagnostics);
  if (acquired.value) lock_ = std::move(acquired.value);
  return d;
}

value::Diagnostics LocalBackend::unlock() {
  value::Diagnostics d;
  if (!lock_) return d;
  d = lock_->release();
  lock_.reset();
  return d;
}

std::optional<std::string> LocalBackend::read_bytes(const std::string& path,
                                                    value::Diagnostics& d) const {
  std::optional<std::string> bytes;
  int read_error = 0;
  const int open_error = with_readable_descriptor(path, [&](int fd) {
    bytes = read_descriptor(fd);
    if (!bytes) read_error = errno;
  });
  if (open_error == ENOENT) return std::nullopt;  // no file: nothing to back up
  if (const int error = open_error != 0 ? open_error : read_error; error != 0) {
    d.add(Diagnostic::error("Failed to load state",
                            "Cannot read \"" + path + "\": " + std::strerror(error)));
  }
  return bytes;
}

value::Decoded<State> LocalBackend::load() {
  value::Decoded<State> out;
  // Read a chunk at a time, never whole. The bytes for the backup are read at the first write
  // (write()), not kept from here: under the lock nothing else changes the file in between, and
  // a plan, which writes nothing, then holds no copy of the file's text (32 MB at 10,000
  // functions).
  auto parsed = read_state_file(options_.state_path);
  out.diagnostics.append(parsed.diagnostics);
  if (!parsed.ok()) return out;
  out.value = std::move(parsed.value);
  if (out.value.lineage.empty()) {
    persisted_.reset();
  } else {
    persisted_ = out.value;
  }

  const std::string jpath = journal_file();
  auto replay = replay_journal(jpath, out.value);
  out.diagnostics.append(replay.diagnostics);
  if (replay.diagnostics.has_errors()) return out;
  if (replay.found && !replay.stale) {
    if (replay.applied > 0) {
      out.diagnostics.add(Diagnostic::warning(
          "Recovered state from an interrupted run",
          "recovered " + std::to_string(replay.applied) +
              " changes from an interrupted run (journal " + jpath +
              "). They are part of the state now and will be saved with the next write."));
    }
    // Keep appending to it, so the recovered changes stay durable until the next full write.
    auto reopened = Journal::reopen(jpath);
    out.diagnostics.append(reopened.diagnostics);
    journal_ = std::move(reopened.value);
  }
  if (lock_) remove_abandoned_temporaries();
  if (out.value.lineage.empty()) out.value.lineage = new_uuid();
  if (!persisted_) {
    // Nothing on disk yet: a journal written before the first full write must name the
    // lineage the state will have.
    State fresh;
    fresh.lineage = out.value.lineage;
    fresh_ = std::move(fresh);
  }
  return out;
}

void LocalBackend::remove_abandoned_temporaries() const {
  // `.NAME.tmp-PID-XXXXXXXX` files of writes that never reached their rename. Only under the
  // lock: then no other fgform writes this state, and ours are not in flight.
  const std::string prefix = "." + base_of(out_path_) + ".tmp-";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_of(out_path_), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    const bool other_live = pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) == 0;
    if (!other_live) std::filesystem::remove(entry.path(), ec);
  }
}

value::Diagnostics LocalBackend::atomic_write(const std::string& path, const std::string& bytes,
                                              bool adopt_lock) {
  value::Diagnostics d;
  const std::string dir = dir_of(path);
  const std::string tmp = (dir == "." ? std::string() : dir + "/") + "." + base_of(path) + ".tmp-" +
                          std::to_string(::getpid()) + "-" + new_deposed_key();
  const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    d.add(
        write_error(path, std::string("cannot create a temporary file: ") + std::strerror(errno)));
    return d;
  }
  auto abandon = [&](const std::string& why, bool remove) {
    ::close(fd);
    if (remove) ::unlink(tmp.c_str());
    d.add(write_error(path, why));
    return d;
  };
  // Keep the mode of the file being replaced (state files hold secrets; users tighten them).
  struct stat old {};
  if (::stat(path.c_str(), &old) == 0) ::fchmod(fd, old.st_mode & 07777);
  if (adopt_lock && !lock_->lock_replacement(fd)) {
    return abandon(std::string("cannot lock the new state file: ") + std::strerror(errno), true);
  }
  const std::size_t half = bytes.size() / 2;
  if (!write_all(fd, bytes.data(), half)) return abandon(std::strerror(errno), true);
  if (options_.fault_injection && !options_.fault_injection("tmp-written")) {
    return abandon("interrupted (simulated) after a partial write", false);
  }
  if (!write_all(fd, bytes.data() + half, bytes.size() - half)) {
    return abandon(std::strerror(errno), true);
  }
  if (::fsync(fd) != 0) return abandon(std::string("fsync: ") + std::strerror(errno), true);
  if (options_.fault_injection && !options_.fault_injection("before-rename")) {
    return abandon("interrupted (simulated) before the rename", false);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return abandon(std::string("rename: ") + std::strerror(errno), true);
  }
  fsync_dir(dir);
  if (adopt_lock) {
    lock_->commit_adopted(fd);
  } else {
    ::close(fd);
  }
  return d;
}

value::Diagnostics LocalBackend::write(State& state) {
  value::Diagnostics d;
  if (!original_read_) {
    original_bytes_ = read_bytes(out_path_, d);
    original_read_ = true;
    if (d.has_errors()) return d;
  }
  state.terraform_version = options_.terraform_version;
  if (state.lineage.empty()) state.lineage = new_uuid();
  const bool same_lineage = persisted_ && persisted_->lineage == state.lineage;
  if (!same_lineage || !state.same_content(*persisted_)) {
    state.serial = std::max(state.serial, persisted_ ? persisted_->serial : 0) + 1;
  }
  const std::string bytes = write_state(state);

  const std::string backup = backup_path();
  if (!wrote_ && !backup.empty() && original_bytes_ && !blank(*original_bytes_)) {
    value::Diagnostics bd = atomic_write(backup, *original_bytes_, false);
    if (bd.has_errors()) {
      d.add(Diagnostic::error("Failed to save state", "Cannot write the backup " + backup +
                                                          "; the state file is "
                                                          "unchanged."));
      d.append(bd);
      return d;
    }
  }
  const bool adopt = lock_ != nullptr;
  d.append(atomic_write(out_path_, bytes, adopt));
  if (d.has_errors()) return d;
  wrote_ = true;
  persisted_ = state;
  fresh_.reset();
  // Everything the journal recorded is in the file now.
  journal_.reset();
  const std::string jpath = journal_file();
  if (::unlink(jpath.c_str()) == 0) fsync_dir(dir_of(jpath));
  return d;
}

value::Diagnostics LocalBackend::open_journal() {
  value::Diagnostics d;
  if (journal_) return d;
  const State* base = persisted_ ? &*persisted_ : fresh_ ? &*fresh_ : nullptr;
  if (!base) {
    d.add(Diagnostic::error("Failed to persist state",
                            "The state must be loaded before changes are persisted."));
    return d;
  }
  auto created = Journal::create(journal_file(), base->lineage, base->serial);
  d = std::move(created.diagnostics);
  journal_ = std::move(created.value);
  return d;
}

value::Diagnostics LocalBackend::persist_instance(const AbsResourceInstance& addr,
                                                  const InstanceObject* object,
                                                  const std::string& provider,
                                                  const std::string& deposed_key) {
  std::lock_guard<std::mutex> guard(journal_mutex_);
  value::Diagnostics d = open_journal();
  if (d.has_errors()) return d;
  return object ? journal_->set_instance(addr, deposed_key, *object, provider)
                : journal_->remove_instance(addr, deposed_key);
}

value::Diagnostics LocalBackend::persist_output(const std::string& name,
                                                const OutputValue* output) {
  std::lock_guard<std::mutex> guard(journal_mutex_);
  value::Diagnostics d = open_journal();
  if (d.has_errors()) return d;
  return output ? journal_->set_output(name, *output) : journal_->remove_output(name);
}

value::Diagnostics LocalBackend::persist_created(const AbsResourceInstance& addr,
                                                 const InstanceObject& object,
                                                 const std::string& provider) {
  std::lock_guard<std::mutex> guard(journal_mutex_);
  value::Diagnostics d = open_journal();
  if (d.has_errors()) return d;
  return journal_->set_created(addr, object, provider);
}

value::Diagnostics LocalBackend::persist_pending_create(const AbsResourceInstance& addr,
                                                        const PendingCreate* pending) {
  std::lock_guard<std::mutex> guard(journal_mutex_);
  value::Diagnostics d = open_journal();
  if (d.has_errors()) return d;
  return pending ? journal_->set_pending_create(addr, *pending)
                 : journal_->remove_pending_create(addr);
}

}  // namespace fgform::state
