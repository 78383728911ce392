#include "observe/mid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "base/testing/testdata.h"

namespace truce::observe {
namespace {

TEST(Mid, KnownFlags) {
  EXPECT_EQ(FlagForMid(272)->iso2, "UA");
  EXPECT_EQ(FlagForMid(273)->iso2, "RU");
  EXPECT_EQ(FlagForMid(351)->iso2, "PA");
  EXPECT_FALSE(FlagForMid(200).has_value());
  EXPECT_FALSE(FlagForMid(999).has_value());
}

TEST(Mid, StationKindsPlaceTheMid) {
  EXPECT_EQ(ClassifyMmsi(272123456).kind, StationKind::kShip);
  EXPECT_EQ(ClassifyMmsi(272123456).flag->iso2, "UA");
  EXPECT_EQ(ClassifyMmsi(27312345).kind,
            StationKind::kGroupOfShips);  // 0273...
  EXPECT_EQ(ClassifyMmsi(27312345).flag->iso2, "RU");
  EXPECT_EQ(ClassifyMmsi(2723456).kind,
            StationKind::kCoastStation);  // 00272...
  EXPECT_EQ(ClassifyMmsi(2723456).flag->iso2, "UA");
  EXPECT_EQ(ClassifyMmsi(111273123).kind, StationKind::kSarAircraft);
  EXPECT_EQ(ClassifyMmsi(111273123).flag->iso2, "RU");
  EXPECT_EQ(ClassifyMmsi(982721234).kind, StationKind::kAuxiliaryCraft);
  EXPECT_EQ(ClassifyMmsi(992721234).kind, StationKind::kAidToNavigation);
  EXPECT_EQ(ClassifyMmsi(992721234).flag->iso2, "UA");
  EXPECT_EQ(ClassifyMmsi(970123456).kind, StationKind::kSart);
  EXPECT_FALSE(ClassifyMmsi(970123456).flag.has_value());
  EXPECT_EQ(ClassifyMmsi(972123456).kind, StationKind::kMob);
  EXPECT_EQ(ClassifyMmsi(974123456).kind, StationKind::kEpirb);
  EXPECT_EQ(ClassifyMmsi(0).kind, StationKind::kInvalid);
  EXPECT_EQ(ClassifyMmsi(1000000000).kind, StationKind::kInvalid);
  EXPECT_FALSE(ClassifyMmsi(200123456).flag.has_value());  // unallocated MID
}

TEST(Mid, ShipTypeClasses) {
  EXPECT_EQ(VesselClassForShipType(35), VesselClass::kMilitary);
  EXPECT_EQ(VesselClassName(VesselClassForShipType(35)), "military");
  EXPECT_EQ(VesselClassForShipType(55), VesselClass::kLawEnforcement);
  EXPECT_EQ(VesselClassName(VesselClassForShipType(55)), "law_enforcement");
  EXPECT_EQ(VesselClassForShipType(51), VesselClass::kSearchAndRescue);
  EXPECT_EQ(VesselClassForShipType(59), VesselClass::kNoncombatant);
  EXPECT_EQ(VesselClassForShipType(70), VesselClass::kCargo);
  EXPECT_EQ(VesselClassForShipType(84), VesselClass::kTanker);
  EXPECT_EQ(VesselClassForShipType(60), VesselClass::kPassenger);
  EXPECT_EQ(VesselClassForShipType(0), VesselClass::kUnknown);
  EXPECT_EQ(VesselClassForShipType(100), VesselClass::kUnknown);
}

TEST(Mid, TableIsSortedAndUnique) {
  auto all = AllMids();
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](auto& a, auto& b) { return a.mid < b.mid; }));
  std::set<uint16_t> seen;
  for (const auto& f : all) {
    EXPECT_TRUE(seen.insert(f.mid).second) << f.mid;
    EXPECT_EQ(f.iso2.size(), 2u);
  }
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Against libais's MID list: every MID it has, we have, under a name that
// shares its first word (apart from a few spellings listed here).
TEST(Mid, AgreesWithReferenceList) {
  TRUCE_TESTDATA_OR_SKIP(path, "ais/mid.csv");
  auto text = testing::ReadFile(path);
  ASSERT_TRUE(text.has_value());
  std::istringstream in(*text);
  std::string line;
  std::getline(in, line);  // header
  int checked = 0;
  std::vector<std::string> problems;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const size_t comma = line.find(',');
    const unsigned mid = std::stoul(line.substr(0, comma));
    std::string name = line.substr(comma + 1);
    if (!name.empty() && name.front() == '"')
      name = name.substr(1, name.size() - 2);
    auto flag = FlagForMid(mid);
    if (!flag) {
      problems.push_back(std::to_string(mid) + " missing (" + name + ")");
      continue;
    }
    std::string ours = Lower(std::string(flag->name));
    const std::string first = ours.substr(0, ours.find_first_of(" ("));
    // Names that changed or are spelled otherwise in the reference.
    static const std::map<unsigned, std::string> kAliases = {
        {267, "slovak"}, {274, "macedonia"}, {306, "netherlands"},
        {451, "kyrgyz"}, {669, "swaziland"}, {701, "argentin"}};
    const auto alias = kAliases.find(mid);
    if (alias != kAliases.end() &&
        Lower(name).find(alias->second) != std::string::npos) {
      ++checked;
      continue;
    }
    if (Lower(name).find(first) == std::string::npos) {
      problems.push_back(std::to_string(mid) + ": ours '" +
                         std::string(flag->name) + "' reference '" + name +
                         "'");
    }
    ++checked;
  }
  EXPECT_GT(checked, 280);
  std::string all;
  for (const auto& p : problems) all += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << all;
}

}  // namespace
}  // namespace truce::observe
