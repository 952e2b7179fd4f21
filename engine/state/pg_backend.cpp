#include "state/pg_backend.h"

#include <libpq-fe.h>

#include <algorithm>
#include <thread>

#include "state/state_file.h"

namespace fgform::state {
namespace {

using value::Diagnostic;

constexpr const char* kStatesTable = "states";

value::Diagnostics not_loaded() {
  value::Diagnostics d;
  d.add(Diagnostic::error("Failed to persist state",
                          "The state must be loaded before changes are persisted."));
  return d;
}
constexpr const char* kStatesIndex = "states_by_name";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// Replaces the value that starts at `pos` (up to a delimiter) with "****".
std::string mask_from(std::string s, std::size_t pos, const std::string& delimiters) {
  std::size_t end = pos;
  if (end < s.size() && s[end] == '\'') {  // key='quoted value'
    ++end;
    while (end < s.size() && s[end] != '\'') end += s[end] == '\\' ? 2 : 1;
    end = std::min(end + 1, s.size());
  } else {
    while (end < s.size() && delimiters.find(s[end]) == std::string::npos) ++end;
  }
  return s.replace(pos, end - pos, "****");
}

// Every "password" spelled as a key (key=value pairs or a URL query) gets its value masked.
std::string mask_password_keys(std::string s) {
  std::size_t from = 0;
  for (;;) {
    const std::size_t k = s.find("password", from);
    if (k == std::string::npos) return s;
    std::size_t p = k + 8;
    while (p < s.size() && s[p] == ' ') ++p;
    if (p < s.size() && s[p] == '=') {
      ++p;
      while (p < s.size() && s[p] == ' ') ++p;
      s = mask_from(std::move(s), p, " &");
    }
    from = k + 8;
  }
}

// The password as libpq reads it from conn_str, when it parses.
std::string password_of(const std::string& conn_str) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conn_str.c_str(), &err);
  if (err) PQfreemem(err);
  std::string password;
  if (!opts) return password;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (std::string(o->keyword) == "password" && o->val) password = o->val;
  }
  PQconninfoFree(opts);
  return password;
}

// `text` with every trace of the password in `conn_str` masked.
std::string scrub(std::string text, const std::string& conn_str) {
  const std::string password = password_of(conn_str);
  if (!password.empty()) {
    for (std::size_t at = text.find(password); at != std::string::npos;
         at = text.find(password, at + 4)) {
      text.replace(at, password.size(), "****");
    }
  }
  return mask_password_keys(std::move(text));
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string quote_identifier(const std::string& name) {
  // As lib/pq's QuoteIdentifier: cut at a NUL, double the quotes.
  std::string cut = name.substr(0, name.find('\0'));
  std::string out = "\"";
  for (char c : cut) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace

std::string redact_conn_str(const std::string& conn_str) {
  std::string s = conn_str;
  // URL user info: scheme://user:password@host
  const std::size_t scheme = s.find("://");
  if (scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t end = s.find_first_of("/?", start);
    const std::size_t at = s.rfind('@', end == std::string::npos ? s.size() : end);
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = s.find(':', start);
      if (colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "****");
    }
  }
  return mask_password_keys(std::move(s));
}

value::Decoded<std::unique_ptr<PgBackend>> PgBackend::open(PgBackendOptions options) {
  value::Decoded<std::unique_ptr<PgBackend>> out;
  std::unique_ptr<PgBackend> b(new PgBackend(std::move(options)));
  out.diagnostics = b->configure();
  if (!out.diagnostics.has_errors()) out.value = std::move(b);
  return out;
}

PgBackend::~PgBackend() {
  if (lock_key_) unlock();
  if (conn_) PQfinish(conn_);
}

std::string PgBackend::table() const {
  return schema_ + "." + kStatesTable;
}

std::string PgBackend::describe() const {
  return "pg: schema " + options_.schema_name + ", workspace \"" + options_.workspace + "\"";
}

value::Diagnostics PgBackend::error(const std::string& summary, const std::string& what) const {
  value::Diagnostics d;
  d.add(Diagnostic::error(summary, scrub(trim(what), options_.conn_str)));
  return d;
}

value::Diagnostics PgBackend::configure() {
  schema_ = quote_identifier(options_.schema_name);
  char* parse_error = nullptr;
  if (PQconninfoOption* parsed = PQconninfoParse(options_.conn_str.c_str(), &parse_error)) {
    PQconninfoFree(parsed);
  } else {
    std::string why = parse_error ? parse_error : "out of memory";
    if (parse_error) PQfreemem(parse_error);
    return error("Invalid pg backend configuration",
                 "conn_str \"" + redact_conn_str(options_.conn_str) +
                     "\" is not a PostgreSQL connection string (a postgres:// URL or "
                     "key=value pairs): " +
                     trim(why));
  }
  // The conn_str's own settings win over these defaults (later expansion overrides).
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {"10", "fgform", options_.conn_str.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    return error("Failed to configure the pg backend",
                 "Cannot connect to PostgreSQL (conn_str \"" + redact_conn_str(options_.conn_str) +
                     "\"): " + (conn_ ? PQerrorMessage(conn_) : "out of memory"));
  }
  // Server notices ("relation ... already exists, skipping") are not for the user.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  // Terraform's Configure, step by step. Two first runs at once may race on CREATE ... IF NOT
  // EXISTS (PostgreSQL then reports a duplicate); the loser tries again.
  for (int attempt = 0;; ++attempt) {
    std::string failed;
    auto run = [&](const std::string& sql) {
      if (!failed.empty()) return;
      Result r(PQexec(conn_, sql.c_str()));
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK &&
          PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
        failed = std::string(state ? state : "") + "|" + PQresultErrorMessage(r.get());
      }
    };
    if (!options_.skip_schema_creation) {
      const char* params[] = {options_.schema_name.c_str()};
      Result r(PQexecParams(
          conn_, "select count(1) from information_schema.schemata where schema_name = $1", 1,
          nullptr, params, nullptr, nullptr, 0));
      if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
        return error("Failed to configure the pg backend", PQresultErrorMessage(r.get()));
      }
      if (std::string(PQgetvalue(r.get(), 0, 0)) == "0")
        run("CREATE SCHEMA IF NOT EXISTS " + schema_);
    }
    if (!options_.skip_table_creation) {
      run("CREATE SEQUENCE IF NOT EXISTS public.global_states_id_seq AS bigint");
      run("CREATE TABLE IF NOT EXISTS " + table() +
          " (id bigint NOT NULL DEFAULT nextval('public.global_states_id_seq') PRIMARY KEY, "
          "name text UNIQUE, data text)");
    }
    if (!options_.skip_index_creation) {
      run(std::string("CREATE UNIQUE INDEX IF NOT EXISTS ") + kStatesIndex + " ON " + table() +
          " (name)");
    }
    if (failed.empty()) return {};
    const std::string state = failed.substr(0, failed.find('|'));
    const bool race = state == "23505" || state == "42P07" || state == "42P06";
    if (!race || attempt >= 3) {
      return error("Failed to configure the pg backend", failed.substr(failed.find('|') + 1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::optional<std::string> PgBackend::try_lock(const std::string& name, std::string& why,
                                               value::Diagnostics& d) {
  const std::string t = kStatesTable;
  const std::string sql = "SELECT " + t + ".id, pg_try_advisory_lock(" + t +
                          ".id), pg_try_advisory_lock(-1) FROM " + table() + " WHERE " + t +
                          ".name = $1";
  const char* params[] = {name.c_str()};
  Result r(PQexecParams(conn_, sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    d.append(error("Error acquiring the state lock",
                   std::string("Error message: ") + PQresultErrorMessage(r.get())));
    return std::nullopt;
  }
  if (PQntuples(r.get()) == 0) {
    Result c(PQexec(conn_, "SELECT pg_try_advisory_lock(-1)"));
    if (PQresultStatus(c.get()) != PGRES_TUPLES_OK) {
      d.append(error("Error acquiring the state lock",
                     std::string("Error message: ") + PQresultErrorMessage(c.get())));
      return std::nullopt;
    }
    if (std::string(PQgetvalue(c.get(), 0, 0)) != "t") {
      why = "Already locked for workspace creation: " + name;
      return std::nullopt;
    }
    return "-1";
  }
  const std::string id = PQgetvalue(r.get(), 0, 0);
  const bool did_lock = std::string(PQgetvalue(r.get(), 0, 1)) == "t";
  const bool did_lock_create = std::string(PQgetvalue(r.get(), 0, 2)) == "t";
  if (!did_lock) {
    // As Terraform: give back -1 (taken or not) and report the workspace lock.
    if (did_lock_create) advisory_unlock("-1");
    why = "Workspace is already locked: " + name;
    return std::nullopt;
  }
  if (!did_lock_create) {
    advisory_unlock(id);
    why = "Cannot lock workspace; already locked for workspace creation: " + name;
    return std::nullopt;
  }
  advisory_unlock("-1");
  return id;
}

value::Diagnostics PgBackend::advisory_unlock(const std::string& key) {
  const std::string sql = "SELECT pg_advisory_unlock(" + std::to_string(std::stoll(key)) + ")";
  Result r(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    return error("Error releasing the state lock",
                 std::string("Error message: ") + PQresultErrorMessage(r.get()));
  }
  return {};
}

// Who holds the advisory lock of workspace `name` (its row id; -1, the creation lock, when
// `creation` or there is no row), when the server shows it.
std::string PgBackend::holder_of(const std::string& name, bool creation) {
  const std::string sql =
      "WITH k AS (SELECT CASE WHEN $2 THEN -1 ELSE coalesce((SELECT id FROM " + table() +
      " WHERE name = $1), -1) END::bigint AS k) "
      "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'), "
      "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
      "FROM k, pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.pid <> pg_backend_pid() "
      "AND l.classid::bigint = ((k.k >> 32) & 4294967295) "
      "AND l.objid::bigint = (k.k & 4294967295) "
      "ORDER BY a.pid LIMIT 1";
  const char* params[] = {name.c_str(), creation ? "true" : "false"};
  Result r(PQexecParams(conn_, sql.c_str(), 2, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) == 0) return {};
  std::string who = std::string("The lock is held by the PostgreSQL session of server process ") +
                    PQgetvalue(r.get(), 0, 0);
  const std::string app = PQgetvalue(r.get(), 0, 1);
  if (!app.empty()) who += " (" + app + ")";
  who += std::string(", client ") + PQgetvalue(r.get(), 0, 2) + ", connected since " +
         PQgetvalue(r.get(), 0, 3) + " UTC. It ends when that connection does.\n";
  return who;
}

value::Diagnostics PgBackend::lock(const std::string& operation, std::chrono::milliseconds timeout,
                                   const std::string& info) {
  std::lock_guard<std::mutex> guard(mutex_);
  value::Diagnostics d;
  if (lock_key_) {
    d.add(Diagnostic::error("Error acquiring the state lock",
                            "Error message: workspace \"" + options_.workspace +
                                "\" is already locked by this backend"));
    return d;
  }
  lock_info_ = LockInfo::create(operation, options_.terraform_version, info);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto delay = std::chrono::milliseconds(100);
  for (;;) {
    std::string why;
    auto key = try_lock(options_.workspace, why, d);
    if (d.has_errors()) return d;
    if (key) {
      lock_key_ = key;
      lock_info_.path = *key;
      return d;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      LockInfo shown = lock_info_;
      shown.pid = 0;
      d.add(Diagnostic::error(
          "Error acquiring the state lock",
          "Error message: " + why + "\n" + shown.to_string() + "\n" +
              holder_of(options_.workspace, why.find("creation") != std::string::npos) +
              "\nfgform acquires a state lock to protect the state from being written\n"
              "by multiple users at the same time. Please resolve the issue above and try\n"
              "again. For most commands, you can disable locking with the \"-lock=false\"\n"
              "flag, but this is not recommended."));
      return d;
    }
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        delay, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

value::Diagnostics PgBackend::unlock() {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!lock_key_) return {};
  value::Diagnostics d = advisory_unlock(*lock_key_);
  lock_key_.reset();
  return d;
}

value::Decoded<bool> PgBackend::has_state_row(const std::string& name) {
  value::Decoded<bool> out;
  const std::string sql = "SELECT 1 FROM " + table() + " WHERE name = $1";
  const char* params[] = {name.c_str()};
  std::lock_guard<std::mutex> guard(mutex_);
  Result r(PQexecParams(conn_, sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    out.diagnostics = error("Failed to load state", PQresultErrorMessage(r.get()));
    return out;
  }
  out.value = PQntuples(r.get()) > 0;
  return out;
}

value::Decoded<State> PgBackend::load() {
  value::Decoded<State> out;
  std::lock_guard<std::mutex> guard(mutex_);
  const std::string sql = "SELECT data FROM " + table() + " WHERE name = $1";
  const char* params[] = {options_.workspace.c_str()};
  Result r(PQexecParams(conn_, sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    out.diagnostics = error("Failed to load state", PQresultErrorMessage(r.get()));
    return out;
  }
  const std::string data =
      PQntuples(r.get()) > 0 && !PQgetisnull(r.get(), 0, 0) ? PQgetvalue(r.get(), 0, 0) : "";
  auto parsed = parse_state(data, describe());
  out.diagnostics.append(parsed.diagnostics);
  if (!parsed.ok()) return out;
  out.value = std::move(parsed.value);
  if (out.value.lineage.empty()) {
    persisted_.reset();
    out.value.lineage = new_uuid();
  } else {
    persisted_ = out.value;
  }
  working_ = out.value;
  return out;
}

value::Diagnostics PgBackend::put(const std::string& name, const std::string& data) {
  const std::string t = kStatesTable;
  const std::string sql = "INSERT INTO " + table() +
                          " (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = "
                          "$2 WHERE " +
                          t + ".name = $1";
  const char* params[] = {name.c_str(), data.c_str()};
  Result r(PQexecParams(conn_, sql.c_str(), 2, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    return error("Failed to save state", std::string("Error writing the state to PostgreSQL: ") +
                                             PQresultErrorMessage(r.get()));
  }
  return {};
}

// Called with mutex_ held.
value::Diagnostics PgBackend::persist_working() {
  State& s = *working_;
  s.terraform_version = options_.terraform_version;
  const bool same_lineage = persisted_ && persisted_->lineage == s.lineage;
  if (!same_lineage || !s.same_content(*persisted_)) {
    s.serial = std::max(s.serial, persisted_ ? persisted_->serial : 0) + 1;
  } else {
    s.serial = std::max(s.serial, persisted_->serial);
  }
  value::Diagnostics d = put(options_.workspace, write_state(s));
  if (!d.has_errors()) persisted_ = s;
  return d;
}

value::Diagnostics PgBackend::write(State& state) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (state.lineage.empty()) state.lineage = new_uuid();
  working_ = state;
  value::Diagnostics d = persist_working();
  if (!d.has_errors()) state = *working_;
  return d;
}

value::Diagnostics PgBackend::persist_instance(const AbsResourceInstance& addr,
                                               const InstanceObject* object,
                                               const std::string& provider,
                                               const std::string& deposed_key) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!working_) return not_loaded();
  if (object && deposed_key.empty()) working_->set(addr, *object, provider);
  if (object && !deposed_key.empty()) working_->set_deposed(addr, deposed_key, *object, provider);
  if (!object && deposed_key.empty()) working_->remove(addr);
  if (!object && !deposed_key.empty()) working_->remove_deposed(addr, deposed_key);
  return persist_working();
}

value::Diagnostics PgBackend::persist_output(const std::string& name, const OutputValue* output) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!working_) return not_loaded();
  if (output) {
    working_->outputs[name] = *output;
  } else {
    working_->outputs.erase(name);
  }
  return persist_working();
}

value::Diagnostics PgBackend::persist_created(const AbsResourceInstance& addr,
                                              const InstanceObject& object,
                                              const std::string& provider) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!working_) return not_loaded();
  working_->set(addr, object, provider);
  working_->pending_creates.erase(addr.to_string());
  return persist_working();
}

value::Diagnostics PgBackend::persist_pending_create(const AbsResourceInstance& addr,
                                                     const PendingCreate* pending) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!working_) return not_loaded();
  if (pending) {
    working_->pending_creates[addr.to_string()] = *pending;
  } else {
    working_->pending_creates.erase(addr.to_string());
  }
  return persist_working();
}

value::Decoded<std::vector<std::string>> PgBackend::workspaces() {
  value::Decoded<std::vector<std::string>> out;
  std::lock_guard<std::mutex> guard(mutex_);
  const std::string sql = "SELECT name FROM " + table() + " WHERE name != 'default' ORDER BY name";
  Result r(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    out.diagnostics = error("Failed to list workspaces", PQresultErrorMessage(r.get()));
    return out;
  }
  out.value.push_back(kDefaultWorkspace);
  for (int i = 0; i < PQntuples(r.get()); ++i) out.value.push_back(PQgetvalue(r.get(), i, 0));
  return out;
}

value::Diagnostics PgBackend::create_workspace(const std::string& name) {
  auto existing = workspaces();
  if (existing.diagnostics.has_errors()) return existing.diagnostics;
  if (std::find(existing.value.begin(), existing.value.end(), name) != existing.value.end()) {
    return {};
  }
  // As Terraform's StateMgr: under the lock, an empty state row for the new workspace.
  std::lock_guard<std::mutex> guard(mutex_);
  value::Diagnostics d;
  std::string why;
  auto key = try_lock(name, why, d);
  if (d.has_errors()) return d;
  if (!key) {
    return error("Failed to create workspace", "failed to lock state in Postgres: " + why);
  }
  State empty = State::create(options_.terraform_version);
  empty.serial = 1;
  d.append(put(name, write_state(empty)));
  d.append(advisory_unlock(*key));
  return d;
}

value::Diagnostics PgBackend::delete_workspace(const std::string& name) {
  if (name.empty() || name == kDefaultWorkspace) {
    return error("Failed to delete workspace", "can't delete default state");
  }
  std::lock_guard<std::mutex> guard(mutex_);
  const std::string sql = "DELETE FROM " + table() + " WHERE name = $1";
  const char* params[] = {name.c_str()};
  Result r(PQexecParams(conn_, sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    return error("Failed to delete workspace", PQresultErrorMessage(r.get()));
  }
  return {};
}

}  // namespace fgform::state
