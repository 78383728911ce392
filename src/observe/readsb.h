// readsb / dump1090 `aircraft.json` snapshots, both schema generations:
// readsb and dump1090-fa (`alt_baro` number or "ground", `gs`, `baro_rate`,
// `dbFlags` with bit 0 = military, `r`, `t`) and dump1090-mutability
// (`altitude` number or "ground", `speed`, `vert_rate`). A `hex` starting
// with '~' is a non-ICAO (TIS-B/anonymous) address.
//
// The snapshot is one JSON document, parsed whole (nlohmann::json); an
// aircraft entry that does not parse is rejected with its index and reason,
// the others are kept.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_READSB_H_
#define TRUCE_OBSERVE_READSB_H_

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "observe/fixed_string.h"
#include "observe/observation.h"
#include "observe/reject.h"

namespace truce::observe {

struct ReadsbAircraft {
  uint32_t icao = 0;
  bool non_icao = false;  // hex was "~xxxxxx"
  FixedString<8> flight;  // trailing spaces removed
  bool on_ground = false;
  bool has_alt_baro = false;
  int32_t alt_baro_ft = 0;
  double alt_geom_ft = kUnknown;
  double ground_speed_kn = kUnknown;
  double track_deg = kUnknown;
  double baro_rate_ft_min = kUnknown;
  bool has_position = false;
  double lat_deg = 0, lon_deg = 0;
  double seen_pos_s = kUnknown;  // seconds before `now` the position was heard
  double seen_s = kUnknown;
  FixedString<4> squawk;
  FixedString<2> category;
  FixedString<12> registration;  // "r"
  FixedString<8> type_code;      // "t"
  bool military = false;         // dbFlags bit 0
};

struct RejectedAircraft {
  size_t index = 0;  // position in the "aircraft" array, from 0
  Rejection rejection;
  std::string raw;  // the entry, re-serialized compactly
};

struct ReadsbSnapshot {
  double now_s = 0;  // UNIX time of the snapshot
  std::vector<ReadsbAircraft> aircraft;
  std::vector<RejectedAircraft> rejected;
};

// Parses a whole aircraft.json. A document that is not JSON, or has no
// "aircraft" array, is an Error; bad entries are listed in `rejected`.
Result<ReadsbSnapshot> ParseReadsbJson(std::string_view text);

inline constexpr int64_t kNoTimeNs = std::numeric_limits<int64_t>::min();

// UNIX time (ns) the position was heard: now - seen_pos, to the millisecond;
// kNoTimeNs when the snapshot has no plausible time.
int64_t ReadsbPositionTimeNs(const ReadsbAircraft& a, double now_s);

// An observation for an aircraft with a position, timed now - seen_pos.
// `digest` is the SHA-256 of the snapshot file the entry came from.
bool ReadsbToObservation(const ReadsbAircraft& a, double now_s,
                         std::string_view source,
                         const std::array<uint8_t, 32>& digest,
                         Observation* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_READSB_H_
