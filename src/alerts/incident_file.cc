#include "alerts/incident_file.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/canonical_json.h"

namespace truce::alerts {
namespace {

using nlohmann::json;

// Reads one member, recording the first problem as an error located at the
// line and the member's name.
class LineReader {
 public:
  LineReader(const json& j, std::string_view file, int line)
      : j_(j), file_(file), line_(line) {}

  std::string String(const char* key, bool required = true) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) Bad(key, "is missing");
      return {};
    }
    if (!it->is_string()) {
      Bad(key, "must be a string");
      return {};
    }
    return it->get<std::string>();
  }
  int64_t Integer(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end() || !it->is_number_integer()) {
      Bad(key, "must be an integer");
      return 0;
    }
    return it->get<int64_t>();
  }
  TimeNs Time(const char* key) {
    std::string s = String(key);
    if (!ok()) return {};
    auto t = ParseRfc3339(s);
    if (!t) {
      Bad(key, t.error().message);
      return {};
    }
    return *t;
  }
  std::vector<double> Numbers(const char* key, size_t n) {
    auto it = j_.find(key);
    std::vector<double> out;
    if (it == j_.end() || !it->is_array() || it->size() != n) {
      Bad(key, fmt::format("must be an array of {} numbers", n));
      return std::vector<double>(n, 0.0);
    }
    for (const auto& v : *it) {
      if (!v.is_number()) {
        Bad(key, fmt::format("must be an array of {} numbers", n));
        return std::vector<double>(n, 0.0);
      }
      out.push_back(v.get<double>());
    }
    return out;
  }
  std::vector<std::string> Strings(const char* key) {
    auto it = j_.find(key);
    std::vector<std::string> out;
    if (it == j_.end() || !it->is_array()) {
      Bad(key, "must be an array of strings");
      return out;
    }
    for (const auto& v : *it) {
      if (!v.is_string()) {
        Bad(key, "must be an array of strings");
        return {};
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  void Bad(std::string_view key, std::string_view what) {
    if (error_) return;
    error_ =
        Error{ErrorCode::kInvalidInput,
              fmt::format("incident member '{}' {}", key, what),
              "give a line of incidents.ndjson as truce replay writes it "
              "(docs/formats/incidents.md)",
              SourceLocation{std::string(file_), line_, 0, std::string(key)}};
  }
  bool ok() const { return !error_.has_value(); }
  const std::optional<Error>& error() const { return error_; }

 private:
  const json& j_;
  std::string_view file_;
  int line_;
  std::optional<Error> error_;
};

Result<rules::Confidence> ConfidenceFrom(std::string_view s) {
  if (s == "reported") return rules::Confidence::kReported;
  if (s == "corroborated") return rules::Confidence::kCorroborated;
  if (s == "confirmed") return rules::Confidence::kConfirmed;
  return Fail(ErrorCode::kInvalidInput, "");
}

Result<rules::IncidentStatus> StatusFrom(std::string_view s) {
  if (s == "open") return rules::IncidentStatus::kOpen;
  if (s == "updated") return rules::IncidentStatus::kUpdated;
  if (s == "closed") return rules::IncidentStatus::kClosed;
  if (s == "disputed") return rules::IncidentStatus::kDisputed;
  return Fail(ErrorCode::kInvalidInput, "");
}

// One GeoJSON ring ([[lon, lat], ...], 4 or more positions) as a closed
// ring of LatLng; false if it is not one.
bool ParseRing(const json& ring, std::vector<geo::LatLng>* out) {
  if (!ring.is_array() || ring.size() < 4) return false;
  for (const auto& p : ring) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() ||
        !p[1].is_number()) {
      return false;
    }
    double lng = p[0].get<double>(), lat = p[1].get<double>();
    if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) return false;
    out->push_back(geo::LatLng(geo::Latitude{lat}, geo::Longitude{lng}));
  }
  if (!(out->front() == out->back())) out->push_back(out->front());
  return true;
}

bool ParseArea(const json& a, std::vector<std::vector<geo::LatLng>>* rings) {
  if (!a.is_object()) return false;
  auto coords = a.find("coordinates");
  if (coords == a.end() || !coords->is_array()) return false;
  std::string type = a.value("type", "");
  std::vector<const json*> polygons;
  if (type == "Polygon") {
    polygons.push_back(&*coords);
  } else if (type == "MultiPolygon") {
    for (const auto& p : *coords) polygons.push_back(&p);
  } else {
    return false;
  }
  if (polygons.empty()) return false;
  for (const json* p : polygons) {
    if (!p->is_array() || p->empty()) return false;
    rings->emplace_back();
    if (!ParseRing((*p)[0], &rings->back())) return false;
  }
  return true;
}

Result<IncidentRevision> ParseLine(std::string_view line, std::string_view file,
                                   int number) {
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kInvalidInput, "line is not a JSON object",
                "each line of incidents.ndjson is one incident revision as "
                "JSON (docs/formats/incidents.md)",
                SourceLocation{std::string(file), number, 1, ""});
  }
  LineReader r(j, file, number);
  IncidentRevision out;
  out.line = std::string(line);
  out.line_number = number;
  // The log holds the canonical form (truce log append canonicalizes each
  // line), so hash that: the same leaf whatever spacing this file has.
  auto canonical = CanonicalizeJsonText(line);
  if (!canonical) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("line is not canonicalizable JSON: {}",
                            canonical.error().message),
                "give incidents.ndjson as truce replay writes it",
                SourceLocation{std::string(file), number, 1, ""});
  }
  out.leaf = ledger::HashLeaf(*canonical);
  rules::Incident& in = out.incident;
  in.id = r.String("id");
  in.revision = static_cast<int>(r.Integer("revision"));
  if (r.ok() && (in.revision < 1 || in.revision > 1'000'000'000)) {
    r.Bad("revision", "must be 1 or more");
  }
  std::string status = r.String("status");
  if (auto s = StatusFrom(status); r.ok() && s) {
    in.status = *s;
  } else if (r.ok()) {
    r.Bad("status",
          fmt::format("'{}' is not open, updated, closed or disputed", status));
  }
  in.rule = r.String("rule");
  in.kind = r.String("kind");
  in.clause = r.String("clause", false);
  in.severity = r.String("severity");
  in.subject = r.String("subject");
  in.summary = r.String("summary", false);
  if (auto it = j.find("attribution"); it != j.end() && it->is_object()) {
    LineReader a(*it, file, number);
    in.party = a.String("party", false);
    in.basis = a.String("basis", false);
    if (!a.ok()) r.Bad("attribution", a.error()->message);
  } else {
    r.Bad("attribution", "must be an object with party and basis");
  }
  in.first = r.Time("first");
  in.last = r.Time("last");
  auto pos = r.Numbers("position", 2);
  in.position = geo::LatLng(geo::Latitude{pos[1]}, geo::Longitude{pos[0]});
  auto bbox = r.Numbers("bbox", 4);
  in.bbox = rules::BoundingBox{bbox[1], bbox[0], bbox[3], bbox[2]};
  if (r.ok()) {
    for (double lat : {pos[1], bbox[1], bbox[3]}) {
      if (!(lat >= -90 && lat <= 90))
        r.Bad("position", "has a latitude beyond ±90");
    }
    for (double lng : {pos[0], bbox[0], bbox[2]}) {
      if (!(lng >= -180 && lng <= 180))
        r.Bad("position", "has a longitude beyond ±180");
    }
  }
  if (auto it = j.find("details"); it != j.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) {
        r.Bad("details", "must be an object of strings");
        break;
      }
      in.details[k] = v.get<std::string>();
    }
  } else if (it != j.end()) {
    r.Bad("details", "must be an object of strings");
  }
  if (auto it = j.find("area"); it != j.end() && !it->is_null()) {
    // A GeoJSON Polygon or MultiPolygon; each polygon's outer ring is kept.
    if (!ParseArea(*it, &out.area_outer)) {
      out.area_outer.clear();
      r.Bad("area",
            "must be a GeoJSON Polygon or MultiPolygon of [lon, lat] "
            "positions, each ring of 4 or more");
    }
  }
  in.observations = r.Strings("observations");
  auto count = r.Integer("observation_count");
  in.observation_count = count < 0 ? 0 : static_cast<uint64_t>(count);
  for (auto& s : r.Strings("sources")) in.sources.insert(std::move(s));
  std::string confidence = r.String("confidence");
  if (auto c = ConfidenceFrom(confidence); r.ok() && c) {
    in.confidence = *c;
  } else if (r.ok()) {
    r.Bad("confidence",
          fmt::format("'{}' is not reported, corroborated or confirmed",
                      confidence));
  }
  if (!r.ok()) return std::unexpected(*r.error());
  return out;
}

}  // namespace

Result<std::vector<IncidentRevision>> ParseIncidentFile(std::string_view text,
                                                        std::string_view file) {
  std::vector<IncidentRevision> out;
  int number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto r = ParseLine(line, file, number);
    if (!r) return std::unexpected(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

Result<std::vector<IncidentRevision>> ReadIncidentFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound, fmt::format("cannot open {}", path),
                "give the incidents.ndjson that truce replay wrote");
  }
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) {
    return Fail(ErrorCode::kIo, fmt::format("cannot read {}", path));
  }
  return ParseIncidentFile(s.str(), path);
}

}  // namespace truce::alerts
