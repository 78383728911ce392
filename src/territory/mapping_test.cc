#include "territory/mapping.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "base/testing/testdata.h"

namespace truce::territory {
namespace {

Classification ClassifyName(const Mapping& m, const std::string& prop,
                            const std::string& value) {
  return m.Classify([&](const std::string& p) -> std::optional<std::string> {
    if (p == prop) return value;
    return std::nullopt;
  });
}

TEST(MappingTest, NormalizesSpacingCaseAndNoBreakSpaces) {
  EXPECT_EQ(NormalizeLabel("  Звільнено\xC2\xA0 16.03 ///Taken Back\n"),
            "Звільнено 16.03 ///taken back");  // ASCII-only case folding
  EXPECT_EQ(NormalizeLabel("\t\n"), "");
}

TEST(MappingTest, FirstMatchingRuleWinsAndDefaultApplies) {
  auto m = ParseMapping(R"(
source: t
property: name
rules:
  - {contains: "transnistria", party: "", status: outside}
  - {contains: "occupied", party: RU, status: occupied}
  - {prefix: "free", party: UA, status: free}
  - {property: kind, equals: "X", party: XX, status: x}
default: {party: ZZ, status: other}
)",
                        "m.yaml");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(ClassifyName(*m, "name", "Окуповано /// Occupied\n").party, "RU");
  EXPECT_EQ(ClassifyName(*m, "name", "Occupied Transnistria").party, "");
  EXPECT_TRUE(ClassifyName(*m, "name", "Occupied Transnistria").matched);
  EXPECT_EQ(ClassifyName(*m, "name", "FREE zone").party, "UA");
  EXPECT_EQ(ClassifyName(*m, "name", "a free zone").party, "ZZ");
  EXPECT_EQ(ClassifyName(*m, "kind", "x").party, "XX");
}

TEST(MappingTest, WithoutDefaultUnmatchedHasNoParty) {
  auto m = ParseMapping("rules:\n  - {equals: a, party: P}\n", "m.yaml");
  ASSERT_TRUE(m);
  Classification c = ClassifyName(*m, "name", "b");
  EXPECT_FALSE(c.matched);
  EXPECT_EQ(c.party, "");
}

TEST(MappingTest, ErrorsNameFileLineAndColumn) {
  auto bad_key = ParseMapping("source: x\ncolour: red\n", "m.yaml");
  ASSERT_FALSE(bad_key);
  EXPECT_EQ(bad_key.error().where.file, "m.yaml");
  EXPECT_EQ(bad_key.error().where.line, 2);
  EXPECT_EQ(bad_key.error().where.column, 1);

  auto two_tests =
      ParseMapping("rules:\n  - {equals: a, prefix: b, party: P}\n", "m.yaml");
  ASSERT_FALSE(two_tests);
  EXPECT_EQ(two_tests.error().where.line, 2);
  EXPECT_EQ(two_tests.error().where.field, "rules[0]");

  auto syntax = ParseMapping("rules: [\n", "m.yaml");
  ASSERT_FALSE(syntax);
  EXPECT_GT(syntax.error().where.line, 0);
  EXPECT_EQ(syntax.error().code, ErrorCode::kInvalidInput);

  auto missing = LoadMapping("/nonexistent/mapping.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(MappingTest, ShippedMappingsParseAndClassifyRealLabels) {
  std::filesystem::path dir = testing::SourceRoot() / "examples/territory";
  auto nzz = LoadMapping(dir / "nzz.yaml");
  ASSERT_TRUE(nzz) << nzz.error().ToString();
  for (const char* t : {"nochange", "gains", "losses"}) {
    EXPECT_EQ(ClassifyName(*nzz, "type", t).party, "RU") << t;
  }
  auto ds = LoadMapping(dir / "deepstate.yaml");
  ASSERT_TRUE(ds) << ds.error().ToString();
  EXPECT_EQ(ClassifyName(*ds, "x", "y").party, "RU");
  auto raw = LoadMapping(dir / "deepstate-raw.yaml");
  ASSERT_TRUE(raw) << raw.error().ToString();
  const std::map<std::string, std::string> cases = {
      {"Окуповано /// Occupied\n", "RU"},
      {"ОРДЛО /// CADR and CALR\n", "RU"},
      {"Острів Тузла /// Occupied Tuzla Island", "RU"},
      {"Звільнено /// Liberated", "UA"},
      {"Звільнено ///Taken back\n", "UA"},
      {"Звільнено\xC2\xA0"
       "16.03-17.03 /// Taken back 16.03-17.03",
       "UA"},
      {"Звільнено /// Recaptured\n", "UA"},
      {"Під питанням /// Contensed\n", ""},
      {"Під питанням /// Contested", ""},
      {"Статус невідомий /// Unknown status", ""},
      {"Тимчасово окупована східна Пруссія///East Prussia is temporarily "
       "occupied",
       ""},
      {"Придністров'я /// Transnistria", ""},
  };
  for (const auto& [label, party] : cases) {
    Classification c = ClassifyName(*raw, "name", label);
    EXPECT_TRUE(c.matched) << label;
    EXPECT_EQ(c.party, party) << label;
  }
}

}  // namespace
}  // namespace truce::territory
