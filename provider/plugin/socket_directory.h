// The Unix socket Terraform connects to lives in a fresh private directory (mode 0700 from
// mkdtemp), so no other user can reach or replace it; both go away when this object does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fgform::plugin {

class SocketDirectory {
 public:
  // Creates the directory under `temp_root` ($TMPDIR; the system default when empty). If the
  // socket path would not fit in sockaddr_un (108 bytes), falls back to the system default.
  static std::optional<SocketDirectory> create(std::string_view temp_root, std::string* error);

  SocketDirectory(SocketDirectory&& other) noexcept;
  SocketDirectory& operator=(SocketDirectory&& other) noexcept;
  SocketDirectory(const SocketDirectory&) = delete;
  SocketDirectory& operator=(const SocketDirectory&) = delete;
  ~SocketDirectory();

  const std::string& directory() const { return directory_; }
  const std::string& socket_path() const { return socket_path_; }

  // Removes the socket and the directory now; safe to call more than once.
  void remove();

 private:
  explicit SocketDirectory(std::string directory);

  std::string directory_;
  std::string socket_path_;
};

}  // namespace fgform::plugin
