// fgform: plan and apply Terraform configurations for FunctionGraph without Terraform.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t i = 0;
  for (; i < args.size() && args[i].starts_with("-"); ++i) {
    const std::string& a = args[i];
    if (a == "-help" || a == "--help" || a == "-h") {
      std::cout << fgform::cli::main_help();
      return 0;
    }
    if (a == "-version" || a == "--version" || a == "-v") {
      args[i] = "version";
      break;
    }
    if (a.starts_with("-chdir=")) {
      if (::chdir(a.substr(7).c_str()) != 0) {
        std::cerr << "Error handling -chdir option: chdir " << a.substr(7)
                  << ": no such file or directory\n";
        return 1;
      }
      continue;
    }
    std::cerr << "Error: unknown global option " << a << "\n\n" << fgform::cli::main_help();
    return 1;
  }
  if (i >= args.size()) {
    std::cout << fgform::cli::main_help();
    return 127;
  }
  std::string name = args[i];
  std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
  const char* no_color = std::getenv("NO_COLOR");
  fgform::cli::Io io{std::cin, std::cout, std::cerr};
  io.color = ::isatty(1) && !(no_color && *no_color);
  io.interactive = ::isatty(0);
  return fgform::cli::run_command(name, rest, io);
}
