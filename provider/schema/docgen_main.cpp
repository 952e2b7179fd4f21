// fgform-docgen: writes docs/ from the schemas, or with --check reports docs that are stale.
//   fgform-docgen DOCS_DIR          rewrite the generated pages
//   fgform-docgen --check DOCS_DIR  exit 1 and name each page that differs
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "docgen.h"
#include "fgform_version.h"

namespace {

constexpr const char* kUsage = R"(usage: fgform-docgen [--check] [--] DOCS_DIR

Writes the generated reference pages (index.md, resources/, data-sources/) into DOCS_DIR from
the built-in schemas. Other files in DOCS_DIR are left alone.

  --check      write nothing; exit 1 and name each generated page that differs from DOCS_DIR
  --help, -h   show this text
  --version    show the version
  --           end of flags: the next argument is DOCS_DIR even if it starts with '-'

Exit status: 0 on success, 1 on stale pages (with --check), bad arguments or schema errors.
)";

int usage_error(const std::string& message) {
  std::cerr << "fgform-docgen: " << message << "\n" << kUsage;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  bool check = false;
  bool flags_done = false;
  std::string dir_arg;
  bool have_dir = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!flags_done && arg.size() > 1 && arg.front() == '-') {
      if (arg == "--") {
        flags_done = true;
      } else if (arg == "--help" || arg == "-help" || arg == "-h") {
        std::cout << kUsage;
        return 0;
      } else if (arg == "--version" || arg == "-version") {
        std::cout << "fgform-docgen " << fgform::kVersion << "\n";
        return 0;
      } else if (arg == "--check" || arg == "-check") {
        check = true;
      } else {
        return usage_error("unknown flag " + std::string(arg));
      }
      continue;
    }
    if (have_dir)
      return usage_error("more than one DOCS_DIR given: " + dir_arg + " and " + std::string(arg));
    dir_arg = arg;
    have_dir = true;
  }
  if (!have_dir) return usage_error("DOCS_DIR is missing");

  const auto& registry = fgform::schema::Registry::builtin();
  if (!registry.diagnostics().empty()) {
    for (const auto& d : registry.diagnostics()) std::cerr << d.to_string() << "\n";
    return 1;
  }
  const fs::path dir = dir_arg;
  int stale = 0;
  for (const auto& [relative, text] : fgform::schema::render_docs(registry)) {
    const fs::path file = dir / relative;
    if (check) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream current;
      current << in.rdbuf();
      if (!in || current.str() != text) {
        std::cerr << "stale: " << file.string() << " (run fgform-docgen " << dir.string() << ")\n";
        ++stale;
      }
      continue;
    }
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  return stale == 0 ? 0 : 1;
}
