#include "plugin/handshake.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>

namespace fgform::plugin {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<int> parse_version(std::string_view text) {
  text = trim(text);
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

bool magic_cookie_matches(const char* cookie) {
  return cookie != nullptr && std::string_view(cookie) == kMagicCookieValue;
}

std::string_view run_by_hand_message() {
  return "terraform-provider-functiongraph is a Terraform provider plugin: Terraform starts it,\n"
         "it is not meant to be run by hand.\n"
         "To use it, declare the provider in a Terraform configuration\n"
         "(required_providers { functiongraph = { source = \"fgform/functiongraph\" } })\n"
         "and run terraform init, plan and apply.\n";
}

std::optional<int> negotiate_protocol_version(std::string_view offered,
                                              std::span<const int> preference) {
  if (trim(offered).empty()) {
    if (preference.empty()) return std::nullopt;
    return preference.front();
  }
  std::vector<int> versions;
  while (!offered.empty()) {
    const auto comma = offered.find(',');
    const auto item = offered.substr(0, comma);
    offered = comma == std::string_view::npos ? std::string_view() : offered.substr(comma + 1);
    if (const auto version = parse_version(item)) versions.push_back(*version);
  }
  for (int wanted : preference) {
    if (std::find(versions.begin(), versions.end(), wanted) != versions.end()) return wanted;
  }
  return std::nullopt;
}

std::string protocol_mismatch_message(std::string_view offered, std::span<const int> supported) {
  std::string ours;
  for (int v : supported) ours += (ours.empty() ? "" : ", ") + std::to_string(v);
  return "terraform-provider-functiongraph speaks Terraform plugin protocol " + ours +
         ", but Terraform offered only \"" + std::string(offered) +
         "\" (PLUGIN_PROTOCOL_VERSIONS). Use a Terraform release that supports one of these "
         "protocols (protocol 5 since v0.12, protocol 6 since v0.15).\n";
}

std::string base64_without_padding(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // +1: EVP_EncodeBlock adds a NUL
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(length));
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::string format_handshake_line(const HandshakeLine& line) {
  std::string out;
  out += std::to_string(kCoreProtocolVersion);
  out += '|';
  out += std::to_string(line.app_protocol_version);
  out += '|';
  out += line.network;
  out += '|';
  out += line.address;
  out += "|grpc|";
  if (!line.server_certificate_der.empty()) {
    out += base64_without_padding(line.server_certificate_der);
  }
  return out;
}

}  // namespace fgform::plugin
