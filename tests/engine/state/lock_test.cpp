#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "state/local_backend.h"
#include "state/lock.h"
#include "test_util.h"

namespace fgform::state {
namespace {

using namespace std::chrono_literals;

// A child process that takes the lock, reports through a pipe and holds it until told to
// stop (or for `hold`). fcntl locks exclude only other processes, so every contention test
// needs one.
class Holder {
 public:
  Holder(const std::string& path, std::chrono::milliseconds hold = 30s) {
    int ready[2];
    int stop[2];
    REQUIRE(::pipe(ready) == 0);
    REQUIRE(::pipe(stop) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(ready[0]);
      ::close(stop[1]);
      auto lock = StateLock::acquire(path, LockInfo::create("OperationTypeApply", "0.1.0"), 0ms);
      char ok = lock.value ? '1' : '0';
      if (::write(ready[1], &ok, 1) != 1) ::_exit(3);
      if (lock.value) {
        // Wait for the parent's word, or give up after `hold`.
        fd_set set;
        FD_ZERO(&set);
        FD_SET(stop[0], &set);
        timeval tv{static_cast<time_t>(hold.count() / 1000),
                   static_cast<suseconds_t>((hold.count() % 1000) * 1000)};
        ::select(stop[0] + 1, &set, nullptr, nullptr, &tv);
        lock.value->release();
      }
      ::_exit(lock.value ? 0 : 1);
    }
    ::close(ready[1]);
    ::close(stop[0]);
    stop_ = stop[1];
    char ok = 0;
    REQUIRE(::read(ready[0], &ok, 1) == 1);
    ::close(ready[0]);
    locked_ = ok == '1';
  }
  ~Holder() { finish(); }
  bool locked() const { return locked_; }
  pid_t pid() const { return pid_; }
  void finish() {
    if (pid_ <= 0) return;
    ::close(stop_);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  // Dies without unlocking (its lock info stays behind).
  void kill() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    ::close(stop_);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int stop_ = -1;
  bool locked_ = false;
};

TEST_CASE("the lock excludes another process and reports the holder") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  Holder holder(path);
  REQUIRE(holder.locked());
  CHECK(testing::exists(lock_info_path(path)));
  CHECK(lock_info_path(path) == dir.file(".terraform.tfstate.lock.info"));

  const auto start = std::chrono::steady_clock::now();
  auto second = StateLock::acquire(path, LockInfo::create("OperationTypePlan", "0.1.0"), 300ms);
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK_FALSE(second.value);
  REQUIRE(second.diagnostics.has_errors());
  const auto& d = second.diagnostics.items()[0];
  CHECK(d.summary == "Error acquiring the state lock");
  CHECK_THAT(d.detail, Catch::Contains("Lock Info:\n  ID:        "));
  CHECK_THAT(d.detail, Catch::Contains("  Operation: OperationTypeApply\n"));
  CHECK_THAT(d.detail, Catch::Contains("  Path:      " + path + "\n"));
  CHECK_THAT(d.detail, Catch::Contains(" +0000 UTC\n"));
  CHECK_THAT(d.detail, Catch::Contains("held by process " + std::to_string(holder.pid())));
  // -lock-timeout: it retried until the deadline, not longer.
  CHECK(waited >= 300ms);
  CHECK(waited < 3s);

  holder.finish();
  CHECK_FALSE(testing::exists(lock_info_path(path)));
  auto third = StateLock::acquire(path, LockInfo::create("OperationTypePlan", "0.1.0"), 0ms);
  REQUIRE(third.value);
  CHECK(third.value->info().path == path);
}

TEST_CASE("waiting for the lock succeeds when the holder lets go within the timeout") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  Holder holder(path, 400ms);
  REQUIRE(holder.locked());
  auto got = StateLock::acquire(path, LockInfo::create("OperationTypeApply", "0.1.0"), 5s);
  INFO(testing::text(got.diagnostics));
  CHECK(got.value);
}

TEST_CASE("lock info is Terraform's JSON") {
  LockInfo info = LockInfo::create("OperationTypeApply", "1.11.4", "extra");
  info.path = "terraform.tfstate";
  const nlohmann::json j = info.to_json();
  for (const char* k : {"ID", "Operation", "Info", "Who", "Version", "Created", "Path"}) {
    CHECK(j.contains(k));
  }
  CHECK(j["Who"].get<std::string>().find('@') != std::string::npos);
  CHECK(j["Created"].get<std::string>().back() == 'Z');
  auto back = LockInfo::from_json(j);
  REQUIRE(back);
  CHECK(back->id == info.id);
  CHECK(back->created == info.created);
  CHECK(back->pid == ::getpid());
  // What Terraform writes parses too.
  auto tf = LockInfo::from_json(nlohmann::json::parse(
      R"({"ID":"a6b0c1d2-0000-1111-2222-333344445555","Operation":"OperationTypeApply",)"
      R"("Info":"","Who":"me@box","Version":"1.11.4",)"
      R"("Created":"2025-01-02T03:04:05.123456789Z","Path":"terraform.tfstate"})"));
  REQUIRE(tf);
  CHECK_THAT(tf->to_string(),
             Catch::Contains("  Created:   2025-01-02 03:04:05.123456789 +0000 UTC\n"));
}

TEST_CASE("a second lock in the same process is refused without dropping the first") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  auto first = StateLock::acquire(path, LockInfo::create("a", "0"), 0ms);
  REQUIRE(first.value);
  auto second = StateLock::acquire(path, LockInfo::create("b", "0"), 0ms);
  CHECK_FALSE(second.value);
  CHECK_THAT(testing::text(second.diagnostics), Catch::Contains("already locked by this process"));
  // The first lock still excludes other processes.
  pid_t pid = ::fork();
  if (pid == 0) {
    auto other = StateLock::acquire(path, LockInfo::create("c", "0"), 0ms);
    ::_exit(other.value ? 1 : 0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("stale lock info from a dead process is reported, and force-unlock checks the ID") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  testing::write_file(path, "");
  Holder holder(path);
  REQUIRE(holder.locked());
  const auto info =
      LockInfo::from_json(nlohmann::json::parse(testing::read_file(lock_info_path(path))));
  REQUIRE(info);
  const pid_t dead = holder.pid();
  holder.kill();  // the kernel drops its fcntl lock; the info file stays
  REQUIRE(testing::exists(lock_info_path(path)));

  auto wrong = force_unlock(path, "not-the-id");
  CHECK_THAT(testing::text(wrong), Catch::Contains("does not match"));
  CHECK(testing::exists(lock_info_path(path)));

  // Locking again works (the OS lock is free) and says what it replaced.
  {
    auto again = StateLock::acquire(path, LockInfo::create("OperationTypeApply", "0"), 0ms);
    REQUIRE(again.value);
    const std::string warnings = testing::text(again.diagnostics);
    CHECK_THAT(warnings, Catch::Contains("Replaced stale lock info"));
    CHECK_THAT(warnings,
               Catch::Contains("process " + std::to_string(dead) + ", which is no longer running"));
  }

  // Leave stale info again, then force-unlock it with the right ID.
  Holder second(path);
  REQUIRE(second.locked());
  const auto info2 =
      LockInfo::from_json(nlohmann::json::parse(testing::read_file(lock_info_path(path))));
  REQUIRE(info2);
  auto refused = force_unlock(path, info2->id);  // the holder is alive: refused
  CHECK_THAT(testing::text(refused), Catch::Contains("held by running process"));
  second.kill();
  CHECK(force_unlock(path, info2->id).empty());
  CHECK_FALSE(testing::exists(lock_info_path(path)));
  CHECK_THAT(testing::text(force_unlock(path, info2->id)), Catch::Contains("not locked"));
}

TEST_CASE("a lock that created the state file removes it when nothing was written") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  {
    auto lock = StateLock::acquire(path, LockInfo::create("a", "0"), 0ms);
    REQUIRE(lock.value);
    CHECK(testing::exists(path));
  }
  CHECK_FALSE(testing::exists(path));
}

TEST_CASE("the lock excludes a real Terraform process", "[terraform]") {
  if (std::system("terraform version >/dev/null 2>&1") != 0) {
    WARN("terraform is not on the PATH; skipped");
    return;
  }
  testing::TempDir dir;
  testing::write_file(dir.file("main.tf"), "resource \"terraform_data\" \"a\" {}\n");
  LocalBackend backend(LocalBackendOptions::at(dir.file("terraform.tfstate")));
  auto lock = backend.lock("OperationTypeApply", 0ms);
  REQUIRE_FALSE(lock.has_errors());
  State s = backend.load().value;
  REQUIRE_FALSE(backend.write(s).has_errors());  // the lock moves to the new file
  const std::string cmd = "cd " + dir.path() +
                          " && TF_IN_AUTOMATION=1 terraform plan -input=false -no-color "
                          "-lock-timeout=0s > out.txt 2>&1";
  CHECK(std::system(cmd.c_str()) != 0);
  const std::string out = testing::read_file(dir.file("out.txt"));
  CHECK_THAT(out, Catch::Contains("Error acquiring the state lock"));
  CHECK_THAT(out, Catch::Contains(backend.lock_info()->id));
  REQUIRE_FALSE(backend.unlock().has_errors());
  CHECK(std::system(cmd.c_str()) == 0);
}

}  // namespace
}  // namespace fgform::state
