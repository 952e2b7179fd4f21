#include "error.h"

#include <nlohmann/json.hpp>

namespace fgform::cloud {

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kThrottled:
      return "throttled";
    case ErrorKind::kAuth:
      return "authentication failed";
    case ErrorKind::kValidation:
      return "invalid request";
    case ErrorKind::kServer:
      return "server error";
    case ErrorKind::kNetwork:
      return "network error";
    case ErrorKind::kOutcomeUnknown:
      return "outcome unknown";
    case ErrorKind::kConfiguration:
      return "configuration error";
    case ErrorKind::kUnknown:
      break;
  }
  return "unexpected response";
}

std::string ApiError::message() const {
  std::string out;
  if (!method.empty()) out += method + " " + path + ": ";
  if (http_status != 0) out += std::to_string(http_status) + " ";
  if (!error_code.empty()) out += error_code + ": ";
  out += error_msg.empty() ? std::string(kind_name(kind)) : error_msg;
  if (!request_id.empty()) out += " (request id " + request_id + ")";
  return out;
}

ErrorKind kind_for_status(int status) {
  if (status == 404) return ErrorKind::kNotFound;
  if (status == 409 || status == 412) return ErrorKind::kConflict;
  if (status == 429) return ErrorKind::kThrottled;
  if (status == 401 || status == 403) return ErrorKind::kAuth;
  if (status == 400 || status == 413 || status == 422 || status == 405)
    return ErrorKind::kValidation;
  if (status >= 500 && status <= 599) return ErrorKind::kServer;
  return ErrorKind::kUnknown;
}

namespace {

std::string scalar_text(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  return {};
}

void read_pair(const nlohmann::json& obj, ApiError& err) {
  if (!obj.is_object()) return;
  for (auto [code_key, msg_key] :
       {std::pair{"error_code", "error_msg"}, std::pair{"code", "message"}}) {
    if (err.error_code.empty() && obj.contains(code_key))
      err.error_code = scalar_text(obj[code_key]);
    if (err.error_msg.empty() && obj.contains(msg_key)) err.error_msg = scalar_text(obj[msg_key]);
  }
}

}  // namespace

ApiError error_from_response(int http_status, std::string_view body, std::string request_id,
                             std::string method, std::string path) {
  ApiError err;
  err.kind = kind_for_status(http_status);
  err.http_status = http_status;
  err.request_id = std::move(request_id);
  err.method = std::move(method);
  err.path = std::move(path);
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object()) {
    read_pair(parsed, err);
    for (const char* nested : {"error", "details"}) {
      if (parsed.contains(nested)) read_pair(parsed[nested], err);
    }
    if (err.request_id.empty() && parsed.contains("request_id")) {
      err.request_id = scalar_text(parsed["request_id"]);
    }
  } else if (!body.empty()) {
    err.error_msg = std::string(body.substr(0, 200));
  }
  return err;
}

ApiError unexpected_answer(std::string method, std::string path, std::string what) {
  ApiError err;
  err.kind = ErrorKind::kUnknown;
  err.method = std::move(method);
  err.path = std::move(path);
  err.error_msg = "unexpected answer: " + std::move(what);
  return err;
}

}  // namespace fgform::cloud
