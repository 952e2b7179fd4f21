#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fmt/diff.h"
#include "fmt/fmt_command.h"

namespace {

namespace fs = std::filesystem;

struct Run {
  int rc = 0;
  std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  Run r;
  r.rc = fgform::fmt::run_fmt(args, in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

void write(const fs::path& p, const std::string& text) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A scratch directory that is also the working directory, so listed paths are relative.
class ScratchDir {
 public:
  ScratchDir() : old_(fs::current_path()) {
    std::string tmpl = (fs::temp_directory_path() / "fmt-test-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    dir_ = ::mkdtemp(buf.data());
    fs::current_path(dir_);
  }
  ~ScratchDir() {
    fs::current_path(old_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

 private:
  fs::path old_;
  fs::path dir_;
};

}  // namespace

TEST_CASE("command: stdin to stdout") {
  auto r = run({"-"}, "a=1\n");
  CHECK(r.rc == 0);
  CHECK(r.out == "a = 1\n");
  // Terraform's UI adds the newline a result lacks, and prints one for empty input.
  CHECK(run({"-"}, "a=1").out == "a = 1\n");
  CHECK(run({"-"}, "").out == "\n");
  CHECK(run({"-list=false", "-"}, "a = 1\n").out == "a = 1\n");
}

TEST_CASE("command: -check exit codes") {
  CHECK(run({"-check", "-"}, "a=1\n").rc == 3);
  CHECK(run({"-check", "-"}, "a=1\n").out.empty());
  CHECK(run({"-check", "-"}, "a = 1\n").rc == 0);
  auto bad = run({"-no-color", "-check", "-"}, "a = \n");
  CHECK(bad.rc == 2);
  CHECK(bad.err.find("Error: Invalid expression") != std::string::npos);
}

TEST_CASE("command: syntax errors exit 2 with Terraform's plain diagnostic layout") {
  auto r = run({"-no-color", "-"}, "a = 1\nb = 2 3\n");
  CHECK(r.rc == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "\nError: Missing newline after argument\n\n  on <stdin> line 2:\n   2: b = 2 3\n\n"
        "An argument definition must end with a newline.\n\n");
}

TEST_CASE("command: flags") {
  auto help = run({"-help"});
  CHECK(help.rc == 0);
  CHECK(help.out.rfind("Usage: fgform [global options] fmt [options] [target...]\n", 0) == 0);
  auto bogus = run({"-no-color", "-bogus"});
  CHECK(bogus.rc == 1);
  CHECK(bogus.err.find("Error parsing command-line flags: flag provided but not defined: -bogus") !=
        std::string::npos);
  auto badbool = run({"-no-color", "-list=maybe"});
  CHECK(badbool.rc == 1);
  CHECK(badbool.err.find("invalid boolean value \"maybe\" for -list: parse error") !=
        std::string::npos);
}

TEST_CASE("command: directories, listing, writing and diffs") {
  ScratchDir scratch;
  write("a.tf", "a=1\n");
  write("b.tf", "b = 1\n");
  write("c.tfvars", "c=1\n");
  write("d.txt", "d=1\n");
  write(".hidden.tf", "e=1\n");
  write("sub/e.tf", "e=1\n");

  // -check lists without writing.
  auto check = run({"-no-color", "-check"});
  CHECK(check.rc == 3);
  CHECK(check.out == "a.tf\nc.tfvars\n");
  CHECK(slurp("a.tf") == "a=1\n");

  // -write=false -list=false -diff: only diffs, with Terraform's labels.
  auto diff = run({"-no-color", "-write=false", "-list=false", "-diff", "a.tf"});
  CHECK(diff.rc == 0);
  CHECK(diff.out == "--- old/a.tf\n+++ new/a.tf\n@@ -1 +1 @@\n-a=1\n+a = 1\n");

  // The default: list and rewrite; subdirectories only with -recursive.
  auto plain = run({"-no-color"});
  CHECK(plain.rc == 0);
  CHECK(plain.out == "a.tf\nc.tfvars\n");
  CHECK(slurp("a.tf") == "a = 1\n");
  CHECK(slurp("sub/e.tf") == "e=1\n");
  CHECK(slurp(".hidden.tf") == "e=1\n");
  auto rec = run({"-no-color", "-recursive", "."});
  CHECK(rec.out == "sub/e.tf\n");
  CHECK(slurp("sub/e.tf") == "e = 1\n");
  CHECK(run({"-no-color", "-check", "-recursive"}).rc == 0);

  auto wrong = run({"-no-color", "d.txt"});
  CHECK(wrong.rc == 2);
  CHECK(wrong.err.find("Error: Only .tf, .tfvars, and .tftest.hcl files") != std::string::npos);
  auto missing = run({"-no-color", "nope"});
  CHECK(missing.rc == 2);
  CHECK(missing.err == "\nError: No file or directory at nope\n\n\n");
}

TEST_CASE("diff: the built-in unified diff") {
  using fgform::fmt::builtin_unified_diff;
  CHECK(builtin_unified_diff("a=1\n", "a=1\n", "x.tf").empty());
  CHECK(builtin_unified_diff("a=1\n", "a = 1\n", "x.tf") ==
        "--- old/x.tf\n+++ new/x.tf\n@@ -1 +1 @@\n-a=1\n+a = 1\n");
  CHECK(builtin_unified_diff("a=1", "a = 1", "y.tf") ==
        "--- old/y.tf\n+++ new/y.tf\n@@ -1 +1 @@\n-a=1\n\\ No newline at end of file\n"
        "+a = 1\n\\ No newline at end of file\n");
  std::string before, after;
  for (int i = 0; i < 20; ++i) {
    before += "l" + std::to_string(i) + "\n";
    after += (i == 2 || i == 15 ? "X" : "l") + std::to_string(i) + "\n";
  }
  CHECK(builtin_unified_diff(before, after, "z.tf") ==
        "--- old/z.tf\n+++ new/z.tf\n"
        "@@ -1,6 +1,6 @@\n l0\n l1\n-l2\n+X2\n l3\n l4\n l5\n"
        "@@ -13,7 +13,7 @@\n l12\n l13\n l14\n-l15\n+X15\n l16\n l17\n l18\n");
}
