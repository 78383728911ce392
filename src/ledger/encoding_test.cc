#include "ledger/encoding.h"

#include <gtest/gtest.h>

namespace truce::ledger {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg=="},
                                                       {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg=="},
                                                       {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    const std::string p(plain);
    const Bytes bytes(p.begin(), p.end());
    EXPECT_EQ(Base64Encode(bytes), encoded);
    EXPECT_EQ(Base64Decode(encoded).value(), bytes);
  }
}

TEST(Base64, DecodingIsStrict) {
  for (const char* bad : {"Zg", "Zg=", "Zh==", "Zm9v\n", " Zm9v", "Zm9v====",
                          "Z=9v", "Zm9-", "Zm9_", "Zm\xf9v", "Zm\x80v"}) {
    EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
  }
}

TEST(Decimal, StrictNoLeadingZeros) {
  EXPECT_EQ(ParseDecimal("0").value(), 0u);
  EXPECT_EQ(ParseDecimal("18446744073709551615").value(), UINT64_MAX);
  for (const char* bad :
       {"", "00", "01", "-1", "+1", "1 ", "18446744073709551616", "1e3"}) {
    EXPECT_FALSE(ParseDecimal(bad).has_value()) << bad;
  }
}

TEST(Hex, RoundTrips) {
  EXPECT_EQ(HexEncode(HexDecode("00ff10Ab").value()), "00ff10ab");
  EXPECT_FALSE(HexDecode("0").has_value());
  EXPECT_FALSE(HexDecode("zz").has_value());
}

}  // namespace
}  // namespace truce::ledger
