// Field reports: RFC 4180 scanning, the native schema, quarantine line
// numbers, mappings, GeoJSON and the CSV writer round trip.
#include "observe/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "observe/report_csv.h"
#include "observe/report_csv_writer.h"
#include "observe/report_mapping.h"
#include "observe/report_reader.h"
#include "observe/report_test_util.h"
#include "observe/report_vocabulary.h"

namespace truce::observe {
namespace {

struct Rec {
  uint64_t line;
  std::string raw;
  std::vector<std::string> fields;
  bool bad;
};

class Collect : public CsvRecordSink {
 public:
  void OnRecord(const CsvRecord& r) override {
    recs.push_back({r.line,
                    std::string(r.raw),
                    {r.fields.begin(), r.fields.end()},
                    r.bad_quoting});
  }
  void OnBlankLine(uint64_t line) override { blank.push_back(line); }
  std::vector<Rec> recs;
  std::vector<uint64_t> blank;
};

// Scans `text` fed one byte at a time and whole; both must agree.
std::vector<Rec> Scan(std::string_view text,
                      std::vector<uint64_t>* blank = nullptr) {
  Collect whole, bytes;
  CsvScanner a(&whole), b(&bytes);
  a.Feed(text);
  a.Finish();
  for (char c : text) b.Feed(std::string_view(&c, 1));
  b.Finish();
  EXPECT_EQ(whole.recs.size(), bytes.recs.size());
  for (size_t i = 0; i < whole.recs.size() && i < bytes.recs.size(); ++i) {
    EXPECT_EQ(whole.recs[i].fields, bytes.recs[i].fields);
    EXPECT_EQ(whole.recs[i].line, bytes.recs[i].line);
    EXPECT_EQ(whole.recs[i].raw, bytes.recs[i].raw);
  }
  if (blank) *blank = whole.blank;
  return whole.recs;
}

using Fields = std::vector<std::string>;

TEST(ReportCsvScanner, Rfc4180Quoting) {
  auto r = Scan("a,\"b,c\",\"d\"\"e\",\"\"\n\"multi\nline\",x\r\n,\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b,c", "d\"e", ""}));
  EXPECT_EQ(r[0].line, 1u);
  EXPECT_EQ(r[1].fields, (Fields{"multi\nline", "x"}));
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[1].raw, "\"multi\nline\",x");  // CR of CRLF not in raw
  EXPECT_EQ(r[2].fields, (Fields{"", ""}));
  EXPECT_EQ(r[2].line, 4u);
}

TEST(ReportCsvScanner, CrlfBomAndNoFinalNewline) {
  auto r = Scan("\xEF\xBB\xBFh1,h2\r\n1,2\r\n\"q\"\r\n3,4");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].fields, (Fields{"h1", "h2"}));
  EXPECT_EQ(r[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ(r[2].fields, (Fields{"q"}));
  EXPECT_EQ(r[3].fields, (Fields{"3", "4"}));
  EXPECT_EQ(r[3].line, 4u);
  // A CR inside quotes is data; a lone BOM-like prefix that is not a BOM is
  // data too.
  r = Scan("\"a\rb\"\n\xEF\xBBx\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"a\rb"}));
  EXPECT_EQ(r[1].fields, (Fields{"\xEF\xBBx"}));
}

TEST(ReportCsvScanner, BadQuotingFlaggedAndScanningResumes) {
  std::vector<uint64_t> blank;
  auto r = Scan("ok,1\nab\"c,2\n\"x\"y,3\n\nfine,4\n\"open,5\n", &blank);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_FALSE(r[0].bad);
  EXPECT_TRUE(r[1].bad);
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[1].raw, "ab\"c,2");
  EXPECT_TRUE(r[2].bad);
  EXPECT_EQ(r[2].line, 3u);
  EXPECT_FALSE(r[3].bad);
  EXPECT_EQ(r[3].line, 5u);
  EXPECT_EQ(r[3].fields, (Fields{"fine", "4"}));
  EXPECT_TRUE(r[4].bad);  // unclosed quote at end of input
  EXPECT_EQ(r[4].line, 6u);
  EXPECT_EQ(blank, (std::vector<uint64_t>{4}));
}

TEST(ReportCsvScanner, OverlongRecordTruncatedAndResumes) {
  std::string text = "\"" + std::string(kMaxReportRecordBytes + 10, 'x');
  text += "\nnext,1\n";
  Collect c;
  CsvScanner s(&c);
  s.Feed(text);
  s.Finish();
  ASSERT_EQ(c.recs.size(), 2u);
  EXPECT_EQ(c.recs[0].raw.size(), kMaxReportRecordBytes);
  EXPECT_EQ(c.recs[1].fields, (Fields{"next", "1"}));
  EXPECT_EQ(c.recs[1].line, 2u);
}

constexpr std::string_view kNative =
    "time,time_precision_s,lat,lon,precision_m,event,class,count,party,"
    "source,source_kind,report_id,unit,text\n";

struct ReadResult {
  CollectingReportSink sink;
  Result<ReportStats> stats = ReportStats{};
};

std::unique_ptr<ReadResult> ReadNative(
    std::string_view text, const ReportMapping& m = NativeReportMapping()) {
  auto out = std::make_unique<ReadResult>();
  ReportCsvReader reader(&m, &out->sink, "test.csv");
  reader.Feed(text);
  out->stats = reader.Finish();
  return out;
}

TEST(ReportNative, ReadsEveryField) {
  const std::string text =
      std::string(kNative) +
      "2025-06-01T03:00:00+03:00,60,48.5,37.25,250,shelling,"
      "artillery_ge_100mm,4,RU,omm-team-3,monitor,R-17,\"2nd bde\","
      "\"heard 4 rounds, \"\"incoming\"\"\"\n";
  auto r = ReadNative(text);
  ASSERT_TRUE(r->stats.has_value()) << r->stats.error().ToString();
  ASSERT_EQ(r->sink.reports.size(), 1u);
  const Report& rep = r->sink.reports[0];
  EXPECT_EQ(rep.line, 2u);
  EXPECT_EQ(rep.time_ns, 1'748'736'000'000'000'000);  // 2025-06-01T00:00Z
  EXPECT_EQ(rep.time_precision_ns, 60'000'000'000);
  EXPECT_EQ(rep.lat_deg, 48.5);
  EXPECT_EQ(rep.lon_deg, 37.25);
  EXPECT_EQ(rep.precision_m, 250);
  EXPECT_EQ(rep.event, "shelling");
  EXPECT_EQ(rep.class_name, "artillery_ge_100mm");
  EXPECT_EQ(rep.count, 4u);
  EXPECT_EQ(rep.party, "RU");
  EXPECT_EQ(rep.source, "omm-team-3");
  EXPECT_EQ(rep.source_kind, "monitor");
  EXPECT_EQ(rep.report_id, "R-17");
  EXPECT_EQ(rep.unit, "2nd bde");
  EXPECT_EQ(rep.text, "heard 4 rounds, \"incoming\"");
  std::string json;
  AppendReportJson(rep, "test.csv", &json);
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["time"], "2025-06-01T00:00:00Z");
  EXPECT_EQ(j["time_precision_s"], 60);
  EXPECT_EQ(j["class"], "artillery_ge_100mm");
  EXPECT_EQ(j["line"], 2);
  EXPECT_EQ(j["text"], "heard 4 rounds, \"incoming\"");
}

TEST(ReportNative, BadRowsQuarantinedWithLineNumbers) {
  const std::string text =
      std::string(kNative) +
      "2025-06-01,,48.5,37.25,,explosion,,,,s,,,,ok\n"  // 2 ok
      ",,48.5,37.25,,explosion,,,,s,,,,\n"              // 3 missing_time
      "2025-13-01,,48.5,37.25,,explosion,,,,s,,,,\n"    // 4 bad_time
      "2025-06-01,,91,37.25,,explosion,,,,s,,,,\n"      // 5 bad_position
      "2025-06-01,,,37.25,,explosion,,,,s,,,,\n"        // 6 missing_position
      "2025-06-01,,48.5,37.25,,bombing,,,,s,,,,\n"      // 7 unknown_event
      "2025-06-01,,48.5,37.25,,,tanks,,,s,,,,\n"        // 8 unknown_class
      "2025-06-01,,48.5,37.25,,,,0,,s,,,,\n"            // 9 bad_number
      "2025-06-01,,48.5,37.25\n"                        // 10 bad_field_count
      "2025-06-01,,48.5,37.25,,,,,,s,,,,\"a\nb\"x\n"    // 11-12 bad_quoting
      "\n"                                              // 13 blank
      "2025-06-01,,48.5,37.25,,,,,RUSSIAN_FEDERATION_X,s,,,,\n"  // 14
      "2025-06-01,,48.5,37.25,,,,,,s,,,,\xff\n"                  // 15 bad_utf8
      "2025-06-01T10:00:00Z,,48.5,37.25,,mine,,,,s,,,,\"last\nline\"";  // 16
  auto r = ReadNative(text);
  ASSERT_TRUE(r->stats.has_value());
  const ReportStats& s = *r->stats;
  EXPECT_EQ(s.records, 13u);
  EXPECT_EQ(s.reports, 2u);
  EXPECT_EQ(s.rejected, 11u);
  EXPECT_EQ(s.blank, 1u);
  const std::vector<std::pair<uint64_t, std::string>> want = {
      {3, "missing_time"},     {4, "bad_time"},         {5, "bad_position"},
      {6, "missing_position"}, {7, "unknown_event"},    {8, "unknown_class"},
      {9, "bad_number"},       {10, "bad_field_count"}, {11, "bad_quoting"},
      {14, "field_too_long"},  {15, "bad_utf8"}};
  ASSERT_EQ(r->sink.rejected.size(), 11u);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r->sink.rejected[i].line, want[i].first) << i;
    EXPECT_EQ(r->sink.rejected[i].reason, want[i].second) << i;
  }
  // The broken record spans lines 11-12 (quoted newline, then a byte after
  // the closing quote); scanning resumes after line 12.
  EXPECT_TRUE(r->sink.rejected[8].raw.ends_with(",\"a\nb\"x"));
  ASSERT_EQ(r->sink.reports.size(), 2u);
  EXPECT_EQ(r->sink.reports[0].time_precision_ns, 86'400'000'000'000);
  EXPECT_EQ(r->sink.reports[1].line, 16u);
  EXPECT_EQ(r->sink.reports[1].event, "mine");
  EXPECT_EQ(r->sink.reports[1].text, "last\nline");
  EXPECT_EQ(r->sink.reports[1].time_precision_ns, 0);
}

TEST(ReportNative, HeaderErrors) {
  auto r = ReadNative("");
  EXPECT_FALSE(r->stats.has_value());
  r = ReadNative("when,lat,lon\n2025-06-01,1,2\n");
  ASSERT_FALSE(r->stats.has_value());
  EXPECT_NE(r->stats.error().message.find("'time'"), std::string::npos);
  // Optional native columns may be missing, in any order.
  r = ReadNative("lon,time,lat\n2,2025-06-01,1\n");
  ASSERT_TRUE(r->stats.has_value());
  ASSERT_EQ(r->sink.reports.size(), 1u);
  EXPECT_EQ(r->sink.reports[0].lat_deg, 1);
  EXPECT_EQ(r->sink.reports[0].lon_deg, 2);
}

TEST(ReportTime, Formats) {
  auto t = ParseReportTime("2022-02-24", "");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->time_ns, 1'645'660'800'000'000'000);
  EXPECT_EQ(t->precision_ns, 86'400'000'000'000);
  t = ParseReportTime("24/02/2022 05:30", "%d/%m/%Y %H:%M");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->time_ns, 1'645'660'800'000'000'000 + 19'800'000'000'000);
  EXPECT_EQ(t->precision_ns, 60'000'000'000);
  EXPECT_FALSE(ParseReportTime("2022-02-30", ""));
  EXPECT_FALSE(ParseReportTime("2023-02-29", "%Y-%m-%d"));
  EXPECT_TRUE(ParseReportTime("2024-02-29", "%Y-%m-%d"));
  EXPECT_FALSE(ParseReportTime("2022-02-24x", "%Y-%m-%d"));
  EXPECT_FALSE(ParseReportTime("22-02-24", "%Y-%m-%d"));
  EXPECT_FALSE(ParseReportTime("", ""));
  EXPECT_FALSE(ParseReportTime("2022-02-24", "%Y-%q"));
}

TEST(ReportMappingYaml, MapsColumnsValuesAndConstants) {
  auto m = LoadReportMapping(R"(
version: 1
time: {column: When, format: "%d.%m.%Y"}
lat_lon: Where
event:
  column: What
  values: {"Artillery*": shelling, "Drone": drone_strike}
class: {column: Kit, default: ""}
source: {constant: feed-a}
text: Notes
)",
                             "m.yaml");
  ASSERT_TRUE(m.has_value()) << m.error().ToString();
  auto r = ReadNative(
      "When,Where,What,Kit,Notes\n"
      "24.02.2022,\"50.45, 30.52\",Artillery fire,,a\n"
      "25.02.2022,50.45 30.52,Drone,uav,b\n"
      "26.02.2022,50.45,Drone,,c\n"
      "27.02.2022,\"1,2\",Rain,,d\n",
      *m);
  ASSERT_TRUE(r->stats.has_value()) << r->stats.error().ToString();
  ASSERT_EQ(r->sink.reports.size(), 2u);
  EXPECT_EQ(r->sink.reports[0].event, "shelling");
  EXPECT_EQ(r->sink.reports[0].lat_deg, 50.45);
  EXPECT_EQ(r->sink.reports[0].lon_deg, 30.52);
  EXPECT_EQ(r->sink.reports[0].source, "feed-a");
  EXPECT_EQ(r->sink.reports[1].event, "drone_strike");
  EXPECT_EQ(r->sink.reports[1].class_name, "uav");
  ASSERT_EQ(r->sink.rejected.size(), 2u);
  EXPECT_EQ(r->sink.rejected[0].reason, "missing_position");
  EXPECT_EQ(r->sink.rejected[0].line, 4u);
  EXPECT_EQ(r->sink.rejected[1].reason, "unknown_event");
  // A mapped column missing from the header is an error.
  r = ReadNative("When,What\n24.02.2022,Drone\n", *m);
  EXPECT_FALSE(r->stats.has_value());
}

TEST(ReportMappingYaml, ErrorsNameTheLine) {
  auto m = LoadReportMapping("time: date\nlat: a\nlon: b\nevnt: x\n", "m.yaml");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().where.line, 4);
  EXPECT_NE(m.error().message.find("evnt"), std::string::npos);
  m = LoadReportMapping(
      "time: date\nlat: a\nlon: b\nevent: {column: e, values: {x: boom}}\n",
      "m.yaml");
  ASSERT_FALSE(m.has_value());
  EXPECT_NE(m.error().message.find("boom"), std::string::npos);
  m = LoadReportMapping("time: {column: d, format: \"%d\"}\nlat_lon: p\n",
                        "m.yaml");
  EXPECT_FALSE(m.has_value());
  m = LoadReportMapping("lat: a\nlon: b\n", "m.yaml");
  EXPECT_FALSE(m.has_value());
  m = LoadReportMapping("time: [\n", "m.yaml");
  EXPECT_FALSE(m.has_value());
}

TEST(ReportGeoJson, PointsAndBadFeatures) {
  const std::string text = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":{"type":"Point","coordinates":[37.5,48.0]},
  "properties":{"time":"2025-06-01T12:00:00Z","event":"explosion","count":3,
                "source":"s","report_id":"g1"}},
 {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},
  "properties":{"time":"2025-06-01"}},
 {"type":"Feature","geometry":null,
  "properties":{"time":"2025-06-01","lat":1.5,"lon":2.5}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[200,0]},
  "properties":{"time":"2025-06-01"}},
 7
]})";
  CollectingReportSink sink;
  auto stats = ReadGeoJsonReports(text, NativeReportMapping(), &sink, "g");
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  EXPECT_EQ(stats->records, 5u);
  ASSERT_EQ(sink.reports.size(), 2u);
  EXPECT_EQ(sink.reports[0].lat_deg, 48.0);
  EXPECT_EQ(sink.reports[0].lon_deg, 37.5);
  EXPECT_EQ(sink.reports[0].count, 3u);
  EXPECT_EQ(sink.reports[0].event, "explosion");
  EXPECT_EQ(sink.reports[0].report_id, "g1");
  EXPECT_EQ(sink.reports[1].line, 3u);
  EXPECT_EQ(sink.reports[1].lat_deg, 1.5);
  ASSERT_EQ(sink.rejected.size(), 3u);
  EXPECT_EQ(sink.rejected[0].line, 2u);
  EXPECT_EQ(sink.rejected[0].reason, "bad_feature");
  EXPECT_EQ(sink.rejected[1].reason, "bad_position");
  EXPECT_EQ(sink.rejected[2].line, 5u);
  EXPECT_EQ(sink.rejected[2].reason, "bad_feature");
  EXPECT_FALSE(ReadGeoJsonReports("{\"type\":\"Feature\"}",
                                  NativeReportMapping(), &sink, "g")
                   .has_value());
  EXPECT_TRUE(LooksLikeJson("\xEF\xBB\xBF \n{"));
  EXPECT_FALSE(LooksLikeJson("time,lat\n"));
}

TEST(ReportCsvWriter, RoundTrips) {
  std::vector<Report> in(3);
  in[0].time_ns = 1'645'660'800'000'000'000;
  in[0].time_precision_ns = 86'400'000'000'000;
  in[0].lat_deg = 47.123456789;
  in[0].lon_deg = -0.5;
  in[0].event = "shelling";
  in[0].class_name = "mlrs";
  in[0].count = 12;
  in[0].party = "UA";
  in[0].source = "sim";
  in[0].text = "comma, \"quote\"\nnewline";
  in[1].time_ns = 1'645'660'800'123'000'000;
  in[1].time_precision_ns = 1'500'000'000;
  in[1].lat_deg = -89.9;
  in[1].lon_deg = 179.999999;
  in[1].precision_m = 12.5;
  in[1].event = "access_denied";
  in[1].class_name = "monitor";
  in[1].report_id = "x,y";
  in[1].unit = "u";
  in[1].source_kind = "monitor";
  in[2].time_ns = 0;
  std::string csv;
  AppendReportCsvHeader(&csv);
  for (const auto& r : in) AppendReportCsvRow(r, &csv);
  auto out = ReadNative(csv);
  ASSERT_TRUE(out->stats.has_value());
  ASSERT_EQ(out->sink.reports.size(), 3u) << csv;
  for (size_t i = 0; i < in.size(); ++i) {
    const Report& a = in[i];
    const Report& b = out->sink.reports[i];
    EXPECT_EQ(a.time_ns, b.time_ns) << i;
    EXPECT_EQ(a.time_precision_ns, b.time_precision_ns) << i;
    EXPECT_EQ(a.lat_deg, b.lat_deg) << i;
    EXPECT_EQ(a.lon_deg, b.lon_deg) << i;
    EXPECT_EQ(std::isnan(a.precision_m), std::isnan(b.precision_m)) << i;
    EXPECT_EQ(a.event, b.event) << i;
    EXPECT_EQ(a.class_name, b.class_name) << i;
    EXPECT_EQ(a.count, b.count) << i;
    EXPECT_EQ(a.party, b.party) << i;
    EXPECT_EQ(a.source, b.source) << i;
    EXPECT_EQ(a.source_kind, b.source_kind) << i;
    EXPECT_EQ(a.report_id, b.report_id) << i;
    EXPECT_EQ(a.unit, b.unit) << i;
    EXPECT_EQ(a.text, b.text) << i;
  }
  EXPECT_EQ(out->sink.reports[1].precision_m, 12.5);
  EXPECT_TRUE(csv.find("\n2022-02-24,86400,") != std::string::npos) << csv;
}

TEST(ReportVocabulary, Words) {
  EXPECT_EQ(ReportEventNames().size(), 9u);
  EXPECT_EQ(ReportClassNames().size(), 16u);
  EXPECT_EQ(InternClassName("heavy_mlrs"), "heavy_mlrs");
  EXPECT_TRUE(InternClassName("Heavy_MLRS").empty());
  EXPECT_EQ(InternEventName("access_denied"), "access_denied");
  EXPECT_TRUE(InternEventName("").empty());
}

}  // namespace
}  // namespace truce::observe
