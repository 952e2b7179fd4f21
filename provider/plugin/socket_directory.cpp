#include "plugin/socket_directory.h"

#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace fgform::plugin {

namespace {

constexpr std::string_view kDirectoryPattern = "/fgform-plugin-XXXXXX";
constexpr std::string_view kSocketName = "/plugin.sock";

std::size_t socket_path_length(std::string_view root) {
  return root.size() + kDirectoryPattern.size() + kSocketName.size();
}

bool fits_in_sockaddr_un(std::string_view root) {
  return socket_path_length(root) < sizeof(sockaddr_un::sun_path);
}

}  // namespace

std::optional<SocketDirectory> SocketDirectory::create(std::string_view temp_root,
                                                       std::string* error) {
  std::string root(temp_root.empty() ? std::string_view(P_tmpdir) : temp_root);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (!fits_in_sockaddr_un(root)) root = P_tmpdir;

  std::vector<char> pattern(root.begin(), root.end());
  pattern.insert(pattern.end(), kDirectoryPattern.begin(), kDirectoryPattern.end());
  pattern.push_back('\0');
  if (::mkdtemp(pattern.data()) == nullptr) {
    if (error != nullptr) {
      *error = "cannot create a private directory for the plugin socket under " + root + ": " +
               std::strerror(errno);
    }
    return std::nullopt;
  }
  return SocketDirectory(std::string(pattern.data()));
}

SocketDirectory::SocketDirectory(std::string directory)
    : directory_(std::move(directory)), socket_path_(directory_ + std::string(kSocketName)) {}

SocketDirectory::SocketDirectory(SocketDirectory&& other) noexcept
    : directory_(std::move(other.directory_)), socket_path_(std::move(other.socket_path_)) {
  other.directory_.clear();
  other.socket_path_.clear();
}

SocketDirectory& SocketDirectory::operator=(SocketDirectory&& other) noexcept {
  if (this != &other) {
    remove();
    directory_ = std::move(other.directory_);
    socket_path_ = std::move(other.socket_path_);
    other.directory_.clear();
    other.socket_path_.clear();
  }
  return *this;
}

SocketDirectory::~SocketDirectory() {
  remove();
}

void SocketDirectory::remove() {
  if (directory_.empty()) return;
  ::unlink(socket_path_.c_str());
  ::rmdir(directory_.c_str());
  directory_.clear();
  socket_path_.clear();
}

}  // namespace fgform::plugin
