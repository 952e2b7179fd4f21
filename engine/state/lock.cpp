#include "lock.h"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "state/state.h"

namespace fgform::state {
namespace {

using value::Diagnostic;
using Clock = std::chrono::system_clock;

// Files this process holds a lock on, by (device, inode): fcntl would let a second lock in the
// same process succeed silently, and closing its descriptor would drop the first one.
std::mutex registry_mutex;
// Maps each locked file to the descriptor holding the lock, so reads can go through it.
std::map<std::pair<dev_t, ino_t>, int>& registry() {
  static std::map<std::pair<dev_t, ino_t>, int> held;
  return held;
}

std::pair<dev_t, ino_t> file_id(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

bool held_by_this_process(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  std::lock_guard<std::mutex> guard(registry_mutex);
  return registry().count({st.st_dev, st.st_ino}) > 0;
}

bool set_lock(int fd, short type) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;
  return ::fcntl(fd, F_SETLK, &fl) == 0;
}

// The pid holding a conflicting lock, 0 when none (or unknown).
long lock_holder(int fd) {
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (::fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK) return 0;
  return fl.l_pid;
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::string hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

std::string username() {
  if (const passwd* pw = ::getpwuid(::geteuid())) return pw->pw_name;
  return {};
}

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Go's time formats, in UTC. `rfc3339` picks "2006-01-02T15:04:05.999999999Z" (JSON) over
// "2006-01-02 15:04:05.999999999 +0000 UTC" (time.Time.String, used in messages).
std::string format_time(Clock::time_point t, bool rfc3339) {
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ns / 1000000000);
  long frac = static_cast<long>(ns % 1000000000);
  if (frac < 0) {
    frac += 1000000000;
    --secs;
  }
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char base[64];
  std::strftime(base, sizeof base, rfc3339 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm);
  std::string out = base;
  if (frac != 0) {
    char f[16];
    std::snprintf(f, sizeof f, ".%09ld", frac);
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    out += fs;
  }
  out += rfc3339 ? "Z" : " +0000 UTC";
  return out;
}

std::optional<Clock::time_point> parse_rfc3339(const std::string& s) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::size_t i = static_cast<std::size_t>(consumed);
  long long nanos = 0;
  if (i < s.size() && s[i] == '.') {
    int digits = 0;
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++digits) {
      if (digits < 9) nanos = nanos * 10 + (s[i] - '0');
    }
    for (; digits < 9; ++digits) nanos *= 10;
  }
  long offset = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int hh = 0, mm = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &hh, &mm) != 2) return std::nullopt;
    offset = (hh * 3600L + mm * 60L) * (s[i] == '-' ? -1 : 1);
  } else if (i >= s.size() || (s[i] != 'Z' && s[i] != 'z')) {
    return std::nullopt;
  }
  const std::time_t secs = ::timegm(&tm) - offset;
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
      std::chrono::seconds(secs) + std::chrono::nanoseconds(nanos)));
}

std::optional<LockInfo> read_info(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  auto j = nlohmann::json::parse(buf.str(), nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return LockInfo::from_json(j);
}

bool write_info(const std::string& path, const LockInfo& info) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  // Field order as Go writes it: ID, Operation, Info, Who, Version, Created, Path.
  const nlohmann::json j = info.to_json();
  nlohmann::ordered_json o;
  for (const char* k : {"ID", "Operation", "Info", "Who", "Version", "Created", "Path", "FgformPid",
                        "FgformHost"}) {
    if (j.contains(k)) o[k] = j[k];
  }
  const std::string text = o.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  ok = ok && ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

// The holder's description for messages, with what we know about its process.
std::string describe_holder(const std::string& state_path, long fcntl_pid) {
  std::string text;
  auto info = read_info(lock_info_path(state_path));
  if (info) {
    text = info->to_string();
  } else {
    text = "Lock Info:\n  (no readable lock info file at " + lock_info_path(state_path) + ")\n";
  }
  const std::string here = hostname();
  if (info && info->pid > 0 && info->host == here && !process_alive(info->pid)) {
    text += "\nThe lock info was written by process " + std::to_string(info->pid) +
            " on this host, which is no longer running";
    text += fcntl_pid > 0
                ? "; the lock itself is held by process " + std::to_string(fcntl_pid) + "."
                : ".";
    text += "\n";
  } else if (fcntl_pid > 0) {
    text += "\nThe lock is held by process " + std::to_string(fcntl_pid) +
            (process_alive(fcntl_pid) ? ", which is running." : ".") + "\n";
  }
  return text;
}

}  // namespace

LockInfo LockInfo::create(std::string operation, std::string version, std::string info) {
  LockInfo li;
  li.id = new_uuid();
  li.operation = std::move(operation);
  li.info = std::move(info);
  li.host = hostname();
  li.who = username() + "@" + li.host;
  li.version = std::move(version);
  li.created = Clock::now();
  li.pid = static_cast<long>(::getpid());
  return li;
}

nlohmann::json LockInfo::to_json() const {
  // Field order as Go marshals the struct; nlohmann sorts keys, so build with ordered_json.
  nlohmann::ordered_json j;
  j["ID"] = id;
  j["Operation"] = operation;
  j["Info"] = info;
  j["Who"] = who;
  j["Version"] = version;
  j["Created"] = format_time(created, true);
  j["Path"] = path;
  if (pid > 0) j["FgformPid"] = pid;
  if (!host.empty()) j["FgformHost"] = host;
  return nlohmann::json::parse(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::optional<LockInfo> LockInfo::from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  LockInfo li;
  auto s = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  li.id = s("ID");
  li.operation = s("Operation");
  li.info = s("Info");
  li.who = s("Who");
  li.version = s("Version");
  li.path = s("Path");
  li.host = s("FgformHost");
  if (auto t = parse_rfc3339(s("Created"))) li.created = *t;
  if (auto p = j.find("FgformPid"); p != j.end() && p->is_number_integer()) li.pid = p->get<long>();
  return li;
}

std::string LockInfo::to_string() const {
  return "Lock Info:\n  ID:        " + id + "\n  Path:      " + path +
         "\n  Operation: " + operation + "\n  Who:       " + who + "\n  Version:   " + version +
         "\n  Created:   " + format_time(created, false) + "\n  Info:      " + info + "\n";
}

std::string lock_info_path(const std::string& state_path) {
  const std::string dir = dir_of(state_path);
  std::string name = state_path.substr(dir.size());
  if (!name.empty() && name[0] == '.') name.erase(0, 1);
  return dir + "." + name + ".lock.info";
}

StateLock::StateLock(std::string path, LockInfo info, int fd, bool created)
    : path_(std::move(path)), info_(std::move(info)), fd_(fd), created_(created) {}

StateLock::~StateLock() {
  release();
}

value::Decoded<std::unique_ptr<StateLock>> StateLock::acquire(const std::string& state_path,
                                                              LockInfo info,
                                                              std::chrono::milliseconds timeout) {
  value::Decoded<std::unique_ptr<StateLock>> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (held_by_this_process(state_path)) {
    // Checked before opening: closing a second descriptor would drop the lock we hold.
    out.diagnostics.add(Diagnostic::error(
        "Error acquiring the state lock",
        "Error message: state \"" + state_path + "\" is already locked by this process"));
    return out;
  }
  struct stat st {};
  const bool created = ::stat(state_path.c_str(), &st) != 0 && errno == ENOENT;
  const int fd = ::open(state_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    out.diagnostics.add(Diagnostic::error(
        "Error acquiring the state lock",
        "Error message: cannot open " + state_path + ": " + std::strerror(errno)));
    return out;
  }
  const auto id = file_id(fd);
  // Terraform's LockWithContext polls after 1s, doubling to 16s; a shorter first wait keeps
  // short -lock-timeout values useful, and the deadline always bounds the wait.
  auto delay = std::chrono::milliseconds(50);
  for (;;) {
    if (set_lock(fd, F_WRLCK)) break;
    const int err = errno;
    if (err != EAGAIN && err != EACCES) {
      ::close(fd);
      out.diagnostics.add(Diagnostic::error("Error acquiring the state lock",
                                            std::string("Error message: ") + std::strerror(err) +
                                                "\n\nfgform could not lock " + state_path + "."));
      return out;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      const long holder = lock_holder(fd);
      ::close(fd);
      out.diagnostics.add(Diagnostic::error(
          "Error acquiring the state lock",
          std::string("Error message: ") + std::strerror(err) + "\n" +
              describe_holder(state_path, holder) +
              "\nfgform acquires a state lock to protect the state from being written\n"
              "by multiple users at the same time. Please resolve the issue above and try\n"
              "again. For most commands, you can disable locking with the \"-lock=false\"\n"
              "flag, but this is not recommended."));
      return out;
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(delay, deadline - now));
    delay = std::min(delay * 2, std::chrono::milliseconds(1000));
  }
  // Locked. Lock info left by a process that died without unlocking is stale: say so.
  const std::string info_path = lock_info_path(state_path);
  if (auto old = read_info(info_path)) {
    const bool dead = old->pid > 0 && old->host == hostname() && !process_alive(old->pid);
    out.diagnostics.add(Diagnostic::warning(
        "Replaced stale lock info",
        "The state was not locked, but " + info_path + " remained from an earlier run" +
            (dead ? " by process " + std::to_string(old->pid) + ", which is no longer running"
                  : "") +
            " (lock ID " + old->id + ", " + old->operation + " by " + old->who + ")."));
  }
  info.path = state_path;
  info.created = Clock::now();
  if (!write_info(info_path, info)) {
    set_lock(fd, F_UNLCK);
    ::close(fd);
    out.diagnostics.add(Diagnostic::error(
        "Error acquiring the state lock",
        "Error message: could not write lock info " + info_path + ": " + std::strerror(errno)));
    return out;
  }
  {
    std::lock_guard<std::mutex> guard(registry_mutex);
    registry()[id] = fd;
  }
  out.value.reset(new StateLock(state_path, std::move(info), fd, created));
  return out;
}

bool StateLock::lock_replacement(int new_fd) {
  return set_lock(new_fd, F_WRLCK);
}

void StateLock::commit_adopted(int new_fd) {
  std::lock_guard<std::mutex> guard(registry_mutex);
  registry().erase(file_id(fd_));
  ::close(fd_);  // drops the lock on the replaced inode
  fd_ = new_fd;
  registry()[file_id(fd_)] = fd_;
  created_ = false;
}

value::Diagnostics StateLock::release() {
  value::Diagnostics d;
  if (released_) return d;
  released_ = true;
  ::unlink(lock_info_path(path_).c_str());
  struct stat st {};
  const bool empty = ::fstat(fd_, &st) == 0 && st.st_size == 0;
  if (created_ && empty) ::unlink(path_.c_str());
  {
    std::lock_guard<std::mutex> guard(registry_mutex);
    registry().erase(file_id(fd_));
  }
  if (!set_lock(fd_, F_UNLCK)) {
    d.add(Diagnostic::error("Error releasing the state lock",
                            std::string("Error message: ") + std::strerror(errno)));
  }
  ::close(fd_);
  fd_ = -1;
  return d;
}

std::optional<std::string> read_descriptor(int fd) {
  struct stat st {};
  const off_t size = ::fstat(fd, &st) == 0 ? st.st_size : 0;
  // Read straight into the string, sized from the file (one byte more, to see it end):
  // appending 64 KiB at a time copied a large state several times over as the string grew.
  std::string bytes(size > 0 ? static_cast<std::size_t>(size) + 1 : 65536, '\0');
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    const ssize_t n =
        ::pread(fd, bytes.data() + used, bytes.size() - used, static_cast<off_t>(used));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  bytes.resize(used);
  return bytes;
}

bool with_locked_descriptor(const std::string& path, const std::function<void(int fd)>& use) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  // Held while `use` runs, so the descriptor cannot be released and closed under it.
  std::lock_guard<std::mutex> guard(registry_mutex);
  auto it = registry().find({st.st_dev, st.st_ino});
  if (it == registry().end()) return false;
  use(it->second);
  return true;
}

int with_readable_descriptor(const std::string& path, const std::function<void(int fd)>& use) {
  if (with_locked_descriptor(path, use)) return 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  use(fd);
  ::close(fd);
  return 0;
}

value::Diagnostics force_unlock(const std::string& state_path, const std::string& id) {
  value::Diagnostics d;
  const std::string info_path = lock_info_path(state_path);
  auto info = read_info(info_path);
  if (!info) {
    d.add(Diagnostic::error("Failed to unlock state", "There is no lock info at " + info_path +
                                                          ": the state is not locked."));
    return d;
  }
  if (info->id != id) {
    d.add(Diagnostic::error(
        "Failed to unlock state",
        "Lock ID \"" + id + "\" does not match the existing lock.\n" + info->to_string()));
    return d;
  }
  if (held_by_this_process(state_path)) {
    d.add(Diagnostic::error("Failed to unlock state",
                            "The lock is held by this process; release it instead."));
    return d;
  }
  const int fd = ::open(state_path.c_str(), O_RDWR | O_CLOEXEC);
  const long holder = fd >= 0 ? lock_holder(fd) : 0;
  if (fd >= 0) ::close(fd);
  if (holder > 0 && process_alive(holder)) {
    d.add(Diagnostic::error(
        "Failed to unlock state",
        "The lock is held by running process " + std::to_string(holder) +
            ". A local lock belongs to its process and cannot be broken from outside: stop "
            "that process (it releases the lock when it exits).\n" +
            info->to_string()));
    return d;
  }
  if (::unlink(info_path.c_str()) != 0) {
    d.add(Diagnostic::error("Failed to unlock state",
                            "Cannot remove " + info_path + ": " + std::strerror(errno)));
  }
  return d;
}

}  // namespace fgform::state
