// go-plugin AutoMTLS, server side. When Terraform passes its client certificate in
// PLUGIN_CLIENT_CERT, the plugin makes a fresh self-signed certificate for this process only,
// sends it (DER) in the handshake line, and accepts only clients presenting Terraform's
// certificate. Terraform trusts nothing but the certificate we send and checks it for the name
// "localhost".
//
// The key is on P-256 on purpose: gRPC C-core 1.51 pins the ECDH group to P-256, and under
// TLS 1.2 OpenSSL would then also refuse peer certificates on other curves. Terraform's own
// client certificate is P-521, which therefore only works because Terraform (Go >= 1.13)
// negotiates TLS 1.3; never cap the server at TLS 1.2.
#pragma once

#include <optional>
#include <string>

namespace fgform::plugin {

struct ServerIdentity {
  std::string certificate_pem;
  std::string certificate_der;  // what the handshake line carries
  std::string private_key_pem;  // PKCS#8, never logged or written anywhere

  ServerIdentity() = default;
  ServerIdentity(const ServerIdentity&) = default;
  ServerIdentity(ServerIdentity&&) = default;
  ServerIdentity& operator=(const ServerIdentity&) = default;
  ServerIdentity& operator=(ServerIdentity&&) = default;
  ~ServerIdentity();  // wipes the private key
};

// Profile of go-plugin's own certificates: CN=localhost, SAN DNS:localhost, CA:TRUE,
// KU digitalSignature+keyEncipherment+keyAgreement+keyCertSign, EKU serverAuth+clientAuth,
// random 128-bit serial, valid from 30 s ago for about 30 years. On failure returns nullopt and
// says why in `error` (OpenSSL's reason, no key material).
std::optional<ServerIdentity> generate_server_identity(std::string* error);

}  // namespace fgform::plugin
