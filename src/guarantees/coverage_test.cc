#include "guarantees/coverage.h"

#include <gtest/gtest.h>

namespace truce::guarantees {
namespace {

constexpr int64_t kDay = 86400;
// 2025-06-01T00:00:00Z in Unix seconds (date -u -d 2025-06-01 +%s).
constexpr int64_t kJune1 = 1748736000;

TimeNs Day(int june) {
  return TimeNs::FromUnixSeconds(kJune1 + (june - 1) * kDay);
}

Commitments Plan() {
  Commitments c;
  c.guarantors = {{"g-a", "A", {}}, {"g-b", "B", {}}, {"g-c", "C", {}}};
  Pledge a;
  a.id = "a-air";
  a.guarantor = "g-a";
  a.capability = Capability::kAirPresence;
  a.unit = Unit::kHoursPerDay;
  a.amount = 12;
  a.zone = "z";  // all time
  Pledge b = a;
  b.id = "b-air";
  b.guarantor = "g-b";
  b.period = {Day(6), Day(21)};
  Pledge elsewhere = a;  // another zone: does not count
  elsewhere.id = "c-air";
  elsewhere.guarantor = "g-c";
  elsewhere.zone = "y";
  Pledge ships;  // same zone, another unit: does not count
  ships.id = "c-ships";
  ships.guarantor = "g-c";
  ships.capability = Capability::kAirPresence;
  ships.unit = Unit::kAircraft;
  ships.amount = 3;
  ships.zone = "z";
  c.pledges = {a, b, elsewhere, ships};
  Requirement r;
  r.id = "air";
  r.capability = Capability::kAirPresence;
  r.unit = Unit::kHoursPerDay;
  r.amount = 24;
  r.zone = "z";
  r.period = {Day(1), Day(11)};  // ten days
  c.requirements = {r};
  return c;
}

TEST(Coverage, SharesAndGapsByHand) {
  Commitments c = Plan();
  auto cov = ComputeCoverage(c);
  ASSERT_EQ(cov.size(), 1u);
  // June 1-6 (5 days): only A's 12 h of 24 → 0.5; June 6-11 (5 days):
  // A + B = 24 → 1. Covered: (5 × 0.5 + 5 × 1) / 10 = 0.75.
  EXPECT_DOUBLE_EQ(cov[0].share_covered, 0.75);
  ASSERT_EQ(cov[0].by_guarantor.size(), 3u);
  // A: 12 × 10 days / (24 × 10) = 0.5. B: 12 × 5 / (24 × 10) = 0.25.
  EXPECT_DOUBLE_EQ(cov[0].by_guarantor[0].share, 0.5);
  EXPECT_EQ(cov[0].by_guarantor[0].pledges, std::vector<std::string>{"a-air"});
  EXPECT_DOUBLE_EQ(cov[0].by_guarantor[1].share, 0.25);
  EXPECT_DOUBLE_EQ(cov[0].by_guarantor[2].share, 0);
  EXPECT_TRUE(cov[0].by_guarantor[2].pledges.empty());
  ASSERT_EQ(cov[0].gaps.size(), 1u);
  EXPECT_EQ(cov[0].gaps[0].from, Day(1));
  EXPECT_EQ(cov[0].gaps[0].until, Day(6));
  EXPECT_EQ(cov[0].gaps[0].available, 12);
  EXPECT_EQ(cov[0].gaps[0].missing, 12);
}

TEST(Coverage, OverCoverageIsCappedInTheShareNotPerGuarantor) {
  Commitments c = Plan();
  c.pledges[0].amount = 24;  // A alone covers everything
  auto cov = ComputeCoverage(c);
  // Covered: min(24, 24) everywhere and min(36, 24) from June 6 → 1.
  EXPECT_DOUBLE_EQ(cov[0].share_covered, 1);
  EXPECT_DOUBLE_EQ(cov[0].by_guarantor[0].share, 1);
  EXPECT_TRUE(cov[0].gaps.empty());
}

TEST(Coverage, GapsSplitWhereTheShortfallChanges) {
  Commitments c = Plan();
  c.pledges[0].period = {Day(3), Day(4)};  // A only on June 3
  auto cov = ComputeCoverage(c);
  // Pieces: June 1-3 none (0), June 3-4 A (12), June 4-6 none (0),
  // June 6-11 B (12). Covered: (1 × 12 + 5 × 12) / 24 / 10 = 0.3.
  EXPECT_DOUBLE_EQ(cov[0].share_covered, 0.3);
  ASSERT_EQ(cov[0].gaps.size(), 4u);
  EXPECT_EQ(cov[0].gaps[0].until, Day(3));
  EXPECT_EQ(cov[0].gaps[0].missing, 24);
  EXPECT_EQ(cov[0].gaps[1].from, Day(3));
  EXPECT_EQ(cov[0].gaps[1].missing, 12);
  EXPECT_EQ(cov[0].gaps[2].missing, 24);
  EXPECT_EQ(cov[0].gaps[3].from, Day(6));
  EXPECT_EQ(cov[0].gaps[3].until, Day(11));
}

TEST(Coverage, APledgeWithoutZoneCountsAnywhere) {
  Commitments c = Plan();
  c.pledges[2].zone = "";  // C's 12 h, no zone: counts over z too
  auto cov = ComputeCoverage(c);
  // June 1-6: A + C = 24 → 1; June 6-11: 36 → 1.
  EXPECT_DOUBLE_EQ(cov[0].share_covered, 1);
  EXPECT_DOUBLE_EQ(cov[0].by_guarantor[2].share, 0.5);
}

}  // namespace
}  // namespace truce::guarantees
