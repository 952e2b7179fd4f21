// terraform-provider-functiongraph as Terraform starts it, measured: time from exec to the
// handshake line, GetSchema round trips over the unix socket, resident memory when idle.
//
//   provider_bench PATH_TO_PROVIDER [--starts N] [--schema-calls N]
// Plaintext (TF_DISABLE_PLUGIN_TLS semantics): the TLS handshake is Terraform's cost, not ours.
#include <grpcpp/grpcpp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "grpc_controller.grpc.pb.h"
#include "tfplugin5.grpc.pb.h"

using Clock = std::chrono::steady_clock;

namespace {

struct Started {
  pid_t pid = -1;
  std::string socket;
  double handshake_ms = 0;
};

Started start(const char* provider) {
  int out[2];
  if (pipe(out) != 0) return {};
  const auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    setenv("TF_PLUGIN_MAGIC_COOKIE", "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2", 1);
    setenv("PLUGIN_PROTOCOL_VERSIONS", "5", 1);
    unsetenv("PLUGIN_CLIENT_CERT");
    execl(provider, provider, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  Started s;
  s.pid = pid;
  s.handshake_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  // 1|5|unix|PATH|grpc|
  std::size_t a = line.find("|unix|");
  if (a != std::string::npos) s.socket = line.substr(a + 6, line.find('|', a + 6) - a - 6);
  close(out[0]);
  return s;
}

long rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kb = 0;
      status >> kb;
      return kb;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: provider_bench PATH_TO_PROVIDER [--starts N] [--schema-calls N]\n");
    return 2;
  }
  int starts = 20, calls = 50;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--starts")) starts = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--schema-calls")) calls = std::max(1, std::atoi(argv[i + 1]));
  }
  std::vector<double> handshakes, first_schema, schema_calls;
  long rss_idle = 0, rss_after = 0;
  std::size_t schema_bytes = 0;
  for (int n = 0; n < starts; ++n) {
    Started s = start(argv[1]);
    if (s.socket.empty()) {
      std::fprintf(stderr, "provider_bench: no handshake line\n");
      return 1;
    }
    handshakes.push_back(s.handshake_ms);
    if (n == 0) rss_idle = rss_kb(s.pid);
    auto channel = grpc::CreateChannel("unix:" + s.socket, grpc::InsecureChannelCredentials());
    auto provider = tfplugin5::Provider::NewStub(channel);
    for (int i = 0; i < (n == 0 ? calls : 1); ++i) {
      grpc::ClientContext ctx;
      tfplugin5::GetProviderSchema::Request req;
      tfplugin5::GetProviderSchema::Response resp;
      const auto t0 = Clock::now();
      grpc::Status st = provider->GetSchema(&ctx, req, &resp);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (!st.ok()) {
        std::fprintf(stderr, "provider_bench: GetSchema failed: %s\n", st.error_message().c_str());
        return 1;
      }
      if (i == 0) first_schema.push_back(ms);
      else schema_calls.push_back(ms);
      schema_bytes = resp.ByteSizeLong();
    }
    if (n == 0) rss_after = rss_kb(s.pid);
    grpc::ClientContext ctx;
    plugin::Empty empty, reply;
    plugin::GRPCController::NewStub(channel)->Shutdown(&ctx, empty, &reply);
    int status = 0;
    waitpid(s.pid, &status, 0);
  }
  std::printf("starts=%d: start-to-handshake median %.1f ms (min %.1f, max %.1f)\n", starts, median(handshakes),
              *std::min_element(handshakes.begin(), handshakes.end()),
              *std::max_element(handshakes.begin(), handshakes.end()));
  std::printf("first GetSchema per process: median %.2f ms; repeated GetSchema: median %.2f ms (%zu bytes)\n",
              median(first_schema), schema_calls.empty() ? 0.0 : median(schema_calls), schema_bytes);
  std::printf("RSS: %.1f MB idle after the handshake, %.1f MB after %d GetSchema calls\n", rss_idle / 1024.0,
              rss_after / 1024.0, calls);
  return 0;
}
