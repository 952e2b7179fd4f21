#include "plugin/hclog.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

using namespace fgform::plugin;
using namespace std::chrono;

namespace {

// 2024-01-02T03:04:05.123456Z
system_clock::time_point sample_time() {
  return system_clock::time_point(seconds(1704164645)) + microseconds(123456);
}

}  // namespace

TEST_CASE("hclog timestamps have exactly six fractional digits", "[hclog]") {
  CHECK(format_hclog_timestamp(sample_time()) == "2024-01-02T03:04:05.123456Z");
  CHECK(format_hclog_timestamp(system_clock::time_point(seconds(1704164645))) ==
        "2024-01-02T03:04:05.000000Z");
  CHECK(format_hclog_timestamp(system_clock::time_point(seconds(1704164645)) + nanoseconds(999)) ==
        "2024-01-02T03:04:05.000000Z");
  const std::regex layout(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$)");
  CHECK(std::regex_match(format_hclog_timestamp(system_clock::now()), layout));
}

TEST_CASE("hclog line format", "[hclog]") {
  const std::string line =
      format_hclog_line(LogLevel::kDebug, "demo", "GetSchema called", sample_time());
  CHECK(
      line ==
      R"({"@level":"debug","@message":"GetSchema called","@timestamp":"2024-01-02T03:04:05.123456Z","@module":"demo"})");

  SECTION("fields become extra keys and text is escaped") {
    const std::string with_fields = format_hclog_line(LogLevel::kWarn, "m", "say \"hi\"\n",
                                                      sample_time(), {{"tf_rpc", "Configure"}});
    CHECK(with_fields.find('\n') == std::string::npos);
    const auto parsed = nlohmann::json::parse(with_fields);
    CHECK(parsed["@level"] == "warn");
    CHECK(parsed["@message"] == "say \"hi\"\n");
    CHECK(parsed["tf_rpc"] == "Configure");
  }
  SECTION("invalid UTF-8 does not throw") {
    CHECK_NOTHROW(format_hclog_line(LogLevel::kError, "m", "\xff\xfe", sample_time()));
  }
  SECTION("no module, no @module key") {
    const auto parsed =
        nlohmann::json::parse(format_hclog_line(LogLevel::kInfo, "", "x", sample_time()));
    CHECK_FALSE(parsed.contains("@module"));
  }
}

TEST_CASE("hclog level names", "[hclog]") {
  CHECK(hclog_level_name(LogLevel::kTrace) == "trace");
  CHECK(hclog_level_name(LogLevel::kDebug) == "debug");
  CHECK(hclog_level_name(LogLevel::kInfo) == "info");
  CHECK(hclog_level_name(LogLevel::kWarn) == "warn");
  CHECK(hclog_level_name(LogLevel::kError) == "error");
}

TEST_CASE("log level from TF_LOG and TF_LOG_PROVIDER", "[hclog]") {
  CHECK(log_level_from_environment(nullptr, nullptr) == LogLevel::kWarn);
  CHECK(log_level_from_environment("", "") == LogLevel::kWarn);
  CHECK(log_level_from_environment(nullptr, "TRACE") == LogLevel::kTrace);
  CHECK(log_level_from_environment(nullptr, "debug") == LogLevel::kDebug);
  CHECK(log_level_from_environment(nullptr, "Info") == LogLevel::kInfo);
  CHECK(log_level_from_environment(nullptr, "WARN") == LogLevel::kWarn);
  CHECK(log_level_from_environment(nullptr, "error") == LogLevel::kError);
  CHECK(log_level_from_environment(nullptr, "off") == LogLevel::kOff);
  CHECK(log_level_from_environment(nullptr, "JSON") == LogLevel::kTrace);
  CHECK(log_level_from_environment(nullptr, "bogus") == LogLevel::kTrace);
  CHECK(log_level_from_environment("error", "trace") == LogLevel::kError);
  CHECK(log_level_from_environment("", "debug") == LogLevel::kDebug);
  CHECK(log_level_from_environment("OFF", "trace") == LogLevel::kOff);
}

TEST_CASE("logger filters by level", "[hclog]") {
  std::vector<std::string> lines;
  auto capture = [&lines](std::string_view line) { lines.emplace_back(line); };

  SECTION("default threshold: warn and above") {
    const Logger logger(LogLevel::kWarn, "test", capture);
    logger.trace("t");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    REQUIRE(lines.size() == 2);
    CHECK(nlohmann::json::parse(lines[0])["@level"] == "warn");
    CHECK(nlohmann::json::parse(lines[1])["@level"] == "error");
    CHECK(nlohmann::json::parse(lines[1])["@module"] == "test");
  }
  SECTION("trace lets everything through") {
    const Logger logger(LogLevel::kTrace, "test", capture);
    logger.trace("t");
    logger.debug("d");
    logger.error("e");
    CHECK(lines.size() == 3);
  }
  SECTION("off silences everything") {
    const Logger logger(LogLevel::kOff, "test", capture);
    logger.error("e");
    CHECK(lines.empty());
    CHECK_FALSE(logger.enabled(LogLevel::kError));
  }
}
