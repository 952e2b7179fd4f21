#include "plugin/auto_mtls.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <memory>
#include <string>

using namespace fgform::plugin;

namespace {

struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using CertPtr = std::unique_ptr<X509, X509Deleter>;

CertPtr parse_pem(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  return CertPtr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

CertPtr parse_der(const std::string& der) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  return CertPtr(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
}

std::string common_name(X509* cert) {
  char buffer[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buffer, sizeof buffer);
  return buffer;
}

std::string serial_hex(X509* cert) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> number(
      ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr), &BN_free);
  char* hex = BN_bn2hex(number.get());
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

}  // namespace

TEST_CASE("AutoMTLS server certificate has go-plugin's profile", "[auto_mtls]") {
  std::string error;
  const auto identity = generate_server_identity(&error);
  INFO(error);
  REQUIRE(identity);
  CHECK(identity->certificate_pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(identity->private_key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);

  const CertPtr cert = parse_pem(identity->certificate_pem);
  REQUIRE(cert);

  SECTION("the DER in the handshake is the same certificate") {
    const CertPtr from_der = parse_der(identity->certificate_der);
    REQUIRE(from_der);
    CHECK(X509_cmp(cert.get(), from_der.get()) == 0);
  }

  SECTION("self-signed, and verifies as its own only root for localhost") {
    EVP_PKEY* public_key = X509_get0_pubkey(cert.get());
    REQUIRE(public_key != nullptr);
    CHECK(X509_verify(cert.get(), public_key) == 1);
    CHECK(X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())) == 0);
    CHECK(X509_check_host(cert.get(), "localhost", 0, 0, nullptr) == 1);
    CHECK(X509_check_host(cert.get(), "example.com", 0, 0, nullptr) == 0);

    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                  &X509_STORE_free);
    X509_STORE_add_cert(store.get(), cert.get());
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(),
                                                                            &X509_STORE_CTX_free);
    X509_STORE_CTX_init(context.get(), store.get(), cert.get(), nullptr);
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
    CHECK(X509_verify_cert(context.get()) == 1);
  }

  SECTION("key on P-256 (gRPC C-core pins ECDH to P-256)") {
    EVP_PKEY* public_key = X509_get0_pubkey(cert.get());
    char group[64] = {};
    size_t length = 0;
    REQUIRE(EVP_PKEY_get_group_name(public_key, group, sizeof group, &length) == 1);
    CHECK(std::string(group) == "prime256v1");
  }

  SECTION("subject, SAN, CA, key usages") {
    CHECK(common_name(cert.get()) == "localhost");

    auto* names = static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
    REQUIRE(names != nullptr);
    REQUIRE(sk_GENERAL_NAME_num(names) == 1);
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, 0);
    REQUIRE(name->type == GEN_DNS);
    CHECK(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                      static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName))) ==
          "localhost");
    GENERAL_NAMES_free(names);

    CHECK(X509_check_ca(cert.get()) >= 1);
    auto* constraints = static_cast<BASIC_CONSTRAINTS*>(
        X509_get_ext_d2i(cert.get(), NID_basic_constraints, nullptr, nullptr));
    REQUIRE(constraints != nullptr);
    CHECK(constraints->ca != 0);
    BASIC_CONSTRAINTS_free(constraints);

    const uint32_t key_usage = X509_get_key_usage(cert.get());
    CHECK((key_usage & KU_DIGITAL_SIGNATURE) != 0);
    CHECK((key_usage & KU_KEY_ENCIPHERMENT) != 0);
    CHECK((key_usage & KU_KEY_AGREEMENT) != 0);
    CHECK((key_usage & KU_KEY_CERT_SIGN) != 0);

    const uint32_t extended = X509_get_extended_key_usage(cert.get());
    CHECK((extended & XKU_SSL_SERVER) != 0);
    CHECK((extended & XKU_SSL_CLIENT) != 0);
  }

  SECTION("valid from about 30 seconds ago for decades") {
    const std::time_t now = std::time(nullptr);
    CHECK(X509_cmp_time(X509_get0_notBefore(cert.get()), nullptr) < 0);  // already valid
    std::time_t just_before = now - 25;
    CHECK(X509_cmp_time(X509_get0_notBefore(cert.get()), &just_before) < 0);
    std::time_t too_early = now - 120;
    CHECK(X509_cmp_time(X509_get0_notBefore(cert.get()), &too_early) > 0);
    std::time_t in_twenty_years = now + 20L * 365 * 24 * 3600;
    CHECK(X509_cmp_time(X509_get0_notAfter(cert.get()), &in_twenty_years) > 0);
  }
}

TEST_CASE("every process gets a fresh certificate and key", "[auto_mtls]") {
  std::string error;
  const auto first = generate_server_identity(&error);
  const auto second = generate_server_identity(&error);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->private_key_pem != second->private_key_pem);
  const CertPtr a = parse_pem(first->certificate_pem);
  const CertPtr b = parse_pem(second->certificate_pem);
  CHECK(serial_hex(a.get()) != serial_hex(b.get()));
}
