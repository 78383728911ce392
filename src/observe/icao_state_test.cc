// The ICAO address -> state of registry table (icao_state.h) against
// independent facts: blocks stated in the brief and well known (Germany
// 3C-3F, USA A0-AF, UK 40-43, Ukraine 508000-50FFFF, Russia's 1xxxxx), the
// edges between neighbouring blocks, and the real registrations of a readsb
// snapshot: the nationality mark of each registration (ICAO Annex 7, a
// different document) must name the same State as the address block.
#include "observe/icao_state.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "base/testing/testdata.h"
#include "observe/readsb.h"
#include "observe/sbs.h"

namespace truce::observe {
namespace {

std::string Iso(uint32_t address) {
  const IcaoBlock* b = IcaoStateOf(address);
  return b == nullptr ? "-" : std::string(b->iso2);
}

TEST(IcaoStateTest, KnownBlocks) {
  EXPECT_EQ(Iso(0x3C0000), "DE");
  EXPECT_EQ(Iso(0x3D1234), "DE");
  EXPECT_EQ(Iso(0x3FFFFF), "DE");
  EXPECT_EQ(Iso(0xA00000), "US");
  EXPECT_EQ(Iso(0xA835C5), "US");
  EXPECT_EQ(Iso(0xAFFFFF), "US");
  EXPECT_EQ(Iso(0x400000), "GB");
  EXPECT_EQ(Iso(0x43FFFF), "GB");
  EXPECT_EQ(Iso(0x508000), "UA");
  EXPECT_EQ(Iso(0x50FFFF), "UA");
  EXPECT_EQ(Iso(0x507FFF), "UZ");  // the block just below Ukraine's
  EXPECT_EQ(Iso(0x510000), "BY");  // and just above
  EXPECT_EQ(Iso(0x150000), "RU");
  EXPECT_EQ(Iso(0x17FFFF), "RU");
  EXPECT_EQ(Iso(0x100000), "RU");
  EXPECT_EQ(Iso(0x1FFFFF), "RU");
  EXPECT_EQ(Iso(0x738000), "IL");
  EXPECT_EQ(Iso(0x4B8000), "TR");
  EXPECT_EQ(Iso(0x7C0000), "AU");
  EXPECT_EQ(Iso(0x840000), "JP");
  EXPECT_EQ(IcaoStateOf(0x000000), nullptr);
  EXPECT_EQ(IcaoStateOf(0x200000), nullptr);  // AFI regional reserve
  EXPECT_EQ(IcaoStateOf(0xF00000), nullptr);  // ICAO temporary addresses
  EXPECT_EQ(IcaoStateOf(0xFFFFFF), nullptr);
  EXPECT_EQ(IcaoStateOf(0x1000000), nullptr);  // above 24 bits
  EXPECT_EQ(IcaoStateOf(0x508000)->name, "Ukraine");
}

TEST(IcaoStateTest, BlocksAreAlignedPowersOfTwo) {
  // Annex 10 allocates blocks of 2^k addresses starting on a multiple of
  // 2^k (1024 for the smallest States); a typo in the table breaks this.
  ASSERT_GT(IcaoBlocks().size(), 180u);
  for (const IcaoBlock& b : IcaoBlocks()) {
    const uint32_t size = b.last - b.first + 1;
    EXPECT_EQ(size & (size - 1), 0u) << b.name;
    EXPECT_GE(size, 1024u) << b.name;
    EXPECT_EQ(b.first % size, 0u) << b.name;
    EXPECT_EQ(IcaoStateOf(b.first), &b);
    EXPECT_EQ(IcaoStateOf(b.last), &b);
  }
}

// Nationality and common marks (ICAO Annex 7; the registers' prefixes) of
// the States in the snapshot, written out by hand.
const std::map<std::string, std::string>& Marks() {
  static const auto* m = new std::map<std::string, std::string>{
      {"N", "US"},  {"C", "CA"},   {"VH", "AU"},  {"JA", "JP"}, {"G", "GB"},
      {"A6", "AE"}, {"TC", "TR"},  {"VT", "IN"},  {"A7", "QA"}, {"XA", "MX"},
      {"XB", "MX"}, {"XC", "MX"},  {"ZK", "NZ"},  {"D", "DE"},  {"RA", "RU"},
      {"F", "FR"},  {"PR", "BR"},  {"PP", "BR"},  {"PT", "BR"}, {"PS", "BR"},
      {"HL", "KR"}, {"PK", "ID"},  {"EI", "IE"},  {"9V", "SG"}, {"VN", "VN"},
      {"EC", "ES"}, {"I", "IT"},   {"OE", "AT"},  {"OO", "BE"}, {"OY", "DK"},
      {"OH", "FI"}, {"SX", "GR"},  {"HA", "HU"},  {"LN", "NO"}, {"PH", "NL"},
      {"SP", "PL"}, {"CS", "PT"},  {"OK", "CZ"},  {"YR", "RO"}, {"SE", "SE"},
      {"HB", "CH"}, {"9H", "MT"},  {"LX", "LU"},  {"HZ", "SA"}, {"4X", "IL"},
      {"9M", "MY"}, {"RP", "PH"},  {"AP", "PK"},  {"HS", "TH"}, {"CC", "CL"},
      {"LV", "AR"}, {"EP", "IR"},  {"UR", "UA"},  {"SU", "EG"}, {"ZS", "ZA"},
      {"ET", "ET"}, {"5Y", "KE"},  {"5N", "NG"},  {"OD", "LB"}, {"JY", "JO"},
      {"9K", "KW"}, {"A9C", "BH"}, {"A4O", "OM"}, {"EW", "BY"}, {"YU", "RS"},
      {"OM", "SK"}, {"S5", "SI"},  {"9A", "HR"},  {"YL", "LV"}, {"LY", "LT"},
      {"ES", "EE"}, {"TF", "IS"},  {"UP", "KZ"},  {"4L", "GE"}, {"4K", "AZ"},
      {"EK", "AM"}, {"HK", "CO"},  {"YV", "VE"},  {"TI", "CR"}, {"HP", "PA"},
      {"OB", "PE"}, {"CX", "UY"},  {"CP", "BO"},  {"HC", "EC"}, {"ZP", "PY"},
      {"CU", "CU"}, {"TG", "GT"},  {"HR", "HN"},  {"YS", "SV"}, {"YN", "NI"},
      {"8P", "BB"}, {"6Y", "JM"},  {"9Y", "TT"},  {"V3", "BZ"}, {"C6", "BS"},
      {"S2", "BD"}, {"4R", "LK"},  {"9N", "NP"},  {"XY", "MM"}, {"XU", "KH"}};
  return *m;
}

TEST(IcaoStateTest, AgreesWithRegistrationsOfARealSnapshot) {
  TRUCE_TESTDATA_OR_SKIP(path,
                         "adsb/readsb_global_2022-05-01T0000Z_aircraft.json");
  auto text = truce::testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  const auto doc = nlohmann::json::parse(*text);
  int compared = 0, agree = 0;
  std::string disagreements;
  for (const auto& a : doc.at("aircraft")) {
    if (!a.contains("r") || !a.contains("hex")) continue;
    const std::string hex = a["hex"].get<std::string>();
    const std::string reg = a["r"].get<std::string>();
    if (hex.empty() || hex[0] == '~') continue;
    std::string prefix;
    if (const size_t dash = reg.find('-'); dash != std::string::npos) {
      prefix = reg.substr(0, dash);
    } else if (!reg.empty() && reg[0] == 'N') {
      prefix = "N";  // N12345: no dash in the US register
    } else if (reg.starts_with("JA") || reg.starts_with("HL")) {
      prefix = reg.substr(0, 2);
    }
    const auto mark = Marks().find(prefix);
    if (mark == Marks().end()) continue;
    ++compared;
    const std::string iso = Iso(std::stoul(hex, nullptr, 16));
    if (iso == mark->second) {
      ++agree;
    } else {
      disagreements += hex + " " + reg + " -> " + iso + "\n";
    }
  }
  // 7214 registrations carry a mark of the list; two do not agree, both
  // bad data in the feed (012345 "I-B203", a placeholder address, and
  // 017073 "RP-C803", in Egypt's block).
  EXPECT_GT(compared, 7000);
  EXPECT_LE(compared - agree, 2) << disagreements;
}

TEST(IcaoStateTest, AircraftObservationsCarryTheStateOfRegistry) {
  // An SBS position of a Ukrainian address.
  auto r = ParseSbsLine(
      "MSG,3,1,1,508035,1,2024/01/02,03:04:05.000,2024/01/02,03:04:05.000,,"
      "35000,,,50.45,30.52,,,0,0,0,0");
  ASSERT_TRUE(r.has_value());
  Observation o;
  ASSERT_TRUE(SbsToObservation(*r, "raw", "feed", &o));
  EXPECT_EQ(o.flag_iso2.view(), "UA");
}

}  // namespace
}  // namespace truce::observe
