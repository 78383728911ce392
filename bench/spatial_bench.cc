// The spatial-index benchmark: truce against GEOS prepared geometry and S2,
// side by side in one run on the same points (PostGIS is timed by
// bench/run.sh on files this program writes). See bench/README.md.
//
// Usage: spatial_bench DATA_DIR OUT_DIR [POINTS [CASES]]
//   DATA_DIR  the shared data folder (TRUCE_TESTDATA); read, never copied
//   OUT_DIR   where the points, zones and truce's answers are written for
//             PostGIS, and rates.tsv (case, engine, points/s, differences)
//   CASES     comma-separated subset of small,large,band (default all)
//
// Cases (each with its own POINTS uniform random points, default 1,000,000,
// fixed seed, the same for every engine):
//   small  Kharkiv Oblast (geoBoundaries ADM1, ~5,400 vertices)
//   large  Ukraine (the union of all geoBoundaries ADM1 units), each edge
//          split into collinear lon/lat pieces to >= 100,000 vertices
//   band   within 50 km of a 1,000-vertex line (the first 1,000 vertices of
//          Donetsk Oblast's boundary)
//
// Every engine gets its own point representation built before timing (GEOS
// point geometries, S2Points, AEQD-projected points for GEOS's band): the
// timings are of the query alone, single-threaded.
#include <benchmark/benchmark.h>
#include <geos_c.h>
#include <s2/mutable_s2shape_index.h>
#include <s2/s1chord_angle.h>
#include <s2/s2closest_edge_query.h>
#include <s2/s2contains_point_query.h>
#include <s2/s2earth.h>
#include <s2/s2latlng.h>
#include <s2/s2loop.h>
#include <s2/s2polygon.h>
#include <s2/s2polyline.h>

#include <GeographicLib/AzimuthalEquidistant.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "geo/contains.h"
#include "geo/latlng.h"
#include "geo/line_distance.h"

namespace {

using truce::geo::Latitude;
using truce::geo::LatLng;
using truce::geo::Longitude;
using truce::geo::MultiPolygon;
using truce::geo::Polygon;
using truce::geo::Ring;

constexpr double kBandWidth_m = 50000;

LatLng At(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "spatial_bench: %s\n", why.c_str());
  std::exit(1);
}

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  return nlohmann::json::parse(in);
}

Ring ReadRing(const nlohmann::json& coords) {
  Ring r;
  for (const auto& c : coords) {
    LatLng p = At(c[1].get<double>(), c[0].get<double>());
    if (!r.empty() && r.back() == p) continue;  // repeated vertices
    r.push_back(p);
  }
  if (r.size() > 1 && r.front() == r.back()) r.pop_back();
  return r;
}

MultiPolygon ReadGeometry(const nlohmann::json& g) {
  MultiPolygon m;
  auto polygon = [&](const nlohmann::json& rings) {
    Polygon p;
    for (size_t i = 0; i < rings.size(); ++i) {
      (i == 0 ? p.outer : p.holes.emplace_back()) = ReadRing(rings[i]);
    }
    m.polygons.push_back(std::move(p));
  };
  if (g["type"] == "Polygon") polygon(g["coordinates"]);
  if (g["type"] == "MultiPolygon") {
    for (const auto& rings : g["coordinates"]) polygon(rings);
  }
  return m;
}

size_t Vertices(const MultiPolygon& m) {
  size_t n = 0;
  for (const Polygon& p : m.polygons) {
    n += p.outer.size();
    for (const Ring& h : p.holes) n += h.size();
  }
  return n;
}

// --- GEOS helpers (lon/lat as x/y unless projected) -----------------------

GEOSGeometry* GeosRing(GEOSContextHandle_t h, const Ring& r) {
  GEOSCoordSequence* s =
      GEOSCoordSeq_create_r(h, static_cast<unsigned>(r.size() + 1), 2);
  for (size_t i = 0; i <= r.size(); ++i) {
    const LatLng& p = r[i % r.size()];
    GEOSCoordSeq_setXY_r(h, s, static_cast<unsigned>(i), p.lng_deg, p.lat_deg);
  }
  return GEOSGeom_createLinearRing_r(h, s);
}

GEOSGeometry* GeosMulti(GEOSContextHandle_t h, const MultiPolygon& m) {
  std::vector<GEOSGeometry*> polys;
  for (const Polygon& p : m.polygons) {
    std::vector<GEOSGeometry*> holes;
    for (const Ring& r : p.holes) holes.push_back(GeosRing(h, r));
    polys.push_back(
        GEOSGeom_createPolygon_r(h, GeosRing(h, p.outer), holes.data(),
                                 static_cast<unsigned>(holes.size())));
  }
  return GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(),
                                     static_cast<unsigned>(polys.size()));
}

MultiPolygon FromGeos(GEOSContextHandle_t h, const GEOSGeometry* g) {
  MultiPolygon m;
  auto ring = [&](const GEOSGeometry* r) {
    const GEOSCoordSequence* s = GEOSGeom_getCoordSeq_r(h, r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, s, &n);
    Ring out;
    for (unsigned i = 0; i + 1 < n; ++i) {
      double x, y;
      GEOSCoordSeq_getXY_r(h, s, i, &x, &y);
      out.push_back(At(y, x));
    }
    return out;
  };
  for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) {
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON) continue;
    Polygon out{ring(GEOSGetExteriorRing_r(h, p)), {}};
    for (int k = 0; k < GEOSGetNumInteriorRings_r(h, p); ++k) {
      out.holes.push_back(ring(GEOSGetInteriorRingN_r(h, p, k)));
    }
    m.polygons.push_back(std::move(out));
  }
  return m;
}

// Splits every edge into `pieces` collinear lon/lat pieces: the same
// RFC 7946 zone, with more vertices.
Ring Split(const Ring& r, int pieces) {
  Ring out;
  for (size_t i = 0; i < r.size(); ++i) {
    const LatLng& a = r[i];
    const LatLng& b = r[(i + 1) % r.size()];
    for (int k = 0; k < pieces; ++k) {
      double t = static_cast<double>(k) / pieces;
      out.push_back(At(a.lat_deg + t * (b.lat_deg - a.lat_deg),
                       a.lng_deg + t * (b.lng_deg - a.lng_deg)));
    }
  }
  return out;
}

std::string Wkt(const MultiPolygon& m) {
  std::string s = "MULTIPOLYGON(";
  char buf[64];
  auto ring = [&](const Ring& r) {
    s += "(";
    for (size_t i = 0; i <= r.size(); ++i) {
      const LatLng& p = r[i % r.size()];
      std::snprintf(buf, sizeof buf, "%s%.17g %.17g", i ? "," : "", p.lng_deg,
                    p.lat_deg);
      s += buf;
    }
    s += ")";
  };
  for (size_t i = 0; i < m.polygons.size(); ++i) {
    s += i ? ",(" : "(";
    ring(m.polygons[i].outer);
    for (const Ring& h : m.polygons[i].holes) s += ",", ring(h);
    s += ")";
  }
  return s + ")";
}

std::string Wkt(const std::vector<LatLng>& line) {
  std::string s = "LINESTRING(";
  char buf[64];
  for (size_t i = 0; i < line.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.17g %.17g", i ? "," : "",
                  line[i].lng_deg, line[i].lat_deg);
    s += buf;
  }
  return s + ")";
}

// --- S2 -------------------------------------------------------------------

std::unique_ptr<S2Polygon> S2Zone(const MultiPolygon& m) {
  std::vector<std::unique_ptr<S2Loop>> loops;
  auto add = [&](const Ring& r) {
    std::vector<S2Point> v;
    for (const LatLng& p : r) {
      S2Point q = S2LatLng::FromDegrees(p.lat_deg, p.lng_deg).ToPoint();
      if (v.empty() || v.back() != q) v.push_back(q);
    }
    if (v.size() > 1 && v.front() == v.back()) v.pop_back();
    auto loop = std::make_unique<S2Loop>(v, S2Debug::DISABLE);
    loop->Normalize();  // orientation is not significant in the input
    loops.push_back(std::move(loop));
  };
  for (const Polygon& p : m.polygons) {
    add(p.outer);
    for (const Ring& h : p.holes) add(h);
  }
  auto poly = std::make_unique<S2Polygon>();
  poly->set_s2debug_override(S2Debug::DISABLE);
  poly->InitNested(std::move(loops));
  return poly;
}

// --- timing ---------------------------------------------------------------

// CPU time of this thread: the machine is shared, so wall time would count
// other people's work; this is the per-core rate the goals are stated in.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

// Best of `reps` runs of fn over n items, in items per second of CPU time.
double Rate(size_t n, int reps, const std::function<void()>& fn) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    double t0 = ThreadSeconds();
    fn();
    best = std::min(best, ThreadSeconds() - t0);
  }
  return static_cast<double>(n) / best;
}

struct Row {
  std::string kase, engine, model;
  double rate;
  size_t positives, differ;
  std::string note;
};

std::vector<LatLng> RandomPoints(size_t n, double lat0, double lat1,
                                 double lng0, double lng1, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ulat(lat0, lat1), ulng(lng0, lng1);
  std::vector<LatLng> pts(n);
  for (LatLng& p : pts) p = At(ulat(rng), ulng(rng));
  return pts;
}

void Box(const MultiPolygon& m, double margin, double* lat0, double* lat1,
         double* lng0, double* lng1) {
  *lat0 = *lng0 = 1e9;
  *lat1 = *lng1 = -1e9;
  for (const Polygon& p : m.polygons) {
    for (const LatLng& v : p.outer) {
      *lat0 = std::min(*lat0, v.lat_deg);
      *lat1 = std::max(*lat1, v.lat_deg);
      *lng0 = std::min(*lng0, v.lng_deg);
      *lng1 = std::max(*lng1, v.lng_deg);
    }
  }
  double dlat = (*lat1 - *lat0) * margin, dlng = (*lng1 - *lng0) * margin;
  *lat0 -= dlat, *lat1 += dlat, *lng0 -= dlng, *lng1 += dlng;
}

size_t Count(const std::vector<uint8_t>& v) {
  return static_cast<size_t>(std::count(v.begin(), v.end(), 1));
}

size_t Differ(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  size_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

void WritePoints(const std::string& path, const std::vector<LatLng>& pts,
                 const std::vector<uint8_t>& truce) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) Die("cannot write " + path);
  for (size_t i = 0; i < pts.size(); ++i) {
    std::fprintf(f, "%zu,%.17g,%.17g,%s\n", i, pts[i].lng_deg, pts[i].lat_deg,
                 truce[i] ? "t" : "f");
  }
  std::fclose(f);
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path) << text << "\n";
}

// Largest distance from a differing point to the zone's boundary, in
// degrees of the lon/lat plane times 111,195 m (an upper bound in metres):
// shows that the differences are edge-model differences.
double FarthestDifference(GEOSContextHandle_t h, const GEOSGeometry* boundary,
                          const std::vector<LatLng>& pts,
                          const std::vector<uint8_t>& a,
                          const std::vector<uint8_t>& b) {
  double worst = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (a[i] == b[i]) continue;
    GEOSGeometry* p =
        GEOSGeom_createPointFromXY_r(h, pts[i].lng_deg, pts[i].lat_deg);
    double d = 0;
    GEOSDistance_r(h, boundary, p, &d);
    GEOSGeom_destroy_r(h, p);
    worst = std::max(worst, d * 111195);  // >= metres in lon/lat
  }
  return worst;
}

void ContainsCase(const std::string& name, const MultiPolygon& zone, size_t n,
                  const std::string& out_dir, std::vector<Row>* rows) {
  double lat0, lat1, lng0, lng1;
  Box(zone, 0.05, &lat0, &lat1, &lng0, &lng1);
  std::vector<LatLng> pts =
      RandomPoints(n, lat0, lat1, lng0, lng1, name == "small" ? 1 : 2);
  std::printf(
      "%s: %zu vertices, %zu polygons, %zu points in [%.2f, %.2f] N x "
      "[%.2f, %.2f] E\n",
      name.c_str(), Vertices(zone), zone.polygons.size(), n, lat0, lat1, lng0,
      lng1);
  std::fflush(stdout);

  // truce
  auto t0 = std::chrono::steady_clock::now();
  truce::geo::PreparedPolygon prepared(zone);
  std::chrono::duration<double> build = std::chrono::steady_clock::now() - t0;
  std::vector<uint8_t> truce_in(n);
  double truce_rate = Rate(n, 5, [&] {
    for (size_t i = 0; i < n; ++i) truce_in[i] = prepared.Contains(pts[i]);
    benchmark::DoNotOptimize(truce_in.data());
  });
  // Spot check against the reference (the tests and fuzz target prove it).
  for (size_t i = 0; i < n; i += n / 1000 + 1) {
    if (truce::geo::Contains(zone, pts[i]) != static_cast<bool>(truce_in[i])) {
      Die("PreparedPolygon differs from the reference");
    }
  }
  rows->push_back(
      {name, "truce PreparedPolygon", "lon/lat edges (RFC 7946)", truce_rate,
       Count(truce_in), 0,
       "build " + std::to_string(build.count()).substr(0, 5) + " s"});

  // GEOS prepared geometry, in lon/lat: the same edge model as truce.
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSGeometry* g = GeosMulti(h, zone);
  GEOSGeometry* boundary = GEOSBoundary_r(h, g);
  t0 = std::chrono::steady_clock::now();
  const GEOSPreparedGeometry* prep = GEOSPrepare_r(h, g);
  std::vector<GEOSGeometry*> gpts(n);
  for (size_t i = 0; i < n; ++i) {
    gpts[i] = GEOSGeom_createPointFromXY_r(h, pts[i].lng_deg, pts[i].lat_deg);
  }
  std::vector<uint8_t> geos_in(n);
  double geos_rate = Rate(n, 1, [&] {
    for (size_t i = 0; i < n; ++i) {
      geos_in[i] = GEOSPreparedCovers_r(h, prep, gpts[i]) == 1;
    }
  });
  std::vector<uint8_t> geos_contains(n);
  double geos_rate2 = Rate(n, 1, [&] {
    for (size_t i = 0; i < n; ++i) {
      geos_contains[i] = GEOSPreparedContains_r(h, prep, gpts[i]) == 1;
    }
  });
  for (GEOSGeometry* p : gpts) GEOSGeom_destroy_r(h, p);
  rows->push_back({name, "GEOS PreparedCovers", "planar in lon/lat", geos_rate,
                   Count(geos_in), Differ(truce_in, geos_in), ""});
  rows->push_back({name, "GEOS PreparedContains", "planar, boundary out",
                   geos_rate2, Count(geos_contains),
                   Differ(truce_in, geos_contains), ""});

  // S2: geodesic (great-circle) edges on the sphere.
  auto s2zone = S2Zone(zone);
  std::vector<S2Point> spts(n);
  for (size_t i = 0; i < n; ++i) {
    spts[i] = S2LatLng::FromDegrees(pts[i].lat_deg, pts[i].lng_deg).ToPoint();
  }
  auto query = MakeS2ContainsPointQuery(&s2zone->index());
  std::vector<uint8_t> s2_in(n);
  double s2_rate = Rate(n, 2, [&] {
    for (size_t i = 0; i < n; ++i) s2_in[i] = query.Contains(spts[i]);
  });
  size_t s2_differ = Differ(truce_in, s2_in);
  char note[96] = "";
  if (s2_differ) {
    std::snprintf(note, sizeof note,
                  "differing points within %.2f m of an edge",
                  FarthestDifference(h, boundary, pts, truce_in, s2_in));
  }
  rows->push_back({name, "S2 ContainsPointQuery", "great-circle edges", s2_rate,
                   Count(s2_in), s2_differ, note});

  GEOSPreparedGeom_destroy_r(h, prep);
  GEOSGeom_destroy_r(h, boundary);
  GEOSGeom_destroy_r(h, g);
  GEOS_finish_r(h);

  WritePoints(out_dir + "/pts_" + name + ".csv", pts, truce_in);
  WriteText(out_dir + "/zone_" + name + ".wkt", Wkt(zone));
}

void BandCase(const std::vector<LatLng>& line, size_t n,
              const std::string& out_dir, std::vector<Row>* rows) {
  MultiPolygon hull{{Polygon{line, {}}}};
  double lat0, lat1, lng0, lng1;
  Box(hull, 0, &lat0, &lat1, &lng0, &lng1);
  lat0 -= 0.8, lat1 += 0.8, lng0 -= 1.2, lng1 += 1.2;  // ~90 km around
  std::vector<LatLng> pts = RandomPoints(n, lat0, lat1, lng0, lng1, 3);
  std::printf(
      "band: %zu-vertex line, %.0f km, %zu points in [%.2f, %.2f] N x "
      "[%.2f, %.2f] E\n",
      line.size(), kBandWidth_m / 1000, n, lat0, lat1, lng0, lng1);
  std::fflush(stdout);

  auto t0 = std::chrono::steady_clock::now();
  truce::geo::BandIndex band(line, kBandWidth_m);
  std::chrono::duration<double> build = std::chrono::steady_clock::now() - t0;
  const truce::geo::LineIndex& index = band.line();
  std::vector<uint8_t> truce_in(n);
  double truce_rate = Rate(n, 3, [&] {
    for (size_t i = 0; i < n; ++i) truce_in[i] = band.Within(pts[i]);
    benchmark::DoNotOptimize(truce_in.data());
  });
  rows->push_back(
      {"band", "truce BandIndex", "ellipsoid, lon/lat edges", truce_rate,
       Count(truce_in), 0,
       "build " + std::to_string(build.count()).substr(0, 5) + " s"});
  // Without the covering: LineIndex::WithinM on every point (a sample).
  const size_t m = std::min<size_t>(n, 50000);
  size_t slow_differ = 0;
  double slow_rate = Rate(m, 1, [&] {
    for (size_t i = 0; i < m; ++i) {
      slow_differ += index.WithinM(pts[i], kBandWidth_m) != (truce_in[i] == 1);
    }
  });
  if (slow_differ != 0) Die("BandIndex differs from LineIndex::WithinM");
  rows->push_back({"band", "truce LineIndex::WithinM", "(the same, no cells)",
                   slow_rate, 0, 0,
                   "first " + std::to_string(m) + " points; equal answers"});

  // How far from the band's edge a differing point is, by truce's exact
  // distance.
  auto farthest = [&](const std::vector<uint8_t>& other) {
    double worst = 0;
    for (size_t i = 0; i < n; ++i) {
      if (other[i] == truce_in[i]) continue;
      worst = std::max(
          worst, std::abs(index.Distance(pts[i]).distance_m - kBandWidth_m));
    }
    return worst;
  };

  // GEOS: planar distance in an azimuthal-equidistant projection about the
  // line's middle vertex (distances from that centre are exact; others are
  // stretched by up to ~0.1 % at 300 km from it).
  const LatLng c = line[line.size() / 2];
  GeographicLib::AzimuthalEquidistant aeqd(GeographicLib::Geodesic::WGS84());
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSCoordSequence* seq =
      GEOSCoordSeq_create_r(h, static_cast<unsigned>(line.size()), 2);
  for (size_t i = 0; i < line.size(); ++i) {
    double x, y;
    aeqd.Forward(c.lat_deg, c.lng_deg, line[i].lat_deg, line[i].lng_deg, x, y);
    GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), x, y);
  }
  GEOSGeometry* gline = GEOSGeom_createLineString_r(h, seq);
  const GEOSPreparedGeometry* prep = GEOSPrepare_r(h, gline);
  std::vector<GEOSGeometry*> gpts(n);
  for (size_t i = 0; i < n; ++i) {
    double x, y;
    aeqd.Forward(c.lat_deg, c.lng_deg, pts[i].lat_deg, pts[i].lng_deg, x, y);
    gpts[i] = GEOSGeom_createPointFromXY_r(h, x, y);
  }
  std::vector<uint8_t> geos_in(n);
  double geos_rate = Rate(n, 1, [&] {
    for (size_t i = 0; i < n; ++i) {
      geos_in[i] =
          GEOSPreparedDistanceWithin_r(h, prep, gpts[i], kBandWidth_m) == 1;
    }
  });
  for (GEOSGeometry* p : gpts) GEOSGeom_destroy_r(h, p);
  GEOSPreparedGeom_destroy_r(h, prep);
  GEOSGeom_destroy_r(h, gline);
  GEOS_finish_r(h);
  size_t geos_differ = Differ(truce_in, geos_in);
  char note[96] = "";
  if (geos_differ) {
    std::snprintf(note, sizeof note, "differing points within %.2f m of 50 km",
                  farthest(geos_in));
  }
  rows->push_back({"band", "GEOS PreparedDistanceWithin", "planar (AEQD)",
                   geos_rate, Count(geos_in), geos_differ, note});

  // S2: great-circle edges, spherical distance (mean Earth radius).
  std::vector<S2LatLng> s2line;
  for (const LatLng& p : line) {
    s2line.push_back(S2LatLng::FromDegrees(p.lat_deg, p.lng_deg));
  }
  S2Polyline polyline(s2line, S2Debug::DISABLE);
  MutableS2ShapeIndex s2index;
  s2index.Add(std::make_unique<S2Polyline::Shape>(&polyline));
  S2ClosestEdgeQuery query(&s2index);
  const S1ChordAngle limit(S2Earth::MetersToAngle(kBandWidth_m));
  std::vector<S2Point> spts(n);
  for (size_t i = 0; i < n; ++i) {
    spts[i] = S2LatLng::FromDegrees(pts[i].lat_deg, pts[i].lng_deg).ToPoint();
  }
  std::vector<uint8_t> s2_in(n);
  double s2_rate = Rate(n, 1, [&] {
    for (size_t i = 0; i < n; ++i) {
      S2ClosestEdgeQuery::PointTarget target(spts[i]);
      s2_in[i] = query.IsDistanceLessOrEqual(&target, limit);
    }
  });
  size_t s2_differ = Differ(truce_in, s2_in);
  note[0] = 0;
  if (s2_differ) {
    std::snprintf(note, sizeof note, "differing points within %.2f m of 50 km",
                  farthest(s2_in));
  }
  rows->push_back({"band", "S2 ClosestEdgeQuery", "sphere, great circles",
                   s2_rate, Count(s2_in), s2_differ, note});

  WritePoints(out_dir + "/pts_band.csv", pts, truce_in);
  WriteText(out_dir + "/line.wkt", Wkt(line));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) Die("usage: spatial_bench DATA_DIR OUT_DIR [POINTS]");
  const std::string data = argv[1], out = argv[2];
  const size_t n = argc > 3 ? std::stoul(argv[3]) : 1000000;
  // Optional: which cases to run (default all), e.g. "small,band".
  const std::string only = argc > 4 ? argv[4] : "small,large,band";
  const std::string adm1 =
      data +
      "/boundaries/geoboundaries-ukr-adm1/geoBoundaries-UKR-ADM1.geojson";
  nlohmann::json fc = ReadJson(adm1);

  MultiPolygon small;
  std::vector<LatLng> line;
  GEOSContextHandle_t h = GEOS_init_r();
  std::vector<GEOSGeometry*> parts;
  for (const auto& f : fc["features"]) {
    MultiPolygon m = ReadGeometry(f["geometry"]);
    const std::string name = f["properties"].value("shapeName", "");
    if (name == "Kharkiv Oblast") small = m;
    if (name == "Donetsk Oblast") {
      const Ring& r = m.polygons.at(0).outer;
      line.assign(r.begin(), r.begin() + std::min<size_t>(1000, r.size()));
    }
    GEOSGeometry* g = GeosMulti(h, m);
    GEOSGeometry* valid = GEOSMakeValid_r(h, g);
    GEOSGeom_destroy_r(h, g);
    parts.push_back(valid);
  }
  if (small.polygons.empty() || line.size() < 1000) Die("data not found");
  GEOSGeometry* coll =
      GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                  static_cast<unsigned>(parts.size()));
  GEOSGeometry* ukraine = GEOSUnaryUnion_r(h, coll);
  GEOSGeom_destroy_r(h, coll);
  MultiPolygon large = FromGeos(h, ukraine);
  GEOSGeom_destroy_r(h, ukraine);
  GEOS_finish_r(h);
  const size_t union_vertices = Vertices(large);
  const int pieces =
      static_cast<int>((100000 + union_vertices - 1) / union_vertices);
  for (Polygon& p : large.polygons) {
    p.outer = Split(p.outer, pieces);
    for (Ring& r : p.holes) r = Split(r, pieces);
  }
  std::printf(
      "large: union of %zu ADM1 units, %zu vertices, edges split in "
      "%d\n",
      parts.size(), union_vertices, pieces);

  std::vector<Row> rows;
  if (only.find("small") != std::string::npos) {
    ContainsCase("small", small, n, out, &rows);
  }
  if (only.find("large") != std::string::npos) {
    ContainsCase("large", large, n, out, &rows);
  }
  if (only.find("band") != std::string::npos) BandCase(line, n, out, &rows);

  std::FILE* tsv = std::fopen((out + "/rates.tsv").c_str(), "w");
  if (!tsv) Die("cannot write rates.tsv");
  std::printf("\n%-6s %-30s %-26s %12s %9s %9s  %s\n", "case", "engine",
              "edge model", "points/s", "inside", "differ", "truce/peer");
  double truce_rate = 0;
  std::string kase;
  for (const Row& r : rows) {
    if (r.kase != kase) truce_rate = r.rate, kase = r.kase;  // truce first
    std::printf("%-6s %-30s %-26s %12.0f %9zu %9zu  %8.1fx  %s\n",
                r.kase.c_str(), r.engine.c_str(), r.model.c_str(), r.rate,
                r.positives, r.differ, truce_rate / r.rate, r.note.c_str());
    std::fprintf(tsv, "%s\t%s\t%.0f\t%zu\t%zu\n", r.kase.c_str(),
                 r.engine.c_str(), r.rate, r.positives, r.differ);
  }
  std::fclose(tsv);
  return 0;
}
