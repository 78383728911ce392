#include "replay/territory_watch.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>

#include "agreement/loader.h"

namespace truce::replay {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Party A holds 25..31 E, party B 31..40 E, between 40 and 50 N.
constexpr std::string_view kAgreement = R"(truce: 1
title: Territory watch test
version: "1"
effective: 2025-06-01T00:00:00Z
parties:
  - {id: A, name: Party A}
  - {id: B, name: Party B}
baseline:
  file: baseline.geojson
  property: held
  values: {"Held by A": A}
  date: "2025-06-01"
rules:
  - {id: land, kind: territory, clause: Art. 6, threshold_km2: 1}
)";

std::string Feature(std::string_view held, std::string_view rings) {
  return fmt::format(
      R"({{"type":"Feature","properties":{{"held":"{}"}},"geometry":{{"type":"Polygon","coordinates":{}}}}})",
      held, rings);
}

std::string Map(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) {
    out += (i ? "," : "") + features[i];
  }
  return out + "]}";
}

const std::string kA = "[[[25,40],[31,40],[31,50],[25,50],[25,40]]]";
const std::string kB = "[[[31,40],[40,40],[40,50],[31,50],[31,40]]]";
// B takes R = 30.9..31 E x 45..45.05 N from A (a bite out of A's edge), and
// an island S = 30.5..30.505 E x 46..46.005 N (about 0.22 km2, below the
// 1 km2 threshold).
const std::string kABitten =
    "[[[25,40],[31,40],[31,45],[30.9,45],[30.9,45.05],[31,45.05],[31,50],"
    "[25,50],[25,40]],[[30.5,46],[30.505,46],[30.505,46.005],[30.5,46.005],"
    "[30.5,46]]]";
const std::string kBGrown =
    "[[[31,40],[40,40],[40,50],[31,50],[31,45.05],[30.9,45.05],[30.9,45],"
    "[31,45],[31,40]]]";
const std::string kIsland =
    "[[[30.5,46],[30.505,46],[30.505,46.005],[30.5,46.005],[30.5,46]]]";

// Closed form, independent of the code under test: the area on the WGS84
// ellipsoid between parallels phi1 and phi2 over dlon degrees (edges along
// parallels and meridians, which is what RFC 7946's straight lon/lat edges
// are here): dlon/360 * 2 pi b^2 [f(phi2) - f(phi1)] with
// f(phi) = sin(phi)/(2(1 - e^2 sin^2 phi)) + ln((1+e sin phi)/(1-e sin
// phi))/(4e).
double ZoneAreaKm2(double lat1_deg, double lat2_deg, double dlon_deg) {
  const double a = 6378137.0, f = 1 / 298.257223563;
  const double b = a * (1 - f), e = std::sqrt(f * (2 - f));
  auto g = [&](double lat_deg) {
    double s = std::sin(lat_deg * std::numbers::pi / 180);
    return s / (2 * (1 - e * e * s * s)) +
           std::log((1 + e * s) / (1 - e * s)) / (4 * e);
  };
  return dlon_deg / 360 * 2 * std::numbers::pi * b * b *
         (g(lat2_deg) - g(lat1_deg)) / 1e6;
}

// SHA-256 of a file by coreutils' sha256sum: another implementation.
std::string Sha256Sum(const fs::path& file) {
  std::string cmd = "sha256sum '" + file.string() + "'";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[65] = {};
  size_t n = p ? fread(buf, 1, 64, p) : 0;
  if (p) pclose(p);
  return std::string(buf, n);
}

class TerritoryWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("truce-territory-watch-{}", getpid());
    fs::create_directories(dir_);
    Write("agreement.yaml", std::string(kAgreement));
    Write("baseline.geojson",
          Map({Feature("Held by A", kA), Feature("B", kB)}));
    auto a = agreement::LoadAgreement((dir_ / "agreement.yaml").string());
    ASSERT_TRUE(a.has_value()) << a.error().front().message;
    agreement_ = std::move(*a);
    auto b = LoadBaseline(agreement_);
    ASSERT_TRUE(b.has_value()) << b.error().ToString();
    baseline_ = std::move(*b);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  ControlSnapshot Snapshot(const std::string& name) {
    auto s = LoadSnapshot((dir_ / name).string(), baseline_.mapping, baseline_);
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    return std::move(*s);
  }

  fs::path dir_;
  agreement::Agreement agreement_;
  TerritoryBaseline baseline_;
};

TEST_F(TerritoryWatchTest, GainAboveThresholdIsFollowedAndClosed) {
  const std::string bitten =
      Map({Feature("Held by A", kABitten), Feature("B", kBGrown),
           Feature("B", kIsland)});
  Write("map-2025-06-10.geojson", bitten);
  Write("map-2025-06-11.geojson", bitten + "\n");  // same map, other bytes
  Write("map-2025-06-12.geojson",
        Map({Feature("Held by A", kA), Feature("B", kB)}));
  TerritoryWatch watch(agreement_, baseline_, "control-map");
  watch.Apply(Snapshot("map-2025-06-10.geojson"));
  auto first = watch.TakeRevisions();
  ASSERT_EQ(first.size(), 1u);  // the island is below the threshold
  const rules::Incident& in = first[0];
  EXPECT_EQ(in.kind, "territory");
  EXPECT_EQ(in.party, "B");
  EXPECT_EQ(in.status, rules::IncidentStatus::kOpen);
  EXPECT_EQ(in.first, *ParseRfc3339("2025-06-10T00:00:00Z"));
  EXPECT_THAT(in.basis, HasSubstr("map-2025-06-10.geojson of 2025-06-10"));
  const double expected_km2 = ZoneAreaKm2(45, 45.05, 0.1);
  EXPECT_NEAR(std::stod(in.details.at("area_km2")), expected_km2,
              5e-4 + std::stod(in.details.at("area_error_km2")));
  ASSERT_TRUE(in.area.has_value());
  EXPECT_GE(in.position.lng_deg, 30.9);
  EXPECT_LE(in.position.lng_deg, 31.0);
  EXPECT_GE(in.position.lat_deg, 45.0);
  EXPECT_LE(in.position.lat_deg, 45.05);
  // The evidence: the baseline and the map, by their SHA-256.
  EXPECT_THAT(in.observations, ::testing::ElementsAre(
                                   Sha256Sum(dir_ / "baseline.geojson"),
                                   Sha256Sum(dir_ / "map-2025-06-10.geojson")));

  watch.Apply(Snapshot("map-2025-06-11.geojson"));
  auto second = watch.TakeRevisions();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, in.id);
  EXPECT_EQ(second[0].revision, 2);
  EXPECT_EQ(second[0].last, *ParseRfc3339("2025-06-11T00:00:00Z"));
  EXPECT_THAT(
      second[0].observations,
      ::testing::ElementsAre(Sha256Sum(dir_ / "map-2025-06-11.geojson")));

  watch.Apply(Snapshot("map-2025-06-12.geojson"));
  auto third = watch.TakeRevisions();
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].id, in.id);
  EXPECT_EQ(third[0].status, rules::IncidentStatus::kClosed);
  EXPECT_EQ(third[0].last, *ParseRfc3339("2025-06-12T00:00:00Z"));
  EXPECT_EQ(third[0].details.at("ended_by_map"), "map-2025-06-12.geojson");
}

TEST_F(TerritoryWatchTest, IslandAloneIsBelowTheThreshold) {
  Write("2025-06-10.geojson",
        Map({Feature("Held by A",
                     "[[[25,40],[31,40],[31,50],[25,50],[25,40]],[[30.5,46],"
                     "[30.505,46],[30.505,46.005],[30.5,46.005],[30.5,46]]]"),
             Feature("B", kB), Feature("B", kIsland)}));
  auto s = Snapshot("2025-06-10.geojson");
  // The diff itself sees the island, gained by B and lost by A, with its
  // closed-form area.
  ASSERT_EQ(s.diff.pieces.size(), 2u);
  for (const auto& piece : s.diff.pieces) {
    EXPECT_EQ(piece.party,
              piece.change == territory::Change::kGained ? "B" : "A");
    EXPECT_NEAR(piece.area_km2, ZoneAreaKm2(46, 46.005, 0.005),
                1e-6 + piece.area_error_km2);
  }
  TerritoryWatch watch(agreement_, baseline_, "control-map");
  watch.Apply(s);
  EXPECT_TRUE(watch.TakeRevisions().empty());
}

TEST_F(TerritoryWatchTest, MapWithoutDateIsAnError) {
  Write("latest.geojson", Map({Feature("Held by A", kA), Feature("B", kB)}));
  auto s = LoadSnapshot((dir_ / "latest.geojson").string(), baseline_.mapping,
                        baseline_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(s.error().message, HasSubstr("has no date"));
  EXPECT_THAT(s.error().hint, HasSubstr("date_property"));
}

}  // namespace
}  // namespace truce::replay
