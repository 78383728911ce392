#include "observe/sbs.h"

#include <charconv>
#include <cmath>

#include "observe/adsb_observation.h"
#include "observe/ais_observation.h"

namespace truce::observe {
namespace {

constexpr int64_t kNsPerSec = 1'000'000'000;

bool ParseInt(std::string_view s, int64_t* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() &&
         std::isfinite(*out);
}

// "2008/11/28" + "23:48:18.611" (also '-' date separators) as UTC.
bool ParseDateTime(std::string_view date, std::string_view time, int64_t* ns) {
  if (date.size() != 10 || time.size() < 8) return false;
  int64_t y, mo, d, h, mi, s;
  if (!ParseInt(date.substr(0, 4), &y) || !ParseInt(date.substr(5, 2), &mo) ||
      !ParseInt(date.substr(8, 2), &d) || !ParseInt(time.substr(0, 2), &h) ||
      !ParseInt(time.substr(3, 2), &mi) || !ParseInt(time.substr(6, 2), &s) ||
      time[2] != ':' || time[5] != ':') {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 ||
      y < 1970 || y > 2200) {
    return false;
  }
  int64_t frac_ns = 0;
  if (time.size() > 8) {
    if (time[8] != '.') return false;
    std::string_view f = time.substr(9);
    int64_t v = 0;
    if (f.empty() || f.size() > 9 || !ParseInt(f, &v) || v < 0) return false;
    for (size_t i = f.size(); i < 9; ++i) v *= 10;
    frac_ns = v;
  }
  const int64_t days =
      DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  *ns = ((days * 24 + h) * 60 + mi) * 60 * kNsPerSec + s * kNsPerSec + frac_ns;
  return true;
}

// "0" false; "-1" or "1" true; empty unknown.
bool ParseFlag(std::string_view s, int8_t* out) {
  if (s.empty()) return true;
  int64_t v = 0;
  if (!ParseInt(s, &v)) return false;
  *out = v != 0 ? 1 : 0;
  return true;
}

}  // namespace

ParseResult<SbsRecord> ParseSbsLine(std::string_view line) {
  while (!line.empty() &&
         (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
    line.remove_suffix(1);
  }
  std::string_view f[22];
  size_t n = 0;
  while (n < 22) {
    const size_t comma = line.find(',');
    f[n++] = line.substr(0, comma);
    if (comma == std::string_view::npos) {
      line = {};
      break;
    }
    line.remove_prefix(comma + 1);
  }
  if (!line.empty())
    return RejectAs(RejectReason::kBadRecord, "more than 22 fields");
  SbsRecord r;
  const std::string_view kind = f[0];
  if (kind == "MSG") {
    r.kind = SbsKind::kMsg;
  } else if (kind == "SEL") {
    r.kind = SbsKind::kSel;
  } else if (kind == "ID") {
    r.kind = SbsKind::kId;
  } else if (kind == "AIR") {
    r.kind = SbsKind::kAir;
  } else if (kind == "STA") {
    r.kind = SbsKind::kSta;
  } else if (kind == "CLK") {
    r.kind = SbsKind::kClk;
  } else {
    return RejectAs(RejectReason::kBadRecord, "unknown record kind");
  }
  if (n < 10) return RejectAs(RejectReason::kBadRecord, "fewer than 10 fields");
  if (r.kind == SbsKind::kMsg) {
    int64_t tt = 0;
    if (!ParseInt(f[1], &tt) || tt < 1 || tt > 8) {
      return RejectAs(RejectReason::kBadFieldValue,
                      "transmission type not 1-8");
    }
    r.transmission_type = static_cast<uint8_t>(tt);
  }
  if (!f[4].empty()) {
    uint32_t icao = 0;
    auto res =
        std::from_chars(f[4].data(), f[4].data() + f[4].size(), icao, 16);
    if (res.ec != std::errc() || res.ptr != f[4].data() + f[4].size() ||
        f[4].size() > 6) {
      return RejectAs(RejectReason::kBadFieldValue,
                      "hex ident is not 24-bit hex");
    }
    r.has_icao = true;
    r.icao = icao;
  }
  if (!f[6].empty() && !ParseDateTime(f[6], f[7], &r.generated_ns)) {
    return RejectAs(RejectReason::kBadFieldValue, "date/time generated");
  }
  if (!f[8].empty() && !ParseDateTime(f[8], f[9], &r.logged_ns)) {
    return RejectAs(RejectReason::kBadFieldValue, "date/time logged");
  }
  if (n > 10) {
    std::string_view cs = f[10];
    while (!cs.empty() && cs.back() == ' ') cs.remove_suffix(1);
    r.callsign.assign(cs);
  }
  if (r.kind != SbsKind::kMsg) return r;
  if (n > 11 && !f[11].empty()) {
    int64_t alt = 0;
    if (!ParseInt(f[11], &alt) || alt < -2000 || alt > 200000) {
      return RejectAs(RejectReason::kBadFieldValue, "altitude");
    }
    r.has_altitude = true;
    r.altitude_ft = static_cast<int32_t>(alt);
  }
  if (n > 12 && !f[12].empty() && !ParseDouble(f[12], &r.ground_speed_kn)) {
    return RejectAs(RejectReason::kBadFieldValue, "ground speed");
  }
  if (n > 13 && !f[13].empty() && !ParseDouble(f[13], &r.track_deg)) {
    return RejectAs(RejectReason::kBadFieldValue, "track");
  }
  if (n > 15 && (!f[14].empty() || !f[15].empty())) {
    if (!ParseDouble(f[14], &r.lat_deg) || !ParseDouble(f[15], &r.lon_deg) ||
        std::fabs(r.lat_deg) > 90 || std::fabs(r.lon_deg) > 180) {
      return RejectAs(RejectReason::kBadFieldValue, "latitude/longitude");
    }
    r.has_position = true;
  }
  if (n > 16 && !f[16].empty() &&
      !ParseDouble(f[16], &r.vertical_rate_ft_min)) {
    return RejectAs(RejectReason::kBadFieldValue, "vertical rate");
  }
  if (n > 17) {
    if (f[17].size() > 4)
      return RejectAs(RejectReason::kBadFieldValue, "squawk");
    r.squawk.assign(f[17]);
  }
  if ((n > 18 && !ParseFlag(f[18], &r.alert)) ||
      (n > 19 && !ParseFlag(f[19], &r.emergency)) ||
      (n > 20 && !ParseFlag(f[20], &r.spi)) ||
      (n > 21 && !ParseFlag(f[21], &r.on_ground))) {
    return RejectAs(RejectReason::kBadFieldValue, "flag");
  }
  return r;
}

bool SbsToObservation(const SbsRecord& r, std::string_view raw,
                      std::string_view source, Observation* out) {
  if (r.kind != SbsKind::kMsg || !r.has_position || !r.has_icao) return false;
  AircraftFix fix;
  fix.address = r.icao;
  fix.time_ns = r.generated_ns != kNoTime ? r.generated_ns : r.logged_ns;
  fix.source = source;
  fix.lat_deg = r.lat_deg;
  fix.lon_deg = r.lon_deg;
  if (r.has_altitude) fix.altitude_ft = r.altitude_ft;
  fix.ground_speed_kn = r.ground_speed_kn;
  fix.track_deg = r.track_deg;
  fix.vertical_rate_ft_min = r.vertical_rate_ft_min;
  fix.name = r.callsign.view();
  Observation o;
  SetAircraftObservation(fix, &o);
  o.raw_sha256 = Sha256(raw);
  *out = o;
  return true;
}

}  // namespace truce::observe
