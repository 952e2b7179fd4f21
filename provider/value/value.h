// One value type for the whole product (the engine's evaluator and the plugin's decoder both
// produce it): a typed value that may be null or unknown, carrying a sensitive mark.
// Copies are cheap: the payload is shared and immutable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "flat_entries.h"
#include "number.h"
#include "type.h"

namespace fgform::value {

class Value {
 public:
  using Elements = std::vector<Value>;
  // What maps and objects are built from; a built value holds its entries as Fields.
  using Entries = std::map<std::string, Value>;
  using Fields = FlatEntries<Value>;

  Value() : Value(null(Type::dynamic())) {}
  // Destruction does not recurse through nested values, however deep (see value.cpp).
  ~Value();
  Value(const Value&) = default;
  Value(Value&&) noexcept = default;
  Value& operator=(const Value&) = default;
  Value& operator=(Value&&) noexcept = default;

  static Value null(Type type);
  static Value unknown(Type type);
  static Value string(std::string s);
  static Value number(Number n);
  static Value number(std::int64_t n) { return number(Number::from_int(n)); }
  static Value boolean(bool b);
  static Value list(Type element, Elements items);
  // Duplicates collapse and elements are kept in a canonical order.
  static Value set(Type element, Elements items);
  static Value map(Type element, Entries items);
  // The type follows the attributes' own types.
  static Value object(Entries attributes);
  // Attributes of `type` missing from `attributes` become null; extra ones are dropped.
  static Value object(const Type& type, Entries attributes);
  static Value tuple(Elements items);

  const Type& type() const { return type_; }
  bool is_null() const { return state_ == State::kNull; }
  bool is_unknown() const { return state_ == State::kUnknown; }
  bool is_known() const { return state_ != State::kUnknown; }
  // Known here and in everything inside.
  bool is_wholly_known() const;

  bool is_sensitive() const { return sensitive_; }
  Value marked_sensitive(bool sensitive = true) const;
  bool contains_sensitive() const;
  Value without_marks() const;

  // Accessors for known, non-null values of the matching kind.
  const std::string& as_string() const;
  const Number& as_number() const;
  bool as_bool() const;
  const Elements& elements() const;  // list, set, tuple
  const Fields& entries() const;     // map, object
  // An object's attribute; null of the attribute's type when the value itself is null.
  Value attribute(const std::string& name) const;
  // A known map or object with the existing entry `key` set to `v` (same type, marks of its
  // own kept); the value itself when there is no such entry. For an object, `v` must have the
  // attribute's type.
  Value with_entry(std::string_view key, Value v) const;
  // with_entry() for several entries, given by their position in entries(): one copy of the
  // entries however many change. Positions must be those of this value's entries.
  Value with_entries(std::vector<std::pair<std::size_t, Value>> changes) const;
  std::size_t length() const;
  // How many known collections and structures nest here: 0 for a primitive, null or unknown,
  // 1 + the deepest element otherwise. Kept at construction, so O(1).
  int depth() const { return depth_; }

  // Whether both are the same known content of the same type, marks aside: copies of one value,
  // or values that share it (Value::compare's shortcut). False does not mean they differ.
  bool shares_payload(const Value& other) const {
    return payload_ && payload_ == other.payload_ && state_ == other.state_ && type_ == other.type_;
  }

  // Structural equality of type, nullness, knownness and content; marks are ignored.
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }
  // A total order used to keep sets canonical.
  friend int compare(const Value& a, const Value& b);

  // A short rendering for messages and tests: "hello", 42, ["a", "b"], {a = 1}, null, (unknown).
  std::string debug_string() const;

 private:
  enum class State : std::uint8_t { kKnown, kNull, kUnknown };
  using Payload = std::variant<std::monostate, bool, Number, std::string, Elements, Fields>;

  Value(Type type, State state, std::shared_ptr<const Payload> payload);

  Type type_;
  State state_ = State::kNull;
  bool sensitive_ = false;
  std::int32_t depth_ = 0;
  std::shared_ptr<const Payload> payload_;
};

}  // namespace fgform::value
