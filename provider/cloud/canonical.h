// The canonical request of SDK-HMAC-SHA256 and its relatives, built from decoded parts.
// One implementation serves the client's signer and the emulator's verifier, so the two can
// never disagree about a byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fgform::cloud {

using QueryParams = std::vector<std::pair<std::string, std::string>>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 unreserved characters stay; every other byte becomes %XX (uppercase hex).
std::string percent_encode(std::string_view raw);
// Decodes %XX sequences; '+' stays a literal plus. nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view encoded);

// Encodes each '/'-separated segment of a decoded path; the result is what goes on the wire.
std::string encode_path(std::string_view decoded_path);
// The wire path with the trailing slash the signature requires.
std::string canonical_uri(std::string_view decoded_path);
// Sorted by raw name then raw value, encoded, joined with '&'. Also the query we send.
std::string canonical_query(const QueryParams& decoded_params);
// Splits a raw query string ("a=1&b") into decoded pairs; nullopt on a malformed escape.
std::optional<QueryParams> parse_query(std::string_view raw_query);

std::string trim(std::string_view value);
std::string to_lower(std::string_view value);

// headers: (lowercase name, value) in SignedHeaders order; values are trimmed here.
std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, const HeaderList& signed_headers,
                              std::string_view payload_hash);

}  // namespace fgform::cloud
