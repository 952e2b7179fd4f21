#include "plugin/handshake.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace fgform::plugin;

TEST_CASE("magic cookie must be present and exact", "[handshake]") {
  CHECK(magic_cookie_matches("d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"));
  CHECK_FALSE(magic_cookie_matches(nullptr));
  CHECK_FALSE(magic_cookie_matches(""));
  CHECK_FALSE(
      magic_cookie_matches("d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b"));
  CHECK_FALSE(
      magic_cookie_matches("d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2 "));
}

TEST_CASE("the run-by-hand message says what the binary is", "[handshake]") {
  const std::string message(run_by_hand_message());
  CHECK(message.find("Terraform provider plugin") != std::string::npos);
  CHECK(message.find("not meant to be run by hand") != std::string::npos);
  CHECK(message.back() == '\n');
}

TEST_CASE("protocol version negotiation", "[handshake]") {
  const std::vector<int> five{5};
  CHECK(negotiate_protocol_version("5", five) == 5);
  CHECK(negotiate_protocol_version("5,6", five) == 5);
  CHECK(negotiate_protocol_version("6,5", five) == 5);
  CHECK(negotiate_protocol_version(" 6 , 5 ", five) == 5);
  // A host too old to send the variable gets our first preference.
  CHECK(negotiate_protocol_version("", five) == 5);
  CHECK(negotiate_protocol_version("  ", five) == 5);
  // Nothing usable offered: refuse instead of answering in a protocol nobody asked for.
  CHECK(negotiate_protocol_version("6", five) == std::nullopt);
  CHECK(negotiate_protocol_version("x,,", five) == std::nullopt);

  // Preference order decides, not the highest number.
  const std::vector<int> six_then_five{6, 5};
  CHECK(negotiate_protocol_version("5,6", six_then_five) == 6);
  CHECK(negotiate_protocol_version("5", six_then_five) == 5);
  CHECK(negotiate_protocol_version("7", six_then_five) == std::nullopt);
  CHECK(negotiate_protocol_version("5x,6", six_then_five) == 6);
}

TEST_CASE("built-in negotiation: 5 when offered, 6 when alone, refusal otherwise", "[handshake]") {
  CHECK(negotiate_protocol_version("5,6", kSupportedProtocolVersions) == 5);
  CHECK(negotiate_protocol_version("6,5", kSupportedProtocolVersions) == 5);
  CHECK(negotiate_protocol_version("5", kSupportedProtocolVersions) == 5);
  CHECK(negotiate_protocol_version("6", kSupportedProtocolVersions) == 6);
  CHECK(negotiate_protocol_version(" 6 ,7", kSupportedProtocolVersions) == 6);
  CHECK(negotiate_protocol_version("4", kSupportedProtocolVersions) == std::nullopt);
  CHECK(negotiate_protocol_version("7,8", kSupportedProtocolVersions) == std::nullopt);
  const std::string message = protocol_mismatch_message("4", kSupportedProtocolVersions);
  CHECK(message.find("protocol 5, 6") != std::string::npos);
  CHECK(message.find("\"4\"") != std::string::npos);
}

TEST_CASE("base64 without padding matches Go's RawStdEncoding", "[handshake]") {
  CHECK(base64_without_padding("") == "");
  CHECK(base64_without_padding("f") == "Zg");
  CHECK(base64_without_padding("fo") == "Zm8");
  CHECK(base64_without_padding("foo") == "Zm9v");
  CHECK(base64_without_padding("foob") == "Zm9vYg");
  CHECK(base64_without_padding("fooba") == "Zm9vYmE");
  CHECK(base64_without_padding("foobar") == "Zm9vYmFy");
  CHECK(base64_without_padding(std::string("\xff\xfe\x00", 3)) == "//4A");
  CHECK(base64_without_padding(std::string("\xfb\xff", 2)) == "+/8");
  const std::string long_input(1000, 'x');  // no line breaks, whatever the length
  CHECK(base64_without_padding(long_input).find('\n') == std::string::npos);
}

TEST_CASE("handshake line formatting", "[handshake]") {
  HandshakeLine line;
  line.app_protocol_version = 5;
  line.network = "unix";
  line.address = "/example/fgform-plugin-abc/plugin.sock";

  SECTION("plaintext ends with an empty certificate field") {
    CHECK(format_handshake_line(line) == "1|5|unix|/example/fgform-plugin-abc/plugin.sock|grpc|");
  }
  SECTION("AutoMTLS carries the DER certificate, unpadded") {
    line.server_certificate_der = "fo";
    CHECK(format_handshake_line(line) ==
          "1|5|unix|/example/fgform-plugin-abc/plugin.sock|grpc|Zm8");
  }
  SECTION("exactly six fields and no newline") {
    line.server_certificate_der = std::string(300, '\x42');
    const std::string text = format_handshake_line(line);
    CHECK(std::count(text.begin(), text.end(), '|') == 5);
    CHECK(text.find('\n') == std::string::npos);
    CHECK(text.find('=') == std::string::npos);
  }
}
