// An emulator on an ephemeral port with its own data directory, and clients pointed at it.
#pragma once

#include <memory>
#include <string>

#include "cloud/client.h"
#include "cloud/functiongraph_api.h"
#include "cloud/iam_api.h"
#include "cloud/urn.h"
#include "cloud/vpc_api.h"
#include "emulator.h"

namespace fgform::testing {

inline constexpr const char* kAk = "TESTAK0000000000001";
inline constexpr const char* kSk = "test-secret-key-0123456789";

class EmulatorFixture {
 public:
  explicit EmulatorFixture(emulator::EmulatorOptions options = {});
  ~EmulatorFixture();

  emulator::Emulator& emulator() { return *emulator_; }
  cloud::ClientConfig client_config() const;
  cloud::Client& client() { return *client_; }
  cloud::FunctionGraphApi& fg() { return *fg_; }
  cloud::IamApi& iam() { return *iam_; }
  cloud::VpcApi& vpc() { return *vpc_; }

  // Stops the emulator and starts a new one on the same data directory (and port if free).
  void restart();

  // A request with full control over the body; signed with `secret` (the right one by default).
  cloud::HttpResponse raw(
      const std::string& method, const std::string& path, const std::string& body,
      const std::string& secret = kSk, const cloud::HeaderList& extra_headers = {},
      std::chrono::system_clock::time_point signed_at = std::chrono::system_clock::now());

  // The first request counts per route, from /_emulator/stats.
  cloud::Json stats();

  // A function with inline Python code; returns the create answer.
  cloud::Json create_function(const std::string& name, int memory = 128);

 private:
  void connect();
  void disconnect();

  emulator::EmulatorOptions options_;
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<cloud::Client> client_;
  std::unique_ptr<cloud::FunctionGraphApi> fg_;
  std::unique_ptr<cloud::IamApi> iam_;
  std::unique_ptr<cloud::VpcApi> vpc_;
};

// "print(1)" base64-encoded, and a minimal empty ZIP archive base64-encoded.
inline constexpr const char* kInlineCode = "cHJpbnQoMSk=";
inline constexpr const char* kEmptyZip = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==";

// The create-function body of a small inline Python function.
cloud::Json function_body(const std::string& name, int memory = 128);

}  // namespace fgform::testing
