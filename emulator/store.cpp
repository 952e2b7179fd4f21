#include "store.h"

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

namespace fgform::emulator {
namespace {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_integer(int index, long long value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite step: ") +
                             sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  }
  std::string text(int column) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : "";
  }
  long long integer(int column) { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::vector<Json> collect(Statement& st) {
  std::vector<Json> out;
  while (st.step()) out.push_back(Json::parse(st.text(0)));
  return out;
}

}  // namespace

Store::Store(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec)
    throw std::runtime_error("cannot create data directory " + data_dir + ": " + ec.message());
  const std::string path = (std::filesystem::path(data_dir) / "emulator.db").string();
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL");
  // FULL: a commit survives a power cut, which is what "committed before answered" promises.
  exec("PRAGMA synchronous=FULL");
  exec(
      "CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, key TEXT NOT NULL, parent TEXT NOT "
      "NULL,"
      " body TEXT NOT NULL, PRIMARY KEY (kind, key))");
  exec("CREATE INDEX IF NOT EXISTS docs_by_parent ON docs (kind, parent)");
  exec("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
}

Store::~Store() {
  sqlite3_close(db_);
}

void Store::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(std::string("sqlite: ") + msg + " in " + sql);
  }
}

std::optional<Json> Store::get(const std::string& kind, const std::string& key) {
  Statement st(db_, "SELECT body FROM docs WHERE kind = ?1 AND key = ?2");
  st.bind(1, kind).bind(2, key);
  if (!st.step()) return std::nullopt;
  return Json::parse(st.text(0));
}

void Store::put(const std::string& kind, const std::string& key, const std::string& parent,
                const Json& doc) {
  Statement st(
      db_,
      "INSERT INTO docs (kind, key, parent, body) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (kind, key) DO UPDATE SET parent = excluded.parent, body = excluded.body");
  st.bind(1, kind).bind(2, key).bind(3, parent).bind(4, doc.dump());
  st.step();
}

bool Store::erase(const std::string& kind, const std::string& key) {
  Statement st(db_, "DELETE FROM docs WHERE kind = ?1 AND key = ?2");
  st.bind(1, kind).bind(2, key);
  st.step();
  return sqlite3_changes(db_) > 0;
}

void Store::erase_children(const std::string& kind, const std::string& parent) {
  Statement st(db_, "DELETE FROM docs WHERE kind = ?1 AND parent = ?2");
  st.bind(1, kind).bind(2, parent);
  st.step();
}

std::vector<Json> Store::list(const std::string& kind, const std::string& parent) {
  Statement st(db_, "SELECT body FROM docs WHERE kind = ?1 AND parent = ?2 ORDER BY rowid");
  st.bind(1, kind).bind(2, parent);
  return collect(st);
}

std::vector<Json> Store::list_page(const std::string& kind, const std::string& parent, long offset,
                                   long limit) {
  Statement st(db_,
               "SELECT body FROM docs WHERE kind = ?1 AND parent = ?2 ORDER BY rowid "
               "LIMIT ?3 OFFSET ?4");
  st.bind(1, kind).bind(2, parent).bind_integer(3, limit).bind_integer(4, offset);
  return collect(st);
}

std::vector<Json> Store::list_page_fields(const std::string& kind, const std::string& parent,
                                          long offset, long limit,
                                          const std::vector<std::string>& fields) {
  // `body -> path` is the field's JSON text (SQLite 3.38 and later), NULL when it is absent.
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < fields.size(); ++i)
    sql += (i ? ", body -> ?" : "body -> ?") + std::to_string(5 + i);
  if (fields.empty()) sql += "NULL";
  sql += " FROM docs WHERE kind = ?1 AND parent = ?2 ORDER BY rowid LIMIT ?3 OFFSET ?4";
  Statement st(db_, sql.c_str());
  st.bind(1, kind).bind(2, parent).bind_integer(3, limit).bind_integer(4, offset);
  for (std::size_t i = 0; i < fields.size(); ++i)
    st.bind(static_cast<int>(5 + i), "$.\"" + fields[i] + "\"");
  std::vector<Json> out;
  while (st.step()) {
    Json doc = Json::object();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string text = st.text(static_cast<int>(i));
      if (!text.empty()) doc[fields[i]] = Json::parse(text);
    }
    out.push_back(std::move(doc));
  }
  return out;
}

std::vector<Json> Store::list_all(const std::string& kind) {
  Statement st(db_, "SELECT body FROM docs WHERE kind = ?1 ORDER BY rowid");
  st.bind(1, kind);
  return collect(st);
}

std::vector<Json> Store::list_all_page(const std::string& kind, long offset, long limit) {
  Statement st(db_, "SELECT body FROM docs WHERE kind = ?1 ORDER BY rowid LIMIT ?2 OFFSET ?3");
  st.bind(1, kind).bind_integer(2, limit).bind_integer(3, offset);
  return collect(st);
}

long Store::count_all(const std::string& kind) {
  Statement st(db_, "SELECT COUNT(*) FROM docs WHERE kind = ?1");
  st.bind(1, kind);
  st.step();
  return static_cast<long>(st.integer(0));
}

long Store::count(const std::string& kind, const std::string& parent) {
  Statement st(db_, "SELECT COUNT(*) FROM docs WHERE kind = ?1 AND parent = ?2");
  st.bind(1, kind).bind(2, parent);
  st.step();
  return static_cast<long>(st.integer(0));
}

std::optional<std::string> Store::meta(const std::string& name) {
  Statement st(db_, "SELECT value FROM meta WHERE name = ?1");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void Store::set_meta(const std::string& name, const std::string& value) {
  Statement st(db_, "INSERT OR REPLACE INTO meta (name, value) VALUES (?1, ?2)");
  st.bind(1, name).bind(2, value);
  st.step();
}

void Store::begin() {
  exec("BEGIN IMMEDIATE");
}
void Store::commit() {
  exec("COMMIT");
}
void Store::rollback() {
  exec("ROLLBACK");
}

}  // namespace fgform::emulator
