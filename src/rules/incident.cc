#include "rules/incident.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/canonical_json.h"

namespace truce::rules {

std::string_view Name(Confidence c) {
  switch (c) {
    case Confidence::kReported: return "reported";
    case Confidence::kCorroborated: return "corroborated";
    case Confidence::kConfirmed: return "confirmed";
  }
  return "reported";
}

std::string_view Name(IncidentStatus s) {
  switch (s) {
    case IncidentStatus::kOpen: return "open";
    case IncidentStatus::kUpdated: return "updated";
    case IncidentStatus::kClosed: return "closed";
    case IncidentStatus::kDisputed: return "disputed";
  }
  return "open";
}

void BoundingBox::Extend(geo::LatLng p) {
  min_lat = std::min(min_lat, p.lat_deg);
  max_lat = std::max(max_lat, p.lat_deg);
  min_lng = std::min(min_lng, p.lng_deg);
  max_lng = std::max(max_lng, p.lng_deg);
}

Confidence Incident::DerivedConfidence() const {
  if (sources.size() < 2) return Confidence::kReported;
  return sensor_evidence ? Confidence::kConfirmed : Confidence::kCorroborated;
}

namespace {
// Positions are rounded to 1e-7 degrees (about 1 cm): more digits than any
// sensor has, and stable text across platforms.
double Deg(double v) { return std::round(v * 1e7) / 1e7; }

nlohmann::json RingJson(const geo::Ring& ring) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : ring) out.push_back({Deg(p.lng_deg), Deg(p.lat_deg)});
  if (!ring.empty()) out.push_back(out.front());  // GeoJSON closes rings
  return out;
}
}  // namespace

nlohmann::json PolygonGeoJson(const geo::Polygon& polygon) {
  nlohmann::json rings = nlohmann::json::array();
  rings.push_back(RingJson(polygon.outer));
  for (const auto& h : polygon.holes) rings.push_back(RingJson(h));
  return {{"type", "Polygon"}, {"coordinates", std::move(rings)}};
}

Result<std::string> ToCanonicalJson(const Incident& r) {
  nlohmann::json j;
  j["id"] = r.id;
  j["revision"] = r.revision;
  j["status"] = Name(r.status);
  j["rule"] = r.rule;
  j["kind"] = r.kind;
  j["clause"] = r.clause;
  j["severity"] = r.severity;
  j["subject"] = r.subject;
  j["attribution"] = {{"party", r.party.empty() ? nlohmann::json(nullptr)
                                                : nlohmann::json(r.party)},
                      {"basis", r.basis}};
  j["summary"] = r.summary;
  j["first"] = FormatRfc3339(r.first);
  j["last"] = FormatRfc3339(r.last);
  j["position"] = {Deg(r.position.lng_deg), Deg(r.position.lat_deg)};
  j["bbox"] = {Deg(r.bbox.min_lng), Deg(r.bbox.min_lat), Deg(r.bbox.max_lng),
               Deg(r.bbox.max_lat)};
  if (r.area) j["area"] = PolygonGeoJson(*r.area);
  j["details"] = r.details;
  j["observations"] = r.observations;
  j["observation_count"] = r.observation_count;
  j["sources"] = std::vector<std::string>(r.sources.begin(), r.sources.end());
  j["confidence"] = Name(r.confidence);
  return CanonicalJson(j);
}

std::string Hex(const std::array<uint8_t, 32>& digest) {
  std::string out;
  out.reserve(64);
  for (uint8_t b : digest) out += fmt::format("{:02x}", b);
  return out;
}

}  // namespace truce::rules
