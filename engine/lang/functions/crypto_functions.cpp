// Hash functions over strings and files (OpenSSL's EVP digests), and uuid.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

std::string digest(const EVP_MD* md, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

using Encoder = std::string (*)(const std::string&);

std::string hex_encoder(const std::string& b) {
  return hex(b);
}
std::string base64_encoder(const std::string& b) {
  return base64_encode(b);
}

Function hash_string(const EVP_MD* (*md)(), Encoder encode) {
  return make({param("str", Type::string())}, Type::string(),
              [md, encode](const Args& a) -> Result {
                return Value::string(encode(digest(md(), a[0].as_string())));
              });
}

Function hash_file(const EVP_MD* (*md)(), Encoder encode, const FunctionOptions& options) {
  return make({param("path", Type::string())}, Type::string(),
              [md, encode, options](const Args& a) -> Result {
                auto content = read_file(options, a[0].as_string());
                if (auto* e = std::get_if<FunctionError>(&content)) return *e;
                return Value::string(encode(digest(md(), std::get<std::string>(content))));
              });
}

}  // namespace

void add_crypto_functions(FunctionTable& table, const FunctionOptions& options) {
  table["md5"] = hash_string(EVP_md5, hex_encoder);
  table["sha1"] = hash_string(EVP_sha1, hex_encoder);
  table["sha256"] = hash_string(EVP_sha256, hex_encoder);
  table["sha512"] = hash_string(EVP_sha512, hex_encoder);
  table["base64sha256"] = hash_string(EVP_sha256, base64_encoder);
  table["base64sha512"] = hash_string(EVP_sha512, base64_encoder);
  table["filemd5"] = hash_file(EVP_md5, hex_encoder, options);
  table["filesha1"] = hash_file(EVP_sha1, hex_encoder, options);
  table["filesha256"] = hash_file(EVP_sha256, hex_encoder, options);
  table["filesha512"] = hash_file(EVP_sha512, hex_encoder, options);
  table["filebase64sha256"] = hash_file(EVP_sha256, base64_encoder, options);
  table["filebase64sha512"] = hash_file(EVP_sha512, base64_encoder, options);

  // A random (version 4) UUID; different on every call, as in Terraform.
  table["uuid"] = make({}, Type::string(), [](const Args&) -> Result {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) return error("failed to generate random bytes");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return Value::string(out);
  });
}

}  // namespace fgform::lang::functions
