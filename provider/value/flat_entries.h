// The entries of a known map or object as a value holds them: one sorted vector of (key, value)
// pairs instead of a tree node per entry. A plan of 10,000 functions holds some 40,000 objects
// of about 80 attributes; as std::map nodes each entry took 112 bytes and an allocation of its
// own, here it takes 72 bytes in one allocation per object (bench/RESULTS.md).
//
// Values are immutable, so this offers std::map's read side only (iteration in key order, find,
// count, contains, at, size). Values are built from a std::map (Value::Entries); a copy converts
// back to one for the rare caller that edits entries.
#pragma once

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fgform::value {

template <typename V>
class FlatEntries {
 public:
  using key_type = std::string;
  using mapped_type = V;
  using value_type = std::pair<std::string, V>;
  using const_iterator = typename std::vector<value_type>::const_iterator;
  using iterator = const_iterator;
  using size_type = std::size_t;

  FlatEntries() = default;
  // Takes the map's entries apart (its keys are moved, not copied); it is left empty.
  explicit FlatEntries(std::map<std::string, V>&& from) {
    items_.reserve(from.size());
    while (!from.empty()) {
      auto node = from.extract(from.begin());
      items_.emplace_back(std::move(node.key()), std::move(node.mapped()));
    }
  }
  // For entries already in strictly increasing key order.
  static FlatEntries from_sorted(std::vector<value_type> items) {
    FlatEntries out;
    out.items_ = std::move(items);
    return out;
  }

  // A copy to edit. (std::map's range constructor is linear for sorted input.)
  operator std::map<std::string, V>() const {  // NOLINT(google-explicit-constructor)
    return std::map<std::string, V>(items_.begin(), items_.end());
  }

  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  const_iterator cbegin() const { return items_.begin(); }
  const_iterator cend() const { return items_.end(); }
  size_type size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

  const_iterator find(std::string_view key) const {
    auto it = std::lower_bound(items_.begin(), items_.end(), key, &less);
    return it != items_.end() && it->first == key ? it : items_.end();
  }
  bool contains(std::string_view key) const { return find(key) != end(); }
  size_type count(std::string_view key) const { return contains(key) ? 1 : 0; }
  const V& at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("value: no entry \"" + std::string(key) + "\"");
    return it->second;
  }

  friend bool operator==(const FlatEntries& a, const FlatEntries& b) {
    return a.items_ == b.items_;
  }

  // A copy with the values of existing entries, given by position, replaced: one vector copied
  // however many change, where a round trip through std::map allocated a node per entry and
  // sorted them again.
  FlatEntries with(std::vector<std::pair<std::size_t, V>> changes) const {
    FlatEntries out;
    out.items_ = items_;
    for (auto& [at, v] : changes) out.items_[at].second = std::move(v);
    return out;
  }

  // For Value's destructor, which takes deep values apart without recursion.
  std::vector<value_type>& storage() { return items_; }

 private:
  // std::string's order, deciding on the first byte without a call to memcmp where it can:
  // attribute names mostly differ there, and the lookups of planning spent a fifth of a large
  // plan's CPU in memcmp.
  static bool less(const value_type& e, std::string_view k) {
    const std::string& a = e.first;
    if (!a.empty() && !k.empty() && a[0] != k[0])
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(k[0]);
    return std::string_view(a) < k;
  }

  std::vector<value_type> items_;
};

}  // namespace fgform::value
