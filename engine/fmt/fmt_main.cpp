// fgform-fmt: `fgform fmt` as a program of its own (arguments are those after `fmt`).
#include <iostream>
#include <string>
#include <vector>

#include "fmt/fmt_command.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return fgform::fmt::run_fmt(args, std::cin, std::cout, std::cerr);
}
