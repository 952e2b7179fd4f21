// The parser over whole files: every valid file of the fmt corpus (and its formatted golden)
// parses cleanly, and every file of tests/engine/hcl/corpus/invalid gives the first error its
// "# expect: <summary> @line:col" header names.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "hcl/parser.h"
#include "test_util.h"

using namespace hcltest;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("parser corpus: every fmt corpus file and golden parses without errors") {
  auto files = files_in(FGFORM_FMT_CORPUS_DIR);
  REQUIRE(files.size() >= 40);
  for (const auto& f : files) {
    INFO(f.filename().string());
    auto parsed = fgform::hcl::parse_config(read_file(f), f.filename().string());
    CHECK(summaries(parsed.diagnostics).empty());
  }
}

TEST_CASE("parser corpus: each invalid file reports its expected first error") {
  auto files = files_in(FGFORM_HCL_INVALID_CORPUS_DIR);
  REQUIRE(files.size() >= 30);
  for (const auto& f : files) {
    std::string src = read_file(f);
    const std::string header = "# expect: ";
    REQUIRE(src.rfind(header, 0) == 0);
    std::string expected = src.substr(header.size(), src.find('\n') - header.size());
    INFO(f.filename().string());
    auto parsed = fgform::hcl::parse_config(src, f.filename().string());
    auto got = summaries(parsed.diagnostics);
    REQUIRE(!got.empty());
    CHECK(got.front() == expected);
    // Every diagnostic names a place in the file, so the CLI can print a snippet.
    for (const auto& d : parsed.diagnostics) CHECK(d.range.has_value());
  }
}
