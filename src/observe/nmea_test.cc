#include "observe/nmea.h"

#include <gtest/gtest.h>

#include "observe/bits.h"

namespace truce::observe {
namespace {

TEST(Bits, ArmouringAndSignedFields) {
  EXPECT_EQ(SixBitValue('0'), 0);
  EXPECT_EQ(SixBitValue('W'), 39);
  EXPECT_EQ(SixBitValue('`'), 40);
  EXPECT_EQ(SixBitValue('w'), 63);
  EXPECT_EQ(SixBitValue('X'), -1);
  EXPECT_EQ(SixBitValue('x'), -1);
  for (unsigned v = 0; v < 64; ++v)
    EXPECT_EQ(SixBitValue(SixBitChar(v)), int(v));

  PayloadBits b;
  ASSERT_TRUE(b.Append("w0", 2));  // 111111 000000, two fill bits dropped
  EXPECT_EQ(b.bit_len, 10u);
  EXPECT_EQ(Ubits(b, 0, 6), 63u);
  EXPECT_EQ(Ubits(b, 3, 6), 0b111000u);
  EXPECT_EQ(Sbits(b, 0, 6), -1);
  EXPECT_EQ(Sbits(b, 0, 7), -2);
  EXPECT_EQ(Ubits(b, 6, 6), 0u);
  EXPECT_FALSE(b.Append("x", 0));
}

TEST(Bits, RejectsPayloadLongerThanAnyMessage) {
  PayloadBits b;
  std::string big(kMaxPayloadBits / 6 + 1, '0');
  EXPECT_FALSE(b.Append(big, 0));
}

TEST(Nmea, PlainSentence) {
  auto r = ScanLine("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n");
  ASSERT_TRUE(r.has_value()) << RejectReasonName(r.error().reason);
  ASSERT_EQ(r->kind, LineKind::kSentence);
  const Sentence& s = r->sentence;
  EXPECT_EQ(s.talker, "AI");
  EXPECT_FALSE(s.own_ship);
  EXPECT_EQ(s.fragment_count, 1);
  EXPECT_EQ(s.fragment_number, 1);
  EXPECT_EQ(s.sequence_id, -1);
  EXPECT_EQ(s.channel, 'A');
  EXPECT_EQ(s.payload, "15RTgt0PAso;90TKcjM8h6g208CQ");
  EXPECT_EQ(s.fill_bits, 0);
  EXPECT_EQ(s.receiver_time_ns, kNoTime);
}

TEST(Nmea, AnyTalkerAndVdo) {
  // Same payload, talker BS, own-ship sentence, checksum recomputed.
  const std::string body = "BSVDO,1,1,3,B,15RTgt0PAso;90TKcjM8h6g208CQ,0";
  char sum[3];
  snprintf(sum, sizeof(sum), "%02X", NmeaChecksum(body));
  const std::string line = "!" + body + "*" + sum;  // views point into it
  auto r = ScanLine(line);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->sentence.talker, "BS");
  EXPECT_TRUE(r->sentence.own_ship);
  EXPECT_EQ(r->sentence.sequence_id, 3);
  EXPECT_EQ(r->sentence.channel, 'B');
}

TEST(Nmea, Rejections) {
  auto reason = [](std::string_view line) {
    auto r = ScanLine(line);
    return r ? std::string("ok")
             : std::string(RejectReasonName(r.error().reason));
  };
  EXPECT_EQ(reason("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B"),
            "bad_checksum");
  EXPECT_EQ(reason("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0"),
            "missing_checksum");
  EXPECT_EQ(reason("$GPGGA,213950.00,5250.53669,N,00542.34920,E,1,09*7B"),
            "not_ais");
  EXPECT_EQ(reason("garbage"), "not_ais");
  EXPECT_EQ(reason("!AIVDM,1,1,,B,,0*25"), "empty_payload");
  // Checksums below are correct for their bodies.
  EXPECT_EQ(reason("!AIVDM,1,1,,A,1,0,9*02"), "bad_field_count");
  EXPECT_EQ(reason("!AIVDM,2,3,,A,1,0*16"), "bad_fragment");
  EXPECT_EQ(reason("!AIVDM,1,1,x,A,1,0*6F"), "bad_sequence_id");
  EXPECT_EQ(reason("!AIVDM,1,1,,Z,1,0*0C"), "bad_channel");
  EXPECT_EQ(reason("!AIVDM,1,1,,A,1,7*10"), "bad_fill_bits");
  EXPECT_EQ(reason("\\s:x*00\\!AIVDM,1,1,,A,1,0*17"), "tag_block_checksum");
  EXPECT_EQ(reason("\\s:x!AIVDM,1,1,,A,1,0*17"), "bad_tag_block");
}

TEST(Nmea, SkipsBlankAndComments) {
  EXPECT_EQ(ScanLine("")->kind, LineKind::kSkip);
  EXPECT_EQ(ScanLine("   \r\n")->kind, LineKind::kSkip);
  EXPECT_EQ(ScanLine("# comment !AIVDM")->kind, LineKind::kSkip);
}

TEST(Nmea, TagBlock) {
  // \s:2573345,c:1230000000*hh\ with a correct TAG checksum.
  const std::string tag = "s:2573345,c:1230000000,g:1-2-42";
  char sum[3];
  snprintf(sum, sizeof(sum), "%02X", NmeaChecksum(tag));
  const std::string line = "\\" + tag + "*" + sum +
                           "\\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
  auto r = ScanLine(line);
  ASSERT_TRUE(r.has_value()) << RejectReasonName(r.error().reason);
  const TagBlock& t = r->sentence.tag;
  EXPECT_EQ(t.source, "2573345");
  EXPECT_EQ(t.time_ns, int64_t{1230000000} * 1'000'000'000);
  EXPECT_TRUE(t.has_group);
  EXPECT_EQ(t.group_number, 1);
  EXPECT_EQ(t.group_total, 2);
  EXPECT_EQ(t.group_id, 42u);
}

TEST(Nmea, TagBlockMillisecondTime) {
  auto r = ScanLine(
      "\\c:1230000000123\\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->sentence.tag.time_ns, int64_t{1230000000123} * 1'000'000);
}

TEST(Nmea, UscgTrailerGivesStationAndTime) {
  auto r = ScanLine(
      "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A,s22094,d-108,T45.293,"
      "x117281,r003669946,1241544035");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->sentence.receiver_station, "003669946");
  EXPECT_EQ(r->sentence.receiver_time_ns, int64_t{1241544035} * 1'000'000'000);
}

TEST(Nmea, LeadingTimestamps) {
  auto a =
      ScanLine("1241544035.5 !AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->sentence.receiver_time_ns, int64_t{1241544035500} * 1'000'000);
  auto b = ScanLine(
      "2009-05-05 "
      "17:20:35.250;!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->sentence.receiver_time_ns, int64_t{1241544035250} * 1'000'000);
}

TEST(Nmea, GatehouseWrapperTime) {
  auto r = ScanLine("$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17");
  ASSERT_TRUE(r.has_value()) << RejectReasonName(r.error().reason);
  EXPECT_EQ(r->kind, LineKind::kWrapper);
  // 2008-05-09T00:00:00.010Z
  EXPECT_EQ(r->wrapper_time_ns, int64_t{1210291200010} * 1'000'000);
}

}  // namespace
}  // namespace truce::observe
