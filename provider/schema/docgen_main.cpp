// fgform-docgen: writes docs/ from the schemas, or with --check reports docs that are stale.
//   fgform-docgen DOCS_DIR          rewrite the generated pages
//   fgform-docgen --check DOCS_DIR  exit 1 and name each page that differs
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "docgen.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (argc != 2 && !check) {
    std::cerr << "usage: fgform-docgen [--check] DOCS_DIR\n";
    return 2;
  }
  const auto& registry = fgform::schema::Registry::builtin();
  if (!registry.diagnostics().empty()) {
    for (const auto& d : registry.diagnostics()) std::cerr << d.to_string() << "\n";
    return 1;
  }
  const fs::path dir = argv[check ? 2 : 1];
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
