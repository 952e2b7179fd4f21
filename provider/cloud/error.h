// The error model of the platform client: every failed call becomes one ApiError that says what
// kind of failure it is, what the platform said, and which request it was.
#pragma once

#include <string>
#include <string_view>

namespace fgform::cloud {

enum class ErrorKind {
  kNotFound,        // 404: the object does not exist (resources treat it as gone)
  kConflict,        // 409/412: already exists, in use
  kThrottled,       // 429 after the retry budget ran out
  kAuth,            // 401/403: bad credentials, signature, permissions
  kValidation,      // 400/413/422: the platform refused the input
  kServer,          // 5xx after retries
  kNetwork,         // no answer at all: DNS, connect, TLS
  kOutcomeUnknown,  // a create may or may not have happened: look the object up
  kConfiguration,   // our own side: missing credentials, bad endpoint
  kUnknown,
};

std::string_view kind_name(ErrorKind kind);

struct ApiError {
  ErrorKind kind = ErrorKind::kUnknown;
  int http_status = 0;
  std::string error_code;  // e.g. FSS.1051, APIGW.0301
  std::string error_msg;
  std::string request_id;  // X-Request-Id of the failed response, when there was one
  std::string method;
  std::string path;  // the decoded path, never the query (which may carry names of secrets)

  // One line for people: "GET /v2/.../config: 404 FSS.1051: Not found the function (request id
  // ...)"
  std::string message() const;
};

ErrorKind kind_for_status(int http_status);

// Builds the error from a non-success response, reading the body shapes the platform uses:
// {"error_code","error_msg"}, {"code","message"}, {"error":{"code","message"}} (IAM/Keystone).
ApiError error_from_response(int http_status, std::string_view body, std::string request_id,
                             std::string method, std::string path);

// A successful answer that lacks what the call exists to return (the wrapper object of a create
// or a get, an ID): kind kUnknown, with `what` saying what was missing.
ApiError unexpected_answer(std::string method, std::string path, std::string what);

}  // namespace fgform::cloud
