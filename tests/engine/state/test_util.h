// Helpers shared by the state tests: temporary directories and file access.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fgform::state::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fgform-state-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline bool exists(const std::string& path) {
  return std::filesystem::exists(path);
}

inline std::string data(const std::string& name) {
  return read_file(std::string(FGFORM_STATE_TEST_DATA) + "/" + name);
}

// All diagnostics, one per line, for assertions on wording.
template <typename Diags>
std::string text(const Diags& diags) {
  std::string out;
  for (const auto& d : diags) out += d.summary + ": " + d.detail + "\n";
  return out;
}

}  // namespace fgform::state::testing
