// The entries of a known map or object as a value holds them: the values in one vector, in key
// order, beside a sorted vector of their keys that is shared rather than owned. An object takes
// its keys from its type (every object of a type has the same attribute names), so an entry
// costs one value (40 bytes) and no string of its own; a map, whose keys are its data, owns
// its keys vector.
//
// A plan of 10,000 functions holds some 40,000 objects of about 80 attributes. As std::map
// nodes each entry took 112 bytes and an allocation of its own, as (key, value) pairs in one
// vector 72 bytes, and here 40 (bench/RESULTS.md).
//
// Values are immutable, so this offers std::map's read side only (iteration in key order, find,
// count, contains, at, size). Iteration yields (key, value) pairs of references. Values are
// built from a std::map (Value::Entries); a copy converts back to one for the rare caller that
// edits entries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fgform::value {

using EntryKeys = std::vector<std::string>;

template <typename V>
class FlatEntries {
 public:
  using key_type = std::string;
  using mapped_type = V;
  using value_type = std::pair<const std::string&, const V&>;
  using size_type = std::size_t;

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = FlatEntries::value_type;
    using reference = value_type;
    using difference_type = std::ptrdiff_t;
    // it->first and it->second on an iterator whose entries are made on the fly.
    struct pointer {
      value_type entry;
      const value_type* operator->() const { return &entry; }
    };

    const_iterator() = default;
    const_iterator(const std::string* key, const V* value) : key_(key), value_(value) {}

    reference operator*() const { return {*key_, *value_}; }
    pointer operator->() const { return {**this}; }
    reference operator[](difference_type n) const { return *(*this + n); }

    const_iterator& operator++() { return *this += 1; }
    const_iterator operator++(int) {
      const_iterator was = *this;
      ++*this;
      return was;
    }
    const_iterator& operator--() { return *this -= 1; }
    const_iterator operator--(int) {
      const_iterator was = *this;
      --*this;
      return was;
    }
    const_iterator& operator+=(difference_type n) {
      key_ += n;
      value_ += n;
      return *this;
    }
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return a.value_ - b.value_;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.value_ == b.value_;
    }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
      return a.value_ <=> b.value_;
    }

   private:
    const std::string* key_ = nullptr;
    const V* value_ = nullptr;
  };
  using iterator = const_iterator;

  FlatEntries() = default;
  // Takes the map's entries apart (its keys are moved, not copied); it is left empty.
  explicit FlatEntries(std::map<std::string, V>&& from) {
    auto keys = std::make_shared<EntryKeys>();
    keys->reserve(from.size());
    values_.reserve(from.size());
    while (!from.empty()) {
      auto node = from.extract(from.begin());
      keys->push_back(std::move(node.key()));
      values_.push_back(std::move(node.mapped()));
    }
    keys_ = std::move(keys);
  }
  // Values for `keys`, which are in strictly increasing order, one value per key.
  FlatEntries(std::shared_ptr<const EntryKeys> keys, std::vector<V> values)
      : keys_(std::move(keys)), values_(std::move(values)) {
    if (values_.size() != key_list().size())
      throw std::logic_error("value: entries and keys differ in number");
  }

  // A copy to edit. (std::map's hinted insert is constant time for sorted input.)
  operator std::map<std::string, V>() const {  // NOLINT(google-explicit-constructor)
    std::map<std::string, V> out;
    for (const auto& [k, v] : *this) out.emplace_hint(out.end(), k, v);
    return out;
  }

  const_iterator begin() const { return {key_list().data(), values_.data()}; }
  const_iterator end() const { return begin() + static_cast<std::ptrdiff_t>(values_.size()); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  size_type size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }

  const_iterator find(std::string_view key) const {
    const EntryKeys& keys = key_list();
    auto it = std::lower_bound(keys.begin(), keys.end(), key, &less);
    if (it == keys.end() || *it != key) return end();
    return begin() + (it - keys.begin());
  }
  bool contains(std::string_view key) const { return find(key) != end(); }
  size_type count(std::string_view key) const { return contains(key) ? 1 : 0; }
  const V& at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("value: no entry \"" + std::string(key) + "\"");
    return it->second;
  }

  friend bool operator==(const FlatEntries& a, const FlatEntries& b) {
    return (a.keys_ == b.keys_ || a.key_list() == b.key_list()) && a.values_ == b.values_;
  }

  // A copy with the values of existing entries, given by position, replaced: one vector copied
  // however many change, and the keys shared.
  FlatEntries with(std::vector<std::pair<std::size_t, V>> changes) const {
    FlatEntries out = *this;
    for (auto& [at, v] : changes) out.values_[at] = std::move(v);
    return out;
  }
  // A copy with every value replaced by `f(value)`, the keys shared.
  template <typename F>
  FlatEntries transformed(F&& f) const {
    FlatEntries out;
    out.keys_ = keys_;
    out.values_.reserve(values_.size());
    for (const V& v : values_) out.values_.push_back(f(v));
    return out;
  }

  // The values alone, in key order.
  const std::vector<V>& values() const { return values_; }
  // For Value's destructor, which takes deep values apart without recursion.
  std::vector<V>& storage() { return values_; }

 private:
  const EntryKeys& key_list() const {
    static const EntryKeys kNone;
    return keys_ ? *keys_ : kNone;
  }

  // std::string's order, deciding on the first byte without a call to memcmp where it can:
  // attribute names mostly differ there, and the lookups of planning spent a fifth of a large
  // plan's CPU in memcmp.
  static bool less(const std::string& a, std::string_view k) {
    if (!a.empty() && !k.empty() && a[0] != k[0])
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(k[0]);
    return std::string_view(a) < k;
  }

  std::shared_ptr<const EntryKeys> keys_;
  std::vector<V> values_;
};

}  // namespace fgform::value
