#include "emulator.h"

#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "api.h"
#include "cloud/canonical.h"
#include "cloud/crypto.h"
#include "cloud/time_format.h"
#include "http_server.h"
#include "router.h"
#include "routes.h"
#include "store.h"
#include "temporary_credentials.h"
#include "verifier.h"

namespace fgform::emulator {
namespace {

// cpp-httplib 0.11 listens with a backlog of 5 and offers no way to change it. When more
// clients than that connect at once (fgform and the provider open 10 connections together),
// the kernel drops the extra SYNs and those clients wait for TCP's 1 s retransmission. Linux
// lets listen() be called again on a listening socket to change its backlog: find ours (the
// listening socket bound to `port`) among this process's descriptors and do that.
void widen_listen_backlog(int port) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == ::dirfd(dir)) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t addr_len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) continue;
    int bound = -1;
    if (addr.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
  ::closedir(dir);
}

}  // namespace

struct Emulator::Impl {
  EmulatorOptions options;
  Store store;
  World world;
  Router router;
  // cpp-httplib's parsing and routing with our own connection handling (see http_server.h).
  HttpServer server{HttpLimits{},
                    [](int status, const std::string& message, const std::string& id) {
                      return error_body(Family::kGateway, status, "APIGW.0201", message, id).dump();
                    }};
  std::thread thread;
  int port = 0;
  bool running = false;

  std::mutex data_mutex;  // one request at a time touches the store: simple and serialisable
  std::mutex stats_mutex;
  std::map<std::string, long> route_counts;
  long total_requests = 0;
  long auth_failures = 0;
  long faults_injected = 0;
  std::mt19937_64 fault_rng{std::random_device{}()};

  explicit Impl(EmulatorOptions o)
      : options(std::move(o)), store(options.data_dir), world{store, options.region, "", "", ""} {
    world.project_id = identity("project_id", options.project_id);
    world.domain_id = identity("domain_id", options.domain_id);
    world.domain_name = "fgform-emulator";
    world.strict_put = options.strict_put;
    world.now = options.clock;
    store.set_meta("region", world.region);
    add_function_routes(router);
    add_version_alias_routes(router);
    add_trigger_routes(router);
    add_reserved_async_routes(router);
    add_dependency_routes(router);
    add_event_routes(router);
    add_project_routes(router);
    add_iam_routes(router);
    add_credential_routes(router);
    add_vpc_routes(router);
    add_vpc_v3_routes(router);
  }

  // An explicit ID wins; otherwise the one kept from an earlier run; otherwise a new one.
  std::string identity(const std::string& name, const std::string& given) {
    if (!given.empty()) {
      store.set_meta(name, given);
      return given;
    }
    if (auto kept = store.meta(name)) return *kept;
    std::string fresh = cloud::random_hex(16);
    store.set_meta(name, fresh);
    return fresh;
  }

  std::chrono::system_clock::time_point now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }

  void count(const std::string& route_name) {
    std::lock_guard lock(stats_mutex);
    ++total_requests;
    ++route_counts[route_name];
  }

  Json stats_json() {
    std::lock_guard lock(stats_mutex);
    Json routes = Json::object();
    for (const auto& [name, n] : route_counts) routes[name] = n;
    return Json{{"total", total_requests},
                {"auth_failures", auth_failures},
                {"faults_injected", faults_injected},
                {"routes", routes}};
  }

  void reset_stats() {
    std::lock_guard lock(stats_mutex);
    route_counts.clear();
    total_requests = auth_failures = faults_injected = 0;
  }

  static void send_json(httplib::Response& res, int status, const Json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json;charset=UTF-8");
  }

  void send_error(httplib::Response& res, Family family, int status, const std::string& code,
                  const std::string& message, const std::string& request_id) {
    send_json(res, status, error_body(family, status, code, message, request_id));
  }

  // After a successful POST: whether its answer is to be lost (--gateway-timeout-rate).
  bool lose_answer(const std::string& method, int status) {
    if (options.gateway_timeout_rate <= 0.0 || method != "POST" || status >= 300) return false;
    std::lock_guard lock(stats_mutex);
    std::uniform_real_distribution<double> dist(0.0, 1.0);
    if (dist(fault_rng) >= options.gateway_timeout_rate) return false;
    ++faults_injected;
    return true;
  }

  bool inject_fault() {
    if (options.fail_rate <= 0.0) return false;
    std::lock_guard lock(stats_mutex);
    std::uniform_real_distribution<double> dist(0.0, 1.0);
    if (dist(fault_rng) >= options.fail_rate) return false;
    ++faults_injected;
    return true;
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    const std::string request_id = cloud::random_hex(16);
    res.set_header("X-Request-Id", request_id);
    res.set_header("Date",
                   cloud::format_utc(
                       now(), "%a, %d %b %Y %H:%M:%S GMT"));  // clients correct clock skew from it

    std::string path = req.target.substr(0, req.target.find('?'));
    if (path.rfind("/_emulator/", 0) == 0) {
      handle_control(req, res, path);
      return;
    }
    if (options.latency_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(options.latency_ms));
    }

    auto decoded = cloud::percent_decode(path);
    std::vector<std::string> segments = split_path(decoded ? *decoded : path);
    auto match = decoded ? router.match(req.method, segments) : std::nullopt;
    count(match ? req.method + " " + match->route->pattern : "unmatched");

    std::vector<std::pair<std::string, std::string>> headers(req.headers.begin(),
                                                             req.headers.end());
    auto failure = verify_signature(
        {req.method, req.target, &headers, req.body},
        [this](std::string_view ak) -> std::optional<KeyRecord> {
          if (ak == options.access_key) return KeyRecord{options.secret_key};
          std::lock_guard lock(data_mutex);
          return temporary_key(store, ak);
        },
        now());
    if (failure) {
      {
        std::lock_guard lock(stats_mutex);
        ++auth_failures;
      }
      send_error(res, Family::kGateway, failure->status, failure->error_code, failure->error_msg,
                 request_id);
      return;
    }
    if (!decoded) {
      send_error(res, Family::kGateway, 400, "APIGW.0201", "the request path is malformed",
                 request_id);
      return;
    }
    if (!match) {
      send_error(res, router.family_for(segments), 404, "APIGW.0101",
                 "The API does not exist or has not been published in the environment", request_id);
      return;
    }
    const Route& route = *match->route;
    if (auto it = match->params.find("project_id");
        it != match->params.end() && it->second != world.project_id) {
      send_error(res, route.family, 403, route.family == Family::kFunctionGraph ? "FSS.0403" : "",
                 "the project ID in the path does not belong to these credentials", request_id);
      return;
    }
    if (inject_fault()) {
      int s = options.fail_status;
      std::string code = s == 429 ? "APIGW.0308" : (s == 500 ? "FSS.0500" : "FSS.0503");
      std::string msg = s == 429 ? "The throttling threshold has been reached: policy user over "
                                   "ratelimit,limit:100,time:1 minute"
                                 : "Service unavailable (injected fault)";
      send_error(res, Family::kGateway, s, code, msg, request_id);
      return;
    }

    Request request;
    request.method = req.method;
    request.params = std::move(match->params);
    auto q =
        cloud::parse_query(req.target.find('?') == std::string::npos
                               ? std::string_view{}
                               : std::string_view(req.target).substr(req.target.find('?') + 1));
    if (q) {
      for (auto& [k, v] : *q) request.query.emplace(std::move(k), std::move(v));
    }
    request.raw_body = req.body;

    std::lock_guard lock(data_mutex);
    try {
      store.begin();
      Reply reply = route.handler(request, world);
      store.commit();
      if (lose_answer(req.method, reply.status)) {
        send_error(res, Family::kGateway, 504, "APIGW.0202", "Backend timeout", request_id);
        return;
      }
      if (reply.body) {
        send_json(res, reply.status, *reply.body);
      } else {
        res.status = reply.status;
      }
    } catch (const ApiFailure& f) {
      rollback_quietly();
      send_error(res, route.family, f.status, f.code, f.message, request_id);
    } catch (const Json::exception& e) {
      rollback_quietly();
      send_error(res, route.family, 400, "", std::string("invalid parameter: ") + e.what(),
                 request_id);
    } catch (const std::exception& e) {
      rollback_quietly();
      std::cerr << "fgform-emulator: internal error on " << req.method << " " << route.pattern
                << ": " << e.what() << "\n";
      send_error(res, route.family, 500, "", "internal error", request_id);
    }
  }

  void rollback_quietly() {
    try {
      store.rollback();
    } catch (const std::exception&) {
      // No transaction left to roll back; nothing was written.
    }
  }

  void handle_control(const httplib::Request& req, httplib::Response& res,
                      const std::string& path) {
    if (path == "/_emulator/stats" && req.method == "GET") {
      send_json(res, 200, stats_json());
    } else if (path == "/_emulator/stats" && req.method == "DELETE") {
      reset_stats();
      res.status = 204;
    } else if (path == "/_emulator/info" && req.method == "GET") {
      send_json(res, 200,
                Json{{"region", world.region},
                     {"project_id", world.project_id},
                     {"domain_id", world.domain_id},
                     {"domain_name", world.domain_name}});
    } else {
      send_error(res, Family::kGateway, 404, "APIGW.0101", "unknown emulator control path",
                 res.get_header_value("X-Request-Id"));
    }
  }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Emulator::~Emulator() {
  stop();
}

void Emulator::start() {
  Impl& d = *impl_;
  auto handler = [&d](const httplib::Request& req, httplib::Response& res) { d.handle(req, res); };
  for (const char* pattern : {".*"}) {
    d.server.Get(pattern, handler);
    d.server.Post(pattern, handler);
    d.server.Put(pattern, handler);
    d.server.Delete(pattern, handler);
    d.server.Patch(pattern, handler);
    d.server.Options(pattern, handler);
  }
  d.server.set_payload_max_length(d.options.max_body_bytes);
  // Without it, a response written in two segments waits for the client's delayed ACK (~40 ms).
  d.server.set_tcp_nodelay(true);
  d.server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string id = res.get_header_value("X-Request-Id");
        if (id.empty()) {
          id = cloud::random_hex(16);
          res.set_header("X-Request-Id", id);
        }
        std::string message =
            res.status == 413 ? "Request entity too large." : "The request could not be processed.";
        Impl::send_json(res, res.status,
                        error_body(Family::kGateway, res.status,
                                   res.status == 404 ? "APIGW.0101" : "APIGW.0201", message, id));
        return httplib::Server::HandlerResponse::Handled;
      }));
  d.port = d.options.port == 0
               ? d.server.bind_to_any_port(d.options.host)
               : (d.server.bind_to_port(d.options.host, d.options.port) ? d.options.port : -1);
  if (d.port <= 0) {
    throw std::runtime_error("cannot listen on " + d.options.host + ":" +
                             std::to_string(d.options.port));
  }
  widen_listen_backlog(d.port);
  d.running = true;
  d.thread = std::thread([&d] { d.server.listen_after_bind(); });
  // httplib's stop() does nothing until the listening thread has marked the server running, so
  // a stop() that came first would leave that thread blocked in accept() forever (seen as a
  // hang at exit when fgform's embedded emulator served no request). Wait for it here.
  // (Bounded, in case the thread ended at once: listen_internal sets the flag first thing.)
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!d.server.is_running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
}

void Emulator::stop() {
  if (!impl_ || !impl_->running) return;
  impl_->server.shutdown();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->running = false;
}

int Emulator::port() const {
  return impl_->port;
}

std::string Emulator::base_url() const {
  const std::string& h = impl_->options.host;
  bool v6 = h.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + h + "]" : h) + ":" + std::to_string(impl_->port);
}

const std::string& Emulator::project_id() const {
  return impl_->world.project_id;
}
const std::string& Emulator::domain_id() const {
  return impl_->world.domain_id;
}
const std::string& Emulator::region() const {
  return impl_->world.region;
}

}  // namespace fgform::emulator
