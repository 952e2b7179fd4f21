// The emulator's persistence: JSON documents in SQLite, keyed by (kind, key), grouped by a
// parent key and kept in insertion order. The server wraps every request in one transaction,
// so a mutating request is committed before its answer leaves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace fgform::emulator {

using Json = nlohmann::json;

class Store {
 public:
  // Opens (creating if needed) DIR/emulator.db. Throws std::runtime_error with a readable
  // message when the directory or database cannot be used.
  explicit Store(const std::string& data_dir);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  std::optional<Json> get(const std::string& kind, const std::string& key);
  // Insert or replace; a replaced document keeps its place in the order.
  void put(const std::string& kind, const std::string& key, const std::string& parent,
           const Json& doc);
  bool erase(const std::string& kind, const std::string& key);
  void erase_children(const std::string& kind, const std::string& parent);
  std::vector<Json> list(const std::string& kind, const std::string& parent);
  // `limit` documents from the `offset`th on, in the same order: a page costs its own size.
  std::vector<Json> list_page(const std::string& kind, const std::string& parent, long offset,
                              long limit);
  // list_page() with only the named top-level fields of each document (those it has).
  // SQLite picks them out of the stored text, so a listing that answers with a few
  // fields does not parse whole documents: the tag listing of 10,000 functions parsed 20 MB.
  std::vector<Json> list_page_fields(const std::string& kind, const std::string& parent,
                                     long offset, long limit,
                                     const std::vector<std::string>& fields);
  std::vector<Json> list_all(const std::string& kind);
  // A page of every document of `kind`, whatever its parent.
  std::vector<Json> list_all_page(const std::string& kind, long offset, long limit);
  long count(const std::string& kind, const std::string& parent);
  long count_all(const std::string& kind);

  std::optional<std::string> meta(const std::string& name);
  void set_meta(const std::string& name, const std::string& value);

  void begin();
  void commit();
  void rollback();

 private:
  void exec(const char* sql);
  sqlite3* db_ = nullptr;
};

}  // namespace fgform::emulator
