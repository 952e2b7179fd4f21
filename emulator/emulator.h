// fgform-emulator as a library: start it on a port, point a client at base_url(), stop it.
// The binary, the tests and (later) fgform's embedded mode all use this class.
#pragma once

#include <memory>
#include <string>

#include "options.h"

namespace fgform::emulator {

class Emulator {
 public:
  // Opens the data directory; throws std::runtime_error with a readable message on failure.
  explicit Emulator(EmulatorOptions options);
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Binds and serves on a background thread; throws std::runtime_error when it cannot bind.
  void start();
  void stop();

  int port() const;
  std::string base_url() const;  // http://HOST:PORT
  const std::string& project_id() const;
  const std::string& domain_id() const;
  const std::string& region() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fgform::emulator
