// Robustness on real, messy feeds (pyais test data): AIS mixed with GPS
// sentences, garbage, comments, Gatehouse wrappers. Every line is accounted
// for: decoded, rejected with a reason, part of an incomplete group, or
// skipped.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "base/testing/testdata.h"
#include "observe/ais_stream.h"

namespace truce::observe {
namespace {

class CountSink : public AisSink {
 public:
  void OnMessage(const AisMessage&, const CompletedMessage& c) override {
    decoded_lines += c.fragments;
  }
  void OnReject(uint64_t, std::string_view, const Rejection& r) override {
    ++rejected;
    ++by_reason[static_cast<int>(r.reason)];
  }
  void OnIncomplete(const IncompleteGroup& g) override {
    incomplete_lines += g.lines.size();
  }
  uint64_t decoded_lines = 0, rejected = 0, incomplete_lines = 0;
  std::map<int, int> by_reason;
};

AisStreamStats RunFile(const std::filesystem::path& path, CountSink* sink) {
  auto text = testing::ReadFile(path);
  EXPECT_TRUE(text.has_value());
  AisStream stream(sink);
  std::istringstream in(text.value_or(""));
  for (std::string line; std::getline(in, line);) stream.AddLine(line);
  stream.Finish();
  return stream.stats();
}

TEST(AisCorpus, MixedFeedEveryLineAccountedFor) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ais/pyais");
  for (const char* name :
       {"mixed.txt", "nmea_data_sample.txt", "gatehouse.nmea",
        "timestamped.ais", "messages.ais", "ais_test_messages"}) {
    CountSink sink;
    const AisStreamStats s = RunFile(dir / name, &sink);
    EXPECT_EQ(
        sink.decoded_lines + sink.rejected + sink.incomplete_lines + s.skipped,
        s.lines)
        << name;
    EXPECT_GT(s.decoded, 0u) << name;
  }
}

TEST(AisCorpus, MixedFeedRejectsNoiseWithReasons) {
  TRUCE_TESTDATA_OR_SKIP(path, "ais/pyais/mixed.txt");
  CountSink sink;
  const AisStreamStats s = RunFile(path, &sink);
  // $GPGGA, $GPRTE, $GPR00, foobar, $IIMWV, IamNotAnAisMessage1111.
  EXPECT_EQ(s.rejected_by_reason[static_cast<int>(RejectReason::kNotAis)], 6u);
  EXPECT_GE(s.decoded, 10u);
}

TEST(AisCorpus, EmptyPayloadIsRejected) {
  TRUCE_TESTDATA_OR_SKIP(path, "ais/pyais/nmea_data_sample.txt");
  CountSink sink;
  const AisStreamStats s = RunFile(path, &sink);
  // Of its 898 lines, 100 are "!AIVDM,1,1,,B,,0*25" and 20 are first
  // fragments whose second fragment the capture lost; the 778 others decode.
  EXPECT_EQ(s.rejected_by_reason[static_cast<int>(RejectReason::kEmptyPayload)],
            100u);
  EXPECT_EQ(s.rejected, 100u);
  EXPECT_EQ(s.incomplete_groups, 20u);
  EXPECT_EQ(sink.incomplete_lines, 20u);
  EXPECT_EQ(sink.decoded_lines, 778u);
}

TEST(AisCorpus, GatehouseTimeAppliesToNextSentence) {
  TRUCE_TESTDATA_OR_SKIP(path, "ais/pyais/gatehouse.nmea");
  class TimeSink : public AisSink {
   public:
    void OnMessage(const AisMessage&, const CompletedMessage& c) override {
      times.push_back(c.time_ns);
    }
    void OnReject(uint64_t, std::string_view, const Rejection&) override {}
    void OnIncomplete(const IncompleteGroup&) override {}
    std::vector<int64_t> times;
  } sink;
  auto text = testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  AisStream stream(&sink);
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) stream.AddLine(line);
  ASSERT_FALSE(sink.times.empty());
  EXPECT_EQ(sink.times[0], int64_t{1210291200010} * 1'000'000);
}

}  // namespace
}  // namespace truce::observe
