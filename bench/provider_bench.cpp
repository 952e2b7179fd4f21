// terraform-provider-functiongraph as Terraform starts it, measured: time from exec to the
// handshake line, GetSchema round trips over the unix socket, resident memory when idle.
//
//   provider_bench PATH_TO_PROVIDER [--starts N] [--schema-calls N] [--mtls]
// By default plaintext (TF_DISABLE_PLUGIN_TLS semantics): the TLS handshake is Terraform's cost,
// not ours. --mtls starts the provider as Terraform does by default, with PLUGIN_CLIENT_CERT set,
// so the provider's key and certificate generation is counted; it measures the handshake line
// only (no RPCs), then stops the provider with SIGTERM.
#include <grpcpp/grpcpp.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <signal.h>
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

// A throwaway client certificate in PEM, as Terraform passes in PLUGIN_CLIENT_CERT.
std::string client_certificate_pem() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  X509_sign(cert, key, EVP_sha256());
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

Started start(const char* provider, const std::string& client_cert) {
  int out[2];
  if (pipe(out) != 0) return {};
  const auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    setenv("TF_PLUGIN_MAGIC_COOKIE",
           "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2", 1);
    setenv("PLUGIN_PROTOCOL_VERSIONS", "5", 1);
    if (client_cert.empty()) {
      unsetenv("PLUGIN_CLIENT_CERT");
    } else {
      setenv("PLUGIN_CLIENT_CERT", client_cert.c_str(), 1);
    }
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
    std::fprintf(
        stderr,
        "usage: provider_bench PATH_TO_PROVIDER [--starts N] [--schema-calls N] [--mtls]\n");
    return 2;
  }
  int starts = 20, calls = 50;
  bool mtls = false;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--mtls")) {
      mtls = true;
    } else if (!std::strcmp(argv[i], "--starts") && i + 1 < argc) {
      starts = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--schema-calls") && i + 1 < argc) {
      calls = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "provider_bench: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  const std::string client_cert = mtls ? client_certificate_pem() : std::string();
  std::vector<double> handshakes, first_schema, schema_calls;
  long rss_idle = 0, rss_after = 0;
  std::size_t schema_bytes = 0;
  for (int n = 0; n < starts; ++n) {
    Started s = start(argv[1], client_cert);
    if (s.socket.empty()) {
      std::fprintf(stderr, "provider_bench: no handshake line\n");
      return 1;
    }
    handshakes.push_back(s.handshake_ms);
    if (mtls) {
      // No RPCs: the channel would need Terraform's client key; only the handshake counts.
      kill(s.pid, SIGTERM);
      int status = 0;
      waitpid(s.pid, &status, 0);
      continue;
    }
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
      if (i == 0)
        first_schema.push_back(ms);
      else
        schema_calls.push_back(ms);
      schema_bytes = resp.ByteSizeLong();
    }
    if (n == 0) rss_after = rss_kb(s.pid);
    grpc::ClientContext ctx;
    plugin::Empty empty, reply;
    plugin::GRPCController::NewStub(channel)->Shutdown(&ctx, empty, &reply);
    int status = 0;
    waitpid(s.pid, &status, 0);
  }
  std::printf("starts=%d%s: start-to-handshake median %.1f ms (min %.1f, max %.1f)\n", starts,
              mtls ? " (AutoMTLS)" : "", median(handshakes),
              *std::min_element(handshakes.begin(), handshakes.end()),
              *std::max_element(handshakes.begin(), handshakes.end()));
  if (mtls) return 0;
  std::printf(
      "first GetSchema per process: median %.2f ms; repeated GetSchema: median %.2f ms (%zu "
      "bytes)\n",
      median(first_schema), schema_calls.empty() ? 0.0 : median(schema_calls), schema_bytes);
  std::printf("RSS: %.1f MB idle after the handshake, %.1f MB after %d GetSchema calls\n",
              rss_idle / 1024.0, rss_after / 1024.0, calls);
  return 0;
}
