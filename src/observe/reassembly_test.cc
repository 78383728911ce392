#include "observe/reassembly.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "observe/ais.h"
#include "observe/testing/ais_encoder.h"

namespace truce::observe {
namespace {

using testing::SentenceOptions;
using testing::ToSentences;

// A type 5 message (424 bits, 71 characters: two fragments at 60).
AisMessage Type5(uint32_t mmsi, std::string_view name) {
  AisMessage m;
  m.type = 5;
  m.mmsi = mmsi;
  StaticVoyageData& s = m.body.emplace<StaticVoyageData>();
  s.imo = 9134270;
  s.callsign.assign("3FOF8");
  s.shipname.assign(name);
  s.shiptype = 70;
  s.destination.assign("NEW YORK");
  return m;
}

std::vector<std::string> Lines(const AisMessage& m, char channel, int seq) {
  SentenceOptions o;
  o.channel = channel;
  o.sequence_id = seq;
  return ToSentences(testing::EncodeAis(m), o);
}

Sentence Scan(const std::string& line) {
  auto r = ScanLine(line);
  EXPECT_TRUE(r.has_value()) << line;
  return r->sentence;
}

TEST(Reassembly, InterleavedGroupsOnChannelsAndSequenceIds) {
  const auto a = Lines(Type5(111111111, "ALPHA"), 'A', 1);
  const auto b = Lines(Type5(222222222, "BRAVO"), 'B', 1);
  const auto c = Lines(Type5(333333333, "CHARLIE"), 'A', 2);
  ASSERT_EQ(a.size(), 2u);
  // a1 b1 c1 c2 a2 b2: every group completes, in the order it completes.
  const std::vector<std::string> order = {a[0], b[0], c[0], c[1], a[1], b[1]};
  Reassembler r;
  AisDecoder d;
  std::vector<std::string> names;
  uint64_t line = 0;
  for (const auto& s : order) {
    auto done = r.Add(Scan(s), s, ++line, kNoTime);
    ASSERT_TRUE(done.has_value());
    if (*done == nullptr) continue;
    auto m = d.Decode((*done)->bits);
    ASSERT_TRUE(m.has_value());
    names.emplace_back(std::get<StaticVoyageData>(m->body).shipname.view());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"CHARLIE", "ALPHA", "BRAVO"}));
  EXPECT_EQ(r.pending_groups(), 0u);
}

TEST(Reassembly, OutOfOrderFragmentsStillJoin) {
  const auto a = Lines(Type5(111111111, "ALPHA"), 'A', 4);
  Reassembler r;
  // Fragment 2 first has no group yet: it is an orphan.
  auto first = r.Add(Scan(a[1]), a[1], 1, kNoTime);
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().reason, RejectReason::kOrphanFragment);
}

TEST(Reassembly, DuplicateFragmentRejected) {
  const auto a = Lines(Type5(111111111, "ALPHA"), 'A', 4);
  Reassembler r;
  ASSERT_TRUE(r.Add(Scan(a[0]), a[0], 1, kNoTime).has_value());
  // A second "fragment 1" starts a new group; the old one is incomplete.
  ASSERT_TRUE(r.Add(Scan(a[0]), a[0], 2, kNoTime).has_value());
  std::vector<IncompleteGroup> lost;
  r.TakeIncomplete(&lost);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].lines.size(), 1u);
  EXPECT_EQ(lost[0].lines[0].line, 1u);
  EXPECT_EQ(lost[0].lines[0].raw, a[0]);
}

TEST(Reassembly, LostFragmentTimesOutWithItsLines) {
  const auto a = Lines(Type5(111111111, "ALPHA"), 'A', 4);
  Reassembler::Options o;
  o.max_age_lines = 5;
  Reassembler r(o);
  ASSERT_TRUE(r.Add(Scan(a[0]), a[0], 1, kNoTime).has_value());
  const auto other = Lines(Type5(222222222, "BRAVO"), 'B', 7);
  ASSERT_TRUE(r.Add(Scan(other[0]), other[0], 10, kNoTime).has_value());
  std::vector<IncompleteGroup> lost;
  r.TakeIncomplete(&lost);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].lines[0].raw, a[0]);
  // The late fragment 2 is now an orphan.
  auto late = r.Add(Scan(a[1]), a[1], 11, kNoTime);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().reason, RejectReason::kOrphanFragment);
  r.Flush(&lost);
  EXPECT_EQ(lost.size(), 2u);  // BRAVO never completed either
}

TEST(Reassembly, TagBlockSourceSeparatesStations) {
  const auto m = Type5(111111111, "ALPHA");
  SentenceOptions o1;
  o1.sequence_id = 1;
  o1.tag_block = "s:rx1,c:1700000000";
  SentenceOptions o2 = o1;
  o2.tag_block = "s:rx2,c:1700000001";
  const auto x = ToSentences(testing::EncodeAis(m), o1);
  const auto y = ToSentences(testing::EncodeAis(Type5(222222222, "BRAVO")), o2);
  // Second fragments carry no TAG block; rx2's group is the most recent.
  Reassembler r;
  ASSERT_TRUE(r.Add(Scan(x[0]), x[0], 1, kNoTime).has_value());
  ASSERT_TRUE(r.Add(Scan(y[0]), y[0], 2, kNoTime).has_value());
  auto done = r.Add(Scan(y[1]), y[1], 3, kNoTime);
  ASSERT_TRUE(done.has_value());
  ASSERT_NE(*done, nullptr);
  EXPECT_EQ((*done)->source, "rx2");
  AisDecoder d;
  auto msg = d.Decode((*done)->bits);
  ASSERT_TRUE(msg.has_value());
  EXPECT_EQ(msg->mmsi, 222222222u);
  EXPECT_EQ(r.pending_groups(), 1u);
}

}  // namespace
}  // namespace truce::observe
