#include "base/time.h"

#include <gtest/gtest.h>

namespace truce {
namespace {

TEST(Rfc3339, ParsesUtcAndOffsets) {
  // 2025-06-01T00:00:00Z is 1748736000 s after the epoch (date -d ... +%s).
  EXPECT_EQ(ParseRfc3339("2025-06-01T00:00:00Z")->ns_since_epoch,
            1748736000LL * 1'000'000'000);
  EXPECT_EQ(*ParseRfc3339("2025-06-01T03:00:00+03:00"),
            *ParseRfc3339("2025-06-01T00:00:00Z"));
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00.5Z")->ns_since_epoch,
            500'000'000);
}

TEST(Rfc3339, RejectsMalformed) {
  for (const char* bad :
       {"2025-06-01", "2025-06-01T00:00:00", "2025-02-30T00:00:00Z",
        "2025-06-01T24:00:00Z", "2025-06-01T00:00:00Zjunk",
        "2025-06-01T00:00:00.Z", "2025-06-01 00:00:00Z", ""}) {
    auto t = ParseRfc3339(bad);
    ASSERT_FALSE(t.has_value()) << bad;
    EXPECT_NE(t.error().hint.find("RFC 3339"), std::string::npos);
  }
}

TEST(Rfc3339, RejectsTimesBeyondIntegerNanoseconds) {
  // Found by the agreement loader's fuzzer: year 3868 overflowed int64 ns.
  for (const char* far : {"3868-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                          "1000-01-01T00:00:00Z"}) {
    auto t = ParseRfc3339(far);
    ASSERT_FALSE(t.has_value()) << far;
    EXPECT_NE(t.error().message.find("1678 to 2261"), std::string::npos);
  }
  EXPECT_TRUE(ParseRfc3339("2261-12-31T23:59:59Z").has_value());
  EXPECT_TRUE(ParseRfc3339("1678-01-01T00:00:00Z").has_value());
}

TEST(Rfc3339, RoundTrips) {
  for (const char* s :
       {"2025-06-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
        "2024-02-29T12:34:56.123456789Z", "2000-01-01T00:00:00.000001Z"}) {
    auto t = ParseRfc3339(s);
    ASSERT_TRUE(t.has_value()) << s;
    EXPECT_EQ(FormatRfc3339(*t), s);
  }
}

TEST(Duration, ParsesUnits) {
  EXPECT_EQ(*ParseDuration("90s"), DurationNs::Seconds(90));
  EXPECT_EQ(*ParseDuration("1h30m"), DurationNs::Minutes(90));
  EXPECT_EQ(*ParseDuration("2d"), DurationNs::Hours(48));
  EXPECT_FALSE(ParseDuration("15").has_value());
  EXPECT_FALSE(ParseDuration("15x").has_value());
  EXPECT_FALSE(ParseDuration("").has_value());
  EXPECT_FALSE(ParseDuration("99999999999999d").has_value())
      << "no overflow of integer nanoseconds";
}

}  // namespace
}  // namespace truce
