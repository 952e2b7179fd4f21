// Value types in the shape of go-cty: primitives, collections, structural types and the
// dynamic pseudo-type. Types are immutable and cheap to copy (shared nodes).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace fgform::value {

class Type {
 public:
  enum class Kind { kString, kNumber, kBool, kList, kSet, kMap, kObject, kTuple, kDynamic };

  static Type string();
  static Type number();
  static Type boolean();
  static Type dynamic();
  static Type list(Type element);
  static Type set(Type element);
  static Type map(Type element);
  static Type object(std::map<std::string, Type> attributes);
  static Type tuple(std::vector<Type> elements);

  // Destruction does not recurse through nested types, however deep (see type.cpp).
  ~Type();
  Type(const Type&) = default;
  Type(Type&&) noexcept = default;
  Type& operator=(const Type&) = default;
  Type& operator=(Type&&) noexcept = default;

  Kind kind() const;
  // How many collection and structural types nest here: 0 for a primitive or dynamic,
  // 1 + the deepest element or attribute type otherwise. Kept at construction, so O(1).
  int depth() const;
  bool is_primitive() const;
  bool is_collection() const;  // list, set, map
  // Element type of a list, set or map.
  const Type& element() const;
  const std::map<std::string, Type>& attributes() const;
  // An object type's attribute names in order, shared: the keys of every object of this type.
  const std::shared_ptr<const std::vector<std::string>>& attribute_names() const;
  const std::vector<Type>& elements() const;  // tuple
  bool has_attribute(const std::string& name) const;
  // The type contains a dynamic somewhere: values of it may differ in concrete type.
  bool has_dynamic() const;

  friend bool operator==(const Type& a, const Type& b);
  friend bool operator!=(const Type& a, const Type& b) { return !(a == b); }

  // cty's JSON type constraint: "string", ["list","string"], ["object",{"a":"number"}], ...
  nlohmann::json to_json() const;
  std::string to_json_text() const { return to_json().dump(); }
  static std::optional<Type> from_json(const nlohmann::json& j);
  static std::optional<Type> from_json_text(std::string_view text);

  // For messages: "string", "list of number", "object", "map of list of string".
  std::string friendly_name() const;

 private:
  struct Node;
  explicit Type(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  static Type make(Kind kind, std::vector<Type> elements, std::map<std::string, Type> attributes);
  static Type immortal(const Node& node);
  // A list, set or map type: shared when the element is primitive or dynamic.
  static Type collection(Kind kind, Type element);
  std::shared_ptr<const Node> node_;
};

}  // namespace fgform::value
