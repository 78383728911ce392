// SBS-1 / BaseStation port-30003 CSV (Kinetic Avionics; dump1090, readsb
// and virtual radar servers emit it): one record per line,
//   KIND,TT,SESSION,AIRCRAFT,HEX,FLIGHT,DATE_GEN,TIME_GEN,DATE_LOG,TIME_LOG,
//   CALLSIGN,ALT,GS,TRACK,LAT,LON,VRATE,SQUAWK,ALERT,EMERG,SPI,GROUND
// with KIND one of SEL, ID, AIR, STA, CLK, MSG (transmission types 1-8).
// Empty fields are common (ids and dates are often blank); flags are 0 for
// false and -1 or 1 for true.
//
// ParseSbsLine scans one line without copying or allocating. Dates and times
// are read as UTC (what dump1090/readsb write; the original BaseStation wrote
// the PC's local time).
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_SBS_H_
#define TRUCE_OBSERVE_SBS_H_

#include <cstdint>
#include <string_view>

#include "observe/fixed_string.h"
#include "observe/nmea.h"
#include "observe/observation.h"
#include "observe/reject.h"

namespace truce::observe {

enum class SbsKind : uint8_t { kSel, kId, kAir, kSta, kClk, kMsg };

struct SbsRecord {
  SbsKind kind = SbsKind::kMsg;
  uint8_t transmission_type = 0;  // MSG 1..8; 0 for the other kinds
  bool has_icao = false;
  uint32_t icao = 0;  // 24-bit address (HEX field)
  int64_t generated_ns = kNoTime;
  int64_t logged_ns = kNoTime;
  FixedString<8> callsign;  // SEL/ID/MSG 1 callsign, STA status
  bool has_altitude = false;
  int32_t altitude_ft = 0;  // barometric, feet
  double ground_speed_kn = kUnknown;
  double track_deg = kUnknown;
  bool has_position = false;
  double lat_deg = 0, lon_deg = 0;
  double vertical_rate_ft_min = kUnknown;
  FixedString<4> squawk;
  int8_t alert = -1, emergency = -1, spi = -1, on_ground = -1;  // -1 unknown
};

// Parses one line. Blank lines are rejected as kBadRecord; callers skip them.
ParseResult<SbsRecord> ParseSbsLine(std::string_view line);

// An aircraft observation for records with a position (MSG 2 and 3); false
// for the others. `raw` is the line (for the digest), `source` the feed.
bool SbsToObservation(const SbsRecord& r, std::string_view raw,
                      std::string_view source, Observation* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_SBS_H_
