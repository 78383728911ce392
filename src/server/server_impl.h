// The inside of Server (http_server.h): its state, the helpers its route
// handlers share, and the handlers themselves, split over http_server.cc
// (plumbing: auth, limits, routing, static files, start and stop),
// api_handlers.cc (the REST routes) and stream_route.cc (/api/stream).
// Internal to src/server: it includes cpp-httplib, which public headers must
// not.
//
// Thread safety: as Server; handlers run on cpp-httplib's worker threads and
// share only what is guarded (mutexes, atomics) or immutable after Start.
#ifndef TRUCE_SERVER_SERVER_IMPL_H_
#define TRUCE_SERVER_SERVER_IMPL_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <expected>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "server/api_error.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "server/stream.h"
#include "server/territory_series.h"

namespace truce::server {

using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

inline constexpr const char* kJson = "application/json";

inline int64_t SteadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             Clock::now().time_since_epoch())
      .count();
}

inline TimeNs WallNow() {
  return TimeNs{std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()};
}

inline void Reply(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(e.Json(), kJson);
}

inline ApiError Invalid(std::string message, std::string where,
                        std::string hint) {
  return {400, "invalid_input", std::move(message), std::move(where),
          std::move(hint)};
}

// The body as a JSON object, or the error naming where it broke.
inline std::expected<nlohmann::json, ApiError> JsonObjectBody(
    const httplib::Request& req) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    return std::unexpected(
        Invalid(fmt::format("the body is not JSON: {}", e.what()),
                LineColumn(req.body, e.byte > 0 ? e.byte - 1 : 0),
                "send one JSON object, Content-Type: application/json"));
  }
  if (!j.is_object()) {
    return std::unexpected(Invalid("the body must be a JSON object", "1:1",
                                   "send {\"field\": value, ...}"));
  }
  return j;
}

inline std::expected<std::string, ApiError> StringField(const nlohmann::json& j,
                                                        const char* name,
                                                        bool required,
                                                        size_t max_bytes) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (!required) return std::string();
    return std::unexpected(Invalid(fmt::format("'{}' is missing", name), name,
                                   fmt::format("add \"{}\": \"...\"", name)));
  }
  if (!it->is_string()) {
    return std::unexpected(Invalid(fmt::format("'{}' must be a string", name),
                                   name, "quote the value"));
  }
  std::string s = it->get<std::string>();
  if (required && s.empty()) {
    return std::unexpected(Invalid(fmt::format("'{}' is empty", name), name,
                                   "give a non-empty value"));
  }
  if (s.size() > max_bytes) {
    return std::unexpected(
        Invalid(fmt::format("'{}' is longer than {} bytes", name, max_bytes),
                name, "shorten it"));
  }
  return s;
}

// The "id" member of one incident revision's JSON.
inline std::string IdOf(const std::string& revision_json) {
  try {
    return nlohmann::json::parse(revision_json).at("id").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

inline std::string IngestJson(const live::IngestResult& r) {
  ordered_json j = {{"records", r.records},
                    {"accepted", r.accepted},
                    {"quarantined", r.quarantined},
                    {"rejects", ordered_json::array()},
                    {"log_index", r.log_index}};
  for (const auto& [line, reason] : r.rejects) {
    j["rejects"].push_back({{"line", line}, {"reason", reason}});
  }
  return j.dump();
}

struct Server::Impl {
  const agreement::Agreement& agreement;
  live::Live& live;
  TokenStore& tokens;
  Journal& journal;
  ServerOptions options;

  httplib::Server http;
  std::thread listener;
  std::string bound;
  std::atomic<bool> stopping{false};
  std::once_flag stop_once;

  RateLimiter limiter;
  HttpMetrics metrics;
  TerritorySeries series;
  std::string agreement_json, zones_json;

  std::mutex log_key_mu;
  std::optional<ledger::VerifierKey> log_key;

  std::mutex clients_mu;
  std::set<std::shared_ptr<StreamClient>> clients;

  Impl(const agreement::Agreement& a, live::Live& l, TokenStore& t, Journal& j,
       ServerOptions o)
      : agreement(a),
        live(l),
        tokens(t),
        journal(j),
        options(std::move(o)),
        limiter(options.rate_limit),
        series(a) {}

  // --- plumbing ------------------------------------------------------------

  void Register();
  void Handle(const Route& route, const httplib::Request& req,
              httplib::Response& res);
  void Dispatch(const Route& route, const Principal& who,
                const httplib::Request& req, httplib::Response& res);
  std::expected<Principal, ApiError> Authenticate(const httplib::Request& req);
  void ServeStatic(const httplib::Request& req, httplib::Response& res);
  const Route* MatchRoute(const std::string& method, const std::string& path);
  Result<ledger::VerifierKey> LogKey();
  uint64_t PublishedSize();

  // --- routes --------------------------------------------------------------

  void Incidents(const Principal& who, const httplib::Request& req,
                 httplib::Response& res);
  void Incident(const Principal& who, const std::string& id,
                httplib::Response& res);
  void Dispute(const Principal& who, const std::string& id,
               const httplib::Request& req, httplib::Response& res);
  void Tracks(const httplib::Request& req, httplib::Response& res);
  void Ack(const Principal& who, const std::string& id,
           const httplib::Request& req, httplib::Response& res);
  void Cosign(const Principal& who, const httplib::Request& req,
              httplib::Response& res);
  void ControlMap(const Principal& who, const httplib::Request& req,
                  httplib::Response& res);
  void Stream(const Principal& who, const httplib::Request& req,
              httplib::Response& res);
  // Whether a checkpoint of `size` covers an incident event's revision.
  bool Covered(const live::LiveEvent& incident, uint64_t size);
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_SERVER_IMPL_H_
