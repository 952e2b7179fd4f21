#include "code_package.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "cloud/crypto.h"

namespace fgform::resources {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxPackageBytes = 40u << 20;  // the platform's limit for a local ZIP

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
    archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    std::vector<char> buffer(kMaxPackageBytes + (1u << 20));
    std::size_t used = 0;
    archive_write_open_memory(a, buffer.data(), buffer.size(), &used);
    for (const auto& f : files) {
      std::string content;
      if (!read_file(f, content)) {
        archive_write_free(a);
        return fail(f.string() + " cannot be read");
      }
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, fs::relative(f, root).generic_string().c_str());
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_mtime(e, 315532800, 0);  // 1980-01-01: the same bytes every time
      archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
      bool ok = archive_write_header(a, e) == ARCHIVE_OK &&
                archive_write_data(a, content.data(), content.size()) ==
                    static_cast<la_ssize_t>(content.size());
      archive_entry_free(e);
      if (!ok) {
        std::string why = archive_error_string(a) ? archive_error_string(a) : "packing failed";
        archive_write_free(a);
        return fail(why);
      }
    }
    const bool closed = archive_write_close(a) == ARCHIVE_OK;
    archive_write_free(a);
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
