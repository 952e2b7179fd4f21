// Hashing, HMAC, HKDF and hex helpers over OpenSSL, shared by the signer and the emulator's
// verifier.
#pragma once

#include <string>
#include <string_view>

namespace fgform::cloud {

enum class HashAlgorithm { kSha256, kSm3 };

std::string to_lower_hex(std::string_view bytes);
std::string digest(HashAlgorithm algorithm, std::string_view data);  // raw bytes
std::string hmac(HashAlgorithm algorithm, std::string_view key,
                 std::string_view data);  // raw bytes
std::string hex_digest(HashAlgorithm algorithm, std::string_view data);
std::string sha256_hex(std::string_view data);
std::string sha512_hex(std::string_view data);
// Not for security: the platform names code and packages by these digests (TF state keeps a
// SHA-1 of function code; dependency etags are MD5).
std::string sha1_hex(std::string_view data);
std::string md5_hex(std::string_view data);
// RFC 5869 HKDF-SHA256 (extract and expand), `length` raw bytes.
std::string hkdf_sha256(std::string_view key, std::string_view salt, std::string_view info,
                        std::size_t length);
// Compares in time that depends only on the lengths, which are public for signatures.
bool constant_time_equal(std::string_view a, std::string_view b);
// Overwrites a buffer that held a secret before it is released.
void wipe(std::string& secret);
std::string base64_encode(std::string_view bytes);
// Returns false on malformed input; accepts padded standard base64 only.
bool base64_decode(std::string_view text, std::string& out);
std::string random_hex(std::size_t bytes);

}  // namespace fgform::cloud
