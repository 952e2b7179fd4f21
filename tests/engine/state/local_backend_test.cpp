#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <thread>

#include "state/journal.h"
#include "state/local_backend.h"
#include "state/state_file.h"
#include "test_util.h"

namespace fgform::state {
namespace {

using namespace std::chrono_literals;

const std::string kProvider = "provider[\"registry.terraform.io/fgform/functiongraph\"]";

AbsResourceInstance addr(const std::string& text) {
  return parse_abs_resource_instance(text).value;
}

InstanceObject object(const std::string& id) {
  InstanceObject o;
  o.attributes = nlohmann::json{{"id", id}, {"memory_size", 128}};
  return o;
}

TEST_CASE("load of a directory without state gives an empty state with a lineage") {
  testing::TempDir dir;
  LocalBackend backend(LocalBackendOptions::at(dir.file("terraform.tfstate")));
  auto loaded = backend.load();
  REQUIRE(loaded.ok());
  CHECK(loaded.value.empty());
  CHECK(loaded.value.lineage.size() == 36);
  CHECK_FALSE(testing::exists(dir.file("terraform.tfstate")));
}

TEST_CASE("writes are atomic, move the serial only on change, and keep a backup") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  const std::string original = testing::data("tf111_full.tfstate");
  testing::write_file(path, original);

  LocalBackend backend(LocalBackendOptions::at(path));
  auto loaded = backend.load();
  REQUIRE(loaded.ok());
  State s = loaded.value;
  REQUIRE(s.serial == 11);

  // Unchanged content: same serial, and the bytes are Terraform's own.
  REQUIRE(backend.write(s).empty());
  CHECK(s.serial == 11);
  CHECK(testing::read_file(path) == original);
  CHECK(testing::read_file(dir.file("terraform.tfstate.backup")) == original);

  s.set(addr("functiongraph_function.f"), object("f1"), kProvider);
  REQUIRE(backend.write(s).empty());
  CHECK(s.serial == 12);
  s.set(addr("functiongraph_function.g"), object("g1"), kProvider);
  REQUIRE(backend.write(s).empty());
  CHECK(s.serial == 13);
  // The backup is the state before this run's first write, not the previous write.
  CHECK(testing::read_file(dir.file("terraform.tfstate.backup")) == original);

  auto reread = read_state_file(path);
  REQUIRE(reread.ok());
  CHECK(reread.value.serial == 13);
  CHECK(reread.value.find(addr("functiongraph_function.g")));
  // No temporary files left behind.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++files;
  }
  CHECK(files == 2);
}

TEST_CASE("a write that fails midway leaves the old state intact") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  const std::string original = testing::data("tf111_full.tfstate");
  testing::write_file(path, original);
  for (const char* step : {"tmp-written", "before-rename"}) {
    INFO(step);
    auto opts = LocalBackendOptions::at(path);
    opts.backup_path = "-";
    opts.fault_injection = [step](std::string_view at) { return at != step; };
    LocalBackend backend(opts);
    State s = backend.load().value;
    s.set(addr("functiongraph_function.f"), object("f1"), kProvider);
    auto d = backend.write(s);
    REQUIRE(d.has_errors());
    CHECK_THAT(testing::text(d), Catch::Contains("previous state file is unchanged"));
    CHECK(testing::read_file(path) == original);
    auto reread = read_state_file(path);
    REQUIRE(reread.ok());
    CHECK_FALSE(reread.value.find(addr("functiongraph_function.f")));
  }
  // The abandoned temporary files are cleaned up by the next locked run.
  int before = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) before += !e.is_directory();
  CHECK(before == 3);
  {
    LocalBackend backend(LocalBackendOptions::at(path));
    REQUIRE(backend.lock("OperationTypeApply", 0ms).empty());
    REQUIRE(backend.load().ok());
  }
  int after = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) after += !e.is_directory();
  CHECK(after == 1);
  CHECK(testing::read_file(path) == original);
}

TEST_CASE("the paths of -state, -state-out and -backup are honoured") {
  testing::TempDir dir;
  testing::write_file(dir.file("in.tfstate"), testing::data("handmade_deposed.tfstate"));
  auto opts = LocalBackendOptions::at(dir.file("in.tfstate"));
  opts.state_out_path = dir.file("out.tfstate");
  opts.backup_path = dir.file("saved.backup");
  LocalBackend backend(opts);
  State s = backend.load().value;
  CHECK(s.serial == 7);
  s.remove(addr("functiongraph_function.f[0]"));
  REQUIRE(backend.write(s).empty());
  CHECK(testing::read_file(dir.file("in.tfstate")) == testing::data("handmade_deposed.tfstate"));
  CHECK(read_state_file(dir.file("out.tfstate")).value.serial == 8);
  CHECK_FALSE(testing::exists(dir.file("saved.backup")));  // out.tfstate did not exist before
}

TEST_CASE("writing while locked keeps the lock on the new file") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  LocalBackend backend(LocalBackendOptions::at(path));
  REQUIRE(backend.lock("OperationTypeApply", 0ms).empty());
  State s = backend.load().value;
  s.set(addr("functiongraph_function.f"), object("f1"), kProvider);
  REQUIRE(backend.write(s).empty());
  s.set(addr("functiongraph_function.g"), object("g1"), kProvider);
  REQUIRE(backend.write(s).empty());
  CHECK(s.serial == 2);
  // Another process cannot lock the file that is at the path now.
  pid_t pid = ::fork();
  if (pid == 0) {
    auto other = StateLock::acquire(path, LockInfo::create("x", "0"), 0ms);
    ::_exit(other.value ? 1 : 0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WEXITSTATUS(status) == 0);
  // Reads while locked go through the locked descriptor and see the new content.
  CHECK(backend.load().value.find(addr("functiongraph_function.g")));
  REQUIRE(backend.unlock().empty());
  CHECK(testing::exists(path));
  CHECK_FALSE(testing::exists(lock_info_path(path)));
}

// A temporary directory holding a copy of the Terraform 1.11 state fixture (serial 11).
struct FixtureStateFile {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  FixtureStateFile() { testing::write_file(path, testing::data("tf111_full.tfstate")); }
};

// Runs `steps` on a locked, loaded backend in a child process that then exits without the
// final write or an unlock (the kernel drops the lock): what an apply killed at that point
// leaves. The child's exit status: 0 when every step succeeded.
static int run_then_crash(const std::string& path,
                          const std::function<bool(LocalBackend&)>& steps) {
  pid_t pid = ::fork();
  if (pid == 0) {
    LocalBackend backend(LocalBackendOptions::at(path));
    if (backend.lock("OperationTypeApply", 0ms).has_errors()) ::_exit(2);
    backend.load();
    ::_exit(steps(backend) ? 0 : 3);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WEXITSTATUS(status);
}

// What the next run does first: lock the backend for an apply and load its state.
static value::Decoded<State> lock_and_load(LocalBackend& backend) {
  REQUIRE_FALSE(backend.lock("OperationTypeApply", 0ms).has_errors());
  return backend.load();
}

TEST_CASE("an interrupted apply loses nothing it persisted") {
  FixtureStateFile file;
  const std::string& path = file.path;
  const std::string journal = file.dir.file(".terraform.tfstate.fgform-journal");

  // The "apply": persist three changes, then crash (the child exits without the final write).
  REQUIRE(run_then_crash(path, [](LocalBackend& backend) {
            InstanceObject f = object("f1");
            set_sensitive_paths(f, {value::Path::attribute("secret")});
            OutputValue out{"v", "string", false};
            return backend.persist_instance(addr("functiongraph_function.f[\"a\"]"), &f, kProvider)
                       .empty() &&
                   backend.persist_instance(addr("terraform_data.single"), nullptr, "").empty() &&
                   backend.persist_output("new_output", &out).empty();
          }) == 0);
  REQUIRE(testing::exists(journal));
  CHECK(testing::read_file(path) == testing::data("tf111_full.tfstate"));

  LocalBackend backend(LocalBackendOptions::at(path));
  auto loaded = lock_and_load(backend);
  REQUIRE(loaded.ok());
  CHECK_THAT(testing::text(loaded.diagnostics),
             Catch::Contains("recovered 3 changes from an interrupted run"));
  State s = loaded.value;
  const InstanceObject* f = s.find(addr("functiongraph_function.f[\"a\"]"));
  REQUIRE(f);
  CHECK(f->attributes.tree()["id"] == "f1");
  CHECK(sensitive_paths(*f)[0].to_string() == "secret");
  CHECK(s.find_resource(addr("functiongraph_function.f").containing())->provider == kProvider);
  CHECK_FALSE(s.find(addr("terraform_data.single")));
  CHECK(s.outputs.at("new_output").value == "v");

  REQUIRE(backend.write(s).empty());
  CHECK(s.serial == 12);
  CHECK_FALSE(testing::exists(journal));
  auto reread = read_state_file(path);
  REQUIRE(reread.ok());
  CHECK(reread.value.find(addr("functiongraph_function.f[\"a\"]")));
}

static const PendingCreate kPendingOne{kProvider, "urn:fss:r:p:function:default:one",
                                       "2026-12-05T21:00:00Z"};

TEST_CASE("a create interrupted mid-call leaves its pending record in the state") {
  FixtureStateFile file;
  const std::string& path = file.path;

  // The "apply": two creates recorded, one finished (object persisted, record cleared), then
  // a crash in the middle of the other.
  REQUIRE(
      run_then_crash(path, [](LocalBackend& backend) {
        const PendingCreate two{kProvider, "urn:fss:r:p:function:default:two",
                                "2026-12-05T21:00:01Z"};
        InstanceObject f = object("urn:fss:r:p:function:default:one");
        return backend.persist_pending_create(addr("functiongraph_function.f[0]"), &kPendingOne)
                   .empty() &&
               backend.persist_pending_create(addr("functiongraph_function.f[1]"), &two).empty() &&
               backend.persist_instance(addr("functiongraph_function.f[0]"), &f, kProvider)
                   .empty() &&
               backend.persist_pending_create(addr("functiongraph_function.f[0]"), nullptr).empty();
      }) == 0);

  LocalBackend backend(LocalBackendOptions::at(path));
  auto loaded = lock_and_load(backend);
  REQUIRE(loaded.ok());
  State s = loaded.value;
  CHECK(s.find(addr("functiongraph_function.f[0]")));
  REQUIRE(s.pending_creates.size() == 1);
  const PendingCreate& left = s.pending_creates.at("functiongraph_function.f[1]");
  CHECK(left.import_id == "urn:fss:r:p:function:default:two");
  CHECK(left.started == "2026-12-05T21:00:01Z");
  CHECK(left.provider == kProvider);

  // A full write keeps the record (it is resolved by the next plan, not by writing).
  REQUIRE(backend.write(s).empty());
  const std::string text = testing::read_file(path);
  CHECK_THAT(text, Catch::Contains("\"fgform_pending_creates\": ["));
  auto reread = read_state_file(path);
  REQUIRE(reread.ok());
  CHECK(reread.value.pending_creates == s.pending_creates);

  // Cleared: the file is Terraform's shape again, without the key.
  s.pending_creates.clear();
  REQUIRE(backend.write(s).empty());
  CHECK_THAT(testing::read_file(path), !Catch::Contains("fgform_pending_creates"));
}

TEST_CASE("a created object ends its pending record in the same journal line") {
  FixtureStateFile file;
  const std::string& path = file.path;
  // A create recorded, its object persisted with persist_created, then a crash before the
  // final write: the journal holds two lines, and replaying them leaves no pending record.
  REQUIRE(
      run_then_crash(path, [](LocalBackend& backend) {
        InstanceObject f = object("urn:fss:r:p:function:default:one");
        return backend.persist_pending_create(addr("functiongraph_function.f[0]"), &kPendingOne)
                   .empty() &&
               backend.persist_created(addr("functiongraph_function.f[0]"), f, kProvider).empty();
      }) == 0);
  const std::string journal = testing::read_file(journal_path(path));
  CHECK(std::count(journal.begin(), journal.end(), '\n') == 3);  // the header and two changes

  LocalBackend backend(LocalBackendOptions::at(path));
  auto loaded = lock_and_load(backend);
  REQUIRE(loaded.ok());
  CHECK(loaded.value.find(addr("functiongraph_function.f[0]")));
  CHECK(loaded.value.pending_creates.empty());
}

TEST_CASE("a bad pending create record is reported with its path") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  std::string text = testing::data("tf111_full.tfstate");
  const auto end = text.rfind('}');
  text.insert(end,
              R"(, "fgform_pending_creates": [{"address": "not an address", "import_id": "x"}])");
  testing::write_file(path, text);
  auto read = read_state_file(path);
  CHECK_FALSE(read.ok());
  CHECK_THAT(testing::text(read.diagnostics), Catch::Contains("fgform_pending_creates[0].address"));
}

TEST_CASE("journal recovery continues across a second interruption") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  const std::string journal = dir.file(".terraform.tfstate.fgform-journal");
  {
    LocalBackend run1(LocalBackendOptions::at(path));
    State s = run1.load().value;  // no state file yet
    InstanceObject a = object("a");
    REQUIRE(run1.persist_instance(addr("functiongraph_function.a"), &a, kProvider).empty());
  }  // crash 1
  // A torn append (crash while writing a line) is ignored.
  {
    std::ofstream j(journal, std::ios::app | std::ios::binary);
    j << R"({"op":"set","addr":"functiongraph_function.torn","obj)";
  }
  {
    LocalBackend run2(LocalBackendOptions::at(path));
    auto loaded = run2.load();
    REQUIRE(loaded.ok());
    CHECK_THAT(testing::text(loaded.diagnostics), Catch::Contains("recovered 1 changes"));
    InstanceObject b = object("b");
    REQUIRE(run2.persist_instance(addr("functiongraph_function.b"), &b, kProvider).empty());
  }  // crash 2: the journal keeps both changes
  LocalBackend run3(LocalBackendOptions::at(path));
  auto loaded = run3.load();
  REQUIRE(loaded.ok());
  CHECK_THAT(testing::text(loaded.diagnostics), Catch::Contains("recovered 2 changes"));
  State s = loaded.value;
  CHECK(s.find(addr("functiongraph_function.a")));
  CHECK(s.find(addr("functiongraph_function.b")));
  CHECK_FALSE(s.find(addr("functiongraph_function.torn")));
  REQUIRE(run3.write(s).empty());
  CHECK(s.serial == 1);
  CHECK_FALSE(testing::exists(journal));
  // The lineage the journal was started with is the state's.
  CHECK(read_state_file(path).value.lineage == s.lineage);
}

TEST_CASE("a stale journal or one of another state is not replayed") {
  FixtureStateFile file;  // serial 11
  const std::string& path = file.path;
  const std::string journal = file.dir.file(".terraform.tfstate.fgform-journal");
  testing::write_file(
      journal,
      R"({"fgform_journal":1,"lineage":"d7285266-5538-dc23-ccec-727a226dedaa","serial":10})"
      "\n"
      R"({"op":"remove","addr":"terraform_data.single"})"
      "\n");
  {
    LocalBackend b(LocalBackendOptions::at(path));
    auto loaded = b.load();
    REQUIRE(loaded.ok());
    CHECK(loaded.diagnostics.empty());
    CHECK(loaded.value.find(addr("terraform_data.single")));
  }
  testing::write_file(journal, R"({"fgform_journal":1,"lineage":"other","serial":11})"
                               "\n");
  LocalBackend b(LocalBackendOptions::at(path));
  auto loaded = b.load();
  CHECK_FALSE(loaded.ok());
  CHECK_THAT(testing::text(loaded.diagnostics), Catch::Contains("belongs to another state"));
}

TEST_CASE("a damaged journal is an error, never a crash") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  const std::string journal = dir.file(".terraform.tfstate.fgform-journal");
  const std::string header = R"({"fgform_journal":1,"lineage":"l","serial":0})"
                             "\n";
  for (const std::string bad : {R"({"op":5,"addr":"a.b"})", R"({"op":"set","addr":7})",
                                R"({"op":"set","addr":"a.b","object":{"schema_version":"x"}})",
                                R"({"op":"set","addr":"a.b","object":{"schema_version":0,)"
                                R"("attributes":{}},"created":"yes"})",
                                R"({"op":"what","addr":"a.b"})", R"([1,2])", "not json"}) {
    INFO(bad);
    testing::write_file(journal, header + bad + "\n" + R"({"op":"remove","addr":"a.b"})" + "\n");
    LocalBackend backend(LocalBackendOptions::at(path));
    auto loaded = backend.load();
    CHECK_FALSE(loaded.ok());
    CHECK_THAT(testing::text(loaded.diagnostics), Catch::Contains("line 2"));
  }
  testing::write_file(journal, "garbage\n");
  LocalBackend backend(LocalBackendOptions::at(path));
  CHECK_THAT(testing::text(backend.load().diagnostics), Catch::Contains("journal header"));
}

TEST_CASE("instances may be persisted from several threads at once") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  {
    LocalBackend backend(LocalBackendOptions::at(path));
    REQUIRE(backend.load().ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&backend, t] {
        for (int i = 0; i < 100; ++i) {
          InstanceObject o = object(std::to_string(t) + "-" + std::to_string(i));
          backend.persist_instance(
              addr("functiongraph_function.t" + std::to_string(t) + "[" + std::to_string(i) + "]"),
              &o, kProvider);
        }
      });
    }
    for (auto& th : threads) th.join();
  }  // interrupted before the full write
  LocalBackend backend(LocalBackendOptions::at(path));
  auto loaded = backend.load();
  REQUIRE(loaded.ok());
  CHECK(loaded.value.instance_addresses().size() == 400);
  CHECK_THAT(testing::text(loaded.diagnostics), Catch::Contains("recovered 400 changes"));
}

// What persisting costs is measured by bench/engine_bench.sh (bench/RESULTS.md), not timed here;
// this checks the shape that keeps it cheap: one journal line per instance, no state rewrite.
TEST_CASE("persisting thousands of instances appends to the journal, never rewriting the state") {
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  LocalBackend backend(LocalBackendOptions::at(path));
  State s = backend.load().value;
  for (int i = 0; i < 2000; ++i) {
    InstanceObject o = object("id-" + std::to_string(i));
    const auto a = addr("functiongraph_function.f[" + std::to_string(i) + "]");
    REQUIRE(backend.persist_instance(a, &o, kProvider).empty());
    s.set(a, o, kProvider);
  }
  CHECK_FALSE(testing::exists(path));  // nothing rewrote the state file
  const std::string journal = testing::read_file(journal_path(path));
  CHECK(std::count(journal.begin(), journal.end(), '\n') == 2001);  // the header, one line a change
  REQUIRE(backend.write(s).empty());
  CHECK(read_state_file(path).value.instance_addresses().size() == 2000);
}

}  // namespace
}  // namespace fgform::state

namespace fgform::state {
namespace {

TEST_CASE("Terraform reads what fgform writes", "[terraform]") {
  if (std::system("terraform version >/dev/null 2>&1") != 0) {
    WARN("terraform is not on the PATH; skipped");
    return;
  }
  testing::TempDir dir;
  const std::string path = dir.file("terraform.tfstate");
  testing::write_file(path, testing::data("tf111_full.tfstate"));
  LocalBackend backend(LocalBackendOptions::at(path));
  State s = backend.load().value;
  REQUIRE(
      s.move(addr("terraform_data.counted[0]"), addr("terraform_data.renamed[\"a b\"]")).empty());
  InstanceObject extra;
  extra.attributes = nlohmann::json::parse(
      R"({"id":"x<y>","input":{"value":[1,0.5],"type":["tuple",["number","number"]]},
          "output":null,"triggers_replace":null})");
  s.set(addr("module.deep[\"k\"].module.er[3].terraform_data.z"), extra,
        "provider[\"terraform.io/builtin/terraform\"]");
  REQUIRE(backend.write(s).empty());
  const std::string cmd = "cd " + dir.path() + " && terraform state list > list.txt 2> err.txt";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string list = testing::read_file(dir.file("list.txt"));
  CHECK_THAT(list, Catch::Contains("terraform_data.renamed[\"a b\"]\n"));
  CHECK_THAT(list, Catch::Contains("module.deep[\"k\"].module.er[3].terraform_data.z\n"));
  // The same order as State::instance_addresses.
  std::string ours;
  for (const auto& a : s.instance_addresses()) ours += a.to_string() + "\n";
  CHECK(list == ours);
  // A pending create record (fgform's own key) does not stop Terraform reading the state.
  {
    State with_pending = s;
    with_pending.pending_creates["functiongraph_function.f[0]"] =
        PendingCreate{"provider[\"registry.terraform.io/fgform/functiongraph\"]",
                      "urn:fss:r:p:function:default:f", "2026-12-05T21:00:00Z"};
    const std::string pending_path = dir.file("pending/terraform.tfstate");
    std::filesystem::create_directories(dir.file("pending"));
    testing::write_file(pending_path, write_state(with_pending));
    const std::string list_cmd =
        "cd " + dir.file("pending") + " && terraform state list > list.txt 2> err.txt";
    CHECK(std::system(list_cmd.c_str()) == 0);
    CHECK(testing::read_file(dir.file("pending/list.txt")) == ours);
  }
  // Terraform rewriting our file (a state mv there and back) gives our bytes, apart from the
  // serial. (Moving something others depend on would not: Terraform drops such dependencies.)
  const std::string mv = "cd " + dir.path() +
                         " && terraform state mv 'terraform_data.sens' 'terraform_data.sens2'"
                         " > /dev/null 2>&1 && terraform state mv 'terraform_data.sens2' "
                         "'terraform_data.sens' > /dev/null 2>&1";
  REQUIRE(std::system(mv.c_str()) == 0);
  auto after = read_state_file(path);
  REQUIRE(after.ok());
  State expect = s;
  expect.serial = after.value.serial;
  CHECK(write_state(after.value) == write_state(expect));
  CHECK(testing::read_file(path) == write_state(expect));
}

}  // namespace
}  // namespace fgform::state
