#include "plugin/auto_mtls.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace fgform::plugin {

namespace {

constexpr long kNotBeforeSkewSeconds = 30;
constexpr long kValiditySeconds = 262980L * 3600L;  // go-plugin's 262 980 hours, ~30 years
constexpr int kSerialBits = 128;

struct OpenSslFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
  void operator()(BIGNUM* number) const { BN_free(number); }
  void operator()(BIO* bio) const { BIO_free(bio); }
};
template <typename T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

std::string openssl_reason(std::string_view step) {
  std::string message(step);
  const unsigned long code = ERR_get_error();
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  return message;
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  OpenSslPtr<X509_EXTENSION> extension(
      X509V3_EXT_conf_nid(nullptr, &context, nid, const_cast<char*>(value)));
  return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

bool set_random_serial(X509* cert) {
  OpenSslPtr<BIGNUM> serial(BN_new());
  return serial && BN_rand(serial.get(), kSerialBits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
         BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool set_localhost_names(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  const auto* organisation = reinterpret_cast<const unsigned char*>("fgform");
  const auto* common_name = reinterpret_cast<const unsigned char*>("localhost");
  return X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, organisation, -1, -1, 0) == 1 &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0) == 1 &&
         X509_set_issuer_name(cert, name) == 1;
}

std::string drain(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

}  // namespace

ServerIdentity::~ServerIdentity() {
  if (!private_key_pem.empty()) OPENSSL_cleanse(private_key_pem.data(), private_key_pem.size());
}

std::optional<ServerIdentity> generate_server_identity(std::string* error) {
  auto fail = [error](std::string_view step) -> std::optional<ServerIdentity> {
    if (error != nullptr) *error = openssl_reason(step);
    return std::nullopt;
  };

  OpenSslPtr<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) return fail("generating the P-256 key");

  OpenSslPtr<X509> cert(X509_new());
  if (!cert) return fail("allocating the certificate");
  if (X509_set_version(cert.get(), 2) != 1) return fail("setting the certificate version");
  if (!set_random_serial(cert.get())) return fail("choosing a serial number");
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kNotBeforeSkewSeconds) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds) == nullptr) {
    return fail("setting the validity period");
  }
  if (X509_set_pubkey(cert.get(), key.get()) != 1) return fail("setting the public key");
  if (!set_localhost_names(cert.get())) return fail("setting the subject");

  // Go's verifier needs the SAN (it ignores the CN) and, since the certificate is its own
  // root, CA:TRUE with keyCertSign.
  const bool extensions_added =
      add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
      add_extension(cert.get(), NID_key_usage,
                    "critical,digitalSignature,keyEncipherment,keyAgreement,keyCertSign") &&
      add_extension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth") &&
      add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost") &&
      add_extension(cert.get(), NID_subject_key_identifier, "hash");
  if (!extensions_added) return fail("adding certificate extensions");

  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) return fail("signing the certificate");

  ServerIdentity identity;
  OpenSslPtr<BIO> cert_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1) {
    return fail("writing the certificate PEM");
  }
  identity.certificate_pem = drain(cert_bio.get());

  OpenSslPtr<BIO> key_bio(BIO_new(BIO_s_secmem()));
  if (!key_bio || PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                           nullptr) != 1) {
    return fail("writing the private key PEM");
  }
  identity.private_key_pem = drain(key_bio.get());

  const int der_length = i2d_X509(cert.get(), nullptr);
  if (der_length <= 0) return fail("encoding the certificate as DER");
  identity.certificate_der.resize(static_cast<std::size_t>(der_length));
  auto* der_cursor = reinterpret_cast<unsigned char*>(identity.certificate_der.data());
  if (i2d_X509(cert.get(), &der_cursor) != der_length) {
    return fail("encoding the certificate as DER");
  }
  return identity;
}

}  // namespace fgform::plugin
