#include "type.h"

#include <algorithm>

namespace fgform::value {

struct Type::Node {
  Kind kind;
  std::vector<Type> elements;              // list/set/map: one; tuple: all
  std::map<std::string, Type> attributes;  // object
  int depth = 0;
  // An object's attribute names, which its values share as their keys (flat_entries.h).
  std::shared_ptr<const std::vector<std::string>> names;
};

// Nodes are made non-const (and shared as const), so the destructor below, as their sole owner,
// may take their children apart.
Type Type::make(Kind kind, std::vector<Type> elements, std::map<std::string, Type> attributes) {
  int depth = 0;
  if (kind != Kind::kString && kind != Kind::kNumber && kind != Kind::kBool &&
      kind != Kind::kDynamic) {
    int deepest = 0;
    for (const auto& e : elements) deepest = std::max(deepest, e.depth());
    for (const auto& [name, t] : attributes) deepest = std::max(deepest, t.depth());
    depth = deepest + 1;
  }
  std::shared_ptr<const std::vector<std::string>> names;
  if (kind == Kind::kObject) {
    auto list = std::make_shared<std::vector<std::string>>();
    list->reserve(attributes.size());
    for (const auto& [name, t] : attributes) list->push_back(name);
    names = std::move(list);
  }
  return Type(std::make_shared<Node>(
      Node{kind, std::move(elements), std::move(attributes), depth, std::move(names)}));
}

// The primitive types are shared: every string value used to carry a node of its own, a tenth
// of the memory of a 10,000-function plan, and comparing shared nodes stops at the pointer.
// They are also never freed, so their copies hold a pointer that owns nothing: copying and
// destroying one is then free of the atomic reference count, which every thread making values
// used to contend on (Type's destructor was 7% of a 10,000-function plan's CPU).
Type Type::immortal(const Node& node) {
  return Type(std::shared_ptr<const Node>(std::shared_ptr<const Node>(), &node));
}
Type Type::string() {
  static const Node node{Kind::kString, {}, {}, 0, nullptr};
  return immortal(node);
}
Type Type::number() {
  static const Node node{Kind::kNumber, {}, {}, 0, nullptr};
  return immortal(node);
}
Type Type::boolean() {
  static const Node node{Kind::kBool, {}, {}, 0, nullptr};
  return immortal(node);
}
Type Type::dynamic() {
  static const Node node{Kind::kDynamic, {}, {}, 0, nullptr};
  return immortal(node);
}
// Collections of a primitive (or dynamic) element are shared and immortal too: every list value
// makes its type, and a 10,000-function plan made 180,000 lists of strings.
Type Type::collection(Kind kind, Type element) {
  const Kind e = element.kind();
  if (!element.is_primitive() && e != Kind::kDynamic) return make(kind, {std::move(element)}, {});
  auto shared = [](Kind k, Type el) {
    return new Node{k, {std::move(el)}, {}, 1, nullptr};  // never freed, as the primitives
  };
  static const Node* const kNodes[3][4] = {
      {shared(Kind::kList, string()), shared(Kind::kList, number()), shared(Kind::kList, boolean()),
       shared(Kind::kList, dynamic())},
      {shared(Kind::kSet, string()), shared(Kind::kSet, number()), shared(Kind::kSet, boolean()),
       shared(Kind::kSet, dynamic())},
      {shared(Kind::kMap, string()), shared(Kind::kMap, number()), shared(Kind::kMap, boolean()),
       shared(Kind::kMap, dynamic())},
  };
  const int row = kind == Kind::kList ? 0 : (kind == Kind::kSet ? 1 : 2);
  const int column = e == Kind::kString ? 0 : (e == Kind::kNumber ? 1 : (e == Kind::kBool ? 2 : 3));
  return immortal(*kNodes[row][column]);
}
Type Type::list(Type element) {
  return collection(Kind::kList, std::move(element));
}
Type Type::set(Type element) {
  return collection(Kind::kSet, std::move(element));
}
Type Type::map(Type element) {
  return collection(Kind::kMap, std::move(element));
}
Type Type::object(std::map<std::string, Type> attributes) {
  return make(Kind::kObject, {}, std::move(attributes));
}
Type Type::tuple(std::vector<Type> elements) {
  return make(Kind::kTuple, std::move(elements), {});
}

// The default destructor would recurse once per nesting level (node, vector, type, node...),
// which a deep enough type turns into a stack overflow. Shallow types go the ordinary way; a
// deep one whose node this is the last owner of is taken apart with a work list: every child
// node it alone owns is moved out before its parent is freed, so no destructor meets more than
// a shallow tree.
Type::~Type() {
  constexpr int kShallow = 32;
  if (!node_ || node_->depth < kShallow || node_.use_count() != 1) return;
  std::vector<std::shared_ptr<const Node>> pending;
  pending.push_back(std::move(node_));
  while (!pending.empty()) {
    std::shared_ptr<const Node> node = std::move(pending.back());
    pending.pop_back();
    auto& owned = const_cast<Node&>(*node);  // sole owner: nobody else can see it
    auto detach = [&pending](Type& child) {
      if (child.node_ && child.node_->depth >= kShallow && child.node_.use_count() == 1) {
        pending.push_back(std::move(child.node_));
      }
    };
    for (auto& e : owned.elements) detach(e);
    for (auto& [name, t] : owned.attributes) detach(t);
  }
}

int Type::depth() const {
  return node_->depth;
}

Type::Kind Type::kind() const {
  return node_->kind;
}
bool Type::is_primitive() const {
  return kind() == Kind::kString || kind() == Kind::kNumber || kind() == Kind::kBool;
}
bool Type::is_collection() const {
  return kind() == Kind::kList || kind() == Kind::kSet || kind() == Kind::kMap;
}
const Type& Type::element() const {
  return node_->elements.at(0);
}
const std::map<std::string, Type>& Type::attributes() const {
  return node_->attributes;
}
const std::shared_ptr<const std::vector<std::string>>& Type::attribute_names() const {
  static const std::shared_ptr<const std::vector<std::string>> kNone =
      std::make_shared<const std::vector<std::string>>();
  return node_->names ? node_->names : kNone;
}
const std::vector<Type>& Type::elements() const {
  return node_->elements;
}
bool Type::has_attribute(const std::string& name) const {
  return node_->attributes.count(name) > 0;
}

bool Type::has_dynamic() const {
  if (kind() == Kind::kDynamic) return true;
  for (const auto& e : node_->elements) {
    if (e.has_dynamic()) return true;
  }
  for (const auto& [name, t] : node_->attributes) {
    if (t.has_dynamic()) return true;
  }
  return false;
}

bool operator==(const Type& a, const Type& b) {
  if (a.node_ == b.node_) return true;
  return a.node_->kind == b.node_->kind && a.node_->elements == b.node_->elements &&
         a.node_->attributes == b.node_->attributes;
}

nlohmann::json Type::to_json() const {
  using J = nlohmann::json;
  switch (kind()) {
    case Kind::kString:
      return "string";
    case Kind::kNumber:
      return "number";
    case Kind::kBool:
      return "bool";
    case Kind::kDynamic:
      return "dynamic";
    case Kind::kList:
      return J::array({"list", element().to_json()});
    case Kind::kSet:
      return J::array({"set", element().to_json()});
    case Kind::kMap:
      return J::array({"map", element().to_json()});
    case Kind::kObject: {
      J attrs = J::object();
      for (const auto& [name, t] : attributes()) attrs[name] = t.to_json();
      return J::array({"object", attrs});
    }
    case Kind::kTuple: {
      J elems = J::array();
      for (const auto& t : elements()) elems.push_back(t.to_json());
      return J::array({"tuple", elems});
    }
  }
  return "dynamic";
}

std::optional<Type> Type::from_json(const nlohmann::json& j) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "string") return string();
    if (s == "number") return number();
    if (s == "bool") return boolean();
    if (s == "dynamic") return dynamic();
    return std::nullopt;
  }
  if (!j.is_array() || j.size() < 2 || !j[0].is_string()) return std::nullopt;
  const auto& k = j[0].get_ref<const std::string&>();
  if ((k == "list" || k == "set" || k == "map") && j.size() == 2) {
    auto e = from_json(j[1]);
    if (!e) return std::nullopt;
    return k == "list" ? list(*e) : (k == "set" ? set(*e) : map(*e));
  }
  if (k == "object" && (j.size() == 2 || j.size() == 3) && j[1].is_object()) {
    std::map<std::string, Type> attrs;
    for (auto it = j[1].begin(); it != j[1].end(); ++it) {
      auto t = from_json(it.value());
      if (!t) return std::nullopt;
      attrs.emplace(it.key(), *t);
    }
    return object(std::move(attrs));
  }
  if (k == "tuple" && j.size() == 2 && j[1].is_array()) {
    std::vector<Type> elems;
    for (const auto& e : j[1]) {
      auto t = from_json(e);
      if (!t) return std::nullopt;
      elems.push_back(*t);
    }
    return tuple(std::move(elems));
  }
  return std::nullopt;
}

std::optional<Type> Type::from_json_text(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return from_json(j);
}

std::string Type::friendly_name() const {
  switch (kind()) {
    case Kind::kString:
      return "string";
    case Kind::kNumber:
      return "number";
    case Kind::kBool:
      return "bool";
    case Kind::kDynamic:
      return "any";
    case Kind::kList:
      return "list of " + element().friendly_name();
    case Kind::kSet:
      return "set of " + element().friendly_name();
    case Kind::kMap:
      return "map of " + element().friendly_name();
    case Kind::kObject:
      return "object";
    case Kind::kTuple:
      return "tuple";
  }
  return "any";
}

}  // namespace fgform::value
