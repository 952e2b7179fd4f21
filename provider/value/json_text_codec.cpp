#include "json_text_codec.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fgform::value {
namespace {

using Json = nlohmann::json;

// Thrown by the handler where from_json takes over: the input is not what the fast path reads.
struct TakeTheTreePath {};

// from_json's nesting limit: past it the tree path reports the error.
constexpr std::size_t kMaxDepth = 256;

class Decoder : public nlohmann::json_sax<Json> {
 public:
  Decoder(const Type& type, JsonDecodeOptions options) : root_type_(type), options_(options) {}

  Value take_result() { return std::move(result_); }

  bool null() override {
    if (skip_scalar()) return true;
    return deliver(Value::null(expected()));
  }
  bool boolean(bool v) override {
    if (skip_scalar()) return true;
    if (expected().kind() != Type::Kind::kBool) throw TakeTheTreePath{};
    return deliver(Value::boolean(v));
  }
  bool number_integer(number_integer_t v) override {
    if (skip_scalar()) return true;
    return deliver_number(Number::from_int(v));
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (skip_scalar()) return true;
    return deliver_number(Number::parse(std::to_string(v)));
  }
  bool number_float(number_float_t v, const string_t& /*text*/) override {
    if (skip_scalar()) return true;
    return deliver_number(Number::from_double(v));
  }
  bool string(string_t& v) override {
    if (skip_scalar()) return true;
    const Type& t = expected();
    // Copied, not moved: the parser's buffer has grown by doubling, and a value kept for the
    // whole plan would keep its spare room.
    if (t.kind() == Type::Kind::kString) return deliver(Value::string(std::string(v)));
    if (t.kind() == Type::Kind::kNumber) return deliver_number(Number::parse(v));
    throw TakeTheTreePath{};
  }
  bool binary(binary_t& /*v*/) override { throw TakeTheTreePath{}; }

  bool start_object(std::size_t /*elements*/) override {
    if (skip_open()) return true;
    const Type& t = expected();
    if (t.kind() != Type::Kind::kObject && t.kind() != Type::Kind::kMap) throw TakeTheTreePath{};
    open(t);
    return true;
  }
  bool key(string_t& k) override {
    if (skipping_ > 0) return true;
    Frame& f = frames_.back();
    if (f.type->kind() == Type::Kind::kMap) {
      f.child = &f.type->element();
    } else if (auto at = f.type->attributes().find(k); at != f.type->attributes().end()) {
      f.child = &at->second;
    } else if (options_.ignore_undefined_attributes) {
      skip_next_ = true;
    } else {
      throw TakeTheTreePath{};  // from_json names the unsupported attribute
    }
    f.key = std::move(k);
    return true;
  }
  bool end_object() override {
    if (skip_close()) return true;
    Frame f = close();
    if (f.type->kind() == Type::Kind::kObject) {
      return deliver(Value::object(*f.type, std::move(f.entries)));
    }
    return deliver(Value::map(f.type->element(), std::move(f.entries)));
  }
  bool start_array(std::size_t /*elements*/) override {
    if (skip_open()) return true;
    const Type& t = expected();
    if (t.kind() != Type::Kind::kList && t.kind() != Type::Kind::kSet &&
        t.kind() != Type::Kind::kTuple) {
      throw TakeTheTreePath{};
    }
    open(t);
    return true;
  }
  bool end_array() override {
    if (skip_close()) return true;
    Frame f = close();
    switch (f.type->kind()) {
      case Type::Kind::kTuple:
        if (f.items.size() != f.type->elements().size()) throw TakeTheTreePath{};
        return deliver(Value::tuple(std::move(f.items)));
      case Type::Kind::kList:
        return deliver(Value::list(f.type->element(), std::move(f.items)));
      default:
        return deliver(Value::set(f.type->element(), std::move(f.items)));
    }
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    throw TakeTheTreePath{};  // json::parse on the tree path throws what the caller expects
  }

 private:
  // A map, object, list, set or tuple being read.
  struct Frame {
    const Type* type = nullptr;
    const Type* child = nullptr;  // maps and objects: the type of the member being read
    std::string key;
    Value::Entries entries;
    Value::Elements items;
  };

  // The type the next value must have.
  const Type& expected() const {
    if (frames_.empty()) return root_type_;
    const Frame& f = frames_.back();
    switch (f.type->kind()) {
      case Type::Kind::kMap:
      case Type::Kind::kObject:
        return *f.child;
      case Type::Kind::kTuple:
        if (f.items.size() >= f.type->elements().size()) throw TakeTheTreePath{};
        return f.type->elements()[f.items.size()];
      default:
        return f.type->element();
    }
  }

  void open(const Type& t) {
    if (frames_.size() >= kMaxDepth) throw TakeTheTreePath{};
    frames_.push_back(Frame{&t, nullptr, {}, {}, {}});
  }
  Frame close() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    return f;
  }

  bool deliver(Value v) {
    if (frames_.empty()) {
      result_ = std::move(v);
      return true;
    }
    Frame& f = frames_.back();
    if (f.type->kind() == Type::Kind::kMap || f.type->kind() == Type::Kind::kObject) {
      f.entries[f.key] = std::move(v);  // a repeated key: the last wins, as in the tree
    } else {
      f.items.push_back(std::move(v));
    }
    return true;
  }
  bool deliver_number(std::optional<Number> n) {
    if (expected().kind() != Type::Kind::kNumber || !n) throw TakeTheTreePath{};
    return deliver(Value::number(std::move(*n)));
  }

  // An attribute the type does not have, with ignore_undefined_attributes: its value, however
  // deep, is read and dropped. skip_next_: the next value is the one to drop; skipping_: how
  // many of its containers are open.
  bool skip_scalar() {
    if (skipping_ > 0) return true;
    if (!skip_next_) return false;
    skip_next_ = false;
    return true;
  }
  bool skip_open() {
    if (skipping_ == 0 && !skip_next_) return false;
    skip_next_ = false;
    ++skipping_;
    return true;
  }
  bool skip_close() {
    if (skipping_ == 0) return false;
    --skipping_;
    return true;
  }

  const Type& root_type_;
  JsonDecodeOptions options_;
  std::vector<Frame> frames_;
  Value result_;
  bool skip_next_ = false;
  int skipping_ = 0;
};

}  // namespace

Decoded<Value> from_json_text(std::string_view text, const Type& type, JsonDecodeOptions options) {
  // A dynamic part needs its "type" before its value can be read, and JSON puts no order on
  // keys: the handler accepts no value where a dynamic one is expected (but null, which decodes
  // alike on both paths), so such text takes the tree path.
  Decoder decoder(type, options);
  try {
    if (Json::sax_parse(text.begin(), text.end(), &decoder)) {
      return Decoded<Value>{decoder.take_result(), {}};
    }
  } catch (const TakeTheTreePath&) {
  }
  return from_json(Json::parse(text.begin(), text.end()), type, options);
}

}  // namespace fgform::value
