// The AIS decoder and its JSON against gpsd's own regression oracles:
// sample.aivdm with .js.chk (gpsdecode -j) and .ju.chk (gpsdecode -u -j),
// and the daemon captures with their .log.chk, field by field.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/testing/testdata.h"
#include "observe/ais_json.h"
#include "observe/ais_stream.h"

namespace truce::observe {
namespace {

using nlohmann::json;

class JsonSink : public AisSink {
 public:
  JsonSink(bool scaled, std::string_view device) : options_{scaled, device} {}
  void OnMessage(const AisMessage& m, const CompletedMessage&) override {
    std::string s;
    if (AppendAisJson(m, options_, &s)) out.push_back(std::move(s));
  }
  void OnReject(uint64_t line, std::string_view raw,
                const Rejection& r) override {
    rejects.push_back(std::to_string(line) + " " +
                      std::string(RejectReasonName(r.reason)) + " " +
                      std::string(raw));
  }
  void OnIncomplete(const IncompleteGroup& g) override {
    incomplete += g.lines.size();
  }
  AisJsonOptions options_;
  std::vector<std::string> out;
  std::vector<std::string> rejects;
  size_t incomplete = 0;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Decode(const std::filesystem::path& path, bool scaled,
                                std::string_view device,
                                std::vector<std::string>* rejects = nullptr) {
  auto text = testing::ReadFile(path);
  EXPECT_TRUE(text.has_value()) << path;
  JsonSink sink(scaled, device);
  AisStream stream(&sink);
  for (const std::string& line : Lines(text.value_or(""))) stream.AddLine(line);
  stream.Finish();
  if (rejects) *rejects = sink.rejects;
  return sink.out;
}

// Differences between an expected and an actual JSON value, with paths.
void Diff(const json& want, const json& got, const std::string& path,
          std::vector<std::string>* diffs) {
  if (want.is_object()) {
    if (!got.is_object()) {
      diffs->push_back(path + ": not an object");
      return;
    }
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!got.contains(it.key())) {
        diffs->push_back(path + "." + it.key() + ": missing");
      } else {
        Diff(it.value(), got.at(it.key()), path + "." + it.key(), diffs);
      }
    }
    for (auto it = got.begin(); it != got.end(); ++it) {
      if (!want.contains(it.key()))
        diffs->push_back(path + "." + it.key() + ": extra");
    }
    return;
  }
  if (want.is_array()) {
    if (!got.is_array() || got.size() != want.size()) {
      diffs->push_back(path + ": array differs");
      return;
    }
    for (size_t i = 0; i < want.size(); ++i) {
      Diff(want[i], got[i], path + "[" + std::to_string(i) + "]", diffs);
    }
    return;
  }
  if (want.is_number() && got.is_number()) {
    const double a = want.get<double>();
    const double b = got.get<double>();
    if (want.is_number_float() || got.is_number_float()) {
      if (std::fabs(a - b) > 1e-7 * std::max(1.0, std::fabs(a)) + 1e-12) {
        diffs->push_back(path + ": want " + want.dump() + " got " + got.dump());
      }
    } else if (want != got) {
      diffs->push_back(path + ": want " + want.dump() + " got " + got.dump());
    }
    return;
  }
  if (want != got) {
    diffs->push_back(path + ": want " + want.dump() + " got " + got.dump());
  }
}

// Compares line lists; returns the number of matching objects.
size_t CompareAll(const std::vector<std::string>& want,
                  const std::vector<std::string>& got) {
  size_t matched = 0;
  EXPECT_EQ(want.size(), got.size());
  for (size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
    json w = json::parse(want[i]);
    json g = json::parse(got[i], nullptr, /*allow_exceptions=*/false);
    std::vector<std::string> diffs;
    if (g.is_discarded()) {
      diffs.push_back("invalid JSON");
    } else {
      Diff(w, g, "", &diffs);
    }
    if (diffs.empty()) {
      ++matched;
      continue;
    }
    std::string all;
    for (const auto& d : diffs) all += "\n  " + d;
    ADD_FAILURE() << "object " << i << " differs:" << all << "\n want "
                  << want[i] << "\n got  " << got[i];
  }
  return matched;
}

std::vector<std::string> NonEmptyLines(const std::filesystem::path& path) {
  std::vector<std::string> out;
  for (auto& l : Lines(testing::ReadFile(path).value_or(""))) {
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

TEST(AisGpsdOracle, SampleScaledMatchesGpsdecodeJ) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ais/gpsd");
  const auto want = NonEmptyLines(dir / "sample.aivdm.js.chk");
  ASSERT_EQ(want.size(), 97u);
  std::vector<std::string> rejects;
  const auto got = Decode(dir / "sample.aivdm", true, "stdin", &rejects);
  EXPECT_EQ(CompareAll(want, got), 97u);
  for (const auto& r : rejects) RecordProperty("reject", r);
}

TEST(AisGpsdOracle, SampleUnscaledMatchesGpsdecodeUJ) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ais/gpsd");
  const auto want = NonEmptyLines(dir / "sample.aivdm.ju.chk");
  ASSERT_EQ(want.size(), 97u);
  const auto got = Decode(dir / "sample.aivdm", false, "stdin");
  EXPECT_EQ(CompareAll(want, got), 97u);
}

// gpsd's daemon regression output repeats the last AIS object when other
// sentences follow it; consecutive duplicates are one object.
std::vector<std::string> Dedup(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    if (out.empty() || json::parse(out.back()) != json::parse(s))
      out.push_back(s);
  }
  return out;
}

class DaemonLog : public ::testing::TestWithParam<std::string> {};

TEST_P(DaemonLog, EveryAisObjectMatchesGpsd) {
  TRUCE_TESTDATA_OR_SKIP(dir, "ais/gpsd/daemon");
  std::vector<std::string> want;
  for (const auto& l : NonEmptyLines(dir / (GetParam() + ".chk"))) {
    if (l.starts_with("{\"class\":\"AIS\"")) want.push_back(l);
  }
  ASSERT_FALSE(want.empty());
  const auto got = Decode(dir / GetParam(), false, "");
  const auto w = Dedup(want);
  const auto g = Dedup(got);
  const size_t matched = CompareAll(w, g);
  EXPECT_EQ(matched, w.size());
  RecordProperty("matched", static_cast<int>(matched));
}

INSTANTIATE_TEST_SUITE_P(Gpsd, DaemonLog,
                         ::testing::Values("ais-18-27.log",
                                           "ais-nmea-type6-fid55.log",
                                           "ais-nmea.log",
                                           "ais-raw-messages.log",
                                           "ais_unpack_sixbit.log"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace truce::observe
