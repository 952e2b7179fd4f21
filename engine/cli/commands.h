// fgform's commands, each taking its arguments (after the command name) and returning the exit
// code Terraform would. Streams are parameters so tests can drive them in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace fgform::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool color = false;        // a terminal, and neither -no-color nor NO_COLOR
  bool interactive = false;  // stdin is a terminal
  // -json on plan/apply/destroy/refresh: stdout carries the machine-readable UI stream (one
  // JSON object per line), diagnostics included, instead of text.
  bool json = false;
};

int run_command(const std::string& name, const std::vector<std::string>& args, Io& io);
std::string main_help();

}  // namespace fgform::cli
