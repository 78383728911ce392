// `truce decode ais` end to end (src/cli/cmd_decode.cc through a harness
// binary): NDJSON equal to gpsd's oracle, quarantine records, summary,
// --strict and exit codes; and `truce decode reports --observations`
// (src/cli/cmd_decode_reports.cc) with the report's own fields.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/testing/testdata.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CliRun Decode(const std::string& args, const std::string& stdin_text = {},
              const std::string& subcommand = "ais") {
  const fs::path dir = fs::temp_directory_path() /
                       ("truce_decode_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "stdin", out = dir / "stdout", err = dir / "stderr";
  std::ofstream(in, std::ios::binary) << stdin_text;
  const std::string cmd = std::string(TRUCE_DECODE_HARNESS) + " decode " +
                          subcommand + " " + args + " < " + in.string() +
                          " > " + out.string() + " 2> " + err.string();
  const int status = std::system(cmd.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

TEST(DecodeCli, SampleMatchesGpsdUnscaledOracle) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ais/gpsd");
  const CliRun r = Decode("--unscaled " + (dir / "sample.aivdm").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto got = Lines(r.out);
  const auto want = Lines(Slurp(dir / "sample.aivdm.ju.chk"));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    json w = json::parse(want[i]);
    w.erase("device");  // gpsdecode names its input; truce does not
    EXPECT_EQ(json::parse(got[i]), w) << i;
  }
  EXPECT_NE(r.err.find("decode ais: "), std::string::npos);
  EXPECT_NE(r.err.find("decoded"), std::string::npos);
}

TEST(DecodeCli, QuarantineSummaryAndStrict) {
  const std::string input =
      "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n"
      "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B\n"  // bad checksum
      "$GPGGA,1*00\n"                                      // not AIS
      "# comment\n"
      "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@"
      "Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n";
  const fs::path q =
      fs::temp_directory_path() / "truce_decode_quarantine.ndjson";
  const CliRun r = Decode("--quarantine " + q.string() + " -", input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 1u);
  const auto qlines = Lines(Slurp(q));
  ASSERT_EQ(qlines.size(), 3u);
  json a = json::parse(qlines[0]);
  EXPECT_EQ(a["source"], "stdin");
  EXPECT_EQ(a["line"], 2);
  EXPECT_EQ(a["reason"], "bad_checksum");
  EXPECT_EQ(a["raw"], "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B");
  EXPECT_EQ(json::parse(qlines[1])["reason"], "not_ais");
  json c = json::parse(qlines[2]);
  EXPECT_EQ(c["reason"], "incomplete");
  EXPECT_EQ(c["line"], 5);
  EXPECT_NE(r.err.find("1 decoded, 2 rejected (not_ais 1, bad_checksum 1)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 incomplete multipart groups (1 lines), 1 skipped"),
            std::string::npos)
      << r.err;

  const CliRun strict = Decode("--strict -", input);
  EXPECT_EQ(strict.exit_code, 1);
  const CliRun clean =
      Decode("--strict -", "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n");
  EXPECT_EQ(clean.exit_code, 0);
}

TEST(DecodeCli, ObservationsMode) {
  const CliRun r = Decode("--observations -",
                          "\\s:rx1,c:1700000000*01\\"
                          "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  json o = json::parse(lines[0]);
  EXPECT_EQ(o["kind"], "vessel");
  EXPECT_EQ(o["subject"], 371798000);
  EXPECT_EQ(o["flag"], "PA");
  EXPECT_EQ(o["source"], "rx1");
  EXPECT_EQ(o["time"], "2023-11-14T22:13:20Z");
  EXPECT_NEAR(o["lat"].get<double>(), 48.38163333333, 1e-9);
  EXPECT_NEAR(o["lng"].get<double>(), -123.395383333, 1e-9);
  EXPECT_EQ(o["sha256"].get<std::string>().size(), 64u);
}

TEST(DecodeCli, MissingFileAndOverlongLine) {
  const CliRun missing = Decode("/nonexistent/truce.nmea");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
  const fs::path q = fs::temp_directory_path() / "truce_decode_long.ndjson";
  const CliRun r =
      Decode("--quarantine " + q.string() + " -",
             std::string(200000, 'x') + "\n" +
                 "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Lines(r.out).size(), 1u);
  const auto ql = Lines(Slurp(q));
  ASSERT_EQ(ql.size(), 1u);
  EXPECT_EQ(json::parse(ql[0])["reason"], "line_too_long");
  EXPECT_EQ(json::parse(ql[0])["line"], 1);
}

}  // namespace

namespace {

CliRun DecodeKind(const std::string& kind, const std::string& args,
                  const std::string& stdin_text = {}) {
  const fs::path dir = fs::temp_directory_path() /
                       ("truce_decode_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "stdin", out = dir / "stdout", err = dir / "stderr";
  std::ofstream(in, std::ios::binary) << stdin_text;
  const std::string cmd = std::string(TRUCE_DECODE_HARNESS) + " decode " +
                          kind + " " + args + " < " + in.string() + " > " +
                          out.string() + " 2> " + err.string();
  const int status = std::system(cmd.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

TEST(DecodeCli, SbsCaptureAndObservations) {
  TRUCE_TESTDATA_OR_SKIP(path, "adsb/sbs1/node-sbs1_msgs.txt");
  const CliRun r = DecodeKind("sbs", path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4184u);
  json first = json::parse(lines[0]);
  EXPECT_EQ(first["kind"], "MSG");
  EXPECT_EQ(first["transmission_type"], 3);
  EXPECT_EQ(first["hex"], "4b1908");
  EXPECT_EQ(first["altitude_ft"], 2525);
  EXPECT_DOUBLE_EQ(first["lat"].get<double>(), 33.96693);
  EXPECT_EQ(first["on_ground"], false);
  EXPECT_NE(r.err.find("decode sbs: 4184 lines, 4184 decoded, 0 rejected"),
            std::string::npos)
      << r.err;
  const CliRun obs = DecodeKind("sbs", "--observations " + path.string());
  EXPECT_EQ(Lines(obs.out).size(), 74u);
  const CliRun bad = DecodeKind("sbs", "--strict -",
                                "MSG,3\nMSG,8,,,ABCDEF,,,,,,,,,,,,,,,,,\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(Lines(bad.out).size(), 1u);
}

TEST(DecodeCli, ReadsbSnapshot) {
  TRUCE_TESTDATA_OR_SKIP(path,
                         "adsb/readsb_global_2022-05-01T0000Z_aircraft.json");
  const CliRun r = DecodeKind("readsb", path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 8423u);
  const CliRun obs = DecodeKind("readsb", "--observations " + path.string());
  const auto lines = Lines(obs.out);
  ASSERT_EQ(lines.size(), 7659u);
  int military = 0;
  for (const auto& l : lines)
    military += json::parse(l).value("military", false);
  EXPECT_GT(military, 0);
  const fs::path q = fs::temp_directory_path() / "truce_decode_readsb_q.ndjson";
  const CliRun bad =
      DecodeKind("readsb", "--quarantine " + q.string() + " -",
                 R"({"now":1,"aircraft":[{"hex":"zz"},{"hex":"abc123"}]})");
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_EQ(Lines(bad.out).size(), 1u);
  const auto ql = Lines(Slurp(q));
  ASSERT_EQ(ql.size(), 1u);
  EXPECT_EQ(json::parse(ql[0])["line"], 1);
  EXPECT_EQ(json::parse(ql[0])["reason"], "bad_field_value");
  EXPECT_EQ(DecodeKind("readsb", "-", "not json").exit_code, 1);
}

TEST(DecodeCli, ReportObservationsCarryTheReportFields) {
  // One native-CSV report (docs/formats/reports.md); the expected
  // observation is written out by hand from that document.
  const std::string csv =
      "time,lat,lon,precision_m,event,class,count,party,source,source_kind,"
      "text\n"
      "2025-06-01,48.5,35.25,500,shelling,artillery_ge_100mm,4,RU,monitor-7,"
      "monitor,\"Four howitzers, firing\"\n";
  const CliRun r = Decode("--observations -", csv, "reports");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  const json o = json::parse(lines[0]);
  EXPECT_EQ(o["kind"], "report");
  EXPECT_EQ(o["time"], "2025-06-01T00:00:00Z");
  EXPECT_EQ(o["source"], "monitor-7");
  EXPECT_EQ(o["scheme"], "report");
  EXPECT_EQ(o["lat"], 48.5);
  EXPECT_EQ(o["lng"], 35.25);
  EXPECT_EQ(o["uncertainty_m"], 500);
  EXPECT_EQ(o["class"], "artillery_ge_100mm");
  EXPECT_EQ(o["event"], "shelling");
  EXPECT_EQ(o["party"], "RU");
  EXPECT_EQ(o["count"], 4);
  EXPECT_EQ(o["time_precision_s"], 86400);  // a date: one day
  EXPECT_EQ(o["source_kind"], "monitor");
  EXPECT_EQ(o["text"], "Four howitzers, firing");
  EXPECT_EQ(o["sha256"].get<std::string>().size(), 64u);
  EXPECT_NE(r.err.find("decode reports: 1 records, 1 imported, 0 rejected"),
            std::string::npos)
      << r.err;
}

TEST(DecodeCli, ReportsRejectionsAreQuarantinedAndStrictFails) {
  const std::string csv =
      "time,lat,lon,event\n"
      "2025-06-01T03:00:00Z,48.5,35.25,shelling\n"
      "2025-06-01T03:00:00Z,91,35.25,shelling\n";
  const CliRun r = Decode("--strict -", csv, "reports");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.out).size(), 1u);
  EXPECT_NE(r.err.find("1 rejected (bad_position 1)"), std::string::npos)
      << r.err;
}

}  // namespace
