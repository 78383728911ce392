// Time: instants as integer nanoseconds since the Unix epoch, UTC.
//
// A strong type so that an instant is never mixed up with a duration or with a
// count. Integer nanoseconds are exact, totally ordered and hash the same on
// every machine, which the deterministic replay relies on; the range is the
// years 1678..2261.
//
// Thread safety: plain values and pure functions.
#ifndef TRUCE_BASE_TIME_H_
#define TRUCE_BASE_TIME_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace truce {

struct DurationNs {
  int64_t ns = 0;
  auto operator<=>(const DurationNs&) const = default;
  static constexpr DurationNs Seconds(int64_t s) { return {s * 1'000'000'000}; }
  static constexpr DurationNs Minutes(int64_t m) { return Seconds(m * 60); }
  static constexpr DurationNs Hours(int64_t h) { return Seconds(h * 3600); }
};

struct TimeNs {
  int64_t ns_since_epoch = 0;
  auto operator<=>(const TimeNs&) const = default;

  static constexpr TimeNs FromUnixSeconds(int64_t s) {
    return {s * 1'000'000'000};
  }
  TimeNs operator+(DurationNs d) const { return {ns_since_epoch + d.ns}; }
  TimeNs operator-(DurationNs d) const { return {ns_since_epoch - d.ns}; }
  DurationNs operator-(TimeNs other) const {
    return {ns_since_epoch - other.ns_since_epoch};
  }
};

// Parses an RFC 3339 date-time ("2025-06-01T00:00:00Z",
// "2025-06-01T03:00:00.5+03:00") into UTC. Rejects anything else with a message
// that says what was expected. Leap seconds (":60") are rejected: truce times
// are POSIX times.
Result<TimeNs> ParseRfc3339(std::string_view text);

// Formats as RFC 3339 in UTC with a "Z" suffix and as many fractional digits as
// needed (none, 3, 6 or 9), e.g. "2025-06-01T00:00:00Z". Round-trips with
// ParseRfc3339.
std::string FormatRfc3339(TimeNs t);

// Parses a duration such as "90s", "15m", "2h", "1d", "1h30m".
Result<DurationNs> ParseDuration(std::string_view text);

}  // namespace truce

#endif  // TRUCE_BASE_TIME_H_
