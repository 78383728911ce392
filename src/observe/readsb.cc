#include "observe/readsb.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "observe/adsb_observation.h"

namespace truce::observe {
namespace {

using nlohmann::json;

bool Number(const json& a, const char* key, double* out) {
  auto it = a.find(key);
  if (it == a.end() || !it->is_number()) return false;
  const double v = it->get<double>();
  if (!std::isfinite(v)) return false;
  *out = v;
  return true;
}

template <size_t N>
void Text(const json& a, const char* key, FixedString<N>* out) {
  auto it = a.find(key);
  if (it == a.end() || !it->is_string()) return;
  std::string_view s = it->get_ref<const std::string&>();
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  out->assign(s);
}

ParseResult<ReadsbAircraft> ParseAircraft(const json& a) {
  if (!a.is_object())
    return RejectAs(RejectReason::kBadRecord, "not an object");
  ReadsbAircraft r;
  auto hex = a.find("hex");
  if (hex == a.end() || !hex->is_string()) {
    return RejectAs(RejectReason::kBadRecord, "no hex address");
  }
  std::string_view h = hex->get_ref<const std::string&>();
  if (!h.empty() && h.front() == '~') {
    r.non_icao = true;
    h.remove_prefix(1);
  }
  auto res = std::from_chars(h.data(), h.data() + h.size(), r.icao, 16);
  if (h.empty() || h.size() > 6 || res.ec != std::errc() ||
      res.ptr != h.data() + h.size()) {
    return RejectAs(RejectReason::kBadFieldValue,
                    "hex is not a 24-bit address");
  }
  Text(a, "flight", &r.flight);
  Text(a, "squawk", &r.squawk);
  Text(a, "category", &r.category);
  Text(a, "r", &r.registration);
  Text(a, "t", &r.type_code);
  // Altitude: readsb "alt_baro", mutability "altitude"; number or "ground".
  for (const char* key : {"alt_baro", "altitude"}) {
    auto it = a.find(key);
    if (it == a.end()) continue;
    if (it->is_string()) {
      if (it->get_ref<const std::string&>() != "ground") {
        return RejectAs(RejectReason::kBadFieldValue,
                        "altitude string not ground");
      }
      r.on_ground = true;
    } else if (it->is_number()) {
      const double alt = it->get<double>();
      if (!(std::fabs(alt) <= 200000)) {
        return RejectAs(RejectReason::kBadFieldValue, "altitude out of range");
      }
      r.has_alt_baro = true;
      r.alt_baro_ft = static_cast<int32_t>(std::lround(alt));
    } else {
      return RejectAs(RejectReason::kBadFieldValue, "altitude");
    }
    break;
  }
  Number(a, "alt_geom", &r.alt_geom_ft);
  if (!Number(a, "gs", &r.ground_speed_kn))
    Number(a, "speed", &r.ground_speed_kn);
  Number(a, "track", &r.track_deg);
  if (!Number(a, "baro_rate", &r.baro_rate_ft_min)) {
    Number(a, "vert_rate", &r.baro_rate_ft_min);
  }
  Number(a, "seen_pos", &r.seen_pos_s);
  Number(a, "seen", &r.seen_s);
  const bool has_lat = Number(a, "lat", &r.lat_deg);
  const bool has_lon = Number(a, "lon", &r.lon_deg);
  if (has_lat != has_lon ||
      (has_lat && (std::fabs(r.lat_deg) > 90 || std::fabs(r.lon_deg) > 180))) {
    return RejectAs(RejectReason::kBadFieldValue, "lat/lon");
  }
  r.has_position = has_lat;
  auto flags = a.find("dbFlags");
  if (flags != a.end() && flags->is_number_integer()) {
    r.military = (flags->get<int64_t>() & 1) != 0;
  }
  return r;
}

}  // namespace

int64_t ReadsbPositionTimeNs(const ReadsbAircraft& a, double now_s) {
  const double t = now_s - (std::isnan(a.seen_pos_s) ? 0 : a.seen_pos_s);
  // TimeNs spans 1678..2261; a snapshot time outside 1970..2255 is unknown.
  if (!(now_s > 0) || !(t >= 0 && t < 9e9)) return kNoTimeNs;
  return static_cast<int64_t>(std::llround(t * 1e3)) * 1'000'000;
}

Result<ReadsbSnapshot> ParseReadsbJson(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr,
                         /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Fail(ErrorCode::kInvalidInput, "aircraft.json is not valid JSON",
                "give a readsb or dump1090 aircraft.json snapshot");
  }
  if (!doc.is_object() || !doc.contains("aircraft") ||
      !doc["aircraft"].is_array()) {
    return Fail(ErrorCode::kInvalidInput,
                "aircraft.json has no \"aircraft\" array",
                "give a readsb or dump1090 aircraft.json snapshot");
  }
  ReadsbSnapshot snap;
  auto now = doc.find("now");
  if (now != doc.end() && now->is_number()) snap.now_s = now->get<double>();
  const json& list = doc["aircraft"];
  snap.aircraft.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    auto a = ParseAircraft(list[i]);
    if (a) {
      snap.aircraft.push_back(*a);
    } else {
      snap.rejected.push_back({i, a.error(), list[i].dump()});
    }
  }
  return snap;
}

bool ReadsbToObservation(const ReadsbAircraft& a, double now_s,
                         std::string_view source,
                         const std::array<uint8_t, 32>& digest,
                         Observation* out) {
  if (!a.has_position) return false;
  AircraftFix fix;
  fix.address = a.icao;
  fix.icao_assigned = !a.non_icao;
  fix.time_ns = ReadsbPositionTimeNs(a, now_s);
  fix.source = source;
  fix.lat_deg = a.lat_deg;
  fix.lon_deg = a.lon_deg;
  // On the ground (alt "ground"): altitude stays unknown, not 0 (field
  // elevation is not known here).
  if (a.has_alt_baro) fix.altitude_ft = a.alt_baro_ft;
  fix.ground_speed_kn = a.ground_speed_kn;
  fix.track_deg = a.track_deg;
  fix.vertical_rate_ft_min = a.baro_rate_ft_min;
  fix.name = a.flight.view();
  Observation o;
  SetAircraftObservation(fix, &o);
  o.military = a.military;
  if (a.military) o.class_name = "military";
  o.raw_sha256 = digest;
  *out = o;
  return true;
}

}  // namespace truce::observe
