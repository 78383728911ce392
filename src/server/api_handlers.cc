// The REST routes of the API whose answers take more than one line
// (server_impl.h): incidents, disputes, tracks, acks, cosignatures and
// control maps.
#include <fmt/format.h>

#include "guarantees/commitments.h"
#include "guarantees/obligations.h"
#include "ledger/evidence_log.h"
#include "server/evidence.h"
#include "server/server_impl.h"
#include "server/views.h"

namespace truce::server {

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
  // A guarantor answers for itself only, and its answer is dated when it
  // arrives: a deadline met must be met in fact, not by the caller's word.
  // An admin may record an answer given elsewhere, with its time.
  if (who.role == Role::kGuarantor && *guarantor != who.party) {
    return Reply(res, {403, "forbidden",
                       fmt::format("this token acknowledges for guarantor "
                                   "'{}', not '{}'",
                                   who.party, *guarantor),
                       "guarantor",
                       "use a token made with truce token create --role "
                       "guarantor --guarantor " +
                           *guarantor});
  }
  if (who.role != Role::kAdmin && !time_text->empty()) {
    return Reply(res, {403, "forbidden",
                       "only an admin may date an acknowledgement", "time",
                       "omit 'time': the server records when the "
                       "acknowledgement arrives"});
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

}  // namespace truce::server
