// QuickCanonicalCheck against the oracle, base's RFC 8785 canonicalization:
// whatever the quick check accepts must canonicalize to itself.
#include "ledger/canonical_check.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "base/canonical_json.h"

namespace truce::ledger {
namespace {

bool OracleSaysCanonical(const std::string& s) {
  auto c = CanonicalizeJsonText(s);
  return c && *c == s;
}

TEST(QuickCanonicalCheck, AcceptsCanonicalJsonOfTheCommonShapes) {
  for (const std::string s : {
           "{}",
           "[]",
           "0",
           "-7",
           "123456789012345",
           "true",
           "null",
           "\"\"",
           "{\"\":1,\"a\":[]}",
           "{\"A\":1,\"B\":2,\"a\":3,\"b\":4}",
           "[1,[2,[3,{}]],\"x\",false]",
           "{\"s\":\"tab\\there \\\"q\\\" back\\\\slash \\u001f\"}",
           "{\"count\":3,\"source\":\"feed-0.nmea\",\"type\":\"batch\"}",
           "1.5",
           "-0.001",
           "31.2345678",
           "1e+30",
           "1e-7",
           "1234567890123456",
           "[46.1234567,-0.5]",
       }) {
    EXPECT_EQ(QuickCanonicalCheck(s), CanonicalCheck::kCanonical) << s;
    EXPECT_TRUE(OracleSaysCanonical(s)) << s;  // the cases are right
  }
}

TEST(QuickCanonicalCheck, LeavesNonCanonicalAndUndecidedInputsToTheOracle) {
  for (const std::string s : {
           // Not canonical (the oracle refuses or rewrites them).
           "",
           " 1",
           "{ }",
           "{\"b\":1,\"a\":2}",
           "{\"a\":1,\"a\":1}",
           "{\"a\":1,}",
           "[1,]",
           "01",
           "-0",
           "1.50",
           "1E3",
           "\"\\/\"",
           "\"\\u0041\"",
           "\"\\u000a\"",
           "\"\\u001F\"",
           "\"a\tb\"",
           "tru",
           "[1]x",
           "{\"a\"1}",
           "\"open",
           "1.0",
           "1e30",
           "1E+30",
           "0.1e1",
           "-0.0",
           "1e400",
           "1.",
           ".5",
           "1e",
           "12345678901234567890",
           // Canonical but not decided by the quick check.
           "\"\xc3\xb1\"",
           "{\"\\\"\":1}",
       }) {
    EXPECT_EQ(QuickCanonicalCheck(s), CanonicalCheck::kUnsure) << s;
  }
  std::string deep(65, '[');
  deep += std::string(65, ']');
  EXPECT_EQ(QuickCanonicalCheck(deep), CanonicalCheck::kUnsure);
  EXPECT_EQ(QuickCanonicalCheck(deep.substr(1, 128)),
            CanonicalCheck::kCanonical);  // 64 levels
}

// Random edits of canonical documents: every edit the quick check accepts is
// canonical by the oracle. (Fixed seed: the same cases every run.)
TEST(QuickCanonicalCheck, AgreesWithTheOracleOnRandomEdits) {
  const std::vector<std::string> seeds = {
      "{\"a\":[1,2,{\"b\":null}],\"c\":\"x\\ny\",\"d\":-12,\"e\":true}",
      "{\"bbox\":[31.2345678,46.1234567,1e-7,-0.5,1e+21,123456789012345]}",
      "{\"confidence\":\"corroborated\",\"first\":\"2025-06-01T03:12:00Z\","
      "\"id\":\"corridor-1/mmsi:273000001\",\"observation_count\":7,"
      "\"position\":[31,46],\"revision\":2,\"sources\":[\"r1\",\"r2\"]}",
  };
  const std::string alphabet = "{}[]:,\"\\01-9.eEaAbz tnrfu/\x01\x7f";
  std::mt19937 rng(20251129);
  int accepted = 0, edits = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string s = seeds[rng() % seeds.size()];
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < n && !s.empty(); ++k) {
      const size_t at = rng() % s.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          s[at] = c;
          break;
        case 1:
          s.insert(s.begin() + static_cast<long>(at), c);
          break;
        default:
          s.erase(at, 1);
      }
    }
    ++edits;
    if (QuickCanonicalCheck(s) == CanonicalCheck::kCanonical) {
      ++accepted;
      ASSERT_TRUE(OracleSaysCanonical(s)) << s;
    }
  }
  // The property was exercised, not vacuous: many edits stay canonical
  // (a digit for a digit, a letter inside a string).
  EXPECT_GT(accepted, edits / 20);
}

}  // namespace
}  // namespace truce::ledger
