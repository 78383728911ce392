// Fuzz target: arbitrary bytes as a readsb/dump1090 aircraft.json snapshot.
// Must never crash; accepted aircraft have in-range positions and addresses.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "observe/readsb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace truce::observe;
  auto snap = ParseReadsbJson(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!snap) return 0;
  for (const ReadsbAircraft& a : snap->aircraft) {
    if (a.icao > 0xFFFFFF) std::abort();
    if (a.has_position &&
        (std::fabs(a.lat_deg) > 90 || std::fabs(a.lon_deg) > 180)) {
      std::abort();
    }
    Observation o;
    (void)ReadsbToObservation(a, snap->now_s, "fuzz", {}, &o);
  }
  return 0;
}
