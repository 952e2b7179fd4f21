// Resource and provider schemas as data: loaded from schemas/**.json (embedded in the binary at
// build time), checked against Terraform's schema rules, and the single source of the plugin's
// GetProviderSchema, the engine's type checks, validation, and the docs.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "value/codec.h"
#include "value/diagnostics.h"
#include "value/type.h"
#include "value/value.h"

namespace re2 {
class RE2;
}

namespace fgform::schema {

// Checks an attribute's value beyond its type. Unknown values are never checked.
struct Validation {
  std::vector<value::Value> one_of;   // allowed values
  std::vector<value::Value> none_of;  // refused values (reserved names)
  std::optional<value::Number> min;  // numbers: inclusive bounds
  std::optional<value::Number> max;
  std::optional<std::size_t> min_length;  // strings (characters) and collections (elements)
  std::optional<std::size_t> max_length;
  std::string regex;          // strings must match the whole pattern (RE2 syntax, as Go's regexp)
  std::string regex_message;  // what the pattern means, for people
  // `regex` compiled once when the schema is loaded (validation runs per attribute per resource
  // instance, so compiling there cost a tenth of a 10,000-function plan). Null when `regex` is
  // empty or the Validation was built in code; validate.cpp then compiles it on use.
  std::shared_ptr<const re2::RE2> pattern;
  std::string format;         // named check: "cron", "timer_rate", "json", "json_object", "cidr"

  bool empty() const;
};

struct Attribute {
  std::string name;
  value::Type type = value::Type::string();
  std::string description;
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool force_new = false;  // a change replaces the object
  bool deprecated = false;
  // A computed value the platform renews on every change of the object (e.g. last_modified):
  // planned as unknown whenever anything else changes.
  bool changes_on_update = false;
  // A computed-only value whose change outside the engine is drift worth reporting (the
  // platform's code digest). Other computed-only attributes (ids, timestamps) are noise to
  // `fgform drift`.
  bool reports_drift = false;
  // The platform never answers it (a password): reads keep the known value. After an import the
  // state has none, so setting it is planned in place even when `force_new`: the resource sends
  // it back for the platform to check instead of replacing the object.
  bool not_returned = false;
  std::optional<value::Value> default_value;  // planned when the config leaves it null
  Validation validation;
};

enum class Nesting { kSingle, kList, kSet, kMap, kGroup };

struct NestedBlock;

struct Block {
  std::string description;
  std::vector<Attribute> attributes;  // in declaration order (docs follow it)
  std::vector<NestedBlock> blocks;

  const Attribute* attribute(const std::string& name) const;
  const NestedBlock* block(const std::string& name) const;
  // The object type Terraform derives from the block (tfplugin-protocol.md §4.3).
  value::Type implied_type() const;
  // Computes the implied types of this block and its nested blocks once and keeps them: every
  // plan, read and codec call asks for them. Only before the block is shared between threads.
  void cache_implied_types();

 private:
  std::optional<value::Type> implied_;
};

struct NestedBlock {
  std::string name;
  Nesting nesting = Nesting::kList;
  int min_items = 0;
  int max_items = 0;  // 0 = no limit
  bool force_new = false;
  Block block;
};

enum class SchemaKind { kProvider, kResource, kDataSource };

struct Schema {
  SchemaKind kind = SchemaKind::kResource;
  std::string type_name;  // functiongraph_function; "functiongraph" for the provider
  std::int64_t version = 0;
  std::string description;
  std::string import_id;  // how `terraform import` IDs look, for the docs
  std::string example;    // HCL shown in the docs (and tested)
  // False while the schema is written but its resource module is not: docs say so and the
  // provider does not offer the type.
  bool available = true;
  Block block;
};

// Parses one schema file. `source` names it in diagnostics.
value::Decoded<std::optional<Schema>> parse_schema(const std::string& json_text,
                                                   const std::string& source);

// Terraform's InternalValidate rules plus ours (names, flag combinations, nesting limits).
value::Diagnostics check_schema(const Schema& schema);

std::string nesting_name(Nesting n);

}  // namespace fgform::schema
