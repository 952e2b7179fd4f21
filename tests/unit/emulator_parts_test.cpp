// Emulator pieces without a server: platform rules, command line, router, store.
#include <catch2/catch.hpp>

#include <filesystem>

#include "http_head.h"
#include "options.h"
#include "platform_rules.h"
#include "router.h"
#include "schema/formats.h"
#include "store.h"

using namespace fgform::emulator;

TEST_CASE("cron expressions of the timer-trigger grammar") {
  for (const char* good :
       {"0 0 12 * * *", "CRON_TZ=Asia/Shanghai 0 30 12 ? * MON-FRI", "0 0/5 12-14 ? * MON-FRI",
        "0 0 12 ? JAN,FEB,MAR,APR *", "0 26,29,33 * * * *", "0 0 4 1 * *", "0 */10 * * * ?",
        "0 0 12 * *", "@every 30m", "@every 1.5h", "@every 2h30m", "0 0 12 * * 6,0",
        "0 0 12 * * sat,sun"}) {
    INFO(good);
    CHECK(rules::check_cron(good).empty());
  }
  for (const char* bad :
       {"", "* * *", "60 0 12 * * *", "0 60 12 * * *", "0 0 24 * * *", "0 0 12 0 * *",
        "0 0 12 32 * *", "0 0 12 * 13 *", "0 0 12 * * 7", "0 0 12 * * * *", "0 ? 12 * * *",
        "0 0 12 L * *", "@every", "@every 5", "@every 5x", "CRON_TZ=  0 0 12 * * *",
        "0 0 5-3 * * *", "0 0/0 * * * *"}) {
    INFO(bad);
    CHECK_FALSE(rules::check_cron(bad).empty());
  }
}

TEST_CASE("fixed-rate schedules") {
  for (const char* good : {"1m", "60m", "1h", "24h", "1d", "30d"})
    CHECK(rules::check_rate(good).empty());
  for (const char* bad : {"", "0m", "61m", "25h", "31d", "5s", "m", "3"})
    CHECK_FALSE(rules::check_rate(bad).empty());
}

TEST_CASE("names, memory sizes, runtimes, tags and environment variables") {
  CHECK(rules::check_function_name("hello_world-1").empty());
  CHECK_FALSE(rules::check_function_name("1hello").empty());
  CHECK_FALSE(rules::check_function_name("hello-").empty());
  CHECK_FALSE(rules::check_function_name(std::string(61, 'a')).empty());
  CHECK(rules::check_function_name(std::string(60, 'a')).empty());
  CHECK(rules::check_version_name("v1.0").empty());
  CHECK_FALSE(rules::check_version_name("latest").empty());
  CHECK_FALSE(rules::check_version_name(std::string(43, 'v')).empty());
  CHECK(rules::check_alias_name("prod").empty());
  CHECK_FALSE(rules::check_alias_name("-prod").empty());
  CHECK(rules::check_memory(128).empty());
  CHECK(rules::check_memory(10240).empty());
  std::string msg = rules::check_memory(130);
  CHECK(msg.find("130") != std::string::npos);
  CHECK(msg.find("128, 256, 512") != std::string::npos);
  CHECK(rules::check_runtime("Python3.9").empty());
  CHECK_FALSE(rules::check_runtime("python3.9").empty());
  CHECK(rules::check_tag("team", "a/b").empty());
  CHECK_FALSE(rules::check_tag("_sys_x", "v").empty());
  CHECK_FALSE(rules::check_tag(" lead", "v").empty());
  CHECK(rules::check_env_json(R"({"ENV":"prod"})").empty());
  CHECK_FALSE(rules::check_env_json("not json").empty());
  CHECK_FALSE(rules::check_env_json(R"({"1BAD":"x"})").empty());
  CHECK_FALSE(rules::check_env_json(R"({"RUNTIME_HANDLER":"x"})").empty());
  CHECK_FALSE(rules::check_env_json(R"({"N":1})").empty());
}

TEST_CASE("CIDR parsing") {
  unsigned net = 0;
  int prefix = 0;
  CHECK(fgform::schema::parse_ipv4_cidr("192.168.0.0/16", net, prefix));
  CHECK(net == 0xC0A80000u);
  CHECK(prefix == 16);
  CHECK_FALSE(fgform::schema::parse_ipv4_cidr("192.168.0.1/16", net, prefix));  // host bits set
  CHECK_FALSE(fgform::schema::parse_ipv4_cidr("192.168.0.0", net, prefix));
  CHECK_FALSE(fgform::schema::parse_ipv4_cidr("300.1.1.0/24", net, prefix));
  CHECK_FALSE(fgform::schema::parse_ipv4_cidr("10.0.0.0/33", net, prefix));
}

TEST_CASE("command line: the documented flags, and a clear error for anything else") {
  const char* ok[] = {"fgform-emulator",
                      "--listen",
                      "127.0.0.1:0",
                      "--data",
                      "d",
                      "--access-key",
                      "AK",
                      "--secret-key",
                      "SK",
                      "--project-id",
                      "p",
                      "--latency-ms",
                      "20",
                      "--fail-rate",
                      "0.5",
                      "--fail-status",
                      "429",
                      "--region=ap-southeast-1"};
  auto parsed = parse_command_line(std::size(ok), ok);
  REQUIRE(std::holds_alternative<ParsedCommandLine>(parsed));
  const EmulatorOptions& o = std::get<ParsedCommandLine>(parsed).options;
  CHECK(o.host == "127.0.0.1");
  CHECK(o.port == 0);
  CHECK(o.latency_ms == 20);
  CHECK(o.fail_rate == 0.5);
  CHECK(o.fail_status == 429);
  CHECK(o.region == "ap-southeast-1");

  auto error_of = [](std::vector<const char*> args) {
    args.insert(args.begin(), "fgform-emulator");
    auto r = parse_command_line(static_cast<int>(args.size()), args.data());
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string();
  };
  CHECK(error_of({"--data", "d", "--access-key", "A", "--secret-key", "S", "--fail-status", "404"})
            .find("429, 500 or 503") != std::string::npos);
  CHECK(error_of({"--data", "d", "--access-key", "A", "--secret-key", "S", "--fail-rate", "2"})
            .find("--fail-rate") != std::string::npos);
  CHECK(error_of({"--data", "d", "--access-key", "A", "--secret-key", "S", "--listen", "nope"})
            .find("--listen") != std::string::npos);
  CHECK(error_of({"--data", "d", "--access-key", "A", "--secret-key", "S", "--bogus", "1"})
            .find("unknown flag") != std::string::npos);
  CHECK(error_of({"--data"}).find("needs a value") != std::string::npos);
  CHECK(std::get<ParsedCommandLine>(
            parse_command_line(2, std::vector<const char*>{"x", "--help"}.data()))
            .show_help);
}

TEST_CASE("router: literal segments win over parameters and URNs fit in one segment") {
  Router r;
  int hit = 0;
  r.add("GET", "/v2/{project_id}/fgs/dependencies/{depend_id}", Family::kFunctionGraph,
        [&](Request&, World&) {
          hit = 1;
          return no_content();
        });
  r.add("GET", "/v2/{project_id}/fgs/dependencies/version", Family::kFunctionGraph,
        [&](Request&, World&) {
          hit = 2;
          return no_content();
        });
  auto m = r.match("GET", split_path("/v2/p/fgs/dependencies/version"));
  REQUIRE(m.has_value());
  CHECK(m->route->pattern == "/v2/{project_id}/fgs/dependencies/version");
  auto p = r.match("GET", split_path("/v2/p/fgs/dependencies/urn:fss:x:y/"));
  REQUIRE(p.has_value());
  CHECK(p->params.at("depend_id") == "urn:fss:x:y");
  CHECK_FALSE(r.match("POST", split_path("/v2/p/fgs/dependencies/x")).has_value());
  CHECK_FALSE(r.match("GET", split_path("/v2/p/fgs/dependencies/x/y")).has_value());
}

TEST_CASE("store: documents survive reopening, keep insertion order, and roll back") {
  auto dir =
      std::filesystem::temp_directory_path() / ("fgform-store-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Store s(dir.string());
    s.begin();
    s.put("k", "b", "p", {{"n", 1}});
    s.put("k", "a", "p", {{"n", 2}});
    s.put("k", "b", "p", {{"n", 3}});  // replacing keeps the place
    s.commit();
    s.begin();
    s.put("k", "c", "p", {{"n", 4}});
    s.rollback();
  }
  Store s(dir.string());
  auto items = s.list("k", "p");
  REQUIRE(items.size() == 2);
  CHECK(items[0]["n"] == 3);
  CHECK(items[1]["n"] == 2);
  CHECK_FALSE(s.get("k", "c").has_value());
  CHECK(s.count("k", "p") == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("request heads: the gateway's 400s and 413 before the parser sees them") {
  const std::size_t max = 1000;
  CHECK_FALSE(check_request_head("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n", max));
  CHECK_FALSE(check_request_head("GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n", max));
  CHECK(check_request_head("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\nContent-Length:\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\nNoColonHere\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\nA: b\r\n  folded\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("GET / HTTP/1.1\r\n: x\r\n\r\n", max)->status == 400);
  CHECK(check_request_head("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n",
                           max)
            ->status == 400);
  CHECK(check_request_head("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", max)->status == 413);
  CHECK(check_request_head("POST / HTTP/1.1\r\ncontent-length: 99999999999999999999\r\n\r\n", max)
            ->status == 400);  // more digits than any length: malformed, not merely large
  const auto secret = check_request_head("GET / HTTP/1.1\r\nAuthorization SECRET\r\n\r\n", max);
  REQUIRE(secret);
  CHECK(secret->message.find("SECRET") == std::string::npos);

  CHECK(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody") == 27);
  CHECK(find_head_end("GET / HTTP/1.1\nHost: a\n\nbody") == 24);
  CHECK(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n") == std::string::npos);
}
