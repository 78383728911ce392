#include "base/time.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <chrono>

namespace truce {
namespace {

constexpr std::string_view kRfc3339Hint =
    "write an RFC 3339 time such as 2025-06-01T00:00:00Z";

// Reads exactly `n` digits at `pos`; false if they are not all digits.
bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

std::unexpected<Error> Bad(std::string_view text, std::string_view why) {
  return Fail(ErrorCode::kInvalidInput,
              fmt::format("'{}' is not an RFC 3339 time: {}", text, why),
              std::string(kRfc3339Hint));
}

}  // namespace

Result<TimeNs> ParseRfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!ReadDigits(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' ||
      !ReadDigits(s, 5, 2, &month) || s[7] != '-' ||
      !ReadDigits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
      !ReadDigits(s, 11, 2, &hour) || s[13] != ':' ||
      !ReadDigits(s, 14, 2, &minute) || s[16] != ':' ||
      !ReadDigits(s, 17, 2, &second)) {
    return Bad(s, "expected YYYY-MM-DDTHH:MM:SS followed by Z or an offset");
  }
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year),
                     std::chrono::month(static_cast<unsigned>(month)),
                     std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return Bad(s, "no such calendar date");
  if (hour > 23 || minute > 59 || second > 59) {
    return Bad(s, "hour, minute or second out of range");
  }
  size_t pos = 19;
  int64_t frac_ns = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) frac_ns = frac_ns * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return Bad(s, "a '.' must be followed by digits");
    for (size_t d = digits; d < 9; ++d) frac_ns *= 10;
  }
  int64_t offset_s = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!ReadDigits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() ||
        s[pos + 3] != ':' || !ReadDigits(s, pos + 4, 2, &om) || oh > 23 ||
        om > 59) {
      return Bad(s, "the UTC offset must look like +03:00");
    }
    offset_s = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return Bad(s, "the time zone is missing (end with Z for UTC)");
  }
  if (pos != s.size()) return Bad(s, "unexpected text after the time");
  int64_t days = sys_days(ymd).time_since_epoch().count();
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  // Integer nanoseconds reach from 1677-09-21 to 2262-04-11.
  constexpr int64_t kMaxSeconds = INT64_MAX / 1'000'000'000 - 1;
  if (secs < -kMaxSeconds || secs > kMaxSeconds) {
    return Bad(s, "truce handles times from 1678 to 2261 only");
  }
  return TimeNs{secs * 1'000'000'000 + frac_ns};
}

std::string FormatRfc3339(TimeNs t) {
  using namespace std::chrono;
  int64_t ns = t.ns_since_epoch;
  int64_t secs = ns >= 0 ? ns / 1'000'000'000
                         : -((-ns + 999'999'999) / 1'000'000'000);
  int64_t frac = ns - secs * 1'000'000'000;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t sod = secs - days * 86400;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  std::string out = fmt::format(
      "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
      sod / 3600, sod / 60 % 60, sod % 60);
  if (frac != 0) {
    if (frac % 1'000'000 == 0) {
      out += fmt::format(".{:03d}", frac / 1'000'000);
    } else if (frac % 1'000 == 0) {
      out += fmt::format(".{:06d}", frac / 1'000);
    } else {
      out += fmt::format(".{:09d}", frac);
    }
  }
  return out + "Z";
}

Result<DurationNs> ParseDuration(std::string_view s) {
  if (s.empty()) {
    return Fail(ErrorCode::kInvalidInput, "empty duration",
                "write a duration such as 90s, 15m, 2h or 1d");
  }
  int64_t total_s = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), v);
    if (ec != std::errc() || end == s.data() + s.size() || v < 0) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("'{}' is not a duration", s),
                  "write a duration such as 90s, 15m, 2h or 1d");
    }
    pos = end - s.data();
    // Durations are at most 100 years, well inside integer nanoseconds.
    if (v > 100LL * 366 * 86400) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("'{}' is longer than 100 years", s),
                  "write a shorter duration");
    }
    switch (s[pos]) {
      case 's': total_s += v; break;
      case 'm': total_s += v * 60; break;
      case 'h': total_s += v * 3600; break;
      case 'd': total_s += v * 86400; break;
      default:
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("'{}' has unknown unit '{}'", s, s[pos]),
                    "use s, m, h or d, e.g. 15m");
    }
    ++pos;
    if (total_s > 100LL * 366 * 86400) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("'{}' is longer than 100 years", s),
                  "write a shorter duration");
    }
  }
  return DurationNs::Seconds(total_s);
}

}  // namespace truce
