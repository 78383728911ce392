#include "observe/adsb_json.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "base/time.h"
#include "observe/ais_json.h"

namespace truce::observe {
namespace {

constexpr std::string_view kKinds[] = {"SEL", "ID", "AIR", "STA", "CLK", "MSG"};

void Str(std::string* out, std::string_view key, std::string_view v) {
  fmt::format_to(std::back_inserter(*out), ",\"{}\":\"", key);
  AppendJsonEscaped(v, out);
  out->push_back('"');
}

void Num(std::string* out, std::string_view key, double v) {
  if (!std::isnan(v))
    fmt::format_to(std::back_inserter(*out), ",\"{}\":{}", key, v);
}

void Flag(std::string* out, std::string_view key, int8_t v) {
  if (v >= 0)
    fmt::format_to(std::back_inserter(*out), ",\"{}\":{}", key,
                   v ? "true" : "false");
}

void Time(std::string* out, std::string_view key, int64_t ns) {
  if (ns != kNoTime) Str(out, key, FormatRfc3339(TimeNs{ns}));
}

}  // namespace

void AppendSbsJson(const SbsRecord& r, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{{\"kind\":\"{}\"",
                 kKinds[static_cast<int>(r.kind)]);
  if (r.kind == SbsKind::kMsg) {
    fmt::format_to(std::back_inserter(*out), ",\"transmission_type\":{}",
                   r.transmission_type);
  }
  if (r.has_icao) Str(out, "hex", fmt::format("{:06x}", r.icao));
  Time(out, "generated", r.generated_ns);
  Time(out, "logged", r.logged_ns);
  if (r.callsign.size > 0) {
    Str(out, r.kind == SbsKind::kSta ? "status" : "callsign",
        r.callsign.view());
  }
  if (r.has_altitude) {
    fmt::format_to(std::back_inserter(*out), ",\"altitude_ft\":{}",
                   r.altitude_ft);
  }
  Num(out, "ground_speed_kn", r.ground_speed_kn);
  Num(out, "track_deg", r.track_deg);
  if (r.has_position) {
    Num(out, "lat", r.lat_deg);
    Num(out, "lon", r.lon_deg);
  }
  Num(out, "vertical_rate_ft_min", r.vertical_rate_ft_min);
  if (r.squawk.size > 0) Str(out, "squawk", r.squawk.view());
  Flag(out, "alert", r.alert);
  Flag(out, "emergency", r.emergency);
  Flag(out, "spi", r.spi);
  Flag(out, "on_ground", r.on_ground);
  out->push_back('}');
}

void AppendReadsbJson(const ReadsbAircraft& a, double now_s, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{{\"hex\":\"{}{:06x}\"",
                 a.non_icao ? "~" : "", a.icao);
  if (a.flight.size > 0) Str(out, "flight", a.flight.view());
  if (a.registration.size > 0) Str(out, "registration", a.registration.view());
  if (a.type_code.size > 0) Str(out, "type", a.type_code.view());
  if (a.military) out->append(",\"military\":true");
  if (a.on_ground) out->append(",\"on_ground\":true");
  if (a.has_alt_baro) {
    fmt::format_to(std::back_inserter(*out), ",\"alt_baro_ft\":{}",
                   a.alt_baro_ft);
  }
  Num(out, "alt_geom_ft", a.alt_geom_ft);
  Num(out, "ground_speed_kn", a.ground_speed_kn);
  Num(out, "track_deg", a.track_deg);
  Num(out, "baro_rate_ft_min", a.baro_rate_ft_min);
  if (a.has_position) {
    Num(out, "lat", a.lat_deg);
    Num(out, "lon", a.lon_deg);
    Time(out, "position_time", ReadsbPositionTimeNs(a, now_s));
  }
  if (a.squawk.size > 0) Str(out, "squawk", a.squawk.view());
  if (a.category.size > 0) Str(out, "category", a.category.view());
  out->push_back('}');
}

}  // namespace truce::observe
