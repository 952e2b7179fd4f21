// The go-plugin handshake as Terraform's client expects it: the magic cookie that proves
// Terraform started us, the app-protocol version negotiation, and the single stdout line that
// tells Terraform where and how to connect.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fgform::plugin {

inline constexpr std::string_view kMagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";
inline constexpr std::string_view kMagicCookieValue =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

// go-plugin's own protocol; clients reject any other value.
inline constexpr int kCoreProtocolVersion = 1;

// The tfplugin protocol majors this build can serve, most preferred first: 5 is the proven
// path (every Terraform since 0.12 speaks it), 6 is for hosts that offer nothing else.
inline constexpr int kSupportedProtocolVersions[] = {5, 6};

// `cookie` is the environment value, nullptr when unset.
bool magic_cookie_matches(const char* cookie);

// What a person who runs the binary by hand sees on stderr.
std::string_view run_by_hand_message();

// `offered` is PLUGIN_PROTOCOL_VERSIONS ("5,6", any order, spaces allowed). Returns the first
// version of `preference` that is offered. An empty `offered` (a host too old to send the
// variable) gets the first preference, as go-plugin serves its default then. nullopt when
// the host offers only versions we cannot speak: refuse rather than answer in a protocol the
// host never asked for.
std::optional<int> negotiate_protocol_version(std::string_view offered,
                                              std::span<const int> preference);

// What to tell the user when negotiation fails.
std::string protocol_mismatch_message(std::string_view offered, std::span<const int> supported);

// Standard alphabet without '=' padding (Go's base64.RawStdEncoding): the client refuses a
// padded certificate with "illegal base64 data".
std::string base64_without_padding(std::string_view bytes);

struct HandshakeLine {
  int app_protocol_version = 5;
  std::string network = "unix";        // "unix" or "tcp"
  std::string address;                 // socket path, or 127.0.0.1:port
  std::string server_certificate_der;  // empty when serving plaintext
};

// "1|5|unix|<path>|grpc|<cert>" without the newline. Exactly six fields: older go-plugin
// clients would glue a seventh onto the certificate.
std::string format_handshake_line(const HandshakeLine& line);

}  // namespace fgform::plugin
