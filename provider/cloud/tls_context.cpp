#include "tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace fgform::cloud {

std::unique_ptr<TlsContext> TlsContext::create(bool verify_peer, const std::string& ca_file,
                                               std::string& failure) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) {
    failure = "TLS could not be initialised";
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // Many servers close without a close_notify; HTTP framing already tells whether an answer
  // was complete, so such an end of stream is an ordinary end rather than an error.
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  // Keep SSL_write from failing when a partial write is retried from a moved buffer: the
  // transport resumes from the same bytes, but not necessarily the same address.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (verify_peer) {
    // A CA file replaces the system store (as libcurl's CAINFO does); otherwise the system's.
    const int loaded = ca_file.empty()
                           ? SSL_CTX_set_default_verify_paths(ctx)
                           : SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr);
    if (loaded != 1) {
      ERR_clear_error();
      SSL_CTX_free(ctx);
      failure = "the CA certificates could not be loaded" +
                (ca_file.empty() ? std::string() : " from " + ca_file);
      return nullptr;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  return std::unique_ptr<TlsContext>(new TlsContext(ctx, verify_peer));
}

TlsContext::~TlsContext() {
  SSL_CTX_free(ctx_);
}

}  // namespace fgform::cloud
