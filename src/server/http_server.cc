#include "server/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <fstream>
#include <sstream>

#include "guarantees/commitments.h"
#include "ledger/evidence_log.h"
#include "server/evidence.h"
#include "server/openapi_doc.h"
#include "server/server_impl.h"
#include "server/static_files.h"
#include "server/views.h"

namespace truce::server {

std::expected<Principal, ApiError> Server::Impl::Authenticate(
    const httplib::Request& req) {
  if (!req.has_header("Authorization")) return Principal{};
  std::string h = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (h.size() <= kBearer.size() || h.compare(0, kBearer.size(), kBearer)) {
    return std::unexpected(ApiError{
        401, "unauthorized", "the Authorization header is not a bearer token",
        "Authorization", "send Authorization: Bearer TOKEN"});
  }
  auto p = tokens.Authenticate(std::string_view(h).substr(kBearer.size()));
  if (!p) return std::unexpected(FromError(p.error()));
  if (!*p) {
    return std::unexpected(ApiError{401, "unauthorized",
                                    "unknown or revoked token", "Authorization",
                                    "ask an admin for a token: truce token "
                                    "create --role ROLE --name NAME"});
  }
  return **p;
}

const Route* Server::Impl::MatchRoute(const std::string& method,
                                      const std::string& path) {
  // Templates hold at most one {param}, which matches one or more bytes
  // (incident ids contain '/'). Only the body limit depends on this.
  for (const Route& r : Routes()) {
    if (r.method != method) continue;
    std::string_view t = r.path;
    size_t open = t.find('{');
    if (open == std::string_view::npos) {
      if (path == t) return &r;
      continue;
    }
    std::string_view prefix = t.substr(0, open);
    std::string_view suffix = t.substr(t.find('}') + 1);
    if (path.size() > prefix.size() + suffix.size() &&
        path.starts_with(prefix) && path.ends_with(suffix)) {
      return &r;
    }
  }
  return nullptr;
}

void Server::Impl::Handle(const Route& route, const httplib::Request& req,
                          httplib::Response& res) {
  auto t0 = Clock::now();
  if (stopping) {
    Reply(res, {503, "unavailable", "truce is stopping", "",
                "retry when the server is back"});
  } else if (auto who = Authenticate(req); !who) {
    Reply(res, who.error());
  } else if (auto wait = limiter.Take(who->token_id > 0
                                          ? fmt::format("t:{}", who->token_id)
                                          : "ip:" + req.remote_addr,
                                      SteadyNs())) {
    ++metrics.rate_limited;
    res.set_header("Retry-After", std::to_string(*wait));
    Reply(res, {429, "rate_limited",
                fmt::format("too many requests; retry in {} s", *wait), "",
                "slow down: see Retry-After"});
  } else if (!Allows(route, who->role)) {
    if (who->role == Role::kPublic) {
      Reply(res, {401, "unauthorized",
                  fmt::format("{} {} needs a token", route.method, route.path),
                  "Authorization",
                  "send Authorization: Bearer TOKEN (truce token create)"});
    } else {
      Reply(res, {403, "forbidden",
                  fmt::format("the {} role may not call {} {}", Name(who->role),
                              route.method, route.path),
                  "Authorization",
                  "docs/api/README.md lists the roles of each route"});
    }
  } else if (req.body.size() > route.max_body_bytes) {
    Reply(res, {413, "payload_too_large",
                fmt::format("the body has {} bytes; {} {} takes at most {}",
                            req.body.size(), route.method, route.path,
                            route.max_body_bytes),
                "body", "split the input into smaller posts"});
  } else {
    Dispatch(route, *who, req, res);
  }
  if (route.id != RouteId::kStream) {
    metrics.Record(std::string(route.path), std::string(route.method),
                   res.status,
                   std::chrono::duration<double>(Clock::now() - t0).count());
  } else {
    metrics.Record(std::string(route.path), std::string(route.method),
                   res.status == -1 ? 200 : res.status, 0);
  }
}

void Server::Impl::Dispatch(const Route& route, const Principal& who,
                            const httplib::Request& req,
                            httplib::Response& res) {
  auto ok = [&](std::string body, int status = 200) {
    res.status = status;
    res.set_content(std::move(body), kJson);
  };
  auto fail = [&](const Error& e) { Reply(res, FromError(e)); };
  auto no_commitments = [&] {
    Reply(res, {404, "not_found", "no commitments were given to the server", "",
                "start truce serve with --commitments FILE"});
  };
  switch (route.id) {
    case RouteId::kHealth:
      ok(ordered_json{{"status", "ok"},
                      {"version", options.version},
                      {"agreement", options.agreement_id}}
             .dump());
      return;
    case RouteId::kOpenApi:
      ok(std::string(OpenApiDocument()));
      return;
    case RouteId::kAgreement:
      ok(agreement_json);
      return;
    case RouteId::kZones:
      res.status = 200;
      res.set_content(zones_json, "application/geo+json");
      return;
    case RouteId::kIncidents:
      Incidents(who, req, res);
      return;
    case RouteId::kIncident:
      Incident(who, req.matches[1], res);
      return;
    case RouteId::kDispute:
      Dispute(who, req.matches[1], req, res);
      return;
    case RouteId::kTracks:
      Tracks(req, res);
      return;
    case RouteId::kTerritorySeries: {
      auto s = series.Json(live.ControlMaps());
      if (!s) return fail(s.error());
      ok(*s);
      return;
    }
    case RouteId::kCoverage:
      if (!options.commitments) return no_commitments();
      ok(CoverageJson(*options.commitments));
      return;
    case RouteId::kObligations: {
      if (!options.commitments) return no_commitments();
      auto acks = journal.AcksNdjson();
      if (!acks) return fail(acks.error());
      auto o = ObligationsJson(*options.commitments, live.Revisions(), *acks);
      if (!o) return fail(o.error());
      ok(*o);
      return;
    }
    case RouteId::kAck:
      Ack(who, req.matches[1], req, res);
      return;
    case RouteId::kCheckpoint: {
      auto note = live.log().store().LatestCheckpoint();
      if (!note) return fail(note.error());
      auto cos = journal.Cosignatures(CheckpointSize(*note));
      if (!cos) return fail(cos.error());
      ok(CheckpointJson(*note, *cos));
      return;
    }
    case RouteId::kCosignature:
      Cosign(who, req, res);
      return;
    case RouteId::kFeeds:
      ok(FeedsJson(live.Feeds()));
      return;
    case RouteId::kReports: {
      auto r = live.PostReports(who.name, req.body);
      if (!r) return fail(r.error());
      ok(IngestJson(*r));
      return;
    }
    case RouteId::kControlMaps:
      ControlMap(who, req, res);
      return;
    case RouteId::kFinish: {
      auto r = live.Finish();
      if (!r) return fail(r.error());
      ok(R"({"finished":true})");
      return;
    }
    case RouteId::kStream:
      Stream(who, req, res);
      return;
    case RouteId::kMetrics:
      res.status = 200;
      res.set_content(metrics.Format(live.Metrics()),
                      "text/plain; version=0.0.4; charset=utf-8");
      return;
  }
}

void Server::Impl::ServeStatic(const httplib::Request& req,
                               httplib::Response& res) {
  auto t0 = Clock::now();
  if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
    Reply(res, {404, "not_found", "no such API route: " + req.path, "path",
                "GET /api/openapi.json lists every route"});
  } else if (options.web_dir.empty()) {
    Reply(res, {404, "not_found", "this server has no dashboard", "path",
                "build web/ (make web) or give --web DIR"});
  } else if (auto file = ResolveStaticPath(options.web_dir, req.path); !file) {
    Reply(res, {404, "not_found", "no such file: " + req.path, "path",
                "the dashboard is at /"});
  } else {
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    res.status = 200;
    res.set_content(s.str(), ContentTypeFor(*file).c_str());
  }
  metrics.Record("static", req.method, res.status,
                 std::chrono::duration<double>(Clock::now() - t0).count());
}

void Server::Impl::Register() {
  // Before the body is read: refuse what the route cannot take.
  http.set_pre_routing_handler([this](const httplib::Request& req,
                                      httplib::Response& res) {
    if (!req.has_header("Content-Length")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const Route* r = MatchRoute(req.method, req.path);
    size_t limit = r ? r->max_body_bytes : 64 * kKiB;
    std::string cl = req.get_header_value("Content-Length");
    bool numeric = !cl.empty() && cl.size() < 19 &&
                   cl.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && std::stoull(cl) <= limit) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    Reply(res, {413, "payload_too_large",
                numeric ? fmt::format("the body has {} bytes; {} {} takes at "
                                      "most {}",
                                      cl, req.method, req.path, limit)
                        : "Content-Length is not a number",
                "body", "split the input into smaller posts"});
    res.set_header("Connection", "close");
    metrics.Record(r ? std::string(r->path) : "other", req.method, 413, 0);
    return httplib::Server::HandlerResponse::Handled;
  });
  std::set<std::string> get_paths, post_paths;
  for (const Route& route : Routes()) {
    auto h = [this, &route](const httplib::Request& req,
                            httplib::Response& res) {
      Handle(route, req, res);
    };
    std::string re(route.regex);
    if (route.method == "GET") {
      http.Get(re, h);
      get_paths.insert(re);
    } else {
      http.Post(re, h);
      post_paths.insert(re);
    }
  }
  // The other methods on a known path: 405 with Allow.
  auto not_allowed = [](std::string allow) {
    return [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      Reply(res, {405, "method_not_allowed",
                  fmt::format("{} is not allowed on {}", req.method, req.path),
                  "method", "use " + allow});
    };
  };
  std::set<std::string> all = get_paths;
  all.insert(post_paths.begin(), post_paths.end());
  for (const auto& re : all) {
    std::string allow = get_paths.contains(re) ? "GET" : "POST";
    if (!get_paths.contains(re)) http.Get(re, not_allowed(allow));
    if (!post_paths.contains(re)) http.Post(re, not_allowed(allow));
    http.Put(re, not_allowed(allow));
    http.Delete(re, not_allowed(allow));
    http.Patch(re, not_allowed(allow));
  }
  http.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    ServeStatic(req, res);
  });
  auto unknown = [](const httplib::Request& req, httplib::Response& res) {
    Reply(res,
          {404, "not_found", "no such route: " + req.method + " " + req.path,
           "path", "GET /api/openapi.json lists every route"});
  };
  http.Post(".*", unknown);
  http.Put(".*", unknown);
  http.Delete(".*", unknown);
  http.Patch(".*", unknown);
  // Errors cpp-httplib raises itself (bad request line, 413 past the global
  // limit) get the same JSON shape.
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    Reply(res, {res.status, std::string(CodeForStatus(res.status)),
                fmt::format("HTTP {}", res.status), "",
                "docs/api/README.md explains each status"});
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        Reply(res, {500, "internal", "internal error in truce", "",
                    "please report it with the server's log"});
      });
  // SO_REUSEADDR but not cpp-httplib's default SO_REUSEPORT, which would
  // let a second server bind the same port silently; TCP_NODELAY (inherited
  // by accepted sockets) so small answers are not held back by Nagle's
  // algorithm against the client's delayed ACK (~40 ms a request).
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  http.set_payload_max_length(64 * kMiB);
  http.set_keep_alive_timeout(2);
  http.set_read_timeout(30);
  const size_t threads =
      static_cast<size_t>(std::max(options.max_stream_clients, 1)) + 16;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Start(
    const agreement::Agreement& agreement, live::Live& live, TokenStore& tokens,
    Journal& journal, ServerOptions options) {
  auto impl = std::make_unique<Impl>(agreement, live, tokens, journal,
                                     std::move(options));
  impl->agreement_json = AgreementJson(agreement, impl->options.agreement_id);
  impl->zones_json = ZonesGeoJson(agreement);
  impl->Register();
  Impl& i = *impl;
  int port = i.options.port;
  if (port == 0) {
    port = i.http.bind_to_any_port(i.options.host);
    if (port < 0) port = 0;
  } else if (!i.http.bind_to_port(i.options.host, port)) {
    port = 0;
  }
  if (port <= 0) {
    return Fail(
        ErrorCode::kUnavailable,
        fmt::format("cannot listen on {}:{}", i.options.host, i.options.port),
        "is another truce serve running? pick another --listen");
  }
  i.bound = i.options.host.find(':') != std::string::npos
                ? fmt::format("[{}]:{}", i.options.host, port)
                : fmt::format("{}:{}", i.options.host, port);
  i.listener = std::thread([&i] { i.http.listen_after_bind(); });
  // stop() before the loop runs would be lost: wait until it runs.
  for (int n = 0; n < 5000 && !i.http.is_running(); ++n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::string Server::address() const { return impl_->bound; }

void Server::Stop() {
  if (!impl_) return;
  Impl& i = *impl_;
  std::call_once(i.stop_once, [&i] {
    i.stopping = true;
    {
      std::lock_guard lock(i.clients_mu);
      for (const auto& c : i.clients) c->Close();
    }
    i.http.stop();
    if (i.listener.joinable()) i.listener.join();
  });
}

}  // namespace truce::server
