#include "agreement/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "base/testing/testdata.h"

namespace truce::agreement {
namespace {

using ::testing::HasSubstr;

// A small valid agreement; tests break one thing at a time.
constexpr std::string_view kValid = R"(truce: 1
title: Test agreement
version: "1"
effective: 2025-06-01T00:00:00Z
parties:
  - {id: A, name: Party A, reference_line: ref-a}
  - {id: B, name: Party B}
lines:
  - id: ref-a
    geometry: {type: LineString, coordinates: [[37.0, 48.0], [37.0, 49.0]]}
zones:
  - id: z
    geometry: {type: Polygon, coordinates: [[[37, 48], [38, 48], [38, 49], [37, 49], [37, 48]]]}
rules:
  - {id: r, kind: exclusion, clause: Art. 1, zone: z, classes: [tank]}
  - {id: w, kind: withdrawal, clause: Art. 2, parties: [A], classes: [mlrs], distance_km: 70, deadline: 2025-06-15T00:00:00Z}
)";

std::filesystem::path ExampleDir() {
  return testing::SourceRoot() / "examples/ceasefire-2025";
}

Errors Problems(std::string_view yaml) {
  auto a = ParseAgreement(yaml, "test.yaml", ExampleDir());
  if (a) return {};
  return a.error();
}

std::string Replace(std::string_view text, std::string_view from,
                    std::string_view to) {
  std::string s(text);
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

// Asserts exactly one problem, at line:column, whose message and hint
// contain the given fragments.
void ExpectOne(const Errors& errors, int line, int column,
               std::string_view message, std::string_view hint = "") {
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "no error"
                                                  : errors[1].ToString());
  const Error& e = errors[0];
  EXPECT_EQ(e.where.file, "test.yaml");
  EXPECT_EQ(e.where.line, line) << e.ToString();
  EXPECT_EQ(e.where.column, column) << e.ToString();
  EXPECT_THAT(e.message, HasSubstr(std::string(message))) << e.ToString();
  EXPECT_THAT(e.hint, HasSubstr(std::string(hint))) << e.ToString();
}

TEST(Loader, ValidAgreementLoads) {
  auto a = ParseAgreement(kValid, "test.yaml", ExampleDir());
  ASSERT_TRUE(a.has_value()) << a.error()[0].ToString();
  EXPECT_EQ(a->parties.size(), 2u);
  EXPECT_EQ(a->zones[0].polygon.polygons[0].outer.size(), 4u)
      << "the closing position is not stored twice";
  EXPECT_EQ(a->rules[1].distance_m, 70000);
  EXPECT_EQ(a->rules[0].where.line, 15);
  EXPECT_EQ(FormatRfc3339(*a->rules[1].deadline), "2025-06-15T00:00:00Z");
  EXPECT_EQ(a->rules[0].from, a->effective) << "rules default to effective";
}

TEST(Loader, YamlSyntaxErrorIsLocated) {
  auto errors = Problems(Replace(kValid, "title: Test agreement",
                                 "title: [unclosed"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("YAML syntax error"));
  EXPECT_GT(errors[0].where.line, 0);
}

TEST(Loader, UnknownKeySuggestsTheNearest) {
  ExpectOne(Problems(Replace(kValid, "title:", "tittle: x\ntitle:")), 2, 1,
            "unknown key 'tittle'", "did you mean 'title'?");
}

TEST(Loader, MissingKeyIsReported) {
  ExpectOne(Problems(Replace(kValid, "clause: Art. 1, ", "")), 15, 5,
            "missing key 'clause'", "cite the article");
}

TEST(Loader, WrongTypeIsReported) {
  ExpectOne(Problems(Replace(kValid, "distance_km: 70", "distance_km: far")),
            16, 91, "'distance_km' must be a number, not 'far'");
}

TEST(Loader, UnknownReferenceSuggestsTheNearest) {
  ExpectOne(Problems(Replace(kValid, "zone: z,", "zone: zz,")), 15, 52,
            "no zone has id 'zz'", "did you mean 'z'?");
}

TEST(Loader, UnknownClassSuggestsTheNearest) {
  ExpectOne(Problems(Replace(kValid, "classes: [tank]", "classes: [tanks]")),
            15, 65, "unknown equipment class 'tanks'", "did you mean 'tank'?");
}

TEST(Loader, DuplicateIdIsReported) {
  ExpectOne(Problems(Replace(kValid, "{id: B, name: Party B}",
                                 "{id: A, name: Party B, reference_line: ref-a}")),
            7, 10,
            "duplicate party id 'A' (first defined at line 6)");
}

TEST(Loader, LatitudeOutOfRangeHintsAtSwap) {
  ExpectOne(Problems(Replace(kValid, "[[37.0, 48.0], [37.0, 49.0]]",
                             "[[48.0, 37.0], [49.0, 137.0]]")),
            10, 69, "latitude 137 is out of range",
            "longitude comes first in GeoJSON");
}

TEST(Loader, UnclosedRingPointsAtItsLastPosition) {
  ExpectOne(Problems(Replace(kValid, "[37, 49], [37, 48]]]", "[37, 49], [37, 48.5]]]")),
            13, 86, "ring is not closed",
            "repeat the first position at the end");
}

TEST(Loader, TooFewPositions) {
  ExpectOne(Problems(Replace(kValid,
                             "[[[37, 48], [38, 48], [38, 49], [37, 49], [37, 48]]]",
                             "[[[37, 48], [38, 48], [37, 48]]]")),
            13, 45, "needs at least 4 positions");
}

TEST(Loader, SelfIntersectionIsLocatedAndPlaced) {
  // A bow tie: the edges (37,48)-(38,49) and (38,48)-(37,49) cross at
  // (37.5, 48.5).
  auto errors = Problems(Replace(
      kValid, "[[[37, 48], [38, 48], [38, 49], [37, 49], [37, 48]]]",
      "[[[37, 48], [38, 49], [38, 48], [37, 49], [37, 48]]]"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("self-intersect"));
  EXPECT_THAT(errors[0].message, HasSubstr("48.5"));
  EXPECT_THAT(errors[0].message, HasSubstr("37.5"));
  EXPECT_EQ(errors[0].where.line, 13);
}

TEST(Loader, EmptyPolygonIsAnError) {
  ExpectOne(Problems(Replace(kValid,
                             "[[[37, 48], [38, 48], [38, 49], [37, 49], [37, 48]]]",
                             "[]")),
            13, 44, "non-empty list of rings");
}

TEST(Loader, TimesOutOfOrder) {
  ExpectOne(Problems(Replace(kValid, "deadline: 2025-06-15T00:00:00Z",
                             "deadline: 2025-06-15T00:00:00Z, "
                             "until: 2025-06-10T00:00:00Z")),
            16, 134, "'until' (2025-06-10T00:00:00Z) is not after 'deadline'");
}

TEST(Loader, BadTimeIsExplained) {
  ExpectOne(Problems(Replace(kValid, "effective: 2025-06-01T00:00:00Z",
                             "effective: 2025-06-01")),
            4, 12, "is not an RFC 3339 time", "2025-06-01T00:00:00Z");
}

TEST(Loader, MissingReferencedFile) {
  ExpectOne(Problems(Replace(kValid,
                             "{type: LineString, coordinates: [[37.0, 48.0], "
                             "[37.0, 49.0]]}",
                             "{file: geometry/nope.geojson}")),
            10, 22, "cannot be read", "relative to the agreement");
}

TEST(Loader, ReferencedFileThatIsNotGeoJson) {
  // text.md exists but is not GeoJSON.
  auto errors = Problems(Replace(
      kValid, "{type: LineString, coordinates: [[37.0, 48.0], [37.0, 49.0]]}",
      "{file: text.md}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("is not GeoJSON"));
  EXPECT_THAT(errors[0].where.file, HasSubstr("text.md"));
}

TEST(Loader, WithdrawalNeedsTheReferenceLineOfEveryBoundParty) {
  ExpectOne(Problems(Replace(kValid, "parties: [A], ", "")), 16, 5,
            "binds party 'B', which has no reference_line");
}

TEST(Loader, TerritoryRuleNeedsABaseline) {
  ExpectOne(Problems(std::string(kValid) +
                     "  - {id: t, kind: territory, clause: Art. 6, "
                     "threshold_km2: 1}\n"),
            17, 5, "needs the baseline control map");
}

TEST(Loader, EveryProblemIsReportedInOnePass) {
  std::string broken = Replace(kValid, "zone: z,", "zone: nope,");
  broken = Replace(broken, "distance_km: 70", "distance_km: -3");
  broken = Replace(broken, "title: Test agreement\n", "");
  broken = Replace(broken, "{id: B, name: Party B}",
                   "{id: A, name: Party B, reference_line: ref-a}");
  auto errors = Problems(broken);
  ASSERT_EQ(errors.size(), 4u);
  for (const auto& e : errors) {
    EXPECT_GT(e.where.line, 0) << e.ToString();
    EXPECT_FALSE(e.hint.empty()) << e.ToString();
  }
}

TEST(Loader, NotAMappingAtTheTop) {
  ExpectOne(Problems("- just\n- a list\n"), 1, 1,
            "the document must be a mapping");
}

TEST(Loader, TheBundledExampleLoads) {
  auto a = LoadAgreement(ExampleDir() / "agreement.yaml");
  ASSERT_TRUE(a.has_value()) << a.error()[0].ToString();
  EXPECT_EQ(a->parties.size(), 2u);
  EXPECT_EQ(a->rules.size(), 14u);
  ASSERT_TRUE(a->baseline.has_value());
  EXPECT_EQ(a->baseline->areas.size(), 2u);
}

}  // namespace
}  // namespace truce::agreement
