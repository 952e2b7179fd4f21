// The HTTP transport on its own: what it sends, connection reuse, failures with and without
// bytes sent, TLS verification (on by default), and proxies chosen from the environment.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include "cloud/client.h"
#include "cloud/functiongraph_api.h"
#include "cloud/transport.h"
#include "loopback_server.h"

using namespace fgform;
using testing::Running;

namespace {

cloud::HttpRequest request(std::string method, std::string url, std::string body = "") {
  cloud::HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

// setenv for the length of a test.
struct ScopedEnv {
  std::string name;
  explicit ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

sockaddr_in loopback_address(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  return addr;
}

// A TCP socket bound to a free loopback port, not yet listening; the port goes to `port`.
int bound_loopback_socket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr = loopback_address(0);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

// A loopback port nothing listens on: bound to learn a free number, closed without listening.
int closed_port() {
  int port = 0;
  ::close(bound_loopback_socket(port));
  return port;
}

void clear_proxy_environment() {
  for (const char* n : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                        "no_proxy", "NO_PROXY"}) {
    ::unsetenv(n);
  }
}

// A self-signed certificate for 127.0.0.1, written as PEM files into dir.
void write_self_signed(const std::filesystem::path& dir) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key != nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("fgform test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
  REQUIRE(san != nullptr);
  X509_add_ext(cert, san, -1);
  X509_EXTENSION_free(san);
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  FILE* c = std::fopen((dir / "cert.pem").c_str(), "w");
  FILE* k = std::fopen((dir / "key.pem").c_str(), "w");
  REQUIRE((c != nullptr && k != nullptr));
  PEM_write_X509(c, cert);
  PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(c);
  std::fclose(k);
  X509_free(cert);
  EVP_PKEY_free(key);
}

// A self-signed certificate for 127.0.0.1 in a temporary directory, removed at the end, and an
// HTTPS server that presents it.
struct SelfSignedTls {
  std::filesystem::path dir;
  explicit SelfSignedTls(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir);
    write_self_signed(dir);
  }
  ~SelfSignedTls() { std::filesystem::remove_all(dir); }
  std::string ca_file() const { return (dir / "cert.pem").string(); }
  std::unique_ptr<httplib::SSLServer> server() const {
    auto s =
        std::make_unique<httplib::SSLServer>((dir / "cert.pem").c_str(), (dir / "key.pem").c_str());
    REQUIRE(s->is_valid());
    return s;
  }
};

}  // namespace

TEST_CASE("transport: sends what it was given and reuses the connection") {
  clear_proxy_environment();
  auto server = std::make_unique<httplib::Server>();
  std::set<int> client_ports;
  std::string seen;
  server->Put(".*", [&](const httplib::Request& req, httplib::Response& res) {
    client_ports.insert(req.remote_port);
    seen = req.method + " " + req.target + " host=" + req.get_header_value("Host") +
           " type=" + req.get_header_value("Content-Type") + " body=" + req.body;
    res.set_header("X-Request-Id", "req-1");
    res.status = 201;
    res.set_content("{\"ok\":true}", "application/json");
  });
  server->Delete(".*", [&](const httplib::Request& req, httplib::Response& res) {
    client_ports.insert(req.remote_port);
    res.status = 404;
  });
  Running<httplib::Server> running(std::move(server));
  const std::string base = "http://127.0.0.1:" + std::to_string(running.port);

  cloud::Transport t(cloud::TransportOptions{});
  auto put = t.perform(request("PUT", base + "/v2/p/fgs/functions/urn%3Afss%3Ax/config?a=1",
                               "{\"memory_size\":256}"));
  REQUIRE(put.answered);
  CHECK(put.request_sent);
  CHECK(put.response.status == 201);
  CHECK(put.response.body == "{\"ok\":true}");
  CHECK(put.response.header("x-request-id") == "req-1");
  for (const auto& h : put.response.headers) CHECK(h.first == cloud::to_lower(h.first));
  // The path goes out exactly as encoded (it was signed that way), the Host as in the URL.
  CHECK(seen == "PUT /v2/p/fgs/functions/urn%3Afss%3Ax/config?a=1 host=127.0.0.1:" +
                    std::to_string(running.port) +
                    " type=application/json body={\"memory_size\":256}");

  auto missing = t.perform(request("DELETE", base + "/nothing"));
  REQUIRE(missing.answered);  // an HTTP error status is an answer, not a transport failure
  CHECK(missing.response.status == 404);
  CHECK(client_ports.size() == 1);  // one kept-alive connection for both
}

TEST_CASE("transport: a connection the server closed while idle is replaced transparently") {
  clear_proxy_environment();
  auto server = std::make_unique<httplib::Server>();
  server->set_keep_alive_timeout(1);
  server->Get(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hi", "text/plain");
  });
  Running<httplib::Server> running(std::move(server));
  cloud::Transport t(cloud::TransportOptions{});
  const std::string url = "http://127.0.0.1:" + std::to_string(running.port) + "/x";
  REQUIRE(t.perform(request("GET", url)).answered);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto again = t.perform(request("GET", url));
  REQUIRE(again.answered);
  CHECK(again.response.body == "hi");
}

TEST_CASE("transport: nothing listening means nothing was sent") {
  clear_proxy_environment();
  const int port = closed_port();
  cloud::TransportOptions o;
  o.connect_timeout = std::chrono::milliseconds(2000);
  cloud::Transport t(o);
  auto out = t.perform(request("POST", "http://127.0.0.1:" + std::to_string(port) + "/x", "{}"));
  CHECK_FALSE(out.answered);
  CHECK_FALSE(out.request_sent);
  CHECK(out.failure == "could not connect to the server");
}

TEST_CASE("transport: a peer that hangs up mid-request is a failure, not a SIGPIPE death") {
  clear_proxy_environment();
  REQUIRE(::signal(SIGPIPE, SIG_DFL) != SIG_ERR);  // the default: a stray SIGPIPE would kill us
  int port = 0;
  const int fd = bound_loopback_socket(port);
  REQUIRE(::listen(fd, 4) == 0);
  std::thread hangup([fd] {
    int c = ::accept(fd, nullptr, nullptr);
    if (c < 0) return;
    char buf[1024];
    (void)::recv(c, buf, sizeof buf, 0);
    ::close(c);  // unread data: the kernel answers further writes with a reset
  });
  cloud::Transport t(cloud::TransportOptions{});
  auto out = t.perform(request("PUT", "http://127.0.0.1:" + std::to_string(port) + "/x",
                               std::string(16u << 20, 'x')));
  hangup.join();
  ::close(fd);
  CHECK_FALSE(out.answered);
  CHECK(out.request_sent);
}

TEST_CASE("transport: an answer slower than the request timeout is a failure after sending") {
  clear_proxy_environment();
  auto server = std::make_unique<httplib::Server>();
  server->Get(".*", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("late", "text/plain");
  });
  Running<httplib::Server> running(std::move(server));
  cloud::TransportOptions o;
  o.request_timeout = std::chrono::milliseconds(300);
  cloud::Transport t(o);
  const auto started = std::chrono::steady_clock::now();
  auto out = t.perform(request("GET", "http://127.0.0.1:" + std::to_string(running.port) + "/"));
  CHECK_FALSE(out.answered);
  CHECK(out.request_sent);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1400));
}

TEST_CASE("transport: TLS certificates are verified unless told otherwise") {
  clear_proxy_environment();
  const SelfSignedTls tls("fgform-tls");
  auto server = tls.server();
  server->Get(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("secure", "text/plain");
  });
  Running<httplib::SSLServer> running(std::move(server));
  const std::string url = "https://127.0.0.1:" + std::to_string(running.port) + "/";

  cloud::Transport strict(cloud::TransportOptions{});
  auto refused = strict.perform(request("GET", url));
  CHECK_FALSE(refused.answered);
  CHECK_FALSE(refused.request_sent);
  CHECK(refused.failure.find("certificate") != std::string::npos);

  cloud::TransportOptions with_ca;
  with_ca.ca_file = tls.ca_file();
  cloud::Transport trusting(with_ca);
  auto trusted = trusting.perform(request("GET", url));
  REQUIRE(trusted.answered);
  CHECK(trusted.response.body == "secure");

  cloud::TransportOptions insecure;
  insecure.insecure = true;
  cloud::Transport lax(insecure);
  auto unverified = lax.perform(request("GET", url));
  REQUIRE(unverified.answered);
  CHECK(unverified.response.body == "secure");

  // The right CA but the wrong name: refused.
  cloud::Transport by_name(with_ca);
  auto wrong_name =
      by_name.perform(request("GET", "https://localhost:" + std::to_string(running.port) + "/"));
  CHECK_FALSE(wrong_name.answered);
}

TEST_CASE("transport: http_proxy and no_proxy are honoured like libcurl honours them") {
  clear_proxy_environment();
  auto proxy = std::make_unique<httplib::Server>();
  std::string target;
  std::string auth;
  proxy->Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    target = req.target;
    auth = req.get_header_value("Proxy-Authorization");
    res.set_content("from the proxy", "text/plain");
  });
  Running<httplib::Server> running(std::move(proxy));
  cloud::TransportOptions o;
  o.connect_timeout = std::chrono::milliseconds(1000);

  {
    ScopedEnv p("http_proxy", "http://user:p%40ss@127.0.0.1:" + std::to_string(running.port));
    cloud::Transport t(o);
    auto out = t.perform(request("GET", "http://api.example.invalid:8080/v1/x?y=1"));
    REQUIRE(out.answered);
    CHECK(out.response.body == "from the proxy");
    CHECK(target == "http://api.example.invalid:8080/v1/x?y=1");
    CHECK(auth == "Basic dXNlcjpwQHNz");  // user:p@ss

    ScopedEnv n("no_proxy", "example.invalid, localhost");
    CHECK_FALSE(cloud::proxy_from_environment("http", "api.example.invalid"));
    const int closed = closed_port();
    target.clear();
    auto direct =
        cloud::Transport(o).perform(request("GET", "http://localhost:" + std::to_string(closed)));
    CHECK_FALSE(direct.answered);  // straight to the closed port, not through the proxy
    CHECK(target.empty());
  }
  {
    // Only the lowercase http_proxy counts for http:// (HTTP_PROXY can come from a request).
    ScopedEnv upper("HTTP_PROXY", "http://127.0.0.1:" + std::to_string(running.port));
    CHECK_FALSE(cloud::proxy_from_environment("http", "api.example.invalid"));
  }
  {
    ScopedEnv s("HTTPS_PROXY", "proxy.corp:3128");
    auto p = cloud::proxy_from_environment("https", "fgs.cn-north-4.myhuaweicloud.com");
    REQUIRE(p);
    CHECK(p->scheme == "http");
    CHECK(p->host == "proxy.corp");
    CHECK(p->port == 3128);
    ScopedEnv socks("https_proxy", "socks5://127.0.0.1:1080");
    cloud::Transport t(o);
    auto refused = t.perform(request("GET", "https://fgs.example.invalid/"));
    CHECK_FALSE(refused.answered);
    CHECK_FALSE(refused.request_sent);
    CHECK(refused.failure.find("proxy") != std::string::npos);
  }
}

// A CONNECT-only HTTP proxy for one tunnel: records the request line and Proxy-Authorization,
// connects to the loopback port asked for, then copies bytes both ways until either side closes.
struct TunnelProxy {
  int listener = -1;
  int port = 0;
  std::string request_line;
  std::string authorization;
  std::thread thread;

  TunnelProxy() {
    listener = bound_loopback_socket(port);
    REQUIRE(::listen(listener, 4) == 0);
    thread = std::thread([this] { serve(); });
  }
  ~TunnelProxy() {
    ::shutdown(listener, SHUT_RDWR);
    thread.join();
    ::close(listener);
  }

  void serve() {
    const int client = ::accept(listener, nullptr, nullptr);
    if (client < 0) return;
    std::string head;
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const long n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) {
        ::close(client);
        return;
      }
      head.append(buf, static_cast<std::size_t>(n));
    }
    request_line = head.substr(0, head.find("\r\n"));
    if (const auto at = head.find("Proxy-Authorization: "); at != std::string::npos) {
      authorization = head.substr(at + 21, head.find("\r\n", at) - at - 21);
    }
    const std::string target = request_line.substr(8, request_line.find(' ', 8) - 8);
    const int target_port = std::stoi(target.substr(target.rfind(':') + 1));
    const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in addr = loopback_address(target_port);
    if (::connect(upstream, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(upstream);
      ::close(client);
      return;
    }
    const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
    (void)::send(client, ok.data(), ok.size(), MSG_NOSIGNAL);
    std::thread back([client, upstream] {
      char b[4096];
      long n;
      while ((n = ::recv(upstream, b, sizeof b, 0)) > 0) {
        (void)::send(client, b, static_cast<std::size_t>(n), MSG_NOSIGNAL);
      }
      ::shutdown(client, SHUT_WR);
    });
    long n;
    while ((n = ::recv(client, buf, sizeof buf, 0)) > 0) {
      (void)::send(upstream, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL);
    }
    ::shutdown(upstream, SHUT_WR);
    back.join();
    ::close(upstream);
    ::close(client);
  }
};

TEST_CASE("transport: https through a proxy is a CONNECT tunnel, verified end to end") {
  clear_proxy_environment();
  const SelfSignedTls tls("fgform-tunnel");
  auto server = tls.server();
  std::string seen_target;
  server->Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    seen_target = req.target + " proxy-auth=" + req.get_header_value("Proxy-Authorization");
    res.set_content("through the tunnel", "text/plain");
  });
  Running<httplib::SSLServer> running(std::move(server));
  {
    TunnelProxy proxy;
    ScopedEnv p("https_proxy", "http://user:p%40ss@127.0.0.1:" + std::to_string(proxy.port));
    cloud::TransportOptions o;
    o.ca_file = tls.ca_file();
    cloud::Transport t(o);
    auto out = t.perform(
        request("GET", "https://127.0.0.1:" + std::to_string(running.port) + "/v2/x?y=1"));
    REQUIRE(out.answered);
    CHECK(out.response.body == "through the tunnel");
    // The proxy saw only where to connect and its own credentials; the server saw the request
    // in origin form, and no proxy credentials.
    CHECK(proxy.request_line == "CONNECT 127.0.0.1:" + std::to_string(running.port) + " HTTP/1.1");
    CHECK(proxy.authorization == "Basic dXNlcjpwQHNz");
    CHECK(seen_target == "/v2/x?y=1 proxy-auth=");
  }
  {
    // A proxy that refuses the tunnel: nothing reached the server.
    auto refusing = std::make_unique<httplib::Server>();
    Running<httplib::Server> proxy(std::move(refusing));  // answers CONNECT with 404
    ScopedEnv p("https_proxy", "http://127.0.0.1:" + std::to_string(proxy.port));
    cloud::Transport t(cloud::TransportOptions{});
    auto out = t.perform(request("GET", "https://127.0.0.1:" + std::to_string(running.port) + "/"));
    CHECK_FALSE(out.answered);
    CHECK_FALSE(out.request_sent);
    CHECK(out.failure.find("refused a tunnel") != std::string::npos);
  }
}

TEST_CASE("transport: a header value with a line break is refused before anything is sent") {
  clear_proxy_environment();
  cloud::Transport t(cloud::TransportOptions{});
  auto r = request("GET", "http://127.0.0.1:" + std::to_string(closed_port()) + "/");
  r.headers.emplace_back("X-Tag", "a\r\nX-Injected: yes");
  auto out = t.perform(r);
  CHECK_FALSE(out.answered);
  CHECK_FALSE(out.request_sent);
  CHECK(out.failure == "the request header \"X-Tag\" cannot be sent: a line break in it");
}

TEST_CASE("transport: no_proxy matching") {
  using cloud::no_proxy_matches;
  CHECK(no_proxy_matches("*", "anything.example"));
  CHECK(no_proxy_matches("example.com", "example.com"));
  CHECK(no_proxy_matches("example.com", "api.example.com"));
  CHECK(no_proxy_matches(".example.com", "api.example.com"));
  CHECK(no_proxy_matches("Example.COM", "API.example.com."));
  CHECK_FALSE(no_proxy_matches("example.com", "badexample.com"));
  CHECK_FALSE(no_proxy_matches("", "example.com"));
  CHECK(no_proxy_matches("10.0.0.0/8, 192.168.1.7", "10.20.30.40"));
  CHECK(no_proxy_matches("10.0.0.0/8, 192.168.1.7", "192.168.1.7"));
  CHECK_FALSE(no_proxy_matches("10.0.0.0/8", "11.0.0.1"));
  CHECK(no_proxy_matches("[::1]", "::1"));
}

TEST_CASE("list answers of an unexpected shape end the list instead of throwing") {
  // A string marker, a missing or non-array list, a top-level array where an object belongs:
  // each reader takes the field as absent (nlohmann would throw, ending the process).
  clear_proxy_environment();
  auto server = std::make_unique<httplib::Server>();
  int trigger_pages = 0;
  server->Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    std::string body = "[]";
    if (req.path.find("/fgs/functions") != std::string::npos)
      body = R"({"functions":[{"func_urn":"u"}],"next_marker":"2","count":"x"})";
    else if (req.path.find("/fgs/triggers") != std::string::npos) {
      ++trigger_pages;
      body = R"({"triggers":[{"trigger_id":"t1"}],"next_marker":"abc"})";
    } else if (req.path.find("/fgs/quotas") != std::string::npos)
      body = R"({"quotas":[1,2]})";
    else if (req.path.find("/versions") != std::string::npos)
      body = R"({"versions":{"v":1},"next_marker":1})";
    res.set_content(body, "application/json");
  });
  server->Post(".*", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"resources":"none"})", "application/json");
  });
  Running<httplib::Server> running(std::move(server));
  cloud::ClientConfig config;
  config.credentials.access_key = "AK";
  config.credentials.secret_key = "SK";
  config.credentials.region = "cn-north-4";
  config.credentials.project_id = "p";
  config.endpoints = cloud::Endpoints::all("http://127.0.0.1:" + std::to_string(running.port));
  cloud::Client client(config);
  cloud::FunctionGraphApi fg(client);

  auto page = fg.list_functions(0, 10);
  REQUIRE(page.ok());
  CHECK(page->items.size() == 1);
  CHECK(page->next_marker == 0);
  CHECK(page->count == 0);
  auto triggers = fg.list_all_triggers();
  REQUIRE(triggers.ok());
  CHECK(triggers->size() == 1);
  CHECK(trigger_pages == 1);
  auto quotas = fg.list_quotas();
  REQUIRE(quotas.ok());
  CHECK(quotas->empty());
  auto versions = fg.list_versions("urn:fss:cn-north-4:p:function:default:f");
  REQUIRE(versions.ok());
  CHECK(versions->empty());
  auto tagged = fg.list_all_function_tags();
  REQUIRE(tagged.ok());
  CHECK(tagged->empty());
  auto runtimes = fg.list_runtime_types();
  REQUIRE(runtimes.ok());
  CHECK(runtimes->empty());
}
