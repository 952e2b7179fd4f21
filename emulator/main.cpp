// fgform-emulator: serves the emulated platform until SIGINT or SIGTERM.
#include <csignal>
#include <iostream>

#include "emulator.h"
#include "fgform_version.h"

int main(int argc, char** argv) {
  using namespace fgform::emulator;
  auto parsed = parse_command_line(argc, argv);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "fgform-emulator: " << *error << "\n";
    return 2;
  }
  auto& cmd = std::get<ParsedCommandLine>(parsed);
  if (cmd.show_help) {
    std::cout << usage_text();
    return 0;
  }
  if (cmd.show_version) {
    std::cout << "fgform-emulator " << fgform::kVersion << "\n";
    return 0;
  }

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    Emulator emulator(cmd.options);
    emulator.start();
    std::cout << "listening on " << emulator.base_url() << std::endl;
    std::cerr << "fgform-emulator: region " << emulator.region() << ", project "
              << emulator.project_id() << ", data in " << cmd.options.data_dir << "\n";
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "fgform-emulator: stopping on signal " << received << "\n";
    emulator.stop();
  } catch (const std::exception& e) {
    std::cerr << "fgform-emulator: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
