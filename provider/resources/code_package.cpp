#include "code_package.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "cloud/crypto.h"

namespace fgform::resources {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxPackageBytes = 40u << 20;  // the platform's limit for a local ZIP

// libarchive is loaded when the first directory is packed, not when the program starts: it
// brings libxml2, ICU and a dozen compression libraries, whose loading and relocation cost every
// start of the Terraform provider (most of which never pack anything) several milliseconds.
// The headers give the signatures; the library is found by its soname.
struct LibArchive {
  // clang-format off
#define FGFORM_ARCHIVE_FUNCTIONS(X)                                                           \
  X(archive_write_new) X(archive_write_set_format_zip) X(archive_write_open_memory)           \
  X(archive_write_header) X(archive_write_data) X(archive_write_close) X(archive_write_free)  \
  X(archive_error_string) X(archive_entry_new) X(archive_entry_free)                          \
  X(archive_entry_set_pathname) X(archive_entry_set_filetype) X(archive_entry_set_perm)       \
  X(archive_entry_set_mtime) X(archive_entry_set_size)
  // clang-format on
#define FGFORM_ARCHIVE_POINTER(name) decltype(&::name) name = nullptr;
  FGFORM_ARCHIVE_FUNCTIONS(FGFORM_ARCHIVE_POINTER)
#undef FGFORM_ARCHIVE_POINTER
  std::string error;  // why it could not be loaded; empty when loaded
};

const LibArchive& libarchive() {
  static LibArchive lib;
  static std::once_flag once;
  std::call_once(once, [] {
    constexpr const char* kSoname = "libarchive.so.13";
    void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      lib.error = std::string("packing a directory needs libarchive (") + kSoname +
                  ", Debian package libarchive13), which could not be loaded: " +
                  (why != nullptr ? why : "unknown error");
      return;
    }
#define FGFORM_ARCHIVE_LOAD(name)                                        \
  lib.name = reinterpret_cast<decltype(lib.name)>(dlsym(handle, #name)); \
  if (lib.name == nullptr && lib.error.empty())                          \
    lib.error = std::string(kSoname) + " has no " #name "; is it libarchive 3?";
    FGFORM_ARCHIVE_FUNCTIONS(FGFORM_ARCHIVE_LOAD)
#undef FGFORM_ARCHIVE_LOAD
    // The handle stays open for the life of the process.
  });
  return lib;
}
#undef FGFORM_ARCHIVE_FUNCTIONS

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

}  // namespace

value::Decoded<CodePackage> load_code_package(const std::string& path) {
  value::Decoded<CodePackage> out;
  auto fail = [&](const std::string& what) {
    out.diagnostics.add(value::Diagnostic::error("Cannot read function code", path + ": " + what));
    return out;
  };
  std::error_code ec;
  const fs::path root(path);
  if (fs::is_regular_file(root, ec)) {
    if (fs::file_size(root, ec) > kMaxPackageBytes)
      return fail("larger than the platform's 40 MB limit");
    if (!read_file(root, out.value.bytes)) return fail("cannot be read");
    if (out.value.bytes.rfind("PK", 0) != 0) return fail("is not a ZIP or JAR archive");
    out.value.filename = root.filename().string();
  } else if (fs::is_directory(root, ec)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file()) files.push_back(it->path());
    }
    if (ec) return fail("cannot be listed: " + ec.message());
    if (files.empty()) return fail("is an empty directory");
    std::sort(files.begin(), files.end());
    const LibArchive& la = libarchive();
    if (!la.error.empty()) return fail(la.error);
    archive* a = la.archive_write_new();
    la.archive_write_set_format_zip(a);
    std::vector<char> buffer(kMaxPackageBytes + (1u << 20));
    std::size_t used = 0;
    la.archive_write_open_memory(a, buffer.data(), buffer.size(), &used);
    for (const auto& f : files) {
      std::string content;
      if (!read_file(f, content)) {
        la.archive_write_free(a);
        return fail(f.string() + " cannot be read");
      }
      archive_entry* e = la.archive_entry_new();
      la.archive_entry_set_pathname(e, fs::relative(f, root).generic_string().c_str());
      la.archive_entry_set_filetype(e, AE_IFREG);
      la.archive_entry_set_perm(e, 0644);
      la.archive_entry_set_mtime(e, 315532800, 0);  // 1980-01-01: the same bytes every time
      la.archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
      bool ok = la.archive_write_header(a, e) == ARCHIVE_OK &&
                la.archive_write_data(a, content.data(), content.size()) ==
                    static_cast<la_ssize_t>(content.size());
      la.archive_entry_free(e);
      if (!ok) {
        const char* error = la.archive_error_string(a);
        std::string why = error != nullptr ? error : "packing failed";
        la.archive_write_free(a);
        return fail(why);
      }
    }
    const bool closed = la.archive_write_close(a) == ARCHIVE_OK;
    la.archive_write_free(a);
    if (!closed || used > kMaxPackageBytes)
      return fail("the packed ZIP exceeds the platform's 40 MB limit");
    out.value.bytes.assign(buffer.data(), used);
    out.value.filename = "index.zip";
  } else {
    return fail("no such file or directory");
  }
  out.value.sha256 = cloud::sha256_hex(out.value.bytes);
  return out;
}

}  // namespace fgform::resources
