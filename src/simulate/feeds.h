// Feeds: the simulated sensors. Turns the simulated world's fixes and
// reports into feed files in the real formats, with receiver noise:
//   ais-<station>.nmea  NMEA 0183 !AIVDM with NMEA 4.0 TAG blocks
//                       (\s:station,c:unix*hh\), types 1 and 5
//   adsb.sbs            SBS-1/BaseStation CSV, MSG,3 (civil aircraft)
//   readsb-<unix>.json  readsb aircraft.json snapshots (military and
//                       monitoring aircraft: dbFlags says military)
//   reports.csv         field reports, native CSV (docs/formats/reports.md)
// Receivers drop fixes, a second station hears some again (another
// witness), and a station repeats some lines (a duplicate). Whether a fix was
// received is returned, so that the truth follows what the engine can see.
//
// Thread safety: not thread-safe; one Feeds per simulation.
#ifndef TRUCE_SIMULATE_FEEDS_H_
#define TRUCE_SIMULATE_FEEDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "geo/latlng.h"
#include "observe/report.h"
#include "simulate/random.h"

namespace truce::simulate {

struct Noise {
  double drop = 0.02;    // a fix no station hears
  double second = 0.15;  // a fix a second station also hears
  double repeat = 0.01;  // a line a station writes twice
  double jitter_m = 15;  // GNSS position noise, one sigma
  // Receiver clocks: each AIS station's clock is off by a fixed offset drawn
  // once per simulation (one sigma, whole seconds as TAG blocks carry),
  // so the same fix heard by two stations carries two different times.
  double clock_skew_s = 0.5;
  uint64_t clock_seed = 0;  // draws the offsets, apart from the world's Rng
  static Noise Scaled(double level);
};

struct VesselFix {
  int64_t time_s = 0;
  uint32_t mmsi = 0;
  geo::LatLng position;
  double speed_knots = 0;
  double course_deg = 0;
  bool anchored = false;
};

struct AircraftFix {
  int64_t time_s = 0;
  uint32_t icao = 0;
  geo::LatLng position;
  double altitude_m = 0;
  double speed_knots = 0;
  double track_deg = 0;
  std::string callsign;
};

class Feeds {
 public:
  Feeds(Rng* rng, Noise noise) : rng_(rng), noise_(noise) {}

  // Type 5 static data (never dropped: receivers keep it).
  void VesselStatic(int64_t time_s, uint32_t mmsi, int shiptype,
                    const std::string& name);
  // A type 1 position report; false if no station heard it.
  bool VesselPosition(const VesselFix& fix);
  // The position a sensor would report: the true one plus GNSS jitter.
  geo::LatLng Jitter(geo::LatLng p);

  // Civil aircraft: SBS MSG,3. False if dropped.
  bool CivilAircraft(const AircraftFix& fix);
  // Military (dbFlags 1) or other aircraft in the snapshot at time_s.
  // Snapshots are not dropped (a whole file is one unit).
  void SnapshotAircraft(const AircraftFix& fix, bool military);

  void Report(const observe::Report& report);

  // The files, by name, with their content; lines in time order.
  std::map<std::string, std::string> Files() const;

 private:
  struct Line {
    int64_t time_s;
    uint64_t order;
    std::string text;
  };
  void AddAis(const std::string& station, int64_t time_s,
              const std::vector<std::string>& sentences);

  Rng* rng_;
  Noise noise_;
  uint64_t order_ = 0;
  int sequence_ = 0;
  std::map<std::string, std::vector<Line>> ais_;  // by station
  std::map<std::string, int64_t> clock_offset_s_;  // by station
  std::vector<Line> sbs_;
  std::map<int64_t, std::vector<std::pair<AircraftFix, bool>>> snapshots_;
  std::vector<observe::Report> reports_;
};

}  // namespace truce::simulate

#endif  // TRUCE_SIMULATE_FEEDS_H_
