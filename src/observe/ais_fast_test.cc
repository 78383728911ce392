// The fast path (ais_fast.h) is proven equal to the general decoder:
//  - every line it accepts, the general path (ScanLine + Reassembler)
//    accepts too, with the same bits, fill bits kept, channel and VDM/VDO;
//  - FastPositionObservation equals AisDecoder + AisToObservation;
//  - a whole AisStream gives the same observations, messages, rejections and
//    counts with the observation fast path on and off;
// on every line of the real AIS corpora and on random sentences from the
// encoder (valid ones, and ones with corrupted checksums, lengths, fields).
// Also SHA-256 (sha256.h) against FIPS 180-2 vectors and libsodium, and
// AppendFixed (decimal.h) against snprintf.
#include "observe/ais_fast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "base/testing/testdata.h"
#include "observe/ais_observation.h"
#include "observe/ais_stream.h"
#include "observe/decimal.h"
#include "observe/nmea.h"
#include "observe/reassembly.h"
#include "observe/sha256.h"
#include "observe/testing/ais_encoder.h"

namespace truce::observe {
namespace {

std::string Hex(const uint8_t* d, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s.push_back(kHex[d[i] >> 4]);
    s.push_back(kHex[d[i] & 15]);
  }
  return s;
}

// NaN-aware equality of two doubles.
bool Same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

void ExpectSameObservation(const Observation& a, const Observation& b,
                           std::string_view line) {
  SCOPED_TRACE(std::string(line));
  EXPECT_EQ(a.time_ns, b.time_ns);
  EXPECT_EQ(a.source_id.view(), b.source_id.view());
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.scheme, b.scheme);
  EXPECT_EQ(a.subject_id, b.subject_id);
  EXPECT_EQ(a.has_position, b.has_position);
  if (a.has_position && b.has_position) {
    EXPECT_EQ(a.position.lat_deg, b.position.lat_deg);
    EXPECT_EQ(a.position.lng_deg, b.position.lng_deg);
  }
  EXPECT_TRUE(Same(a.altitude_m, b.altitude_m));
  EXPECT_TRUE(Same(a.uncertainty_m, b.uncertainty_m));
  EXPECT_EQ(a.class_name, b.class_name);
  EXPECT_EQ(a.flag_iso2.view(), b.flag_iso2.view());
  EXPECT_EQ(a.name.view(), b.name.view());
  EXPECT_TRUE(Same(a.kinematics.speed_knots, b.kinematics.speed_knots));
  EXPECT_TRUE(Same(a.kinematics.course_deg, b.kinematics.course_deg));
  EXPECT_TRUE(Same(a.kinematics.heading_deg, b.kinematics.heading_deg));
  EXPECT_TRUE(
      Same(a.kinematics.turn_deg_per_min, b.kinematics.turn_deg_per_min));
  EXPECT_TRUE(
      Same(a.kinematics.vertical_rate_m_s, b.kinematics.vertical_rate_m_s));
  EXPECT_EQ(a.raw_sha256, b.raw_sha256);
  EXPECT_EQ(a.event, b.event);
  EXPECT_EQ(a.military, b.military);
}

struct Counts {
  int fast_accepted = 0;
  int fast_observations = 0;
};

// One line through both paths; one FastSingleScanner across all lines, so
// that stale bytes of a longer earlier message would show.
void CheckLine(std::string_view line, FastSingleScanner* fast,
               AisDecoder* decoder, Counts* counts) {
  SCOPED_TRACE(std::string(line));
  const bool accepted = fast->ScanSingle(line);
  auto scanned = ScanLine(line);
  if (!accepted) return;  // declined: the general path decides alone
  ++counts->fast_accepted;
  ASSERT_TRUE(scanned.has_value()) << "fast path accepted a rejected line";
  ASSERT_EQ(scanned->kind, LineKind::kSentence);
  const Sentence& s = scanned->sentence;
  ASSERT_EQ(s.fragment_count, 1);
  EXPECT_TRUE(s.tag.source.empty());
  EXPECT_EQ(s.tag.time_ns, kNoTime);
  EXPECT_EQ(s.receiver_time_ns, kNoTime);
  EXPECT_TRUE(s.receiver_station.empty());
  Reassembler general;
  auto added = general.Add(s, line, 7, kNoTime);
  ASSERT_TRUE(added.has_value());
  ASSERT_NE(*added, nullptr);
  const CompletedMessage& g = **added;
  const CompletedMessage& f = fast->message();
  EXPECT_EQ(f.bits.bit_len, g.bits.bit_len);
  EXPECT_EQ(Hex(f.bits.bytes, sizeof f.bits.bytes),
            Hex(g.bits.bytes, sizeof g.bits.bytes));
  EXPECT_EQ(f.channel, g.channel);
  EXPECT_EQ(f.own_ship, g.own_ship);
  EXPECT_EQ(f.raw, g.raw);

  Observation fast_o;
  const bool fast_ok = FastPositionObservation(
      f.bits, 1'700'000'000'000'000'000, "feed", line, &fast_o);
  AisMessage m;
  auto decoded = decoder->DecodeInto(g.bits, &m);
  if (!fast_ok) {
    if (decoded) {
      EXPECT_NE(m.type, 1);
      EXPECT_NE(m.type, 2);
      EXPECT_NE(m.type, 3);
      EXPECT_NE(m.type, 18);
      EXPECT_NE(m.type, 27);
    }
    return;
  }
  ++counts->fast_observations;
  ASSERT_TRUE(decoded.has_value()) << "fast path decoded a rejected message";
  CompletedMessage c = g;
  c.time_ns = 1'700'000'000'000'000'000;
  Observation general_o;
  ASSERT_TRUE(AisToObservation(m, c, "feed", &general_o));
  ExpectSameObservation(fast_o, general_o, line);
}

std::vector<std::string> CorpusLines(const std::filesystem::path& root) {
  std::vector<std::string> lines;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension();
    if (ext == ".chk" || ext == ".json" || ext == ".csv") continue;
    auto text = truce::testing::ReadFile(e.path());
    if (!text) continue;
    std::string_view t = *text;
    while (!t.empty()) {
      const size_t nl = t.find('\n');
      std::string_view l = t.substr(0, nl);
      while (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      lines.emplace_back(l);
      if (nl == std::string_view::npos) break;
      t.remove_prefix(nl + 1);
    }
  }
  return lines;
}

// Random single-sentence messages: position report types with random bits
// and lengths around the valid ones, other types, random talkers, channels,
// fill bits; then some with one byte corrupted.
std::vector<std::string> RandomLines(uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  static constexpr int kTypes[] = {1, 2, 3, 18, 27, 27, 5, 4, 9, 24, 0, 63};
  for (int i = 0; i < n; ++i) {
    testing::BitWriter w;
    const int type = kTypes[rng() % std::size(kTypes)];
    w.U(6, static_cast<uint64_t>(type));
    size_t len;
    switch (rng() % 4) {
      case 0:
        len = type == 27 ? 96 : 168;
        break;
      case 1:
        len = 160 + rng() % 50;
        break;
      case 2:
        len = 38 + rng() % 300;
        break;
      default:
        len = rng() % 40;
    }
    while (w.size() < len) w.U(1, rng() & 1);
    testing::SentenceOptions o;
    o.talker = rng() % 5 == 0 ? "AB" : "AI";
    o.own_ship = rng() % 7 == 0;
    static constexpr char kChannels[] = {'A', 'B', '1', '2', 0};
    o.channel = kChannels[rng() % std::size(kChannels)];
    o.sequence_id = rng() % 3 == 0 ? static_cast<int>(rng() % 10) : -1;
    o.max_payload_chars = 400;
    if (w.size() == 0) continue;
    for (std::string s : testing::ToSentences(w, o)) {
      if (rng() % 4 == 0 && !s.empty()) {
        s[rng() % s.size()] = static_cast<char>(rng() % 128);
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

TEST(AisFastTest, EqualsGeneralPathOnRealCorpora) {
  TRUCE_TESTDATA_OR_SKIP(root, "ais");
  FastSingleScanner fast;
  AisDecoder decoder;
  Counts counts;
  const auto lines = CorpusLines(root);
  ASSERT_GT(lines.size(), 1000u);
  for (const std::string& l : lines) CheckLine(l, &fast, &decoder, &counts);
  // Most real lines are plain single sentences of position reports.
  EXPECT_GT(counts.fast_accepted, 700);
  EXPECT_GT(counts.fast_observations, 500);
}

TEST(AisFastTest, EqualsGeneralPathOnRandomSentences) {
  FastSingleScanner fast;
  AisDecoder decoder;
  Counts counts;
  const auto lines = RandomLines(42, 20000);
  for (const std::string& l : lines) CheckLine(l, &fast, &decoder, &counts);
  EXPECT_GT(counts.fast_accepted, 10000);
  EXPECT_GT(counts.fast_observations, 3000);
}

// Everything a stream reports, in order, as text.
class RecordSink : public AisSink {
 public:
  explicit RecordSink(std::string_view feed) : feed_(feed) {}
  void OnMessage(const AisMessage& m, const CompletedMessage& c) override {
    Observation o;
    if (AisToObservation(m, c, feed_, &o)) {
      Add(o, c);
    } else {
      log.push_back("message " + std::to_string(m.type) + " " +
                    std::to_string(c.first_line));
    }
  }
  void OnObservation(const Observation& o, const CompletedMessage& c) override {
    Add(o, c);
  }
  void OnReject(uint64_t line, std::string_view raw,
                const Rejection& r) override {
    log.push_back("reject " + std::to_string(line) + " " + std::string(raw) +
                  " " + std::string(RejectReasonName(r.reason)));
  }
  void OnIncomplete(const IncompleteGroup& g) override {
    log.push_back("incomplete " + std::to_string(g.lines.size()));
  }
  std::vector<std::string> log;
  std::vector<Observation> observations;

 private:
  void Add(const Observation& o, const CompletedMessage& c) {
    observations.push_back(o);
    log.push_back("observation " + std::to_string(c.first_line) + " " +
                  std::to_string(o.subject_id));
  }
  std::string_view feed_;
};

TEST(AisFastTest, StreamWithObservationFastPathEqualsWithout) {
  std::vector<std::string> lines = RandomLines(7, 3000);
  if (auto root = truce::testing::TestDataRoot();
      root && std::filesystem::exists(*root / "ais")) {
    for (std::string& l : CorpusLines(*root / "ais")) {
      lines.push_back(std::move(l));
    }
  }
  RecordSink slow("feed"), quick("feed");
  AisStream a(&slow), b(&quick);
  b.EmitObservations("feed");
  for (const std::string& l : lines) {
    a.AddLine(l);
    b.AddLine(l);
  }
  a.Finish();
  b.Finish();
  EXPECT_EQ(slow.log, quick.log);
  ASSERT_EQ(slow.observations.size(), quick.observations.size());
  for (size_t i = 0; i < slow.observations.size(); ++i) {
    ExpectSameObservation(slow.observations[i], quick.observations[i], "");
  }
  EXPECT_EQ(a.stats().decoded, b.stats().decoded);
  EXPECT_EQ(a.stats().rejected, b.stats().rejected);
  EXPECT_EQ(a.stats().sentences, b.stats().sentences);
  EXPECT_EQ(a.stats().rejected_by_reason, b.stats().rejected_by_reason);
}

TEST(Sha256Test, Fips180Vectors) {
  // FIPS 180-2, appendix B.1 and B.2.
  uint8_t d[32];
  Sha256Into("abc", d);
  EXPECT_EQ(Hex(d, 32),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Into("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", d);
  EXPECT_EQ(Hex(d, 32),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256Into("", d);
  EXPECT_EQ(Hex(d, 32),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, EveryLengthEqualsLibsodium) {
  std::mt19937 rng(3);
  std::string s;
  for (int n = 0; n <= 300; ++n) {
    uint8_t a[32], b[32];
    Sha256Into(s, a);
    Sha256Portable(s, b);
    ASSERT_EQ(Hex(a, 32), Hex(b, 32)) << "length " << n;
    s.push_back(static_cast<char>(rng()));
  }
}

TEST(Sha256Test, PairsEqualLibsodium) {
  // Both under 56 bytes (the interleaved path), and longer (two calls).
  for (size_t n = 0; n <= 130; n += 3) {
    for (size_t m = 0; m <= 130; m += 11) {
      const std::string a(n, static_cast<char>('a' + n % 26));
      const std::string b(m, static_cast<char>('z' - m % 26));
      uint8_t da[32], db[32], ra[32], rb[32];
      Sha256Into2(a, da, b, db);
      Sha256Portable(a, ra);
      Sha256Portable(b, rb);
      ASSERT_EQ(Hex(da, 32), Hex(ra, 32)) << n << " " << m;
      ASSERT_EQ(Hex(db, 32), Hex(rb, 32)) << n << " " << m;
    }
  }
}

TEST(DecimalTest, AppendFixedEqualsSnprintf) {
  std::mt19937_64 rng(5);
  auto check = [](double v, int d) {
    std::string s;
    AppendFixed(v, d, &s);
    char buf[600];
    std::snprintf(buf, sizeof buf, "%.*f", d, v);
    ASSERT_EQ(s, buf) << v << " " << d;
  };
  for (int i = 0; i < 200000; ++i) {
    const int d = static_cast<int>(rng() % 10);
    double v = 0;
    switch (i % 4) {
      case 0:  // AIS positions in 1/10000 minute, as gpsd scales them
        v = static_cast<double>(static_cast<int64_t>(rng() % 217200001) -
                                108600000) /
            600000.0;
        break;
      case 1:  // exact binary fractions: halfway cases
        v = std::ldexp(static_cast<double>(rng() % (1u << 20)),
                       -static_cast<int>(rng() % 25)) *
            ((rng() & 1) ? 1 : -1);
        break;
      case 2: {  // any bit pattern, NaN and infinities included
        const uint64_t bits = rng();
        std::memcpy(&v, &bits, sizeof v);
        break;
      }
      default:
        v = static_cast<double>(rng() % 100000) / 10.0;
    }
    check(v, d);
  }
  check(0.0, 7);
  check(-0.0, 7);
  check(0.5, 0);
  check(1.5, 0);
  check(2.5, 0);
  check(-2.5, 0);
  check(0.125, 2);
  check(-1e-12, 7);
  check(999999999.5, 0);
  check(1e9, 3);
}

}  // namespace
}  // namespace truce::observe
