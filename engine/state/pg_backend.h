// Terraform's `pg` backend: state in PostgreSQL, shared with Terraform.
//
// Same database layout as Terraform (internal/backend/remote-state/pg): a schema (default
// `terraform_remote_state`), the sequence `public.global_states_id_seq`, the table
// `SCHEMA.states(id bigint primary key default nextval(...), name text unique, data text)`
// and the unique index `states_by_name`, each created unless its skip_* setting says not to.
// One row per workspace (`name`), `data` the whole state file as Terraform writes it.
//
// The lock is Terraform's, so the two exclude each other: a session-level advisory lock on the
// workspace row's id, taken together with a brief lock on -1 (the "workspace creation" lock);
// a workspace with no row yet is locked by holding -1. Session locks end with the connection,
// so a killed holder releases its lock at once, and PostgreSQL keeps no lock info: the
// "Error acquiring the state lock" message shows this run's info and, when the server lets us
// see it, the holding session (pg_locks + pg_stat_activity).
//
// Each finished instance is persisted by writing the whole state (as Terraform does after
// every resource): one UPSERT of the state row per instance.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "state/backend.h"
#include "state/lock.h"

struct pg_conn;

namespace fgform::state {

struct PgBackendOptions {
  std::string conn_str;  // conn_str / PG_CONN_STR: a postgres:// URL or key=value pairs
  std::string schema_name = "terraform_remote_state";  // schema_name / PG_SCHEMA_NAME
  bool skip_schema_creation = false;
  bool skip_table_creation = false;
  bool skip_index_creation = false;
  std::string workspace = kDefaultWorkspace;
  std::string terraform_version = "1.11.4";
};

// conn_str for messages: the password (URL user info or password=...) replaced by "****".
std::string redact_conn_str(const std::string& conn_str);

class PgBackend : public Backend {
 public:
  // Connects and creates what is missing (schema, sequence, table, index), as Terraform's
  // Configure does. Errors name the server and never the password.
  static value::Decoded<std::unique_ptr<PgBackend>> open(PgBackendOptions options);
  ~PgBackend() override;
  PgBackend(const PgBackend&) = delete;
  PgBackend& operator=(const PgBackend&) = delete;

  value::Diagnostics lock(const std::string& operation, std::chrono::milliseconds timeout,
                          const std::string& info = {}) override;
  value::Diagnostics unlock() override;
  bool locked() const override { return lock_key_.has_value(); }

  value::Decoded<State> load() override;
  value::Diagnostics write(State& state) override;
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
  std::string describe() const override;

  // True when a row for the workspace exists (Terraform's Workspaces() lists "default" always).
  value::Decoded<bool> has_state_row(const std::string& name);

 private:
  explicit PgBackend(PgBackendOptions options) : options_(std::move(options)) {}
  value::Diagnostics configure();
  // One attempt at Terraform's lock query for workspace `name`: the advisory key now held
  // ("-1" or the row id), or nullopt and `why` (Terraform's message) when someone holds it.
  std::optional<std::string> try_lock(const std::string& name, std::string& why,
                                      value::Diagnostics& d);
  value::Diagnostics advisory_unlock(const std::string& key);
  std::string holder_of(const std::string& name, bool creation);
  value::Diagnostics put(const std::string& name, const std::string& data);
  value::Diagnostics persist_working();
  std::string table() const;
  value::Diagnostics error(const std::string& summary, const std::string& what) const;

  PgBackendOptions options_;
  pg_conn* conn_ = nullptr;
  std::string schema_;  // quoted identifier
  std::mutex mutex_;    // the connection, working_ and persisted_
  std::optional<std::string> lock_key_;
  LockInfo lock_info_;
  std::optional<State> persisted_;  // what the row holds, as this backend last read or wrote it
  std::optional<State> working_;    // persisted_ plus the changes persisted since
};

}  // namespace fgform::state
