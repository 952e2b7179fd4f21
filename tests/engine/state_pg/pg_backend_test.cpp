// The pg backend against a real PostgreSQL server: run by tests/e2e/with_postgres.sh, which
// starts a private server and sets PG_CONN_STR. Without PG_CONN_STR every test fails (a test
// that needs a server must not pass without one).
#define CATCH_CONFIG_MAIN
#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "state/pg_backend.h"
#include "state/state_file.h"

namespace fgform::state {
namespace {

using namespace std::chrono_literals;

const std::string kProvider = "provider[\"registry.terraform.io/fgform/functiongraph\"]";

std::string conn_str() {
  const char* c = std::getenv("PG_CONN_STR");
  if (!c || !*c) FAIL("PG_CONN_STR is not set: run this test through tests/e2e/with_postgres.sh");
  return c;
}

// A fresh schema per test, so tests do not see each other's rows.
PgBackendOptions options(const std::string& schema, const std::string& workspace = "default") {
  PgBackendOptions o;
  o.conn_str = conn_str();
  o.schema_name = schema;
  o.workspace = workspace;
  return o;
}

std::unique_ptr<PgBackend> open(const PgBackendOptions& o) {
  auto opened = PgBackend::open(o);
  std::string text;
  for (const auto& d : opened.diagnostics) text += d.summary + ": " + d.detail + "\n";
  INFO(text);
  REQUIRE(opened.ok());
  return std::move(opened.value);
}

std::string text(const value::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags) out += d.summary + ": " + d.detail + "\n";
  return out;
}

// One SQL query's first value, for checks of what is stored.
std::string query(const std::string& sql) {
  PGconn* c = PQconnectdb(conn_str().c_str());
  REQUIRE(PQstatus(c) == CONNECTION_OK);
  PGresult* r = PQexec(c, sql.c_str());
  std::string out =
      PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "<none>";
  if (PQresultStatus(r) != PGRES_TUPLES_OK) out = std::string("<error> ") + PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  return out;
}

AbsResourceInstance addr(const std::string& text) {
  return parse_abs_resource_instance(text).value;
}

InstanceObject object(const std::string& id) {
  InstanceObject o;
  o.attributes = nlohmann::json{{"id", id}, {"memory_size", 128}};
  return o;
}

TEST_CASE("open creates Terraform's schema, sequence, table and index") {
  auto b = open(options("fgt_ddl"));
  CHECK(query("select count(*) from information_schema.schemata where schema_name = 'fgt_ddl'") ==
        "1");
  CHECK(query("select count(*) from pg_class where relname = 'global_states_id_seq'") == "1");
  CHECK(query("select string_agg(column_name || ':' || data_type, ',' order by ordinal_position) "
              "from information_schema.columns where table_schema = 'fgt_ddl' and "
              "table_name = 'states'") == "id:bigint,name:text,data:text");
  CHECK(query("select count(*) from pg_indexes where schemaname = 'fgt_ddl' and "
              "indexname = 'states_by_name'") == "1");
  auto again = open(options("fgt_ddl"));  // idempotent
  auto ws = again->workspaces();
  REQUIRE(ws.ok());
  CHECK(ws.value == std::vector<std::string>{"default"});
}

TEST_CASE("skip_* settings create nothing, and a missing table is a clear error") {
  auto o = options("fgt_skipped");
  o.skip_schema_creation = o.skip_table_creation = o.skip_index_creation = true;
  auto b = open(o);
  CHECK(query("select count(*) from information_schema.schemata where schema_name = "
              "'fgt_skipped'") == "0");
  auto loaded = b->load();
  CHECK_FALSE(loaded.ok());
  CHECK(text(loaded.diagnostics).find("Failed to load state") != std::string::npos);
}

TEST_CASE("write stores Terraform's state file in the workspace row; load reads it back") {
  auto b = open(options("fgt_rw"));
  auto loaded = b->load();
  REQUIRE(loaded.ok());
  CHECK(loaded.value.serial == 0);
  State st = loaded.value;
  st.set(addr("functiongraph_function.a"), object("fn-a"), kProvider);
  REQUIRE_FALSE(b->write(st).has_errors());
  CHECK(st.serial == 1);
  const std::string row = query("select data from fgt_rw.states where name = 'default'");
  CHECK(row.find("\"version\": 4") != std::string::npos);
  CHECK(row.find("fn-a") != std::string::npos);
  // Unchanged content: the serial stays.
  REQUIRE_FALSE(b->write(st).has_errors());
  CHECK(st.serial == 1);

  auto other = open(options("fgt_rw"));
  auto back = other->load();
  REQUIRE(back.ok());
  CHECK(back.value.lineage == st.lineage);
  CHECK(back.value.serial == 1);
  REQUIRE(back.value.find(addr("functiongraph_function.a")));
}

TEST_CASE("each persisted instance is in the database at once") {
  auto b = open(options("fgt_persist"));
  REQUIRE(b->load().ok());
  REQUIRE_FALSE(
      b->persist_instance(addr("functiongraph_function.a"), nullptr, kProvider).has_errors());
  InstanceObject a = object("fn-a");
  REQUIRE_FALSE(b->persist_instance(addr("functiongraph_function.a"), &a, kProvider).has_errors());
  OutputValue out{"urn:a", "string", false};
  REQUIRE_FALSE(b->persist_output("urn", &out).has_errors());
  // Another reader (no final write happened): the instance and the output are there.
  auto reader = open(options("fgt_persist"));
  auto seen = reader->load();
  REQUIRE(seen.ok());
  REQUIRE(seen.value.find(addr("functiongraph_function.a")));
  CHECK(seen.value.outputs.count("urn") == 1);
  InstanceObject bobj = object("fn-b");
  REQUIRE_FALSE(
      b->persist_instance(addr("functiongraph_function.b"), &bobj, kProvider).has_errors());
  REQUIRE_FALSE(
      b->persist_instance(addr("functiongraph_function.a"), nullptr, kProvider).has_errors());
  seen = reader->load();
  CHECK_FALSE(seen.value.find(addr("functiongraph_function.a")));
  CHECK(seen.value.find(addr("functiongraph_function.b")));
  const auto persisted_serial = seen.value.serial;
  // The final write never goes below what was persisted.
  State final_state = seen.value;
  final_state.serial = 1;
  REQUIRE_FALSE(b->write(final_state).has_errors());
  CHECK(final_state.serial >= persisted_serial);
}

TEST_CASE("the lock excludes a second holder with Terraform's message, and waits") {
  auto a = open(options("fgt_lock"));
  auto b = open(options("fgt_lock"));
  // No row yet: the lock is the workspace-creation lock (-1).
  REQUIRE_FALSE(a->lock("OperationTypeApply", 0ms).has_errors());
  auto refused = b->lock("OperationTypeApply", 0ms);
  REQUIRE(refused.has_errors());
  CHECK(text(refused).find("Already locked for workspace creation: default") != std::string::npos);
  State st = a->load().value;
  REQUIRE_FALSE(a->write(st).has_errors());
  REQUIRE_FALSE(a->unlock().has_errors());

  // With a row: the row's id.
  REQUIRE_FALSE(a->lock("OperationTypeApply", 0ms).has_errors());
  refused = b->lock("OperationTypePlan", 300ms);
  REQUIRE(refused.has_errors());
  const std::string msg = text(refused);
  CHECK(msg.find("Error acquiring the state lock") != std::string::npos);
  CHECK(msg.find("Workspace is already locked: default") != std::string::npos);
  CHECK(msg.find("Lock Info:") != std::string::npos);
  CHECK(msg.find("held by the PostgreSQL session") != std::string::npos);
  CHECK(msg.find("-lock=false") != std::string::npos);
  // Another workspace is not blocked by it.
  auto dev = open(options("fgt_lock", "dev"));
  REQUIRE_FALSE(dev->create_workspace("dev").has_errors());
  REQUIRE_FALSE(dev->lock("OperationTypeApply", 0ms).has_errors());
  REQUIRE_FALSE(dev->unlock().has_errors());

  // -lock-timeout: b waits until a lets go.
  std::thread release([&] {
    std::this_thread::sleep_for(500ms);
    a->unlock();
  });
  const auto start = std::chrono::steady_clock::now();
  auto waited = b->lock("OperationTypeApply", 10s);
  release.join();
  CHECK_FALSE(waited.has_errors());
  CHECK(std::chrono::steady_clock::now() - start >= 400ms);
  REQUIRE_FALSE(b->unlock().has_errors());
}

TEST_CASE("a closed connection releases the lock") {
  auto b = open(options("fgt_lock_gone"));
  {
    auto a = open(options("fgt_lock_gone"));
    REQUIRE_FALSE(a->lock("OperationTypeApply", 0ms).has_errors());
    REQUIRE(b->lock("OperationTypeApply", 0ms).has_errors());
  }
  CHECK_FALSE(b->lock("OperationTypeApply", 0ms).has_errors());
}

TEST_CASE("workspaces: default always, others by row; default cannot be deleted") {
  auto b = open(options("fgt_ws"));
  REQUIRE_FALSE(b->create_workspace("prod").has_errors());
  REQUIRE_FALSE(b->create_workspace("dev").has_errors());
  REQUIRE_FALSE(b->create_workspace("dev").has_errors());  // exists: nothing to do
  auto ws = b->workspaces();
  REQUIRE(ws.ok());
  CHECK(ws.value == std::vector<std::string>{"default", "dev", "prod"});
  // A new workspace holds an empty state.
  auto dev = open(options("fgt_ws", "dev"));
  auto loaded = dev->load();
  REQUIRE(loaded.ok());
  CHECK(loaded.value.empty());
  CHECK(loaded.value.serial == 1);
  REQUIRE_FALSE(b->delete_workspace("dev").has_errors());
  CHECK(b->workspaces().value == std::vector<std::string>{"default", "prod"});
  auto refused = b->delete_workspace("default");
  REQUIRE(refused.has_errors());
  CHECK(text(refused).find("can't delete default state") != std::string::npos);
}

TEST_CASE("errors from the server never show the password") {
  auto o = options("fgt_secret");
  const std::string password = "pw-never-printed-7d1f";
  REQUIRE(o.conn_str.find(password) != std::string::npos);
  o.conn_str.replace(o.conn_str.find("/postgres?"), 10, "/no_such_database?");
  auto opened = PgBackend::open(o);
  REQUIRE_FALSE(opened.ok());
  const std::string msg = text(opened.diagnostics);
  CHECK(msg.find("no_such_database") != std::string::npos);
  CHECK(msg.find(password) == std::string::npos);
}

}  // namespace
}  // namespace fgform::state
