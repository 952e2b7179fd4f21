// The OpenSSL client context every TLS connection of a transport shares: TLS 1.2 or newer, the
// system's CA store (or one CA file instead), and peer verification unless turned off.
#pragma once

#include <memory>
#include <string>

struct ssl_ctx_st;

namespace fgform::cloud {

class TlsContext {
 public:
  // nullptr with `failure` set when the CA certificates cannot be loaded.
  static std::unique_ptr<TlsContext> create(bool verify_peer, const std::string& ca_file,
                                            std::string& failure);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  ssl_ctx_st* native() const { return ctx_; }
  bool verifies_peer() const { return verify_peer_; }

 private:
  TlsContext(ssl_ctx_st* ctx, bool verify_peer) : ctx_(ctx), verify_peer_(verify_peer) {}
  ssl_ctx_st* ctx_;
  bool verify_peer_;
};

}  // namespace fgform::cloud
