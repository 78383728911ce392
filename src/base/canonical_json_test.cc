#include "base/canonical_json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace truce {
namespace {

// RFC 8785 section 3.2.2, the main example: input and its canonical form.
TEST(CanonicalJson, Rfc8785MainExample) {
  const char* input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  const char* want =
      "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,"
      "4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\"
      "\\\"/\"}";
  auto got = CanonicalizeJsonText(input);
  ASSERT_TRUE(got.has_value()) << got.error().ToString();
  EXPECT_EQ(*got, want);
}

// RFC 8785 section 3.2.3: members sorted by UTF-16 code units, so U+1F600
// (surrogates D83D DE00) sorts before U+FB33 although its UTF-8 is larger.
TEST(CanonicalJson, Rfc8785SortingExample) {
  const char* input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  auto got = CanonicalizeJsonText(input);
  ASSERT_TRUE(got.has_value()) << got.error().ToString();
  auto parsed = nlohmann::json::parse(*got);
  std::vector<std::string> values;
  // Values in the order they appear in the canonical text.
  size_t pos = 0;
  for (const char* v :
       {"Carriage Return", "One", "Control",
        "Latin Small Letter O With Diaeresis", "Euro Sign",
        "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"}) {
    size_t at = got->find(v, pos);
    ASSERT_NE(at, std::string::npos) << v << " out of order in " << *got;
    pos = at;
  }
  EXPECT_EQ(got->substr(0, 30), "{\"\\r\":\"Carriage Return\",\"1\":\"O");
}

double FromBits(std::uint64_t bits) { return std::bit_cast<double>(bits); }

// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
TEST(CanonicalJson, Rfc8785AppendixBNumbers) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, want] : cases) {
    auto got = FormatEcmaScriptNumber(FromBits(bits));
    ASSERT_TRUE(got.has_value()) << want;
    EXPECT_EQ(*got, want) << std::hex << bits;
  }
  EXPECT_FALSE(FormatEcmaScriptNumber(FromBits(0x7fffffffffffffff)));  // NaN
  EXPECT_FALSE(FormatEcmaScriptNumber(FromBits(0x7ff0000000000000)));  // Inf
}

TEST(CanonicalJson, IntegersAndNesting) {
  auto got = CanonicalizeJsonText(
      R"({"b":[1,-2,{"z":0,"a":9007199254740993}],"a":{}, "c":[]})");
  ASSERT_TRUE(got.has_value());
  // 2^53+1 is not a double; it is formatted as the nearest one, 2^53.
  EXPECT_EQ(*got, R"({"a":{},"b":[1,-2,{"a":9007199254740992,"z":0}],"c":[]})");
}

TEST(CanonicalJson, EscapesControlsAndKeepsOtherCharacters) {
  auto got = CanonicalizeJsonText("[\"\\u0001\\u001f\\u007f\\u2028/\\t\"]");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, "[\"\\u0001\\u001f\x7f\xe2\x80\xa8/\\t\"]");
}

TEST(CanonicalJson, RejectsInvalidInput) {
  EXPECT_FALSE(CanonicalizeJsonText(R"({"a":1,"a":2})"));
  EXPECT_FALSE(CanonicalizeJsonText(R"({"a":1)"));
  EXPECT_FALSE(CanonicalizeJsonText("\"\xff\""));
  EXPECT_FALSE(CanonicalJson(nlohmann::json(std::string("\xc0\xaf"))));
  EXPECT_FALSE(CanonicalJson(nlohmann::json(std::nan(""))));
}

}  // namespace
}  // namespace truce
