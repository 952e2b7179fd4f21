#include "file_name.h"

#include <mutex>
#include <unordered_set>

namespace fgform::value {

const std::string FileName::kEmpty;

FileName::FileName(std::string_view name) {
  if (name.empty()) return;
  // A node-based set: its strings never move, so the pointers stay valid. Leaked on purpose,
  // so ranges held by static objects stay valid during exit.
  static auto* names = new std::unordered_set<std::string>();
  static std::mutex mu;
  std::lock_guard lock(mu);
  text_ = &*names->emplace(name).first;
}

}  // namespace fgform::value
