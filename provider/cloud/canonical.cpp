#include "canonical.h"

#include <algorithm>
#include <cctype>

namespace fgform::cloud {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_encode(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(raw.size());
  for (unsigned char c : raw) {
    if (is_unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0f]);
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out.push_back(encoded[i]);
      continue;
    }
    if (i + 2 >= encoded.size()) return std::nullopt;
    int hi = hex_value(encoded[i + 1]);
    int lo = hex_value(encoded[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

std::string encode_path(std::string_view decoded_path) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = decoded_path.find('/', start);
    out += percent_encode(decoded_path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

std::string canonical_uri(std::string_view decoded_path) {
  std::string uri = encode_path(decoded_path);
  if (uri.empty() || uri.back() != '/') uri.push_back('/');
  return uri;
}

std::string canonical_query(const QueryParams& decoded_params) {
  QueryParams sorted = decoded_params;
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const auto& [name, value] : sorted) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(name);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

std::optional<QueryParams> parse_query(std::string_view raw_query) {
  QueryParams params;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t amp = raw_query.find('&', start);
    std::string_view item = raw_query.substr(
        start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!item.empty()) {
      std::size_t eq = item.find('=');
      auto name = percent_decode(item.substr(0, eq));
      auto value =
          percent_decode(eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
      if (!name || !value) return std::nullopt;
      if (!name->empty()) params.emplace_back(std::move(*name), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return params;
}

std::string trim(std::string_view value) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  std::size_t begin = 0;
  std::size_t end = value.size();
  while (begin < end && is_space(static_cast<unsigned char>(value[begin]))) ++begin;
  while (end > begin && is_space(static_cast<unsigned char>(value[end - 1]))) --end;
  return std::string(value.substr(begin, end - begin));
}

std::string to_lower(std::string_view value) {
  std::string out(value);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri_text,
                              std::string_view canonical_query_text,
                              const HeaderList& signed_headers, std::string_view payload_hash) {
  std::string out;
  out.reserve(256);
  out.append(method).push_back('\n');
  out.append(canonical_uri_text).push_back('\n');
  out.append(canonical_query_text).push_back('\n');
  std::string names;
  for (const auto& [name, value] : signed_headers) {
    out.append(name).push_back(':');
    out.append(trim(value)).push_back('\n');
    if (!names.empty()) names.push_back(';');
    names.append(name);
  }
  out.push_back('\n');
  out.append(names).push_back('\n');
  out.append(payload_hash);
  return out;
}

}  // namespace fgform::cloud
