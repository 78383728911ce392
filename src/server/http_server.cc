#include "server/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "guarantees/commitments.h"
#include "guarantees/obligations.h"
#include "ledger/evidence_log.h"
#include "server/api_error.h"
#include "server/evidence.h"
#include "server/metrics.h"
#include "server/openapi_doc.h"
#include "server/routes.h"
#include "server/static_files.h"
#include "server/stream.h"
#include "server/territory_series.h"
#include "server/views.h"

namespace truce::server {
namespace {

using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr const char* kJson = "application/json";

int64_t SteadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             Clock::now().time_since_epoch())
      .count();
}

TimeNs WallNow() {
  return TimeNs{std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()};
}

void Reply(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(e.Json(), kJson);
}

ApiError Invalid(std::string message, std::string where, std::string hint) {
  return {400, "invalid_input", std::move(message), std::move(where),
          std::move(hint)};
}

// The body as a JSON object, or the error naming where it broke.
std::expected<nlohmann::json, ApiError> JsonObjectBody(
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

std::expected<std::string, ApiError> StringField(const nlohmann::json& j,
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
std::string IdOf(const std::string& revision_json) {
  try {
    return nlohmann::json::parse(revision_json).at("id").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

std::string IngestJson(const live::IngestResult& r) {
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

}  // namespace

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

bool Server::Impl::Covered(const live::LiveEvent& incident, uint64_t size) {
  std::string id;
  int64_t revision = 0;
  try {
    auto j = nlohmann::json::parse(incident.json);
    id = j.at("id").get<std::string>();
    revision = j.at("revision").get<int64_t>();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  auto d = live.Incident(id);
  if (!d || revision < 1 ||
      static_cast<size_t>(revision) > d->log_indexes.size()) {
    return false;
  }
  return d->log_indexes[revision - 1] < size;
}

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

Result<ledger::VerifierKey> Server::Impl::LogKey() {
  std::lock_guard lock(log_key_mu);
  if (log_key) return *log_key;
  auto k =
      LoadLogKey(options.data_dir, options.log_key_file, live.log().Origin());
  if (k) log_key = *k;
  return k;
}

uint64_t Server::Impl::PublishedSize() {
  auto note = live.log().store().LatestCheckpoint();
  return note ? CheckpointSize(*note) : 0;
}

void Server::Impl::Incidents(const Principal& who, const httplib::Request& req,
                             httplib::Response& res) {
  live::IncidentQuery q;
  for (const char* name : {"since", "until"}) {
    if (!req.has_param(name)) continue;
    auto t = ParseRfc3339(req.get_param_value(name));
    if (!t) {
      return Reply(
          res, Invalid(fmt::format("'{}': {}", name, t.error().message), name,
                       "e.g. 2025-06-15T08:00:00Z"));
    }
    (std::string_view(name) == "since" ? q.since : q.until) = *t;
  }
  q.zone = req.get_param_value("zone");
  q.party = req.get_param_value("party");
  q.rule = req.get_param_value("rule");
  q.confidence = req.get_param_value("confidence");
  q.status = req.get_param_value("status");
  q.after = req.get_param_value("after");
  static const std::set<std::string> kConfidence = {
      "", "reported", "corroborated", "confirmed"};
  static const std::set<std::string> kStatus = {"", "open", "updated", "closed",
                                                "disputed"};
  if (!kConfidence.contains(q.confidence)) {
    return Reply(
        res, Invalid("unknown confidence '" + q.confidence + "'", "confidence",
                     "one of reported, corroborated, confirmed"));
  }
  if (!kStatus.contains(q.status)) {
    return Reply(res, Invalid("unknown status '" + q.status + "'", "status",
                              "one of open, updated, closed, disputed"));
  }
  if (req.has_param("limit")) {
    std::string s = req.get_param_value("limit");
    size_t n = 0;
    bool good = !s.empty() && s.size() <= 5 &&
                s.find_first_not_of("0123456789") == std::string::npos;
    if (good) n = std::stoul(s);
    if (!good || n < 1 || n > 1000) {
      return Reply(res, Invalid("limit must be a whole number from 1 to 1000",
                                "limit", "e.g. limit=100; page with after"));
    }
    q.limit = n;
  }
  q.published_only = who.role == Role::kPublic;
  auto rows = live.Incidents(q);
  std::string body = "{\"incidents\":[";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) body += ',';
    body += rows[i];
  }
  body += "],\"next\":";
  body += rows.size() == q.limit && !rows.empty()
              ? ordered_json(IdOf(rows.back())).dump()
              : "null";
  body += '}';
  res.status = 200;
  res.set_content(std::move(body), kJson);
}

void Server::Impl::Incident(const Principal& who, const std::string& id,
                            httplib::Response& res) {
  auto d = live.Incident(id);
  if (!d) return Reply(res, FromError(d.error()));
  size_t visible = d->revisions.size();
  if (who.role == Role::kPublic) {
    // Only revisions a signed checkpoint covers are published.
    uint64_t published = PublishedSize();
    visible = 0;
    while (visible < d->revisions.size() && visible < d->log_indexes.size() &&
           d->log_indexes[visible] < published) {
      ++visible;
    }
  }
  if (visible == 0) {
    return Reply(res, {404, "not_found",
                       fmt::format("no published incident '{}'", id), "id",
                       "public callers see incidents once a checkpoint "
                       "covers them"});
  }
  std::string body = "{\"incident\":" + d->revisions[visible - 1];
  body += ",\"revisions\":[";
  for (size_t i = 0; i < visible; ++i) {
    if (i) body += ',';
    body += d->revisions[i];
  }
  body += "],\"log\":[";
  for (size_t i = 0; i < visible && i < d->log_indexes.size(); ++i) {
    if (i) body += ',';
    body += fmt::format("{{\"index\":{}}}", d->log_indexes[i]);
  }
  body += "],\"proof\":";
  if (!d->proof_bundle.empty() && visible == d->revisions.size()) {
    auto key = LogKey();
    bool verified =
        key && VerifyRevisionProof(d->proof_bundle, d->revisions.back(), *key);
    body += ordered_json{{"bundle", d->proof_bundle}, {"verified", verified}}
                .dump();
  } else {
    body += "null";
  }
  body += '}';
  res.status = 200;
  res.set_content(std::move(body), kJson);
}

void Server::Impl::Dispute(const Principal& who, const std::string& id,
                           const httplib::Request& req,
                           httplib::Response& res) {
  auto body = JsonObjectBody(req);
  if (!body) return Reply(res, body.error());
  auto reason = StringField(*body, "reason", true, 4000);
  if (!reason) return Reply(res, reason.error());
  std::string party = who.party;
  if (who.role == Role::kAdmin) {
    auto p = StringField(*body, "party", true, 200);
    if (!p) return Reply(res, p.error());
    party = *p;
  }
  auto r = live.Dispute(id, party, *reason);
  if (!r) return Reply(res, FromError(r.error()));
  res.status = 201;
  res.set_content(*r, kJson);
}

void Server::Impl::Tracks(const httplib::Request& req, httplib::Response& res) {
  TimeNs since{0};
  if (req.has_param("since")) {
    auto t = ParseRfc3339(req.get_param_value("since"));
    if (!t) {
      return Reply(res, Invalid("'since': " + t.error().message, "since",
                                "e.g. 2025-06-15T08:00:00Z"));
    }
    since = *t;
  }
  size_t limit = 1000;
  if (req.has_param("limit")) {
    std::string s = req.get_param_value("limit");
    bool good = !s.empty() && s.size() <= 5 &&
                s.find_first_not_of("0123456789") == std::string::npos;
    if (good) limit = std::stoul(s);
    if (!good || limit < 1 || limit > 10000) {
      return Reply(res, Invalid("limit must be a whole number from 1 to 10000",
                                "limit", "e.g. limit=500"));
    }
  }
  res.status = 200;
  res.set_content(TracksGeoJson(live.Tracks(since, limit)),
                  "application/geo+json");
}

void Server::Impl::Ack(const Principal& who, const std::string& id,
                       const httplib::Request& req, httplib::Response& res) {
  if (!options.commitments) {
    return Reply(
        res, {404, "not_found", "no commitments were given to the server", "",
              "start truce serve with --commitments FILE"});
  }
  auto body = JsonObjectBody(req);
  if (!body) return Reply(res, body.error());
  auto guarantor = StringField(*body, "guarantor", true, 200);
  if (!guarantor) return Reply(res, guarantor.error());
  auto action = StringField(*body, "action", true, 40);
  if (!action) return Reply(res, action.error());
  auto note = StringField(*body, "note", false, 4000);
  if (!note) return Reply(res, note.error());
  auto time_text = StringField(*body, "time", false, 64);
  if (!time_text) return Reply(res, time_text.error());
  ordered_json ack = {{"incident", id}};
  if (auto it = body->find("revision"); it != body->end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1) {
      return Reply(res, Invalid("'revision' must be a whole number >= 1",
                                "revision", "omit it to answer any revision"));
    }
    ack["revision"] = it->get<int64_t>();
  }
  ack["guarantor"] = *guarantor;
  ack["action"] = *action;
  TimeNs t = WallNow();
  if (!time_text->empty()) {
    auto parsed = ParseRfc3339(*time_text);
    if (!parsed) {
      return Reply(res, Invalid("'time': " + parsed.error().message, "time",
                                "e.g. 2025-06-15T08:40:00Z, or omit it"));
    }
    t = *parsed;
  }
  ack["time"] = FormatRfc3339(t);
  if (!note->empty()) ack["note"] = *note;
  std::string line = ack.dump();
  // Checked exactly as `truce guarantees obligations --acks` checks a line:
  // a known guarantor and action, an incident truce has seen.
  std::string revisions;
  for (const auto& r : live.Revisions()) revisions += r + "\n";
  auto incidents = guarantees::ParseIncidentRevisions(revisions, "revisions");
  if (!incidents) {
    return Reply(res,
                 {500, "internal", "stored revisions do not parse", "", ""});
  }
  auto parsed = guarantees::ParseAcks(line + "\n", "body", *options.commitments,
                                      *incidents);
  if (!parsed) {
    const Error& e = parsed.error().front();
    return Reply(res, Invalid(e.message, e.where.field, e.hint));
  }
  if (auto r = journal.AppendAck(line); !r) {
    return Reply(res, FromError(r.error()));
  }
  (void)who;
  res.status = 201;
  res.set_content(line, kJson);
}

void Server::Impl::Cosign(const Principal& who, const httplib::Request& req,
                          httplib::Response& res) {
  auto key = LogKey();
  if (!key) return Reply(res, FromError(key.error()));
  auto latest = live.log().store().LatestCheckpoint();
  if (!latest) return Reply(res, FromError(latest.error()));
  auto checked =
      CheckCosignature(req.body, *latest, *key, options.witness_keys);
  if (!checked) return Reply(res, FromError(checked.error()));
  ordered_json out = {{"stored", ordered_json::array()}};
  for (auto& c : *checked) {
    c.poster = who.name;
    if (auto r = journal.AddCosignature(c); !r) {
      return Reply(res, FromError(r.error()));
    }
    out["stored"].push_back(ordered_json{{"name", c.name}, {"size", c.size}});
  }
  res.status = 201;
  res.set_content(out.dump(), kJson);
}

void Server::Impl::ControlMap(const Principal& who, const httplib::Request& req,
                              httplib::Response& res) {
  (void)who;
  std::string name = req.get_param_value("name");
  auto ends_with = [&](std::string_view s) {
    return name.size() > s.size() &&
           name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (name.empty() || name.size() > 200 ||
      name.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos ||
      name.front() == '.' || !(ends_with(".geojson") || ends_with(".json"))) {
    return Reply(
        res, Invalid("'name' must be a file name ending in .geojson", "name",
                     "e.g. ?name=control-2025-06-20.geojson (the "
                     "date in the name dates the map)"));
  }
  auto r = live.PostControlMap(name, req.body);
  if (!r) return Reply(res, FromError(r.error()));
  res.status = 200;
  res.set_content(IngestJson(*r), kJson);
}

void Server::Impl::Stream(const Principal& who, const httplib::Request& req,
                          httplib::Response& res) {
  uint64_t after = 0;
  std::string last = req.get_header_value("Last-Event-ID");
  if (last.empty()) last = req.get_param_value("after");
  if (!last.empty()) {
    if (last.size() > 19 ||
        last.find_first_not_of("0123456789") != std::string::npos) {
      return Reply(res, Invalid("Last-Event-ID must be an event id (a number)",
                                "Last-Event-ID",
                                "send back the id of the last event read"));
    }
    after = std::stoull(last);
  }
  auto client = std::make_shared<StreamClient>(options.stream_queue_events);
  {
    std::lock_guard lock(clients_mu);
    if (static_cast<int>(clients.size()) >= options.max_stream_clients) {
      return Reply(res, {503, "unavailable", "too many live stream clients", "",
                         "retry later"});
    }
    clients.insert(client);
  }
  ++metrics.stream_clients;
  uint64_t handle = live.Subscribe(
      after, [client](const live::LiveEvent& e) { client->Push(e); });
  const bool is_public = who.role == Role::kPublic;
  auto held = std::make_shared<std::vector<live::LiveEvent>>();
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, client, is_public, held](size_t, httplib::DataSink& sink) {
        auto batch = client->Pop(std::chrono::milliseconds(10000));
        if (batch.cut_off) ++metrics.stream_cut_off;
        if (batch.cut_off || batch.closed || stopping) {
          if (batch.cut_off) {
            std::string bye =
                "event: error\ndata: {\"error\":\"cut off: the client read "
                "too slowly; reconnect with Last-Event-ID\"}\n\n";
            sink.write(bye.data(), bye.size());
          }
          sink.done();
          return true;
        }
        std::string out;
        for (auto& e : batch.events) {
          if (is_public) {
            if (e.type == "incident") {
              held->push_back(std::move(e));
              continue;
            }
            if (e.type != "checkpoint") continue;
            // Release the held revisions this checkpoint covers, in order.
            uint64_t size = 0;
            try {
              size = nlohmann::json::parse(e.json).at("size").get<uint64_t>();
            } catch (const nlohmann::json::exception&) {
            }
            auto covered = held->begin();
            while (covered != held->end() && Covered(*covered, size)) {
              out += FormatSse(*covered);
              ++metrics.stream_events;
              ++covered;
            }
            held->erase(held->begin(), covered);
          }
          out += FormatSse(e);
          ++metrics.stream_events;
        }
        if (out.empty()) out = ": keep-alive\n\n";
        return sink.write(out.data(), out.size());
      },
      [this, client, handle](bool) {
        live.Unsubscribe(handle);
        --metrics.stream_clients;
        std::lock_guard lock(clients_mu);
        clients.erase(client);
      });
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
