#include "territory/report.h"

#include <gtest/gtest.h>

namespace truce::territory {
namespace {

geo::LatLng P(double lon, double lat) {
  return geo::LatLng(geo::Latitude{lat}, geo::Longitude{lon});
}

TerritoryDiff SmallDiff() {
  TerritoryDiff d;
  d.before_file = "a.geojson";
  d.before_date = "2024-10-01";
  d.after_file = "b,\"c\".geojson";
  d.after_date = "2024-10-02";
  d.min_km2 = 0.5;
  PartyChange ru;
  ru.party = "RU";
  ru.before_km2 = 10;
  ru.after_km2 = 11.25;
  ru.gained_km2 = 1.25;
  ru.net_km2 = 1.25;
  ru.pieces_below_min = 1;
  ru.below_min_km2 = 0.25;
  d.parties.push_back(ru);
  ChangePiece p;
  p.party = "RU";
  p.change = Change::kGained;
  p.shape.outer = {P(37, 48), P(37.5, 48), P(37.5, 48.25)};
  p.area_km2 = 1.0;
  p.area_error_km2 = 0.0002;
  p.centroid = P(37.3333333333, 48.0833333333);
  p.inside = P(37.3, 48.05);
  p.west_deg = 37;
  p.south_deg = 48;
  p.east_deg = 37.5;
  p.north_deg = 48.25;
  p.region = "Donetsk Oblast";
  d.pieces.push_back(p);
  return d;
}

TEST(ReportTest, DiffJsonBytes) {
  EXPECT_EQ(
      FormatDiffJson(SmallDiff()),
      R"({"before":{"file":"a.geojson","date":"2024-10-01"},"after":{"file":"b,\"c\".geojson","date":"2024-10-02"},"min_km2":0.500000,"parties":[{"party":"RU","before_km2":10.000000,"after_km2":11.250000,"gained_km2":1.250000,"lost_km2":0.000000,"net_km2":1.250000,"pieces_below_min":1,"below_min_km2":0.250000}],"pieces":[{"party":"RU","change":"gained","area_km2":1.000000,"area_error_km2":0.000200,"centroid":[37.3333333,48.0833333],"inside":[37.3000000,48.0500000],"bbox":[37.0000000,48.0000000,37.5000000,48.2500000],"region":"Donetsk Oblast"}]})"
      "\n");
}

TEST(ReportTest, DiffCsvAndGeoJsonBytes) {
  TerritoryDiff d = SmallDiff();
  EXPECT_EQ(FormatDiffCsv(d),
            "party,change,area_km2,area_error_km2,centroid_lon,centroid_lat,"
            "west,south,east,north,region\n"
            "RU,gained,1.000000,0.000200,37.3333333,48.0833333,37.0000000,"
            "48.0000000,37.5000000,48.2500000,Donetsk Oblast\n");
  std::string g = FormatDiffGeoJson(d);
  EXPECT_NE(
      g.find(
          R"("geometry":{"type":"Polygon","coordinates":[[[37,48],[37.5,48],[37.5,48.25],[37,48]]]}})"),
      std::string::npos)
      << g;
  EXPECT_EQ(g.rfind("\n]}\n"), g.size() - 4);
  std::string table = FormatDiffTable(d);
  EXPECT_NE(table.find("1 changed pieces of at least 0.500000 km2"),
            std::string::npos);
  EXPECT_NE(table.find("RU: 1 smaller pieces not listed, 0.250000 km2 in all"),
            std::string::npos);
}

TEST(ReportTest, SeriesHasOneRowPerMapAndChangeSincePrevious) {
  auto map = [](std::string date,
                std::vector<std::pair<std::string, double>> a) {
    MapArea m;
    m.territory.date = date;
    m.territory.file = date + ".json";
    for (auto& [party, km2] : a) {
      PartyTerritory p;
      p.party = party;
      p.area_km2 = km2;
      m.territory.parties.push_back(p);
    }
    return m;
  };
  std::vector<MapArea> maps = {map("2024-01-01", {{"RU", 100}}),
                               map("2024-01-02", {{"RU", 101.5}, {"UA", 2}}),
                               map("2024-01-03", {})};
  EXPECT_EQ(
      FormatSeriesCsv(maps),
      "date,file,RU_km2,RU_change_km2,UA_km2,UA_change_km2\n"
      "2024-01-01,2024-01-01.json,100.000000,,0.000000,\n"
      "2024-01-02,2024-01-02.json,101.500000,1.500000,2.000000,2.000000\n"
      "2024-01-03,2024-01-03.json,0.000000,-101.500000,0.000000,-2.000000\n");
  EXPECT_NE(FormatAreaTable({maps[2]}).find("no controlled area"),
            std::string::npos);
}

TEST(ReportTest, DiffTableSaysWhenNeitherMapHasControlledArea) {
  TerritoryDiff d;
  d.before_file = "empty.geojson";
  d.after_file = "points.geojson";
  std::string table = FormatDiffTable(d);
  EXPECT_NE(table.find("(no controlled area in either map)"), std::string::npos)
      << table;
  EXPECT_NE(table.find("0 changed pieces"), std::string::npos) << table;
  // With a party the note is absent.
  EXPECT_EQ(FormatDiffTable(SmallDiff()).find("no controlled area"),
            std::string::npos);
}

}  // namespace
}  // namespace truce::territory
