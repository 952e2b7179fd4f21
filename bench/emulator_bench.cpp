// Signed requests per second and latency percentiles against fgform-emulator on loopback.
// Each request is built, signed (SDK-HMAC-SHA256), sent over a kept-alive connection, verified
// by the emulator, answered from SQLite and parsed: the whole path a provider call takes.
//
//   emulator_bench [--threads N] [--requests-per-thread N] [--workload read|write|mixed]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "cloud/client.h"
#include "cloud/functiongraph_api.h"
#include "emulator.h"

using namespace fgform;
using Clock = std::chrono::steady_clock;

namespace {

struct Settings {
  int threads = 2;
  int requests_per_thread = 2000;
  std::string workload = "read";
};

cloud::Json function_body(const std::string& name) {
  return {{"func_name", name},
          {"runtime", "Python3.9"},
          {"handler", "index.handler"},
          {"memory_size", 128},
          {"timeout", 3},
          {"code_type", "inline"},
          {"func_code", {{"file", "cHJpbnQoMSk="}}}};
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads"))
      s.threads = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--requests-per-thread"))
      s.requests_per_thread = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--workload"))
      s.workload = argv[i + 1];
    else {
      std::fprintf(stderr,
                   "usage: emulator_bench [--threads N] [--requests-per-thread N] [--workload "
                   "read|write|mixed]\n");
      return 2;
    }
  }
  if (s.workload != "read" && s.workload != "write" && s.workload != "mixed") {
    std::fprintf(stderr, "emulator_bench: --workload must be read, write or mixed\n");
    return 2;
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("fgform-bench-" + std::to_string(::getpid()));
  emulator::EmulatorOptions opts;
  opts.data_dir = dir.string();
  opts.access_key = "BENCHAK";
  opts.secret_key = "bench-secret";
  auto emu = std::make_unique<emulator::Emulator>(opts);
  emu->start();

  cloud::ClientConfig cfg;
  cfg.credentials = {"BENCHAK",    "bench-secret",    "",
                     "cn-north-4", emu->project_id(), emu->domain_id()};
  cfg.endpoints = cloud::Endpoints::all(emu->base_url());
  cfg.retry.max_attempts = 1;

  std::string urn;
  {
    cloud::Client setup(cfg);
    cloud::FunctionGraphApi fg(setup);
    urn = (*fg.create_function(function_body("bench-read")))["func_urn"].get<std::string>();
  }

  std::vector<std::vector<double>> latencies(s.threads);
  std::vector<int> errors(s.threads, 0);
  const auto started = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < s.threads; ++t) {
    workers.emplace_back([&, t] {
      cloud::Client client(cfg);
      cloud::FunctionGraphApi fg(client);
      latencies[t].reserve(s.requests_per_thread);
      for (int i = 0; i < s.requests_per_thread; ++i) {
        const bool write = s.workload == "write" || (s.workload == "mixed" && i % 10 == 0);
        const auto t0 = Clock::now();
        bool ok = write ? fg.update_max_instances(urn, 1 + (i % 900)).ok()
                        : fg.get_function_config(urn).ok();
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        if (!ok) ++errors[t];
      }
    });
  }
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))];
  };
  int error_count = 0;
  for (int e : errors) error_count += e;

  std::printf("workload=%s threads=%d requests=%zu errors=%d\n", s.workload.c_str(), s.threads,
              all.size(), error_count);
  std::printf("throughput: %.0f signed requests/s\n", all.size() / seconds);
  std::printf("latency: p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us\n", pct(0.50), pct(0.90),
              pct(0.99), all.back());

  emu.reset();
  std::filesystem::remove_all(dir);
  return error_count == 0 ? 0 : 1;
}
