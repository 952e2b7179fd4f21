#include "api.h"

#include <charconv>

namespace fgform::emulator {

const Json& Request::json() {
  if (!parsed_) {
    if (raw_body.empty()) bad_request("the request body is empty; a JSON object is required");
    auto parsed = Json::parse(raw_body, nullptr, false);
    if (parsed.is_discarded()) bad_request("the request body is not valid JSON");
    if (!parsed.is_object()) bad_request("the request body must be a JSON object");
    parsed_ = std::move(parsed);
  }
  return *parsed_;
}

std::string Request::query_value(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

long Request::query_long(const std::string& name, long fallback, long min, long max) const {
  auto it = query.find(name);
  if (it == query.end() || it->second.empty()) return fallback;
  long value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    bad_request("query parameter " + name + " must be an integer from " + std::to_string(min) +
                " to " + std::to_string(max));
  }
  return value;
}

namespace {

std::string generic_code(Family family, int status) {
  switch (family) {
    case Family::kFunctionGraph:
      if (status == 404) return "FSS.0404";
      if (status == 409) return "FSS.0409";
      if (status == 403) return "FSS.0403";
      if (status >= 500) return status == 503 ? "FSS.0503" : "FSS.0500";
      return "FSS.0400";
    case Family::kVpc:
    case Family::kVpcV3:
      if (status == 404) return "VPC.0404";
      if (status == 409) return "VPC.0409";
      if (status >= 500) return "VPC.0500";
      return "VPC.0400";
    case Family::kIam:
      return "IAM." + std::to_string(status);
    case Family::kGateway:
      break;
  }
  if (status == 404) return "APIGW.0101";
  if (status == 429) return "APIGW.0308";
  if (status == 401) return "APIGW.0301";
  return "APIGW.0201";
}

std::string title_for(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace

Json error_body(Family family, int status, const std::string& code, const std::string& message,
                const std::string& request_id) {
  const std::string c = code.empty() ? generic_code(family, status) : code;
  switch (family) {
    case Family::kIam:
      // IAM answers Keystone-style errors.
      return Json{{"error", {{"code", status}, {"message", message}, {"title", title_for(status)}}},
                  {"error_code", c},
                  {"error_msg", message}};
    case Family::kVpc:
      return Json{{"code", c}, {"message", message}};
    case Family::kFunctionGraph:
    case Family::kGateway:
    case Family::kVpcV3:
      break;
  }
  return Json{{"error_code", c}, {"error_msg", message}, {"request_id", request_id}};
}

}  // namespace fgform::emulator
