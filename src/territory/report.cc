#include "territory/report.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace truce::territory {
namespace {

std::string Q(const std::string& s) { return nlohmann::json(s).dump(); }

std::string Km2(double v) { return fmt::format("{:.6f}", v); }
std::string Deg(double v) { return fmt::format("{:.7f}", v); }

// CSV field: quoted when it holds a comma, quote or line break (RFC 4180).
std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string IntList(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    // Appended piece by piece: g++ 12's -Wrestrict misfires on
    // `const char* + std::string` at -O2.
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  return out;
}

std::string StatsJson(const LoadStats& s) {
  return fmt::format(
      "{{\"features\":{},\"area_features\":{},\"unmapped\":{},"
      "\"without_area\":{},\"points_skipped\":{},\"lines_skipped\":{},"
      "\"positions_3d\":{}}}",
      s.features, s.area_features, s.unmapped, s.without_area, s.points_skipped,
      s.lines_skipped, s.positions_3d);
}

std::string RepairJson(const RepairReport& r) {
  return fmt::format(
      "{{\"features_checked\":{},\"features_repaired\":{},"
      "\"repaired_features\":[{}],\"rings_dropped\":{},"
      "\"area_moved_km2\":{}}}",
      r.features_checked, r.features_repaired, IntList(r.repaired_features),
      r.rings_dropped, Km2(r.area_moved_km2));
}

std::string RingJson(const geo::Ring& ring) {
  std::string out = "[";
  for (const geo::LatLng& p : ring) {
    out += fmt::format("[{},{}],", p.lng_deg, p.lat_deg);
  }
  if (!ring.empty()) {
    out += fmt::format("[{},{}]", ring.front().lng_deg, ring.front().lat_deg);
  } else if (out.back() == ',') {
    out.pop_back();
  }
  return out + "]";
}

std::string PolygonJson(const geo::Polygon& p) {
  std::string out = "[";
  out += RingJson(p.outer);
  for (const geo::Ring& h : p.holes) {
    out += ',';
    out += RingJson(h);
  }
  out += ']';
  return out;
}

std::string PieceProperties(const ChangePiece& p) {
  return fmt::format(
      "\"party\":{},\"change\":\"{}\",\"area_km2\":{},\"area_error_km2\":{},"
      "\"centroid\":[{},{}],\"inside\":[{},{}],\"bbox\":[{},{},{},{}],"
      "\"region\":{}",
      Q(p.party), ChangeName(p.change), Km2(p.area_km2), Km2(p.area_error_km2),
      Deg(p.centroid.lng_deg), Deg(p.centroid.lat_deg), Deg(p.inside.lng_deg),
      Deg(p.inside.lat_deg), Deg(p.west_deg), Deg(p.south_deg), Deg(p.east_deg),
      Deg(p.north_deg), Q(p.region));
}

}  // namespace

std::string FormatAreaTable(const std::vector<MapArea>& maps) {
  std::string out;
  for (const MapArea& m : maps) {
    const Territory& t = m.territory;
    const LoadStats& s = m.stats;
    out += fmt::format("{}  date {}\n", t.file,
                       t.date.empty() ? "unknown" : t.date);
    out += fmt::format(
        "  features {}: {} with a party, {} area features without a party, "
        "{} without area ({} points, {} lines skipped); {} 3-D positions "
        "flattened\n",
        s.features, s.area_features, s.unmapped, s.without_area,
        s.points_skipped, s.lines_skipped, s.positions_3d);
    out += fmt::format(
        "  repair: {} of {} features repaired{}, {} degenerate rings dropped, "
        "area moved {} km2\n",
        t.repair.features_repaired, t.repair.features_checked,
        t.repair.repaired_features.empty()
            ? std::string()
            : " (features " + IntList(t.repair.repaired_features) + ")",
        t.repair.rings_dropped, Km2(t.repair.area_moved_km2));
    if (t.parties.empty()) out += "  no controlled area\n";
    for (const PartyTerritory& p : t.parties) {
      out += fmt::format("  {:<12} {:>20} km2  +- {} km2  ({} features)\n",
                         p.party, Km2(p.area_km2), Km2(p.area_error_km2),
                         p.features);
    }
  }
  return out;
}

std::string FormatAreaJson(const std::vector<MapArea>& maps) {
  std::string out = "{\"maps\":[";
  for (std::size_t i = 0; i < maps.size(); ++i) {
    const Territory& t = maps[i].territory;
    out += fmt::format(
        "{}{{\"file\":{},\"date\":{},\"stats\":{},\"repair\":{},"
        "\"parties\":[",
        i ? "," : "", Q(t.file), Q(t.date), StatsJson(maps[i].stats),
        RepairJson(t.repair));
    for (std::size_t j = 0; j < t.parties.size(); ++j) {
      const PartyTerritory& p = t.parties[j];
      out += fmt::format(
          "{}{{\"party\":{},\"area_km2\":{},\"area_error_km2\":{},"
          "\"features\":{}}}",
          j ? "," : "", Q(p.party), Km2(p.area_km2), Km2(p.area_error_km2),
          p.features);
    }
    out += "]}";
  }
  return out + "]}\n";
}

std::string FormatAreaCsv(const std::vector<MapArea>& maps) {
  std::string out =
      "file,date,party,area_km2,area_error_km2,features,features_repaired,"
      "repair_area_moved_km2\n";
  for (const MapArea& m : maps) {
    const Territory& t = m.territory;
    for (const PartyTerritory& p : t.parties) {
      out += fmt::format("{},{},{},{},{},{},{},{}\n", Csv(t.file), t.date,
                         Csv(p.party), Km2(p.area_km2), Km2(p.area_error_km2),
                         p.features, t.repair.features_repaired,
                         Km2(t.repair.area_moved_km2));
    }
  }
  return out;
}

std::string FormatSeriesCsv(const std::vector<MapArea>& maps) {
  std::set<std::string> parties;
  for (const MapArea& m : maps) {
    for (const PartyTerritory& p : m.territory.parties) parties.insert(p.party);
  }
  std::string out = "date,file";
  for (const std::string& p : parties) {
    out += ',';
    out += Csv(p + "_km2");
    out += ',';
    out += Csv(p + "_change_km2");
  }
  out += "\n";
  std::map<std::string, double> prev;
  bool first = true;
  for (const MapArea& m : maps) {
    out += m.territory.date + "," + Csv(m.territory.file);
    for (const std::string& party : parties) {
      double area = 0;
      for (const PartyTerritory& p : m.territory.parties) {
        if (p.party == party) area = p.area_km2;
      }
      out += ',';
      out += Km2(area);
      out += ',';
      if (!first) out += Km2(area - prev[party]);
      prev[party] = area;
    }
    out += "\n";
    first = false;
  }
  return out;
}

std::string FormatDiffTable(const TerritoryDiff& d) {
  std::string out =
      fmt::format("before {} ({})\nafter  {} ({})\n", d.before_file,
                  d.before_date, d.after_file, d.after_date);
  out += fmt::format("{:<12} {:>18} {:>18} {:>16} {:>16} {:>16}\n", "party",
                     "before_km2", "after_km2", "gained_km2", "lost_km2",
                     "net_km2");
  for (const PartyChange& p : d.parties) {
    out += fmt::format("{:<12} {:>18} {:>18} {:>16} {:>16} {:>16}\n", p.party,
                       Km2(p.before_km2), Km2(p.after_km2), Km2(p.gained_km2),
                       Km2(p.lost_km2), Km2(p.net_km2));
  }
  if (d.parties.empty()) {
    // Say it, rather than print an empty table: both maps may have loaded
    // fine and hold only points, or areas no mapping rule assigns.
    out += "(no controlled area in either map)\n";
  }
  out += fmt::format("\n{} changed pieces of at least {} km2, largest first\n",
                     d.pieces.size(), Km2(d.min_km2));
  for (const ChangePiece& p : d.pieces) {
    out += fmt::format("  {:<8} {:<6} {:>16} km2  at {} N {} E{}\n", p.party,
                       ChangeName(p.change), Km2(p.area_km2),
                       Deg(p.centroid.lat_deg), Deg(p.centroid.lng_deg),
                       p.region.empty() ? "" : "  " + p.region);
  }
  for (const PartyChange& p : d.parties) {
    if (p.pieces_below_min > 0) {
      out += fmt::format("  {}: {} smaller pieces not listed, {} km2 in all\n",
                         p.party, p.pieces_below_min, Km2(p.below_min_km2));
    }
  }
  return out;
}

std::string FormatDiffJson(const TerritoryDiff& d) {
  std::string out = fmt::format(
      "{{\"before\":{{\"file\":{},\"date\":{}}},\"after\":{{\"file\":{},"
      "\"date\":{}}},\"min_km2\":{},\"parties\":[",
      Q(d.before_file), Q(d.before_date), Q(d.after_file), Q(d.after_date),
      Km2(d.min_km2));
  for (std::size_t i = 0; i < d.parties.size(); ++i) {
    const PartyChange& p = d.parties[i];
    out += fmt::format(
        "{}{{\"party\":{},\"before_km2\":{},\"after_km2\":{},"
        "\"gained_km2\":{},\"lost_km2\":{},\"net_km2\":{},"
        "\"pieces_below_min\":{},\"below_min_km2\":{}}}",
        i ? "," : "", Q(p.party), Km2(p.before_km2), Km2(p.after_km2),
        Km2(p.gained_km2), Km2(p.lost_km2), Km2(p.net_km2), p.pieces_below_min,
        Km2(p.below_min_km2));
  }
  out += "],\"pieces\":[";
  for (std::size_t i = 0; i < d.pieces.size(); ++i) {
    out += std::string(i ? "," : "") + "{" + PieceProperties(d.pieces[i]) + "}";
  }
  return out + "]}\n";
}

std::string FormatDiffCsv(const TerritoryDiff& d) {
  std::string out =
      "party,change,area_km2,area_error_km2,centroid_lon,centroid_lat,"
      "west,south,east,north,region\n";
  for (const ChangePiece& p : d.pieces) {
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{}\n", Csv(p.party),
        ChangeName(p.change), Km2(p.area_km2), Km2(p.area_error_km2),
        Deg(p.centroid.lng_deg), Deg(p.centroid.lat_deg), Deg(p.west_deg),
        Deg(p.south_deg), Deg(p.east_deg), Deg(p.north_deg), Csv(p.region));
  }
  return out;
}

std::string FormatDiffGeoJson(const TerritoryDiff& d) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (std::size_t i = 0; i < d.pieces.size(); ++i) {
    const ChangePiece& p = d.pieces[i];
    out += fmt::format(
        "{}\n{{\"type\":\"Feature\",\"properties\":{{{}}},\"geometry\":{{"
        "\"type\":\"Polygon\",\"coordinates\":{}}}}}",
        i ? "," : "", PieceProperties(p), PolygonJson(p.shape));
  }
  return out + "\n]}\n";
}

}  // namespace truce::territory
