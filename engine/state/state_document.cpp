#include "state/state_document.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace fgform::state {
namespace {

using nlohmann::json;

// nlohmann's DOM builder, plus the compaction of instance attributes. Containers are filled in
// place through a stack of pointers: a child is complete before its parent grows again, so no
// pointer on the stack is invalidated.
class Builder : public nlohmann::json_sax<json> {
 public:
  explicit Builder(StateDocument& doc) : doc_(doc) {}

  bool null() override { return put(nullptr); }
  bool boolean(bool v) override { return put(v); }
  bool number_integer(number_integer_t v) override { return put(v); }
  bool number_unsigned(number_unsigned_t v) override { return put(v); }
  bool number_float(number_float_t v, const string_t& /*text*/) override { return put(v); }
  bool string(string_t& v) override { return put(std::move(v)); }
  bool binary(binary_t& v) override { return put(json::binary(std::move(v))); }

  bool start_object(std::size_t /*elements*/) override { return open(json::object(), false); }
  bool key(string_t& k) override {
    levels_.back().key = std::move(k);
    return true;
  }
  bool end_object() override {
    if (is_instance_attributes()) {
      doc_.attributes.emplace_back(*stack_.back());
      *stack_.back() = json::binary({}, doc_.attributes.size() - 1);
    }
    return close();
  }
  bool start_array(std::size_t /*elements*/) override { return open(json::array(), true); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    // As json::parse reports it: the exception itself, of its own type.
    if (const auto* pe = dynamic_cast<const json::parse_error*>(&ex)) throw *pe;
    if (const auto* oor = dynamic_cast<const json::out_of_range*>(&ex)) throw *oor;
    throw json::other_error::create(0, ex.what(), nullptr);
  }

 private:
  struct Level {
    bool array = false;
    std::string key;  // objects: the key of the member being read
  };

  bool put(json v) {
    if (stack_.empty()) {
      doc_.root = std::move(v);
    } else if (levels_.back().array) {
      stack_.back()->push_back(std::move(v));
    } else {
      (*stack_.back())[levels_.back().key] = std::move(v);
    }
    return true;
  }
  json* place(json v) {
    put(std::move(v));
    if (stack_.empty()) return &doc_.root;
    if (levels_.back().array) return &stack_.back()->back();
    return &(*stack_.back())[levels_.back().key];
  }
  bool open(json container, bool array) {
    json* at = place(std::move(container));
    stack_.push_back(at);
    levels_.push_back(Level{array, {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    levels_.pop_back();
    return true;
  }
  // {"resources": [{"instances": [{"attributes": {...}}]}]}, closing the innermost object.
  bool is_instance_attributes() const {
    return levels_.size() == 6 && !levels_[0].array && levels_[0].key == "resources" &&
           levels_[1].array && !levels_[2].array && levels_[2].key == "instances" &&
           levels_[3].array && !levels_[4].array && levels_[4].key == "attributes";
  }

  StateDocument& doc_;
  std::vector<json*> stack_;
  std::vector<Level> levels_;
};

// A source read in chunks into one reused buffer.
class ChunkSource {
 public:
  explicit ChunkSource(const ReadChunk& read) : read_(read), buffer_(kChunkSize) { fill(); }
  bool at_end() const { return pos_ == len_; }
  char current() const { return buffer_[pos_]; }
  void advance() {
    if (++pos_ == len_) fill();
  }

 private:
  // Large enough that the calls to `read` cost nothing beside the parse, small enough to stay
  // in the cache.
  static constexpr std::size_t kChunkSize = 256 * 1024;
  void fill() {
    pos_ = 0;
    len_ = std::min(read_(buffer_.data(), buffer_.size()), buffer_.size());
  }
  const ReadChunk& read_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
};

// The input iterator nlohmann's parser takes (it reads one character at a time through any
// iterator of char): a position in a ChunkSource, or, default-constructed, its end.
class ChunkIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  ChunkIterator() = default;
  explicit ChunkIterator(ChunkSource* source) : source_(source) {}

  char operator*() const { return source_->current(); }
  ChunkIterator& operator++() {
    source_->advance();
    return *this;
  }
  ChunkIterator operator++(int) {
    ChunkIterator was = *this;
    ++*this;
    return was;
  }
  friend bool operator==(const ChunkIterator& a, const ChunkIterator& b) {
    return a.at_end() == b.at_end();
  }

 private:
  bool at_end() const { return source_ == nullptr || source_->at_end(); }
  ChunkSource* source_ = nullptr;
};

}  // namespace

std::optional<AttributesJson> StateDocument::take_attributes(const nlohmann::json& j) {
  if (!j.is_binary() || !j.get_binary().has_subtype()) return std::nullopt;
  const auto index = j.get_binary().subtype();
  if (index >= attributes.size()) return std::nullopt;
  return std::move(attributes[index]);
}

StateDocument parse_state_document(std::string_view text) {
  StateDocument doc;
  Builder builder(doc);
  json::sax_parse(text.begin(), text.end(), &builder);
  return doc;
}

StateDocument parse_state_document(const ReadChunk& read) {
  StateDocument doc;
  Builder builder(doc);
  ChunkSource source(read);
  json::sax_parse(ChunkIterator(&source), ChunkIterator(), &builder);
  return doc;
}

}  // namespace fgform::state
