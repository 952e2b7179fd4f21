// Plain HTTP request/response values exchanged between the client and its transport.
#pragma once

#include <string>
#include <string_view>

#include "canonical.h"

namespace fgform::cloud {

struct HttpRequest {
  std::string method;
  std::string url;  // absolute, path already percent-encoded, query canonical
  HeaderList headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // names lowercased
  std::string body;

  // First value of a header (case-insensitive name), "" when absent.
  std::string header(std::string_view name) const;
};

// What a debug log may show of a header: secrets are replaced by "***".
std::string redact_header_value(std::string_view name, std::string_view value);
bool is_secret_header(std::string_view name);

}  // namespace fgform::cloud
