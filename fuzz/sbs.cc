// Fuzz target: arbitrary bytes as SBS-1/BaseStation CSV lines. Parsed
// records must satisfy the contract: positions in range, transmission type
// 1-8 for MSG records, 24-bit addresses.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "observe/sbs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace truce::observe;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    auto r = ParseSbsLine(line);
    if (r) {
      if (r->has_position &&
          (std::fabs(r->lat_deg) > 90 || std::fabs(r->lon_deg) > 180)) {
        std::abort();
      }
      if (r->kind == SbsKind::kMsg &&
          (r->transmission_type < 1 || r->transmission_type > 8)) {
        std::abort();
      }
      if (r->icao > 0xFFFFFF) std::abort();
      Observation o;
      (void)SbsToObservation(*r, line, "fuzz", &o);
    }
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return 0;
}
