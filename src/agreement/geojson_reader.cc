#include "agreement/geojson_reader.h"

#include <fmt/format.h>

#include <fstream>

#include "geo/validate.h"

namespace truce::agreement::internal {
namespace {

namespace fs = std::filesystem;

// Marks of each vertex, parallel to a MultiPolygon, for locating problems.
using RingMarks = std::vector<YAML::Node>;
using PolygonMarks = std::vector<RingMarks>;

constexpr std::string_view kPositionHint =
    "a position is [longitude, latitude] (GeoJSON puts longitude first)";

std::optional<geo::LatLng> ReadPosition(const YAML::Node& node,
                                        std::string_view field,
                                        Diagnostics& diag) {
  if (!node.IsSequence() || node.size() < 2 || node.size() > 3) {
    diag.Add(node, field,
             fmt::format("expected a position [longitude, latitude], found {}",
                         node.IsSequence()
                             ? fmt::format("a list of {} items", node.size())
                             : std::string(TypeName(node))),
             std::string(kPositionHint));
    return std::nullopt;
  }
  auto lng = ScalarNumber(node[0]);
  auto lat = ScalarNumber(node[1]);
  if (!lng || !lat || (node.size() == 3 && !ScalarNumber(node[2]))) {
    diag.Add(node, field, "a position must hold numbers only",
             std::string(kPositionHint));
    return std::nullopt;
  }
  bool bad = false;
  if (*lat < -90 || *lat > 90) {
    bool swapped = *lng >= -90 && *lng <= 90 && *lat >= -180 && *lat <= 180;
    diag.Add(node[1], field,
             fmt::format("latitude {} is out of range [-90, 90]", *lat),
             swapped ? "longitude comes first in GeoJSON: did you swap them?"
                     : "correct the latitude");
    bad = true;
  }
  if (*lng < -180 || *lng > 180) {
    diag.Add(node[0], field,
             fmt::format("longitude {} is out of range [-180, 180]", *lng),
             "correct the longitude");
    bad = true;
  }
  if (bad) return std::nullopt;
  return geo::LatLng(geo::Latitude{*lat}, geo::Longitude{*lng});
}

// Reads a list of positions; false if any is bad.
bool ReadPositions(const YAML::Node& node, std::string_view field,
                   Diagnostics& diag, geo::Polyline* out, RingMarks* marks) {
  if (!node.IsSequence()) {
    diag.Add(node, field,
             fmt::format("expected a list of positions, found {}",
                         TypeName(node)),
             std::string(kPositionHint));
    return false;
  }
  bool ok = true;
  for (const auto& p : node) {
    auto pos = ReadPosition(p, field, diag);
    if (!pos) {
      ok = false;
      continue;
    }
    out->push_back(*pos);
    if (marks) marks->push_back(p);
  }
  return ok;
}

bool ReadRing(const YAML::Node& node, std::string_view field, Diagnostics& diag,
              geo::Ring* ring, RingMarks* marks) {
  if (!ReadPositions(node, field, diag, ring, marks)) return false;
  if (ring->size() < 4) {
    diag.Add(node, field,
             fmt::format("a polygon ring needs at least 4 positions (3 "
                         "corners and the first repeated), found {}",
                         ring->size()),
             "add corners, and end the ring with its first position");
    return false;
  }
  if (ring->front() != ring->back()) {
    diag.Add(marks->back(), field,
             fmt::format("ring is not closed: its last position [{}, {}] "
                         "differs from its first [{}, {}]",
                         ring->back().lng_deg, ring->back().lat_deg,
                         ring->front().lng_deg, ring->front().lat_deg),
             "repeat the first position at the end of the ring");
    return false;
  }
  ring->pop_back();
  marks->pop_back();
  return true;
}

bool ReadPolygonCoordinates(const YAML::Node& node, std::string_view field,
                            Diagnostics& diag, geo::Polygon* polygon,
                            PolygonMarks* marks) {
  if (!node.IsSequence() || node.size() == 0) {
    diag.Add(node, field,
             "a Polygon's coordinates must be a non-empty list of rings",
             "write [[[lon, lat], [lon, lat], [lon, lat], [lon, lat]]]: "
             "an outer ring, then any holes");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < node.size(); ++i) {
    geo::Ring ring;
    RingMarks ring_marks;
    if (!ReadRing(node[i], field, diag, &ring, &ring_marks)) {
      ok = false;
      continue;
    }
    if (i == 0) {
      polygon->outer = std::move(ring);
    } else {
      polygon->holes.push_back(std::move(ring));
    }
    marks->push_back(std::move(ring_marks));
  }
  return ok;
}

// Runs the geometric validity checks and locates each problem.
bool ValidateWithMarks(const geo::MultiPolygon& multi,
                       const std::vector<PolygonMarks>& marks,
                       const YAML::Node& whole, std::string_view field,
                       Diagnostics& diag) {
  auto problems = geo::ValidateMultiPolygon(multi);
  for (const auto& p : problems) {
    YAML::Node at = whole;
    if (p.polygon >= 0 && static_cast<size_t>(p.polygon) < marks.size()) {
      const auto& pm = marks[p.polygon];
      if (p.ring >= 0 && static_cast<size_t>(p.ring) < pm.size()) {
        const auto& rm = pm[p.ring];
        if (p.vertex >= 0 && static_cast<size_t>(p.vertex) < rm.size()) {
          at = rm[p.vertex];
        } else if (!rm.empty()) {
          at = rm.front();
        }
      }
    }
    diag.Add(at, field, p.message, p.hint);
  }
  return problems.empty();
}

std::optional<geo::MultiPolygon> ReadGeometryArea(const YAML::Node& g,
                                                  std::string_view field,
                                                  Diagnostics& diag) {
  MapReader m(g, std::string(field), diag, {"type", "coordinates", "bbox"});
  if (!m.ok()) return std::nullopt;
  auto type = m.String("type", true, "Polygon or MultiPolygon");
  YAML::Node coords = m.Get("coordinates");
  if (!type) return std::nullopt;
  if (!coords.IsDefined()) {
    diag.Add(g, field, "geometry has no 'coordinates'",
             "add coordinates: [...]");
    return std::nullopt;
  }
  geo::MultiPolygon multi;
  std::vector<PolygonMarks> marks;
  bool ok = true;
  if (*type == "Polygon") {
    geo::Polygon polygon;
    PolygonMarks pm;
    ok = ReadPolygonCoordinates(coords, field, diag, &polygon, &pm);
    if (ok) {
      multi.polygons.push_back(std::move(polygon));
      marks.push_back(std::move(pm));
    }
  } else if (*type == "MultiPolygon") {
    if (!coords.IsSequence()) {
      diag.Add(coords, field,
               "a MultiPolygon's coordinates must be a list of polygons",
               "write [[[[lon, lat], ...]], ...]");
      return std::nullopt;
    }
    for (const auto& pc : coords) {
      geo::Polygon polygon;
      PolygonMarks pm;
      if (ReadPolygonCoordinates(pc, field, diag, &polygon, &pm)) {
        multi.polygons.push_back(std::move(polygon));
        marks.push_back(std::move(pm));
      } else {
        ok = false;
      }
    }
  } else {
    diag.Add(m.Get("type"), field,
             fmt::format("a zone needs a Polygon or MultiPolygon, not a {}",
                         *type),
             *type == "LineString"
                 ? "to make a zone along a line, use band: {line: ..., "
                   "distance_km: ...}"
                 : "draw the zone as a Polygon");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  // An empty MultiPolygon is legal GeoJSON; rules that use it get a warning.
  if (multi.polygons.empty()) return multi;
  if (!ValidateWithMarks(multi, marks, coords, field, diag)) {
    return std::nullopt;
  }
  return multi;
}

std::optional<geo::Polyline> ReadGeometryLine(const YAML::Node& g,
                                              std::string_view field,
                                              Diagnostics& diag) {
  MapReader m(g, std::string(field), diag, {"type", "coordinates", "bbox"});
  if (!m.ok()) return std::nullopt;
  auto type = m.String("type", true, "LineString");
  if (!type) return std::nullopt;
  if (*type != "LineString") {
    diag.Add(m.Get("type"), field,
             fmt::format("a line must be a LineString, not a {}", *type),
             "draw the line as one LineString");
    return std::nullopt;
  }
  YAML::Node coords = m.Get("coordinates");
  geo::Polyline line;
  RingMarks marks;
  if (!coords.IsDefined()) {
    diag.Add(g, field, "geometry has no 'coordinates'",
             "add coordinates: [[lon, lat], [lon, lat], ...]");
    return std::nullopt;
  }
  if (!ReadPositions(coords, field, diag, &line, &marks)) return std::nullopt;
  if (line.size() < 2) {
    diag.Add(coords, field,
             fmt::format("a LineString needs at least 2 positions, found {}",
                         line.size()),
             "add positions");
    return std::nullopt;
  }
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == line[i - 1]) {
      diag.Add(marks[i], field,
               "position repeats the one before it (a zero-length segment)",
               "remove the duplicate");
      return std::nullopt;
    }
  }
  return line;
}

// Unwraps Feature and FeatureCollection around geometries.
std::vector<YAML::Node> Geometries(const YAML::Node& value,
                                   std::string_view field, Diagnostics& diag) {
  std::vector<YAML::Node> out;
  if (!value.IsMap()) {
    diag.Add(value, field,
             fmt::format("expected GeoJSON (a mapping with 'type'), found {}",
                         TypeName(value)),
             "write a GeoJSON geometry, Feature or FeatureCollection");
    return out;
  }
  YAML::Node type = Child(value, "type");
  std::string t = type.IsScalar() ? type.Scalar() : "";
  if (t == "FeatureCollection") {
    YAML::Node features = Child(value, "features");
    if (!features.IsSequence()) {
      diag.Add(value, field, "a FeatureCollection needs a 'features' list",
               "add features: [...]");
      return out;
    }
    for (const auto& f : features) {
      if (f.IsMap() && Child(f, "geometry").IsMap()) {
        out.push_back(Child(f, "geometry"));
      } else {
        diag.Add(f, field, "a Feature needs a 'geometry' mapping",
                 "add geometry: {type: ..., coordinates: ...}");
      }
    }
  } else if (t == "Feature") {
    if (Child(value, "geometry").IsMap()) {
      out.push_back(Child(value, "geometry"));
    } else {
      diag.Add(value, field, "a Feature needs a 'geometry' mapping",
               "add geometry: {type: ..., coordinates: ...}");
    }
  } else {
    out.push_back(value);
  }
  return out;
}

}  // namespace

std::optional<LoadedFile> LoadGeoJsonFile(const YAML::Node& ref,
                                          std::string_view field,
                                          const GeometryContext& ctx) {
  if (!ref.IsScalar() || ref.Scalar().empty()) {
    ctx.diag.Add(ref, field, "'file' must be a path",
                 "write file: geometry/zone.geojson (relative to the "
                 "agreement)");
    return std::nullopt;
  }
  fs::path path = ctx.base_dir / ref.Scalar();
  std::string display = path.lexically_normal().string();
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path)) {
    ctx.diag.Add(ref, field,
                 fmt::format("referenced file '{}' cannot be read", display),
                 "check the path; it is relative to the agreement file");
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  Diagnostics file_diag(display);
  LoadedFile loaded{YAML::Node(), display};
  try {
    loaded.root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    ctx.diag.AddAt(
        SourceLocation{display, e.mark.line + 1, e.mark.column + 1, ""},
        fmt::format("'{}' is not GeoJSON: {}", display, e.msg),
        "the file must be a GeoJSON document (RFC 7946)");
    return std::nullopt;
  }
  if (!loaded.root.IsMap() || !Child(loaded.root, "type").IsScalar()) {
    ctx.diag.AddAt(SourceLocation{display, 1, 1, ""},
                   fmt::format("'{}' is not GeoJSON: it has no 'type'", display),
                   "the file must be a GeoJSON document (RFC 7946)");
    return std::nullopt;
  }
  return loaded;
}

std::optional<geo::MultiPolygon> ReadAreaValue(const YAML::Node& value,
                                               std::string_view field,
                                               Diagnostics& diag) {
  geo::MultiPolygon multi;
  bool ok = true;
  size_t before = diag.errors().size();
  for (const YAML::Node& g : Geometries(value, field, diag)) {
    auto part = ReadGeometryArea(g, field, diag);
    if (!part) {
      ok = false;
      continue;
    }
    for (auto& p : part->polygons) multi.polygons.push_back(std::move(p));
  }
  if (!ok || diag.errors().size() != before) return std::nullopt;
  return multi;
}

std::optional<geo::MultiPolygon> ReadArea(const YAML::Node& node,
                                          std::string_view field,
                                          const GeometryContext& ctx,
                                          std::string* file_out) {
  if (node.IsMap() && Child(node, "file").IsDefined()) {
    MapReader m(node, std::string(field), ctx.diag, {"file"});
    auto loaded = LoadGeoJsonFile(Child(node, "file"), field, ctx);
    if (!loaded) return std::nullopt;
    if (file_out) *file_out = Child(node, "file").Scalar();
    Diagnostics file_diag(loaded->display_path);
    auto multi = ReadAreaValue(loaded->root, "", file_diag);
    for (auto& e : file_diag.errors()) ctx.diag.errors().push_back(e);
    return multi;
  }
  return ReadAreaValue(node, field, ctx.diag);
}

std::optional<geo::Polyline> ReadLine(const YAML::Node& node,
                                      std::string_view field,
                                      const GeometryContext& ctx,
                                      std::string* file_out) {
  if (node.IsMap() && Child(node, "file").IsDefined()) {
    MapReader m(node, std::string(field), ctx.diag, {"file"});
    auto loaded = LoadGeoJsonFile(Child(node, "file"), field, ctx);
    if (!loaded) return std::nullopt;
    if (file_out) *file_out = Child(node, "file").Scalar();
    Diagnostics file_diag(loaded->display_path);
    auto geoms = Geometries(loaded->root, "", file_diag);
    std::optional<geo::Polyline> line;
    if (geoms.size() != 1) {
      file_diag.AddAt(SourceLocation{loaded->display_path, 1, 1, ""},
                      fmt::format("expected exactly one LineString, found {} "
                                  "geometries",
                                  geoms.size()),
                      "keep one LineString per line file");
    } else {
      line = ReadGeometryLine(geoms[0], "", file_diag);
    }
    for (auto& e : file_diag.errors()) ctx.diag.errors().push_back(e);
    return line;
  }
  return ReadGeometryLine(node, field, ctx.diag);
}

}  // namespace truce::agreement::internal
