#include "simulate/truth.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

namespace truce::simulate {
namespace {

std::string Quote(std::string_view s) { return nlohmann::json(s).dump(); }

Error LineError(std::string_view file, int line, std::string message) {
  Error e;
  e.code = ErrorCode::kInvalidInput;
  e.message = std::move(message);
  e.where.file = std::string(file);
  e.where.line = line;
  return e;
}

template <typename F>
Result<void> ForEachLine(std::string_view text, std::string_view file, F f) {
  int line = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view l = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line;
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json j = nlohmann::json::parse(l, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return std::unexpected(LineError(file, line, "not a JSON object"));
    }
    std::string why = f(j);
    if (!why.empty()) return std::unexpected(LineError(file, line, why));
  }
  return {};
}

bool Str(const nlohmann::json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    out->clear();
    return true;
  }
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

bool Time(const nlohmann::json& j, const char* key, TimeNs* out) {
  std::string s;
  if (!Str(j, key, &s) || s.empty()) return false;
  auto t = ParseRfc3339(s);
  if (!t) return false;
  *out = *t;
  return true;
}

bool Position(const nlohmann::json& j, geo::LatLng* out) {
  auto it = j.find("position");
  if (it == j.end() || !it->is_array() || it->size() != 2 ||
      !(*it)[0].is_number() || !(*it)[1].is_number()) {
    return false;
  }
  *out = geo::LatLng(geo::Latitude{(*it)[1].get<double>()},
                     geo::Longitude{(*it)[0].get<double>()});
  return true;
}

}  // namespace

std::string ToJsonLine(const TruthRecord& t) {
  std::string out = fmt::format(
      "{{\"rule\":{},\"kind\":{},\"violation\":{},\"subject\":{},"
      "\"party\":{},\"first\":\"{}\",\"last\":\"{}\",\"position\":[{:.6f},{:."
      "6f}]",
      Quote(t.rule), Quote(t.kind), Quote(t.violation), Quote(t.subject),
      t.party.empty() ? std::string("null") : Quote(t.party),
      FormatRfc3339(t.first), FormatRfc3339(t.last), t.position.lng_deg,
      t.position.lat_deg);
  if (t.radius_m > 0) out += fmt::format(",\"radius_m\":{:.0f}", t.radius_m);
  out += "}";
  return out;
}

Result<std::vector<TruthRecord>> ParseTruth(std::string_view text,
                                            std::string_view file) {
  std::vector<TruthRecord> out;
  auto r = ForEachLine(text, file, [&](const nlohmann::json& j) -> std::string {
    TruthRecord t;
    if (!Str(j, "rule", &t.rule) || t.rule.empty()) return "missing \"rule\"";
    if (!Str(j, "kind", &t.kind) || t.kind.empty()) return "missing \"kind\"";
    if (!Str(j, "violation", &t.violation) || !Str(j, "subject", &t.subject) ||
        !Str(j, "party", &t.party)) {
      return "\"violation\", \"subject\" and \"party\" must be strings";
    }
    if (!Time(j, "first", &t.first) || !Time(j, "last", &t.last)) {
      return "\"first\" and \"last\" must be RFC 3339 times";
    }
    if (!Position(j, &t.position)) return "\"position\" must be [lon, lat]";
    if (auto it = j.find("radius_m"); it != j.end()) {
      if (!it->is_number()) return "\"radius_m\" must be a number";
      t.radius_m = it->get<double>();
    }
    out.push_back(std::move(t));
    return "";
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<std::vector<ScoredIncident>> ParseIncidents(std::string_view text,
                                                   std::string_view file) {
  std::vector<ScoredIncident> out;
  std::map<std::string, size_t> index;
  auto r = ForEachLine(text, file, [&](const nlohmann::json& j) -> std::string {
    ScoredIncident in;
    if (!Str(j, "id", &in.id) || in.id.empty()) return "missing \"id\"";
    if (!Str(j, "rule", &in.rule) || !Str(j, "kind", &in.kind) ||
        !Str(j, "subject", &in.subject)) {
      return "\"rule\", \"kind\" and \"subject\" must be strings";
    }
    if (auto a = j.find("attribution"); a != j.end() && a->is_object()) {
      Str(*a, "party", &in.party);
    }
    if (!Time(j, "first", &in.first) || !Time(j, "last", &in.last)) {
      return "\"first\" and \"last\" must be RFC 3339 times";
    }
    if (!Position(j, &in.position)) return "\"position\" must be [lon, lat]";
    auto [it, inserted] = index.try_emplace(in.id, out.size());
    if (inserted) {
      out.push_back(std::move(in));
    } else {
      out[it->second] = std::move(in);
    }
    return "";
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace truce::simulate
