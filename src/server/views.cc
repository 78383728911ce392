#include "server/views.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "agreement/summary.h"
#include "agreement/vocabulary.h"
#include "geo/line_distance.h"
#include "guarantees/coverage.h"
#include "guarantees/obligations.h"
#include "guarantees/report_json.h"

namespace truce::server {
namespace {

using nlohmann::ordered_json;

double Round(double v, int digits) {
  double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

ordered_json Ring(const geo::Ring& ring) {
  ordered_json r = ordered_json::array();
  for (const auto& p : ring) r.push_back({p.lng_deg, p.lat_deg});
  if (!ring.empty()) r.push_back({ring[0].lng_deg, ring[0].lat_deg});
  return r;
}

ordered_json MultiPolygonJson(const geo::MultiPolygon& mp) {
  ordered_json polys = ordered_json::array();
  for (const auto& p : mp.polygons) {
    ordered_json rings = ordered_json::array();
    rings.push_back(Ring(p.outer));
    for (const auto& h : p.holes) rings.push_back(Ring(h));
    polys.push_back(std::move(rings));
  }
  return {{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}};
}

ordered_json NullIfEmpty(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

}  // namespace

std::string AgreementJson(const agreement::Agreement& a,
                          const std::string& agreement_id) {
  auto summary = agreement::Summarize(a);
  ordered_json j;
  j["id"] = agreement_id;
  j["title"] = a.title;
  j["version"] = a.version;
  j["effective"] = FormatRfc3339(a.effective);
  j["parties"] = ordered_json::array();
  for (const auto& p : a.parties) {
    j["parties"].push_back({{"id", p.id},
                            {"name", p.name},
                            {"reference_line", p.reference_line},
                            {"flags", p.flags}});
  }
  j["rules"] = ordered_json::array();
  for (size_t i = 0; i < a.rules.size(); ++i) {
    const auto& r = a.rules[i];
    ordered_json rj = {{"id", r.id},
                       {"kind", agreement::Name(r.kind)},
                       {"clause", r.clause},
                       {"clause_text", r.clause_text},
                       {"severity", agreement::Name(r.severity)},
                       {"parties", r.parties},
                       {"zone", NullIfEmpty(r.zone)}};
    if (i < summary.rules.size() && summary.rules[i].id == r.id) {
      rj["description"] = summary.rules[i].description;
    }
    j["rules"].push_back(std::move(rj));
  }
  return j.dump();
}

std::string ZonesGeoJson(const agreement::Agreement& a) {
  std::map<std::string, std::vector<std::string>> rules_of;
  for (const auto& r : a.rules) {
    std::set<std::string> zs;
    if (!r.zone.empty()) zs.insert(r.zone);
    for (const auto& z : r.maritime.permitted_stops) zs.insert(z);
    for (const auto& z : r.maritime.gateways) zs.insert(z);
    for (const auto& z : zs) rules_of[z].push_back(r.id);
  }
  ordered_json features = ordered_json::array();
  for (const auto& z : a.zones) {
    geo::MultiPolygon shape;
    std::string kind;
    if (z.kind == agreement::Zone::Kind::kPolygon) {
      shape = z.polygon;
      kind = "zone";
    } else if (z.kind == agreement::Zone::Kind::kBand) {
      const auto* line = a.FindLine(z.band.line);
      if (line == nullptr) continue;
      shape = geo::MakeBandPolygon(line->points, z.band.distance_m, z.band.side)
                  .polygon;
      kind = "band";
    } else {
      continue;
    }
    features.push_back(
        {{"type", "Feature"},
         {"id", z.id},
         {"geometry", MultiPolygonJson(shape)},
         {"properties",
          {{"id", z.id},
           {"name", z.name.empty() ? z.id : z.name},
           {"kind", kind},
           {"rules", rules_of.contains(z.id) ? ordered_json(rules_of[z.id])
                                             : ordered_json::array()}}}});
  }
  for (const auto& r : a.rules) {
    if (r.kind != agreement::RuleKind::kWithdrawal) continue;
    for (const auto& p : a.parties) {
      if (!r.parties.empty() && std::find(r.parties.begin(), r.parties.end(),
                                          p.id) == r.parties.end()) {
        continue;
      }
      const auto* line = a.FindLine(p.reference_line);
      if (line == nullptr) continue;
      auto band = geo::MakeBandPolygon(line->points, r.distance_m, p.side);
      std::string id = r.id + "/" + p.id;
      features.push_back(
          {{"type", "Feature"},
           {"id", id},
           {"geometry", MultiPolygonJson(band.polygon)},
           {"properties",
            {{"id", id},
             {"name", r.id + ": " +
                          std::to_string(static_cast<int>(
                              std::lround(r.distance_m / 1000))) +
                          " km from " + p.name + "'s reference line"},
             {"kind", "withdrawal_band"},
             {"party", p.id},
             {"rules", {r.id}}}}});
    }
  }
  ordered_json fc = {{"type", "FeatureCollection"},
                     {"features", std::move(features)}};
  return fc.dump();
}

std::string TracksGeoJson(const std::vector<live::Track>& tracks) {
  ordered_json features = ordered_json::array();
  for (const auto& t : tracks) {
    if (t.fixes.empty()) continue;
    ordered_json coords = ordered_json::array();
    for (const auto& [time, ll] : t.fixes) {
      coords.push_back({ll.second, ll.first});
    }
    ordered_json geometry =
        coords.size() == 1
            ? ordered_json{{"type", "Point"}, {"coordinates", coords[0]}}
            : ordered_json{{"type", "LineString"},
                           {"coordinates", std::move(coords)}};
    features.push_back(
        {{"type", "Feature"},
         {"geometry", std::move(geometry)},
         {"properties",
          {{"subject", t.subject},
           {"kind", t.kind},
           {"name", t.name},
           {"party", NullIfEmpty(t.party)},
           {"last_time", FormatRfc3339(t.fixes.back().first)}}}});
  }
  ordered_json fc = {{"type", "FeatureCollection"},
                     {"features", std::move(features)}};
  return fc.dump();
}

std::string FeedsJson(const std::vector<live::FeedHealth>& feeds) {
  ordered_json out = ordered_json::array();
  for (const auto& f : feeds) {
    out.push_back({{"name", f.name},
                   {"kind", f.kind},
                   {"address", f.address},
                   {"state", f.state},
                   {"messages", f.messages},
                   {"observations", f.observations},
                   {"rejects", f.rejects},
                   {"dropped", f.dropped},
                   {"rate_per_s", Round(f.rate_per_s, 3)},
                   {"last_message", f.last_message ? ordered_json(FormatRfc3339(
                                                         *f.last_message))
                                                   : ordered_json(nullptr)},
                   {"last_reject", NullIfEmpty(f.last_reject)}});
  }
  return out.dump();
}

std::string CoverageJson(const guarantees::Commitments& c) {
  auto cov = guarantees::ComputeCoverage(c);
  ordered_json j;
  j["title"] = c.title;
  j["guarantors"] = ordered_json::array();
  for (const auto& g : c.guarantors) {
    j["guarantors"].push_back({{"id", g.id}, {"name", g.name}});
  }
  j["requirements"] = guarantees::RequirementsJson(cov);
  return j.dump();
}

Result<std::string> ObligationsJson(const guarantees::Commitments& c,
                                    const std::vector<std::string>& revisions,
                                    const std::string& acks_ndjson) {
  std::string text;
  for (const auto& r : revisions) {
    text += r;
    text += '\n';
  }
  auto incidents = guarantees::ParseIncidentRevisions(text, "revisions");
  if (!incidents) {
    return Fail(ErrorCode::kInternal,
                "stored incident revisions do not parse: " +
                    incidents.error().front().ToString());
  }
  auto acks = guarantees::ParseAcks(acks_ndjson, "acks", c, *incidents);
  if (!acks) {
    return Fail(ErrorCode::kInternal,
                "stored acks do not parse: " + acks.error().front().ToString());
  }
  auto r = guarantees::ComputeObligations(c, *incidents, *acks, std::nullopt);
  ordered_json j = guarantees::ObligationsJson(r);
  return j.dump();
}

}  // namespace truce::server
