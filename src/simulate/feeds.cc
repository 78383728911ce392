#include "simulate/feeds.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/time.h"
#include "geo/geodesic.h"
#include "observe/report_csv_writer.h"
#include "observe/testing/ais_encoder.h"

namespace truce::simulate {
namespace {

constexpr const char* kStations[] = {"station-1", "station-2", "station-3"};

int32_t E4Min(double deg) {
  return static_cast<int32_t>(std::lround(deg * 600000));
}

std::string Tagged(const std::string& station, int64_t time_s,
                   const std::string& sentence) {
  std::string tag = fmt::format("s:{},c:{}", station, time_s);
  return "\\" + tag + "*" + observe::testing::ChecksumHex(tag) + "\\" +
         sentence;
}

// "2025/07/01","00:00:00.000" for SBS.
std::pair<std::string, std::string> SbsDateTime(int64_t time_s) {
  std::string iso = FormatRfc3339(TimeNs::FromUnixSeconds(time_s));
  std::string date = iso.substr(0, 10);
  std::replace(date.begin(), date.end(), '-', '/');
  return {date, iso.substr(11, 8) + ".000"};
}

}  // namespace

Noise Noise::Scaled(double level) {
  Noise n;
  n.drop = std::min(0.9, n.drop * level);
  n.second = std::min(0.9, n.second * level);
  n.repeat = std::min(0.9, n.repeat * level);
  n.jitter_m *= level;
  n.clock_skew_s *= level;
  return n;
}

geo::LatLng Feeds::Jitter(geo::LatLng p) {
  if (noise_.jitter_m <= 0) return p;
  double az = rng_->Uniform(0, 360);
  double d = std::fabs(rng_->Normal(0, noise_.jitter_m));
  return geo::Direct(p, az, d);
}

void Feeds::AddAis(const std::string& station, int64_t time_s,
                   const std::vector<std::string>& sentences) {
  auto& lines = ais_[station];
  auto [offset, first] = clock_offset_s_.try_emplace(station, 0);
  if (first) {
    // Its own generator, so that the world's draws (and the default
    // simulation's other feeds) do not depend on the clocks.
    uint64_t h = 1469598103934665603ull;  // FNV-1a: the same on every platform
    for (unsigned char c : station) h = (h ^ c) * 1099511628211ull;
    Rng clock(noise_.clock_seed ^ h);
    offset->second = std::llround(clock.Normal(0, noise_.clock_skew_s));
  }
  std::string text;
  for (const auto& s : sentences) {
    text += Tagged(station, time_s + offset->second, s) + "\n";
  }
  lines.push_back({time_s, order_++, text});
  if (rng_->Chance(noise_.repeat)) lines.push_back({time_s, order_++, text});
}

void Feeds::VesselStatic(int64_t time_s, uint32_t mmsi, int shiptype,
                         const std::string& name) {
  observe::AisMessage m;
  m.type = 5;
  m.mmsi = mmsi;
  observe::StaticVoyageData d;
  d.shipname.assign(name);
  d.callsign.assign(fmt::format("C{:06d}", mmsi % 1000000));
  d.shiptype = static_cast<uint8_t>(shiptype);
  d.epfd = 1;
  d.draught_dm = 80;
  m.body = d;
  observe::testing::SentenceOptions o;
  o.sequence_id = sequence_;
  sequence_ = (sequence_ + 1) % 10;
  auto sentences =
      observe::testing::ToSentences(observe::testing::EncodeAis(m), o);
  AddAis(kStations[mmsi % 3], time_s, sentences);
}

bool Feeds::VesselPosition(const VesselFix& f) {
  if (rng_->Chance(noise_.drop)) return false;
  observe::AisMessage m;
  m.type = 1;
  m.mmsi = f.mmsi;
  observe::PositionReportA r;
  r.status = f.anchored ? 1 : 0;
  r.turn_raw = -128;
  r.speed_decikn = static_cast<uint16_t>(std::lround(f.speed_knots * 10));
  r.lon_e4min = E4Min(f.position.lng_deg);
  r.lat_e4min = E4Min(f.position.lat_deg);
  double cog = std::fmod(f.course_deg + 360, 360);
  r.course_decideg = static_cast<uint16_t>(std::lround(cog * 10)) % 3600;
  r.heading_deg = static_cast<uint16_t>(std::lround(cog)) % 360;
  r.second = static_cast<uint8_t>(f.time_s % 60);
  m.body = r;
  observe::testing::SentenceOptions o;
  o.channel = (f.time_s / 10) % 2 ? 'B' : 'A';
  auto sentences =
      observe::testing::ToSentences(observe::testing::EncodeAis(m), o);
  AddAis(kStations[f.mmsi % 3], f.time_s, sentences);
  if (rng_->Chance(noise_.second)) {
    AddAis(kStations[(f.mmsi + 1) % 3], f.time_s, sentences);
  }
  return true;
}

bool Feeds::CivilAircraft(const AircraftFix& f) {
  if (rng_->Chance(noise_.drop)) return false;
  auto [date, time] = SbsDateTime(f.time_s);
  std::string line = fmt::format(
      "MSG,3,1,1,{:06X},1,{},{},{},{},,{},,,{:.5f},{:.5f},,,0,0,0,0\n", f.icao,
      date, time, date, time,
      static_cast<int>(std::lround(f.altitude_m / 0.3048 / 25) * 25),
      f.position.lat_deg, f.position.lng_deg);
  sbs_.push_back({f.time_s, order_++, line});
  if (rng_->Chance(noise_.repeat)) sbs_.push_back({f.time_s, order_++, line});
  return true;
}

void Feeds::SnapshotAircraft(const AircraftFix& f, bool military) {
  snapshots_[f.time_s].push_back({f, military});
}

void Feeds::Report(const observe::Report& r) { reports_.push_back(r); }

std::map<std::string, std::string> Feeds::Files() const {
  std::map<std::string, std::string> files;
  auto sorted = [](std::vector<Line> lines) {
    std::stable_sort(
        lines.begin(), lines.end(),
        [](const Line& a, const Line& b) { return a.time_s < b.time_s; });
    std::string out;
    for (const auto& l : lines) out += l.text;
    return out;
  };
  for (const auto& [station, lines] : ais_) {
    files[fmt::format("ais-{}.nmea", station)] = sorted(lines);
  }
  if (!sbs_.empty()) files["adsb.sbs"] = sorted(sbs_);
  for (const auto& [t, aircraft] : snapshots_) {
    std::string json = fmt::format(
        "{{\"now\":{},\"messages\":{},\"aircraft\":[", t, aircraft.size());
    for (size_t i = 0; i < aircraft.size(); ++i) {
      const auto& [f, military] = aircraft[i];
      json += fmt::format(
          "{}{{\"hex\":\"{:06x}\",\"flight\":\"{:<8}\",\"alt_baro\":{},"
          "\"gs\":{:.1f},\"track\":{:.1f},\"lat\":{:.6f},\"lon\":{:.6f},"
          "\"seen_pos\":0.0,\"seen\":0.0,\"dbFlags\":{}}}",
          i == 0 ? "" : ",", f.icao, f.callsign,
          static_cast<int>(std::lround(f.altitude_m / 0.3048 / 25) * 25),
          f.speed_knots, f.track_deg, f.position.lat_deg, f.position.lng_deg,
          military ? 1 : 0);
    }
    json += "]}\n";
    files[fmt::format("readsb-{}.json", t)] = json;
  }
  if (!reports_.empty()) {
    std::vector<observe::Report> rs = reports_;
    std::stable_sort(rs.begin(), rs.end(),
                     [](const observe::Report& a, const observe::Report& b) {
                       return a.time_ns < b.time_ns;
                     });
    std::string csv;
    observe::AppendReportCsvHeader(&csv);
    for (const auto& r : rs) observe::AppendReportCsvRow(r, &csv);
    files["reports.csv"] = csv;
  }
  return files;
}

}  // namespace truce::simulate
