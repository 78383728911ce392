// Round trips through the test encoder: random field values (including the
// sentinels and the extremes of every field width) are encoded, armoured into
// sentences (often split into several fragments), scanned, reassembled and
// decoded, and must come back equal.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "observe/ais_json.h"
#include "observe/ais_stream.h"
#include "observe/testing/ais_encoder.h"

namespace truce::observe {
namespace {

class Collect : public AisSink {
 public:
  void OnMessage(const AisMessage& m, const CompletedMessage&) override {
    messages.push_back(m);
  }
  void OnReject(uint64_t, std::string_view raw, const Rejection& r) override {
    rejects.push_back(std::string(RejectReasonName(r.reason)) + ": " +
                      std::string(raw));
  }
  void OnIncomplete(const IncompleteGroup&) override { ++incomplete; }
  std::vector<AisMessage> messages;
  std::vector<std::string> rejects;
  int incomplete = 0;
};

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  // Uniform in [0, 2^bits), with the extremes drawn more often.
  uint32_t U(unsigned bits) {
    const uint32_t max = bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1u;
    switch (rng_() % 8) {
      case 0:
        return 0;
      case 1:
        return max;
      default:
        return static_cast<uint32_t>(rng_()) & max;
    }
  }
  int32_t S(unsigned bits) {
    const int32_t lo = -(1 << (bits - 1));
    const int32_t hi = (1 << (bits - 1)) - 1;
    switch (rng_() % 8) {
      case 0:
        return lo;
      case 1:
        return hi;
      case 2:
        return 0;
      default:
        return lo +
               static_cast<int32_t>(rng_() % (uint32_t(hi) - uint32_t(lo) + 1));
    }
  }
  bool B() { return rng_() & 1; }
  template <size_t N>
  void Text(FixedString<N>* out, size_t max_chars) {
    static constexpr std::string_view kChars =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";
    const size_t n = rng_() % (max_chars + 1);
    out->size = 0;
    for (size_t i = 0; i < n; ++i)
      out->push_back(kChars[rng_() % kChars.size()]);
    while (out->size > 0 && out->data[out->size - 1] == ' ') --out->size;
  }
  uint32_t Mmsi() { return 1 + rng_() % 999999999u; }
  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
};

Dimensions RandomDims(Gen& g) {
  return {static_cast<uint16_t>(g.U(9)), static_cast<uint16_t>(g.U(9)),
          static_cast<uint8_t>(g.U(6)), static_cast<uint8_t>(g.U(6))};
}

AisMessage RandomMessage(Gen& g, int kind) {
  AisMessage m;
  m.repeat = static_cast<uint8_t>(g.U(2));
  m.mmsi = g.Mmsi();
  switch (kind) {
    case 0: {
      m.type = static_cast<uint8_t>(1 + g.rng()() % 3);
      PositionReportA& p = m.body.emplace<PositionReportA>();
      p.status = g.U(4);
      p.turn_raw = static_cast<int8_t>(g.S(8));
      p.speed_decikn = g.U(10);
      p.accuracy = g.B();
      p.lon_e4min = g.S(28);
      p.lat_e4min = g.S(27);
      p.course_decideg = g.U(12);
      p.heading_deg = g.U(9);
      p.second = g.U(6);
      p.maneuver = g.U(2);
      p.raim = g.B();
      p.radio = g.U(19);
      break;
    }
    case 1: {
      m.type = g.B() ? 4 : 11;
      BaseStationReport& p = m.body.emplace<BaseStationReport>();
      p.year = g.U(14);
      p.month = g.U(4);
      p.day = g.U(5);
      p.hour = g.U(5);
      p.minute = g.U(6);
      p.second = g.U(6);
      p.accuracy = g.B();
      p.lon_e4min = g.S(28);
      p.lat_e4min = g.S(27);
      p.epfd = g.U(4);
      p.raim = g.B();
      p.radio = g.U(19);
      break;
    }
    case 2: {
      m.type = 5;
      StaticVoyageData& p = m.body.emplace<StaticVoyageData>();
      p.ais_version = g.U(2);
      p.imo = g.U(30);
      g.Text(&p.callsign, 7);
      g.Text(&p.shipname, 20);
      p.shiptype = g.U(8);
      p.dim = RandomDims(g);
      p.epfd = g.U(4);
      p.month = g.U(4);
      p.day = g.U(5);
      p.hour = g.U(5);
      p.minute = g.U(6);
      p.draught_dm = g.U(8);
      g.Text(&p.destination, 20);
      p.dte = g.U(1);
      break;
    }
    case 3: {
      m.type = 9;
      SarAircraftPosition& p = m.body.emplace<SarAircraftPosition>();
      p.alt_m = g.U(12);
      p.speed_kn = g.U(10);
      p.accuracy = g.B();
      p.lon_e4min = g.S(28);
      p.lat_e4min = g.S(27);
      p.course_decideg = g.U(12);
      p.second = g.U(6);
      p.regional = g.U(8);
      p.dte = g.U(1);
      p.assigned = g.B();
      p.raim = g.B();
      p.radio = g.U(20);
      break;
    }
    case 4: {
      m.type = 18;
      PositionReportB& p = m.body.emplace<PositionReportB>();
      p.reserved = g.U(8);
      p.speed_decikn = g.U(10);
      p.accuracy = g.B();
      p.lon_e4min = g.S(28);
      p.lat_e4min = g.S(27);
      p.course_decideg = g.U(12);
      p.heading_deg = g.U(9);
      p.second = g.U(6);
      p.regional = g.U(2);
      p.cs = g.B();
      p.display = g.B();
      p.dsc = g.B();
      p.band = g.B();
      p.msg22 = g.B();
      p.assigned = g.B();
      p.raim = g.B();
      p.radio = g.U(20);
      break;
    }
    case 5: {
      m.type = 19;
      PositionReportBExtended& p = m.body.emplace<PositionReportBExtended>();
      p.reserved = g.U(8);
      p.speed_decikn = g.U(10);
      p.accuracy = g.B();
      p.lon_e4min = g.S(28);
      p.lat_e4min = g.S(27);
      p.course_decideg = g.U(12);
      p.heading_deg = g.U(9);
      p.second = g.U(6);
      p.regional = g.U(4);
      g.Text(&p.shipname, 20);
      p.shiptype = g.U(8);
      p.dim = RandomDims(g);
      p.epfd = g.U(4);
      p.raim = g.B();
      p.dte = g.B();
      p.assigned = g.B();
      break;
    }
    case 6: {
      m.type = 21;
      AidToNavigation& p = m.body.emplace<AidToNavigation>();
      p.aid_type = g.U(5);
      g.Text(&p.name, 34);
      p.accuracy = g.B();
      p.lon_e4min = g.S(28);
      p.lat_e4min = g.S(27);
      p.dim = RandomDims(g);
      p.epfd = g.U(4);
      p.second = g.U(6);
      p.off_position = g.B();
      p.regional = g.U(8);
      p.raim = g.B();
      p.virtual_aid = g.B();
      p.assigned = g.B();
      break;
    }
    default: {
      m.type = 27;
      LongRangeBroadcast& p = m.body.emplace<LongRangeBroadcast>();
      p.accuracy = g.B();
      p.raim = g.B();
      p.status = g.U(4);
      p.lon_e1min = g.S(18);
      p.lat_e1min = g.S(17);
      p.speed_kn = g.U(6);
      p.course_deg = g.U(9);
      p.gnss = g.B();
      break;
    }
  }
  return m;
}

TEST(AisRoundTrip, RandomMessagesOfEveryEncodedType) {
  Gen g(20240601);
  Collect sink;
  AisStream stream(&sink);
  std::vector<AisMessage> sent;
  for (int i = 0; i < 4000; ++i) {
    AisMessage m = RandomMessage(g, i % 8);
    testing::SentenceOptions o;
    o.channel = "AB12"[g.rng()() % 4];
    o.sequence_id = static_cast<int>(g.rng()() % 10);
    o.max_payload_chars = 10 + g.rng()() % 60;  // often multipart
    o.talker = g.B() ? "AI" : "BS";
    for (const std::string& line :
         testing::ToSentences(testing::EncodeAis(m), o)) {
      stream.AddLine(line);
    }
    sent.push_back(m);
  }
  stream.Finish();
  EXPECT_TRUE(sink.rejects.empty()) << sink.rejects.front();
  EXPECT_EQ(sink.incomplete, 0);
  ASSERT_EQ(sink.messages.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    const AisMessage& a = sent[i];
    const AisMessage& b = sink.messages[i];
    EXPECT_EQ(a.type, b.type) << i;
    EXPECT_EQ(a.repeat, b.repeat) << i;
    EXPECT_EQ(a.mmsi, b.mmsi) << i;
    EXPECT_TRUE(a.body == b.body) << "message " << i << " type " << int(a.type);
  }
}

TEST(AisRoundTrip, Type24PartsJoinLikeGpsd) {
  AisMessage a;
  a.type = 24;
  a.mmsi = 271041815;
  a.body.emplace<StaticDataB>().shipname.assign("PROGUY");
  AisMessage b;
  b.type = 24;
  b.mmsi = 271041815;
  StaticDataB& pb = b.body.emplace<StaticDataB>();
  pb.part = StaticDataB::Part::kB;
  pb.shiptype = 60;
  pb.vendorid.assign("1D0");
  pb.model = 1;
  pb.serial = 3860;
  pb.callsign.assign("TC6163");
  pb.dim = {0, 15, 0, 5};
  Collect sink;
  AisStream stream(&sink);
  for (const AisMessage* m : {&a, &b, &b}) {
    for (const auto& line : testing::ToSentences(testing::EncodeAis(*m))) {
      stream.AddLine(line);
    }
  }
  ASSERT_EQ(sink.messages.size(), 3u);
  const auto& first = std::get<StaticDataB>(sink.messages[0].body);
  EXPECT_EQ(first.part, StaticDataB::Part::kA);
  EXPECT_EQ(first.shipname.view(), "PROGUY");
  const auto& joined = std::get<StaticDataB>(sink.messages[1].body);
  EXPECT_EQ(joined.part, StaticDataB::Part::kBoth);
  EXPECT_EQ(joined.shipname.view(), "PROGUY");
  EXPECT_EQ(joined.shiptype, 60);
  EXPECT_EQ(joined.model, 1);
  EXPECT_EQ(joined.serial, 3860u);
  EXPECT_EQ(joined.callsign.view(), "TC6163");
  EXPECT_EQ(joined.dim, (Dimensions{0, 15, 0, 5}));
  // A repeated part B no longer matches (as gpsd), so gpsd JSON skips it.
  const auto& again = std::get<StaticDataB>(sink.messages[2].body);
  EXPECT_EQ(again.part, StaticDataB::Part::kB);
  std::string json;
  EXPECT_FALSE(AppendAisJson(sink.messages[0], {}, &json));
  EXPECT_TRUE(AppendAisJson(sink.messages[1], {}, &json));
  EXPECT_FALSE(AppendAisJson(sink.messages[2], {}, &json));
}

TEST(AisRoundTrip, ScaledJsonOfKnownValues) {
  AisMessage m;
  m.type = 1;
  m.mmsi = 272123456;
  PositionReportA& p = m.body.emplace<PositionReportA>();
  p.status = 5;
  p.turn_raw = -128;
  p.speed_decikn = 1023;
  p.lon_e4min = 30 * 600000 + 300000;  // 30.5 E
  p.lat_e4min = 46 * 600000 + 290000;  // 46.4833333 N
  p.course_decideg = 3600;
  p.heading_deg = 511;
  std::string json;
  ASSERT_TRUE(AppendAisJson(m, {true, ""}, &json));
  EXPECT_EQ(json,
            "{\"class\":\"AIS\",\"type\":1,\"repeat\":0,\"mmsi\":272123456,"
            "\"scaled\":true,\"status\":5,\"status_text\":\"Moored\","
            "\"turn\":\"n/a\",\"speed\":\"nan\",\"accuracy\":false,"
            "\"lon\":30.5000000,\"lat\":46.4833333,\"course\":360.0,"
            "\"heading\":511,\"second\":0,\"maneuver\":0,\"raim\":false,"
            "\"radio\":0}");
}

}  // namespace
}  // namespace truce::observe
