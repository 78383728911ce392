// NMEA 0183 line scanner for AIS: !xxVDM / !xxVDO sentences of any talker,
// with their checksum, NMEA 4.0 TAG blocks (\s:..,c:..,g:..*hh\), and the
// common receiver wrappers: a leading timestamp ("1241544035 !AIVDM..." or
// "2024-01-02 03:04:05.678 !AIVDM..."), trailing USCG receiver fields
// ("...*hh,s22094,d-108,T45.29,x117,r003669946,1241544035") and Gatehouse
// $PGHP,1 lines that give the time of the next sentence.
//
// ScanLine reads one line without copying: every string_view in the result
// points into the caller's line and is valid only as long as it is. It never
// allocates and never throws; a line it cannot use comes back as a Rejection.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_NMEA_H_
#define TRUCE_OBSERVE_NMEA_H_

#include <cstdint>
#include <limits>
#include <string_view>

#include "observe/reject.h"

namespace truce::observe {

// "No time known" for the int64 nanosecond times below.
inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

// NMEA 4.0 TAG block fields (IEC 61162-1 ed. 4, section 7.9).
struct TagBlock {
  std::string_view source;    // s: source / station identifier
  int64_t time_ns = kNoTime;  // c: UNIX time (seconds, or ms if > 1e11)
  bool has_group = false;     // g: sentence n of m of group id
  uint8_t group_number = 0;
  uint8_t group_total = 0;
  uint32_t group_id = 0;
};

struct Sentence {
  std::string_view talker;      // "AI", "AB", "BS", "SA", ...
  bool own_ship = false;        // VDO (own vessel) rather than VDM
  uint8_t fragment_count = 1;   // 1..9
  uint8_t fragment_number = 1;  // 1..fragment_count
  int8_t sequence_id = -1;      // 0..9, or -1 when empty
  char channel = 0;             // 'A', 'B', '1', '2', ... or 0 when empty
  std::string_view payload;     // six-bit armoured characters
  uint8_t fill_bits = 0;
  TagBlock tag;
  int64_t receiver_time_ns = kNoTime;  // leading or trailing receiver time
  std::string_view receiver_station;   // USCG "r..." / "b..." field
};

enum class LineKind : uint8_t {
  kSentence,  // an AIS sentence: see `sentence`
  kWrapper,   // a wrapper line that only carries `wrapper_time_ns`
  kSkip,      // blank line or '#' comment
};

struct ScannedLine {
  LineKind kind = LineKind::kSkip;
  Sentence sentence;
  int64_t wrapper_time_ns = kNoTime;  // Gatehouse $PGHP,1 time
};

// Scans one line (with or without its line ending).
ParseResult<ScannedLine> ScanLine(std::string_view line);

// XOR of the bytes, the NMEA checksum.
uint8_t NmeaChecksum(std::string_view bytes);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// algorithm); used for the date forms of leading timestamps and $PGHP.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_NMEA_H_
