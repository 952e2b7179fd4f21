#include "http.h"

namespace fgform::cloud {

std::string HttpResponse::header(std::string_view name) const {
  std::string lower = to_lower(name);
  for (const auto& [n, v] : headers) {
    if (n == lower) return v;
  }
  return {};
}

bool is_secret_header(std::string_view name) {
  std::string lower = to_lower(name);
  return lower.find("authorization") != std::string::npos ||
         lower.find("token") != std::string::npos || lower.find("secret") != std::string::npos;
}

std::string redact_header_value(std::string_view name, std::string_view value) {
  if (is_secret_header(name)) return "***";
  return std::string(value);
}

}  // namespace fgform::cloud
