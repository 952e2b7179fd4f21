#include "fixture.h"

#include <atomic>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "cloud/transport.h"

namespace fgform::testing {
namespace {

std::string fresh_dir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("fgform-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  return dir.string();
}

}  // namespace

EmulatorFixture::EmulatorFixture(emulator::EmulatorOptions options) : options_(std::move(options)) {
  options_.data_dir = fresh_dir();
  options_.access_key = kAk;
  options_.secret_key = kSk;
  emulator_ = std::make_unique<emulator::Emulator>(options_);
  emulator_->start();
  connect();
}

EmulatorFixture::~EmulatorFixture() {
  disconnect();  // idle keep-alive connections would hold the server's shutdown for seconds
  emulator_.reset();
  std::error_code ec;
  std::filesystem::remove_all(options_.data_dir, ec);
}

cloud::ClientConfig EmulatorFixture::client_config() const {
  cloud::ClientConfig c;
  c.credentials.access_key = kAk;
  c.credentials.secret_key = kSk;
  c.credentials.region = "cn-north-4";
  c.endpoints = cloud::Endpoints::all(emulator_->base_url());
  c.retry = cloud::RetryPolicy{4, std::chrono::milliseconds(1), std::chrono::milliseconds(5),
                               std::chrono::milliseconds(5000)};
  return c;
}

void EmulatorFixture::connect() {
  client_ = std::make_unique<cloud::Client>(client_config());
  fg_ = std::make_unique<cloud::FunctionGraphApi>(*client_);
  iam_ = std::make_unique<cloud::IamApi>(*client_);
  vpc_ = std::make_unique<cloud::VpcApi>(*client_);
}

void EmulatorFixture::disconnect() {
  fg_.reset();
  iam_.reset();
  vpc_.reset();
  client_.reset();
}

void EmulatorFixture::restart() {
  const int port = emulator_->port();
  disconnect();
  emulator_.reset();
  options_.port = port;
  emulator_ = std::make_unique<emulator::Emulator>(options_);
  try {
    emulator_->start();
  } catch (const std::runtime_error&) {
    options_.port = 0;  // the old port was taken meanwhile
    emulator_ = std::make_unique<emulator::Emulator>(options_);
    emulator_->start();
  }
  connect();
}

cloud::HttpResponse EmulatorFixture::raw(const std::string& method, const std::string& path,
                                         const std::string& body, const std::string& secret,
                                         const cloud::HeaderList& extra_headers,
                                         std::chrono::system_clock::time_point signed_at) {
  auto base = cloud::parse_base_url(emulator_->base_url());
  const std::size_t q = path.find('?');
  auto decoded = cloud::percent_decode(path.substr(0, q));
  auto query = cloud::parse_query(q == std::string::npos ? "" : path.substr(q + 1));
  cloud::HeaderList headers{{"Content-Type", "application/json"},
                            {"Host", base->host_port},
                            {"X-Sdk-Date", cloud::format_sdk_date(signed_at)}};
  for (const auto& h : extra_headers) headers.push_back(h);
  auto sig = cloud::sign(
      {kAk, secret, cloud::SigningAlgorithm::kSdkHmacSha256, "", ""},
      {method, decoded.value_or(path), query.value_or(cloud::QueryParams{}), headers, body});
  cloud::HttpRequest req{method, emulator_->base_url() + path, {}, body};
  for (const auto& h : headers) {
    if (h.first != "Host") req.headers.push_back(h);
  }
  req.headers.emplace_back("Authorization", sig.authorization);
  cloud::Transport transport(cloud::TransportOptions{});
  auto outcome = transport.perform(req);
  if (!outcome.answered) throw std::runtime_error("no answer: " + outcome.failure);
  return outcome.response;
}

cloud::Json EmulatorFixture::stats() {
  cloud::Transport transport(cloud::TransportOptions{});
  auto outcome = transport.perform({"GET", emulator_->base_url() + "/_emulator/stats", {}, ""});
  return cloud::Json::parse(outcome.response.body);
}

cloud::Json EmulatorFixture::create_function(const std::string& name, int memory) {
  auto r = fg_->create_function(function_body(name, memory));
  if (!r) throw std::runtime_error("create_function: " + r.error().message());
  return *r;
}

cloud::Json function_body(const std::string& name, int memory) {
  return {{"func_name", name},      {"package", "default"},
          {"runtime", "Python3.9"}, {"handler", "index.handler"},
          {"memory_size", memory},  {"timeout", 30},
          {"code_type", "inline"},  {"func_code", {{"file", kInlineCode}}}};
}

}  // namespace fgform::testing
