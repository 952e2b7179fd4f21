// What a route handler sees and returns. Handlers throw ApiFailure to refuse a request; the
// server turns it into the platform's error body for the route's API family. Nothing thrown
// here ever leaves the emulator.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store.h"

namespace fgform::emulator {

// kVpcV3: VPC's v3 API, whose errors carry error_code/error_msg/request_id, unlike v1's
// code/message.
enum class Family { kGateway, kFunctionGraph, kIam, kVpc, kVpcV3 };

struct ApiFailure {
  int status = 400;
  std::string code;  // empty: the family's generic code for the status
  std::string message;
};

[[noreturn]] inline void fail(int status, std::string code, std::string message) {
  throw ApiFailure{status, std::move(code), std::move(message)};
}
[[noreturn]] inline void bad_request(std::string message) {
  fail(400, "", std::move(message));
}

struct Reply {
  int status = 200;
  std::optional<Json> body;  // nullopt: no body (204)
};

inline Reply ok(Json body, int status = 200) {
  return Reply{status, std::move(body)};
}
inline Reply no_content() {
  return Reply{204, std::nullopt};
}

// The platform this emulator pretends to be.
struct World {
  Store& store;
  std::string region;
  std::string project_id;
  std::string domain_id;
  std::string domain_name;
  bool strict_put = false;  // EmulatorOptions::strict_put
  // EmulatorOptions::clock (null: the system clock), for what expires.
  std::function<std::chrono::system_clock::time_point()> now = nullptr;
};

struct Request {
  std::string method;
  std::map<std::string, std::string> params;  // route parameters, decoded
  std::multimap<std::string, std::string> query;
  std::string raw_body;

  // The body as a JSON object; 400 when it is missing, malformed or not an object.
  const Json& json();
  std::string query_value(const std::string& name, const std::string& fallback = {}) const;
  bool has_query(const std::string& name) const { return query.count(name) > 0; }
  // An integer query parameter in [min, max]; 400 otherwise.
  long query_long(const std::string& name, long fallback, long min, long max) const;
  const std::string& param(const std::string& name) const { return params.at(name); }

 private:
  std::optional<Json> parsed_;
};

using Handler = std::function<Reply(Request&, World&)>;

// Builds the error body the family's real service returns.
Json error_body(Family family, int status, const std::string& code, const std::string& message,
                const std::string& request_id);

}  // namespace fgform::emulator
