// The real CIR / Bellingcat export through examples/reports/
// cir-bellingcat.yaml: every one of its 6,650 rows is imported or
// quarantined, and imported values equal the CSV's.
#include <gtest/gtest.h>

#include <map>

#include "base/testing/testdata.h"
#include "observe/report_mapping.h"
#include "observe/report_reader.h"
#include "observe/report_test_util.h"

namespace truce::observe {
namespace {

constexpr int64_t kDayNs = 86'400'000'000'000;
constexpr int64_t k20220101Ns = 1'640'995'200'000'000'000;

std::string Hex(const std::array<uint8_t, 32>& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : d) {
    s.push_back(kHex[b >> 4]);
    s.push_back(kHex[b & 15]);
  }
  return s;
}

class ReportCirTest : public ::testing::Test {
 protected:
  void Load(size_t chunk_bytes) {
    TRUCE_TESTDATA_OR_SKIP(csv, "events/cir-bellingcat/events.csv");
    const auto yaml = truce::testing::ReadFile(
        truce::testing::SourceRoot() / "examples/reports/cir-bellingcat.yaml");
    ASSERT_TRUE(yaml.has_value());
    auto mapping = LoadReportMapping(*yaml, "cir-bellingcat.yaml");
    ASSERT_TRUE(mapping.has_value()) << mapping.error().ToString();
    mapping_ = *mapping;
    const auto text = truce::testing::ReadFile(csv);
    ASSERT_TRUE(text.has_value());
    ReportCsvReader reader(&mapping_, &sink_, "events.csv");
    std::string_view rest = *text;
    while (!rest.empty()) {
      const size_t n = std::min(chunk_bytes, rest.size());
      reader.Feed(rest.substr(0, n));
      rest.remove_prefix(n);
    }
    auto stats = reader.Finish();
    ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
    stats_ = *stats;
    loaded_ = true;
  }
  const Report* Line(uint64_t line) const {
    for (const auto& r : sink_.reports) {
      if (r.line == line) return &r;
    }
    return nullptr;
  }

  ReportMapping mapping_;
  CollectingReportSink sink_;
  ReportStats stats_;
  bool loaded_ = false;
};

TEST_F(ReportCirTest, AllRowsImportedOrQuarantined) {
  Load(4093);  // odd chunks: records and quoted fields split across reads
  if (!loaded_) return;
  EXPECT_EQ(stats_.records, 6650u);
  EXPECT_EQ(stats_.reports, 6643u);
  EXPECT_EQ(stats_.rejected, 7u);
  ASSERT_EQ(sink_.reports.size(), 6643u);
  ASSERT_EQ(sink_.rejected.size(), 7u);
  // The three dates after the end of collection, then the four empty ones.
  const std::vector<std::pair<uint64_t, std::string>> want = {
      {6645, "time_out_of_range"}, {6646, "time_out_of_range"},
      {6647, "time_out_of_range"}, {6648, "missing_time"},
      {6649, "missing_time"},      {6650, "missing_time"},
      {6651, "missing_time"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(sink_.rejected[i].line, want[i].first);
    EXPECT_EQ(sink_.rejected[i].reason, want[i].second);
  }
  EXPECT_TRUE(sink_.rejected[1].raw.starts_with("UW"));
  EXPECT_NE(sink_.rejected[1].raw.find(",2024-02-24,"), std::string::npos);
  EXPECT_TRUE(sink_.rejected[3].raw.starts_with("UW0331,,Bombing"));
}

TEST_F(ReportCirTest, EventAndPartyCountsMatchTheCsv) {
  Load(1 << 20);
  if (!loaded_) return;
  std::map<std::string, int> events, parties;
  for (const auto& r : sink_.reports) {
    ++events[std::string(r.event)];
    ++parties[r.party];
  }
  EXPECT_EQ(events["explosion"], 4472);
  EXPECT_EQ(events["equipment_sighting"], 1699);
  EXPECT_EQ(events["small_arms"], 118);
  EXPECT_EQ(events["shelling"], 85);
  EXPECT_EQ(events[""], 269);
  EXPECT_EQ(parties["RU"], 1700);
  EXPECT_EQ(parties["UA"], 84);
}

TEST_F(ReportCirTest, SpotChecks) {
  Load(1 << 16);
  if (!loaded_) return;
  // Line 2: UW0067,2022-01-01,Russian Military Presence January 2022,...
  const Report* r = Line(2);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->report_id, "UW0067");
  EXPECT_EQ(r->time_ns, k20220101Ns);
  EXPECT_EQ(r->time_precision_ns, kDayNs);
  EXPECT_DOUBLE_EQ(r->lat_deg, 54.069385);
  EXPECT_DOUBLE_EQ(r->lon_deg, 27.211645);
  EXPECT_EQ(r->event, "equipment_sighting");
  EXPECT_EQ(r->party, "RU");
  EXPECT_EQ(r->source, "cir-bellingcat");
  EXPECT_EQ(r->source_kind, "osint");
  EXPECT_EQ(r->text, "Russian military equipment moving in Belarus");
  EXPECT_EQ(Hex(r->raw_sha256),
            "f85ab537c2f8810353773f8336f8be50fd9636d4dc8996438cf8f9ca5b2b4691");
  EXPECT_EQ(ReportSubjectId(*r), 0x19b3ab35352d0776u);
  const Observation o = ToObservation(*r);
  EXPECT_EQ(o.kind, ObservationKind::kReport);
  EXPECT_EQ(o.scheme, SubjectScheme::kReportId);
  EXPECT_EQ(o.subject_id, 0x19b3ab35352d0776u);
  EXPECT_EQ(o.event, "equipment_sighting");
  EXPECT_EQ(o.source_id.view(), "cir-bellingcat");
  EXPECT_EQ(o.time_precision_ns, kDayNs);

  // Line 102: no entry id; subject from the record digest.
  r = Line(102);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->report_id, "");
  EXPECT_EQ(r->text, "Russian military camp");
  EXPECT_EQ(r->time_ns, k20220101Ns + 34 * kDayNs);  // 2022-02-04

  // Line 518: doubled quotes inside a quoted field.
  r = Line(518);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->report_id, "UW0549");
  EXPECT_EQ(r->text,
            "\"LNR\" press video showing armoured vehicles and pontoon bridge "
            "over Seversky Donets river");

  // Line 582: arms/munition "9M55K Smerch" -> heavy_mlrs.
  r = Line(582);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->report_id, "UW1621");
  EXPECT_EQ(r->class_name, "heavy_mlrs");

  // Line 3002: civilian infrastructure damage, no party.
  r = Line(3002);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->report_id, "UW4826");
  EXPECT_EQ(r->event, "explosion");
  EXPECT_EQ(r->party, "");
  EXPECT_EQ(r->class_name, "");
  EXPECT_DOUBLE_EQ(r->lat_deg, 50.572252);
  EXPECT_EQ(r->time_ns, k20220101Ns + 95 * kDayNs);  // 2022-04-06
}

}  // namespace
}  // namespace truce::observe
