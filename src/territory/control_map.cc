#include "territory/control_map.h"

#include <cmath>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace truce::territory {
namespace {

using nlohmann::json;

struct Ctx {
  std::string_view file;
  LoadStats* stats;
};

SourceLocation FileLoc(std::string_view file) {
  SourceLocation loc;
  loc.file = std::string(file);
  return loc;
}

std::unexpected<Error> Bad(const Ctx& c, const std::string& field,
                           const std::string& what, std::string hint = {}) {
  return Fail(ErrorCode::kInvalidInput, what,
              hint.empty() ? "control maps are GeoJSON (RFC 7946)" : hint,
              SourceLocation{std::string(c.file), 0, 0, field});
}

Result<geo::LatLng> ReadPosition(const Ctx& c, const json& p,
                                 const std::string& field) {
  if (!p.is_array() || p.size() < 2) {
    return Bad(c, field, "a position must be [longitude, latitude]");
  }
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!p[i].is_number()) {
      return Bad(c, field + "[" + std::to_string(i) + "]",
                 "a coordinate must be a number");
    }
  }
  double lon = p[0].get<double>();
  double lat = p[1].get<double>();
  if (!std::isfinite(lon) || !std::isfinite(lat) || lat < -90 || lat > 90 ||
      lon < -540 || lon > 540) {
    return Bad(c, field, "position out of range (longitude first, degrees)",
               "check that longitude comes first and latitude is in [-90, 90]");
  }
  if (p.size() > 2) ++c.stats->positions_3d;
  return geo::LatLng(geo::Latitude{lat}, geo::Longitude{lon});
}

Result<geo::Ring> ReadRing(const Ctx& c, const json& r,
                           const std::string& field) {
  if (!r.is_array()) return Bad(c, field, "a ring must be an array");
  geo::Ring ring;
  ring.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto p = ReadPosition(c, r[i], field + "[" + std::to_string(i) + "]");
    if (!p) return std::unexpected(p.error());
    ring.push_back(*p);
  }
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  return ring;
}

Result<geo::Polygon> ReadPolygon(const Ctx& c, const json& rings,
                                 const std::string& field) {
  if (!rings.is_array()) return Bad(c, field, "a polygon must be an array");
  geo::Polygon poly;
  for (std::size_t i = 0; i < rings.size(); ++i) {
    auto r = ReadRing(c, rings[i], field + "[" + std::to_string(i) + "]");
    if (!r) return std::unexpected(r.error());
    if (i == 0) {
      poly.outer = std::move(*r);
    } else {
      poly.holes.push_back(std::move(*r));
    }
  }
  return poly;
}

// Appends the polygons of `g` to `out`; counts points and lines.
Result<void> ReadGeometry(const Ctx& c, const json& g, const std::string& field,
                          geo::MultiPolygon& out, int depth) {
  if (g.is_null()) return {};
  if (!g.is_object()) return Bad(c, field, "a geometry must be an object");
  if (depth > 16) return Bad(c, field, "geometry collections nested too deep");
  auto t = g.find("type");
  if (t == g.end() || !t->is_string()) {
    return Bad(c, field + ".type", "a geometry needs a \"type\"");
  }
  const std::string& type = t->get_ref<const std::string&>();
  if (type == "GeometryCollection") {
    auto gs = g.find("geometries");
    if (gs == g.end() || !gs->is_array()) {
      return Bad(c, field + ".geometries", "needs a \"geometries\" array");
    }
    for (std::size_t i = 0; i < gs->size(); ++i) {
      auto r = ReadGeometry(c, (*gs)[i],
                            field + ".geometries[" + std::to_string(i) + "]",
                            out, depth + 1);
      if (!r) return r;
    }
    return {};
  }
  auto co = g.find("coordinates");
  if (co == g.end()) {
    return Bad(c, field + ".coordinates", type + " needs \"coordinates\"");
  }
  std::string cf = field + ".coordinates";
  if (type == "Polygon") {
    auto p = ReadPolygon(c, *co, cf);
    if (!p) return std::unexpected(p.error());
    out.polygons.push_back(std::move(*p));
  } else if (type == "MultiPolygon") {
    if (!co->is_array()) return Bad(c, cf, "must be an array of polygons");
    for (std::size_t i = 0; i < co->size(); ++i) {
      auto p = ReadPolygon(c, (*co)[i], cf + "[" + std::to_string(i) + "]");
      if (!p) return std::unexpected(p.error());
      out.polygons.push_back(std::move(*p));
    }
  } else if (type == "Point" || type == "MultiPoint") {
    ++c.stats->points_skipped;
  } else if (type == "LineString" || type == "MultiLineString") {
    ++c.stats->lines_skipped;
  } else {
    return Bad(c, field + ".type", "unknown geometry type '" + type + "'");
  }
  return {};
}

std::optional<std::string> StringProperty(const json& props,
                                          const std::string& name) {
  if (!props.is_object()) return std::nullopt;
  auto it = props.find(name);
  if (it == props.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  return std::nullopt;
}

Result<void> ReadFeature(const Ctx& c, const json& f, int index,
                         const Mapping& mapping, ControlMap& map) {
  std::string field = "features[" + std::to_string(index) + "]";
  if (!f.is_object()) return Bad(c, field, "a feature must be an object");
  ++map.stats.features;
  static const json kNull;
  auto pit = f.find("properties");
  const json& props = pit == f.end() ? kNull : *pit;
  if (mapping.date_property && map.date.empty()) {
    if (auto d = StringProperty(props, *mapping.date_property)) {
      map.date = d->substr(0, 10);
    }
  }
  auto git = f.find("geometry");
  geo::MultiPolygon area;
  if (git != f.end()) {
    auto r = ReadGeometry(c, *git, field + ".geometry", area, 0);
    if (!r) return r;
  }
  if (area.polygons.empty()) {
    ++map.stats.without_area;
    return {};
  }
  Classification cls = mapping.Classify(
      [&](const std::string& name) { return StringProperty(props, name); });
  if (cls.party.empty()) {
    ++map.stats.unmapped;
    return {};
  }
  ++map.stats.area_features;
  std::string name;
  for (const std::string& prop :
       {mapping.property, std::string("name"), std::string("shapeName"),
        std::string("NAME_1"), std::string("name_en")}) {
    auto it = props.is_object() ? props.find(prop) : props.end();
    if (props.is_object() && it != props.end() && it->is_string()) {
      name = it->get<std::string>();
      break;
    }
  }
  map.features.push_back(ControlFeature{index, cls.party, cls.status,
                                        std::move(name), std::move(area)});
  return {};
}

Result<void> ReadTop(const Ctx& c, const json& doc, const Mapping& mapping,
                     ControlMap& map) {
  if (!doc.is_object()) {
    return Bad(c, "", "a control map must be a GeoJSON object");
  }
  auto t = doc.find("type");
  if (t == doc.end()) {
    // NZZ wraps the collection: {"value": FeatureCollection}.
    auto v = doc.find("value");
    if (v != doc.end() && v->is_object()) return ReadTop(c, *v, mapping, map);
    return Bad(c, "type", "no GeoJSON \"type\" at the top level",
               "expected a FeatureCollection, a Feature, a geometry or "
               "{\"value\": FeatureCollection}");
  }
  if (*t == "FeatureCollection") {
    auto fs = doc.find("features");
    if (fs == doc.end() || !fs->is_array()) {
      return Bad(c, "features", "a FeatureCollection needs a features array");
    }
    for (std::size_t i = 0; i < fs->size(); ++i) {
      auto r = ReadFeature(c, (*fs)[i], static_cast<int>(i), mapping, map);
      if (!r) return r;
    }
    return {};
  }
  if (*t == "Feature") return ReadFeature(c, doc, 0, mapping, map);
  json feature = {
      {"type", "Feature"}, {"properties", nullptr}, {"geometry", doc}};
  return ReadFeature(c, feature, 0, mapping, map);
}

SourceLocation LocateByte(std::string_view text, std::size_t byte,
                          std::string_view file) {
  SourceLocation loc{std::string(file), 1, 1, ""};
  if (byte > text.size()) byte = text.size();
  for (std::size_t i = 0; i + 1 < byte; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else {
      ++loc.column;
    }
  }
  return loc;
}

}  // namespace

std::string DateFromFileName(std::string_view name) {
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > name.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (name[i] < '0' || name[i] > '9') return false;
    }
    return true;
  };
  auto boundary = [&](std::size_t at) {
    return at >= name.size() || name[at] < '0' || name[at] > '9';
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (i > 0 && !boundary(i - 1)) continue;
    if (digits(i, 4) && i + 10 <= name.size() && name[i + 4] == '-' &&
        digits(i + 5, 2) && name[i + 7] == '-' && digits(i + 8, 2)) {
      return std::string(name.substr(i, 10));
    }
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (i > 0 && !boundary(i - 1)) continue;
    if (digits(i, 8) && boundary(i + 8) && name.substr(i, 2) == "20") {
      std::string_view d = name.substr(i, 8);
      return std::string(d.substr(0, 4)) + "-" + std::string(d.substr(4, 2)) +
             "-" + std::string(d.substr(6, 2));
    }
    if (digits(i, 10) && boundary(i + 10)) {
      std::time_t t =
          static_cast<std::time_t>(std::stoll(std::string(name.substr(i, 10))));
      std::tm tm{};
      gmtime_r(&t, &tm);
      char buf[32];
      std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
      return buf;
    }
  }
  return "";
}

Result<ControlMap> ParseControlMap(std::string_view json_text,
                                   const Mapping& mapping,
                                   std::string_view file_label) {
  ControlMap map;
  map.file = std::string(file_label);
  Ctx c{file_label, &map.stats};
  try {
    json doc = json::parse(json_text.begin(), json_text.end());
    auto r = ReadTop(c, doc, mapping, map);
    if (!r) return std::unexpected(r.error());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (auto p = what.find(": "); p != std::string::npos) {
      what = what.substr(p + 2);
    }
    return Fail(ErrorCode::kInvalidInput, "invalid JSON: " + what,
                "control maps are GeoJSON (RFC 7946)",
                LocateByte(json_text, e.byte, file_label));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("cannot read control map: ") + e.what(), "",
                FileLoc(file_label));
  }
  if (map.date.empty()) {
    map.date =
        DateFromFileName(std::filesystem::path(file_label).filename().string());
  }
  return map;
}

Result<ControlMap> LoadControlMap(const std::filesystem::path& path,
                                  const Mapping& mapping) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound, "cannot read control map",
                "check the file name", FileLoc(path.string()));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    return Fail(ErrorCode::kIo, "read error", "", FileLoc(path.string()));
  }
  return ParseControlMap(ss.str(), mapping, path.string());
}

}  // namespace truce::territory
