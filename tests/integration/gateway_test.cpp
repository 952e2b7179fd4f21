// What sits in front of the API families: signatures, faults and retries, persistence, bad input,
// concurrency, and what the client does when an answer never comes.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "fixture.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using fgform::testing::EmulatorFixture;

namespace {

std::string fg_path(EmulatorFixture& env, const std::string& suffix) {
  return "/v2/" + env.emulator().project_id() + "/fgs" + suffix;
}

}  // namespace

TEST_CASE("signature rejection: wrong secret, tampered body, expired date, unsigned") {
  EmulatorFixture env;
  auto wrong = env.raw("GET", fg_path(env, "/functions"), "", "not-the-secret");
  CHECK(wrong.status == 401);
  CHECK(Json::parse(wrong.body)["error_code"] == "APIGW.0301");
  CHECK(wrong.body.find("not-the-secret") == std::string::npos);
  CHECK(wrong.body.find(testing::kSk) == std::string::npos);

  cloud::ClientConfig skewed = env.client_config();
  skewed.now = [] { return std::chrono::system_clock::now() - std::chrono::minutes(20); };
  skewed.retry.max_attempts = 1;
  cloud::Client late(skewed);
  // The client learns the gateway's clock from the Date header and signs once more.
  auto pid = late.project_id();
  REQUIRE(pid.ok());
  CHECK(late.stats().requests == 2);

  cloud::Transport transport(cloud::TransportOptions{});
  auto unsigned_req =
      transport.perform({"GET", env.emulator().base_url() + fg_path(env, "/functions"), {}, ""});
  CHECK(unsigned_req.response.status == 401);
  CHECK(Json::parse(unsigned_req.response.body)["error_msg"].get<std::string>().find(
            "not signed") != std::string::npos);
  CHECK(env.stats()["auth_failures"] == 2 + 1);
}

TEST_CASE("a tampered body fails verification") {
  EmulatorFixture env;
  // Sign one body, send another: the raw helper signs exactly what it sends, so build by hand.
  auto base = cloud::parse_base_url(env.emulator().base_url());
  const std::string path = fg_path(env, "/functions");
  cloud::HeaderList h{{"Content-Type", "application/json"},
                      {"Host", base->host_port},
                      {"X-Sdk-Date", cloud::format_sdk_date(std::chrono::system_clock::now())}};
  auto sig =
      cloud::sign({testing::kAk, testing::kSk, cloud::SigningAlgorithm::kSdkHmacSha256, "", ""},
                  {"POST", path, {}, h, "{\"func_name\":\"a\"}"});
  cloud::HttpRequest req{"POST",
                         env.emulator().base_url() + path,
                         {{"Content-Type", "application/json"},
                          {"X-Sdk-Date", h[2].second},
                          {"Authorization", sig.authorization}},
                         "{\"func_name\":\"b\"}"};
  cloud::Transport transport(cloud::TransportOptions{});
  auto r = transport.perform(req);
  CHECK(r.response.status == 401);
  CHECK(env.fg().list_all_functions()->empty());
}

TEST_CASE("injected 503s and 429s are retried, re-signed, and a create happens once") {
  emulator::EmulatorOptions flaky;
  flaky.fail_rate = 0.5;
  flaky.fail_status = 503;
  EmulatorFixture env(flaky);
  cloud::ClientConfig cfg = env.client_config();
  cfg.retry.max_attempts = 40;  // 0.5^40: never exhausted in practice
  cloud::Client client(cfg);
  cloud::FunctionGraphApi fg(client);
  for (int i = 0; i < 10; ++i) {
    auto r = fg.create_function(testing::function_body("r" + std::to_string(i)));
    REQUIRE(r.ok());
  }
  auto all = fg.list_all_functions();
  REQUIRE(all.ok());
  CHECK(all->size() == 10);
  CHECK(client.stats().retries > 0);
  CHECK(env.stats()["faults_injected"].get<long>() == client.stats().retries);

  emulator::EmulatorOptions throttled;
  throttled.fail_rate = 1.0;
  throttled.fail_status = 429;
  EmulatorFixture busy(throttled);
  auto r = busy.fg().list_functions(0, 10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kThrottled);
  CHECK(r.error().error_code == "APIGW.0308");
  CHECK(busy.client().stats().requests == 4);  // the project lookup, tried four times
}

TEST_CASE("everything survives an emulator restart") {
  EmulatorFixture env;
  const std::string urn = env.create_function("durable")["func_urn"];
  REQUIRE(env.fg().publish_version(urn, "v1", "kept").ok());
  auto agency = env.iam().create_agency({{"name", "kept"}, {"trust_domain_name", "op_svc_cff"}});
  REQUIRE(agency.ok());
  const std::string project = env.emulator().project_id();
  env.restart();
  CHECK(env.emulator().project_id() == project);
  auto cfg = env.fg().get_function_config(urn);
  REQUIRE(cfg.ok());
  CHECK((*cfg)["func_name"] == "durable");
  CHECK(env.fg().list_versions(urn)->size() == 2);
  CHECK(env.iam().get_agency((*agency)["id"]).ok());
}

TEST_CASE("bad input gets the platform's 4xx error, never a crash") {
  emulator::EmulatorOptions small;
  small.max_body_bytes = 4096;
  EmulatorFixture env(small);
  const std::string create = fg_path(env, "/functions");
  struct Case {
    std::string method, path, body;
    int status;
    std::string code, text;
  };
  std::vector<Case> cases{
      {"POST", create, "{not json", 400, "FSS.0400", "not valid JSON"},
      {"POST", create, "[1,2]", 400, "FSS.0400", "must be a JSON object"},
      {"POST", create, "", 400, "FSS.0400", "empty"},
      {"POST", create, R"({"func_name":123})", 400, "FSS.0400", "func_name must be a string"},
      {"POST", create, R"({"func_name":"a","bogus":1})", 400, "FSS.0400",
       "unknown field \"bogus\""},
      {"POST", create, std::string(8000, ' '), 413, "APIGW.0201", "too large"},
      {"GET", fg_path(env, "/functions/not-a-urn/config"), "", 400, "FSS.0400",
       "not a function URN"},
      {"GET",
       fg_path(env, "/functions/urn:fss:cn-north-4:" + env.emulator().project_id() +
                        ":function:default:nope:latest/config"),
       "", 404, "FSS.1051", "Not found"},
      {"GET", fg_path(env, "/functions?marker=-1"), "", 400, "FSS.0400", "marker"},
      {"GET", fg_path(env, "/nowhere"), "", 404, "APIGW.0101", "does not exist"},
      {"GET", "/v2/someone-else/fgs/functions", "", 403, "FSS.0403", "project"},
      {"PUT", "/v1/" + env.emulator().project_id() + "/vpcs/x", R"({"vpc":{"name":1}})", 404,
       "VPC.0101", "does not exist"},
      {"POST", "/v3.0/OS-AGENCY/agencies", R"({"agency":"x"})", 400, "IAM.400",
       "agency is required"},
  };
  for (const auto& c : cases) {
    INFO(c.method << " " << c.path << " " << c.body.substr(0, 40));
    auto r = env.raw(c.method, c.path, c.body);
    CHECK(r.status == c.status);
    auto body = Json::parse(r.body, nullptr, false);
    REQUIRE_FALSE(body.is_discarded());
    std::string code = body.contains("error_code") ? body["error_code"].get<std::string>()
                                                   : body.value("code", "");
    std::string msg = body.contains("error_msg") ? body["error_msg"].get<std::string>()
                                                 : body.value("message", "");
    CHECK(code == c.code);
    CHECK(msg.find(c.text) != std::string::npos);
    CHECK_FALSE(r.header("x-request-id").empty());
  }
  // Still serving afterwards.
  CHECK(env.fg().list_all_functions().ok());
}

TEST_CASE("concurrent clients are served safely") {
  EmulatorFixture env;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      cloud::Client client(env.client_config());
      cloud::FunctionGraphApi fg(client);
      for (int i = 0; i < 10; ++i) {
        auto r = fg.create_function(
            testing::function_body("c" + std::to_string(t) + "x" + std::to_string(i)));
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(env.fg().list_all_functions()->size() == 40);
}

TEST_CASE("latency injection delays every API answer") {
  emulator::EmulatorOptions slow;
  slow.latency_ms = 60;
  EmulatorFixture env(slow);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(env.fg().list_functions(0, 1).ok());
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(60));
}

TEST_CASE("a create whose answer never comes is reported as outcome unknown, not resent") {
  // A listener that reads the request and closes without answering.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  REQUIRE(::listen(fd, 16) == 0);
  std::atomic<int> accepted{0};
  std::atomic<bool> stop{false};
  std::thread server([&] {
    while (!stop) {
      int c = ::accept(fd, nullptr, nullptr);
      if (c < 0) break;
      ++accepted;
      char buf[4096];
      (void)::recv(c, buf, sizeof buf, 0);
      ::close(c);
    }
  });

  cloud::ClientConfig cfg;
  cfg.credentials = {"AK", "SK", "", "cn-north-4", "pid", "did"};
  cfg.endpoints = cloud::Endpoints::all("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  cfg.retry = cloud::RetryPolicy{4, std::chrono::milliseconds(1), std::chrono::milliseconds(2),
                                 std::chrono::milliseconds(2000)};
  cloud::Client client(cfg);
  cloud::FunctionGraphApi fg(client);
  auto created = fg.create_function({{"func_name", "x"}});
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().kind == ErrorKind::kOutcomeUnknown);
  CHECK(created.error().error_msg.find("look the object up") != std::string::npos);
  CHECK(accepted == 1);

  auto read = fg.get_function_config("urn:fss:cn-north-4:pid:function:default:x");
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().kind == ErrorKind::kNetwork);
  CHECK(accepted == 1 + 4);  // reads are retried

  stop = true;
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  server.join();
}

TEST_CASE("the debug log shows requests and request IDs with secrets masked") {
  EmulatorFixture env;
  std::vector<std::string> lines;
  cloud::ClientConfig cfg = env.client_config();
  cfg.credentials.security_token = "very-secret-session-token";
  cfg.transport.debug_log = [&](const std::string& line) { lines.push_back(line); };
  cloud::Client client(cfg);
  REQUIRE(client.project_id().ok());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("GET " + env.emulator().base_url() + "/v3/projects?name=cn-north-4") !=
        std::string::npos);
  CHECK(lines[0].find("Authorization: ***") != std::string::npos);
  CHECK(lines[0].find("X-Security-Token: ***") != std::string::npos);
  CHECK(lines[1].find("response: 200 x-request-id=") != std::string::npos);
  for (const auto& line : lines) {
    CHECK(line.find("very-secret-session-token") == std::string::npos);
    CHECK(line.find("Signature=") == std::string::npos);
    CHECK(line.find(testing::kSk) == std::string::npos);
  }
}

TEST_CASE("a request dated outside the 15-minute window is refused as expired") {
  EmulatorFixture env;
  auto old = env.raw("GET", fg_path(env, "/functions"), "", testing::kSk, {},
                     std::chrono::system_clock::now() - std::chrono::minutes(16));
  CHECK(old.status == 401);
  CHECK(Json::parse(old.body)["error_msg"].get<std::string>().find("signature expired") !=
        std::string::npos);
  auto fresh = env.raw("GET", fg_path(env, "/functions"), "", testing::kSk, {},
                       std::chrono::system_clock::now() - std::chrono::minutes(14));
  CHECK(fresh.status == 200);
}

TEST_CASE(
    "golangsdk-style requests verify: host unsigned, X-Project-Id added after signing, raw "
    "colons") {
  // The official Terraform provider's SDK signs accept, content-type, user-agent and x-sdk-date,
  // then adds X-Project-Id unsigned, and pastes URNs into paths unescaped.
  EmulatorFixture env;
  const std::string urn = env.create_function("golang")["func_urn"];
  const std::string path = fg_path(env, "/functions/" + urn + "/config");
  cloud::HeaderList signed_headers{
      {"Accept", "application/json"},
      {"Content-Type", "application/json"},
      {"User-Agent", "terraform-provider-huaweicloud"},
      {"X-Sdk-Date", cloud::format_sdk_date(std::chrono::system_clock::now())}};
  auto sig =
      cloud::sign({testing::kAk, testing::kSk, cloud::SigningAlgorithm::kSdkHmacSha256, "", ""},
                  {"GET", path, {}, signed_headers, ""});
  REQUIRE(sig.signed_headers == "accept;content-type;user-agent;x-sdk-date");
  cloud::HttpRequest req{"GET", env.emulator().base_url() + path, {}, ""};
  for (const auto& h : signed_headers) req.headers.push_back(h);
  req.headers.emplace_back("X-Project-Id", env.emulator().project_id());
  req.headers.emplace_back("Authorization", sig.authorization);
  cloud::Transport transport(cloud::TransportOptions{});
  auto r = transport.perform(req);
  REQUIRE(r.answered);
  CHECK(r.response.status == 200);
  CHECK(Json::parse(r.response.body)["func_name"] == "golang");
}
