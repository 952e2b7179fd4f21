#include "value.h"

#include <algorithm>
#include <stdexcept>

namespace fgform::value {
namespace {

[[noreturn]] void misuse(const char* what) {
  throw std::logic_error(std::string("value: ") + what);
}

}  // namespace

// Payloads are made non-const (and shared as const), so the destructor below, as their sole
// owner, may take their elements apart.
Value::Value(Type type, State state, std::shared_ptr<const Payload> payload)
    : type_(std::move(type)), state_(state), payload_(std::move(payload)) {
  if (!payload_) return;
  std::int32_t deepest = -1;
  if (auto* e = std::get_if<Elements>(payload_.get())) {
    deepest = 0;
    for (const auto& v : *e) deepest = std::max(deepest, v.depth_);
  } else if (auto* m = std::get_if<Fields>(payload_.get())) {
    deepest = 0;
    for (const auto& v : m->values()) deepest = std::max(deepest, v.depth_);
  }
  depth_ = deepest + 1;
}

// The default destructor would recurse once per nesting level (payload, vector or map, value,
// payload...), which a deep enough value turns into a stack overflow. Shallow values go the
// ordinary way; a deep one whose payload this is the last owner of is taken apart with a work
// list: every nested payload it alone owns is moved out before its parent is freed, so no
// destructor meets more than a shallow tree. (Its type is the Type destructor's business.)
Value::~Value() {
  constexpr std::int32_t kShallow = 32;
  if (!payload_ || depth_ < kShallow || payload_.use_count() != 1) return;
  std::vector<std::shared_ptr<const Payload>> pending;
  pending.push_back(std::move(payload_));
  while (!pending.empty()) {
    std::shared_ptr<const Payload> payload = std::move(pending.back());
    pending.pop_back();
    auto& owned = const_cast<Payload&>(*payload);  // sole owner: nobody else can see it
    auto detach = [&pending](Value& child) {
      if (child.payload_ && child.depth_ >= kShallow && child.payload_.use_count() == 1) {
        pending.push_back(std::move(child.payload_));
      }
    };
    if (auto* e = std::get_if<Elements>(&owned)) {
      for (auto& v : *e) detach(v);
    } else if (auto* m = std::get_if<Fields>(&owned)) {
      for (auto& v : m->storage()) detach(v);
    }
  }
}

Value Value::null(Type type) {
  return Value(std::move(type), State::kNull, nullptr);
}
Value Value::unknown(Type type) {
  return Value(std::move(type), State::kUnknown, nullptr);
}

Value Value::string(std::string s) {
  return Value(Type::string(), State::kKnown, std::make_shared<Payload>(std::move(s)));
}
Value Value::number(Number n) {
  return Value(Type::number(), State::kKnown, std::make_shared<Payload>(std::move(n)));
}
Value Value::boolean(bool b) {
  // Two payloads serve every boolean, never freed, so copies need no reference count (as the
  // primitive types, type.cpp): a plan of 10,000 functions made 120,000 of them.
  static const Payload kFalse{false};
  static const Payload kTrue{true};
  return Value(
      Type::boolean(), State::kKnown,
      std::shared_ptr<const Payload>(std::shared_ptr<const Payload>(), b ? &kTrue : &kFalse));
}
Value Value::list(Type element, Elements items) {
  return Value(Type::list(std::move(element)), State::kKnown,
               std::make_shared<Payload>(std::move(items)));
}
Value Value::set(Type element, Elements items) {
  std::sort(items.begin(), items.end(),
            [](const Value& a, const Value& b) { return compare(a, b) < 0; });
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return Value(Type::set(std::move(element)), State::kKnown,
               std::make_shared<Payload>(std::move(items)));
}
Value Value::map(Type element, Entries items) {
  return Value(Type::map(std::move(element)), State::kKnown,
               std::make_shared<Payload>(Fields(std::move(items))));
}
Value Value::object(Entries attributes) {
  std::map<std::string, Type> types;
  for (const auto& [name, v] : attributes) types.emplace_hint(types.end(), name, v.type());
  Type type = Type::object(std::move(types));
  Elements values;
  values.reserve(attributes.size());
  for (auto& [name, v] : attributes) values.push_back(std::move(v));
  auto fields = std::make_shared<Payload>(Fields(type.attribute_names(), std::move(values)));
  return Value(std::move(type), State::kKnown, std::move(fields));
}
Value Value::object(const Type& type, Entries attributes) {
  // Both in key order: one pass over the two.
  if (type.kind() != Type::Kind::kObject) misuse("not an object type");
  Elements full;
  full.reserve(type.attributes().size());
  auto it = attributes.begin();
  for (const auto& [name, t] : type.attributes()) {
    while (it != attributes.end() && it->first < name) ++it;
    if (it != attributes.end() && it->first == name) {
      full.push_back(std::move(it->second));
      ++it;
    } else {
      full.push_back(null(t));
    }
  }
  return Value(type, State::kKnown,
               std::make_shared<Payload>(Fields(type.attribute_names(), std::move(full))));
}
Value Value::tuple(Elements items) {
  std::vector<Type> types;
  for (const auto& v : items) types.push_back(v.type());
  return Value(Type::tuple(std::move(types)), State::kKnown,
               std::make_shared<Payload>(std::move(items)));
}

bool Value::is_wholly_known() const {
  if (is_unknown()) return false;
  if (is_null() || !payload_) return true;
  if (auto* e = std::get_if<Elements>(payload_.get())) {
    return std::all_of(e->begin(), e->end(), [](const Value& v) { return v.is_wholly_known(); });
  }
  if (auto* m = std::get_if<Fields>(payload_.get())) {
    return std::all_of(m->begin(), m->end(),
                       [](const auto& kv) { return kv.second.is_wholly_known(); });
  }
  return true;
}

Value Value::marked_sensitive(bool sensitive) const {
  Value out = *this;
  out.sensitive_ = sensitive;
  return out;
}

bool Value::contains_sensitive() const {
  if (sensitive_) return true;
  if (!payload_) return false;
  if (auto* e = std::get_if<Elements>(payload_.get())) {
    return std::any_of(e->begin(), e->end(), [](const Value& v) { return v.contains_sensitive(); });
  }
  if (auto* m = std::get_if<Fields>(payload_.get())) {
    return std::any_of(m->begin(), m->end(),
                       [](const auto& kv) { return kv.second.contains_sensitive(); });
  }
  return false;
}

Value Value::without_marks() const {
  Value out = *this;
  out.sensitive_ = false;
  // An unmarked value is returned as it is, its payload shared rather than rebuilt (the engine
  // unmarks every prior and planned object, and most have no marks inside).
  if (!payload_ || !contains_sensitive()) return out;
  if (auto* e = std::get_if<Elements>(payload_.get())) {
    Elements items;
    for (const auto& v : *e) items.push_back(v.without_marks());
    out.payload_ = std::make_shared<Payload>(std::move(items));
  } else if (auto* m = std::get_if<Fields>(payload_.get())) {
    out.payload_ =
        std::make_shared<Payload>(m->transformed([](const Value& v) { return v.without_marks(); }));
  }
  return out;
}

const std::string& Value::as_string() const {
  if (!payload_ || !std::holds_alternative<std::string>(*payload_)) misuse("not a known string");
  return std::get<std::string>(*payload_);
}
const Number& Value::as_number() const {
  if (!payload_ || !std::holds_alternative<Number>(*payload_)) misuse("not a known number");
  return std::get<Number>(*payload_);
}
bool Value::as_bool() const {
  if (!payload_ || !std::holds_alternative<bool>(*payload_)) misuse("not a known bool");
  return std::get<bool>(*payload_);
}
const Value::Elements& Value::elements() const {
  if (!payload_ || !std::holds_alternative<Elements>(*payload_))
    misuse("not a known list, set or tuple");
  return std::get<Elements>(*payload_);
}
const Value::Fields& Value::entries() const {
  if (!payload_ || !std::holds_alternative<Fields>(*payload_)) misuse("not a known map or object");
  return std::get<Fields>(*payload_);
}

Value Value::with_entry(std::string_view key, Value v) const {
  const Fields& fields = entries();
  auto it = fields.find(key);
  if (it == fields.end()) return *this;
  return with_entries({{static_cast<std::size_t>(it - fields.begin()), std::move(v)}});
}

Value Value::with_entries(std::vector<std::pair<std::size_t, Value>> changes) const {
  const Fields& fields = entries();
  if (changes.empty()) return *this;
  for (const auto& [at, v] : changes)
    if (at >= fields.size()) misuse("no entry at that position");
  Value out(type_, State::kKnown, std::make_shared<Payload>(fields.with(std::move(changes))));
  out.sensitive_ = sensitive_;
  return out;
}

Value Value::attribute(const std::string& name) const {
  if (type_.kind() != Type::Kind::kObject) misuse("no such attribute");
  // A known object holds an entry for every attribute of its type: one lookup, not three (this
  // is the innermost call of planning, validation and decoding).
  if (is_known() && !is_null()) {
    const Fields& m = entries();
    auto it = m.find(name);
    if (it == m.end()) misuse("no such attribute");
    return it->second;
  }
  const auto& types = type_.attributes();
  auto t = types.find(name);
  if (t == types.end()) misuse("no such attribute");
  return is_null() ? null(t->second) : unknown(t->second);
}

std::size_t Value::length() const {
  if (!payload_) return 0;
  if (auto* e = std::get_if<Elements>(payload_.get())) return e->size();
  if (auto* m = std::get_if<Fields>(payload_.get())) return m->size();
  if (auto* s = std::get_if<std::string>(payload_.get())) return s->size();
  return 0;
}

bool operator==(const Value& a, const Value& b) {
  return compare(a, b) == 0 && a.type_ == b.type_;
}

int compare(const Value& a, const Value& b) {
  auto rank = [](const Value& v) { return v.is_unknown() ? 2 : (v.is_null() ? 1 : 0); };
  if (rank(a) != rank(b)) return rank(a) < rank(b) ? -1 : 1;
  if (!a.payload_ || !b.payload_ || a.payload_ == b.payload_) return 0;
  if (a.payload_->index() != b.payload_->index())
    return a.payload_->index() < b.payload_->index() ? -1 : 1;
  return std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        const auto& y = std::get<T>(*b.payload_);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return 0;
        } else if constexpr (std::is_same_v<T, Number>) {
          return compare(x, y);
        } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
          return x == y ? 0 : (x < y ? -1 : 1);
        } else if constexpr (std::is_same_v<T, Value::Elements>) {
          for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (int c = compare(x[i], y[i])) return c;
          }
          return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
        } else {
          auto i = x.begin();
          auto j = y.begin();
          for (; i != x.end() && j != y.end(); ++i, ++j) {
            if (i->first != j->first) return i->first < j->first ? -1 : 1;
            if (int c = compare(i->second, j->second)) return c;
          }
          return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
        }
      },
      *a.payload_);
}

std::string Value::debug_string() const {
  if (is_unknown()) return "(unknown)";
  if (is_null()) return "null";
  std::string out;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          out = x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, Number>) {
          out = x.text();
        } else if constexpr (std::is_same_v<T, std::string>) {
          out = nlohmann::json(x).dump();
        } else if constexpr (std::is_same_v<T, Value::Elements>) {
          out = "[";
          for (std::size_t i = 0; i < x.size(); ++i) out += (i ? ", " : "") + x[i].debug_string();
          out += "]";
        } else if constexpr (std::is_same_v<T, Value::Fields>) {
          out = "{";
          bool first = true;
          for (const auto& [k, v] : x) {
            out += (first ? "" : ", ") + k + " = " + v.debug_string();
            first = false;
          }
          out += "}";
        }
      },
      *payload_);
  if (sensitive_) return "(sensitive)";
  return out;
}

}  // namespace fgform::value
