// The territory benchmark: truce against GeographicLib's Planimeter and GEOS,
// side by side in one run on the same geometry (PostGIS is timed by
// bench/run.sh on the files this program writes). See bench/README.md.
//
// Usage: territory_bench DATA_DIR OUT_DIR [MIN_VERTICES]
//   DATA_DIR  the shared data folder (TRUCE_TESTDATA); read, never copied
//   OUT_DIR   where the maps are written for PostGIS (WKT), with truce's
//             results (area.tsv, diff.tsv) for run.sh to compare against
// Run from the repository root (it reads examples/territory/*.yaml).
//
// Cases:
//   area  the largest real control map in the data (NZZ 2026-08-22, the
//         dissolved union of its features), every edge split into k collinear
//         lon/lat pieces so that it has >= MIN_VERTICES (default 100,000)
//         vertices: the same RFC 7946 territory. truce measures it with
//         geo::MeasureMultiPolygon (RFC 7946 edges) and, for the comparison
//         with Planimeter and PostGIS (which join vertices by geodesics),
//         with geo::GeodesicRingArea; Planimeter runs as a subprocess on the
//         same vertices.
//   diff  the 30 pairs of consecutive daily DeepState maps of October 2024:
//         truce DiffTerritories (gained and lost pieces with area, centroid,
//         point inside and box) against GEOSDifference both ways on the same
//         dissolved territories (the overlay PostGIS's ST_Difference runs).
//
// Timings are CPU time of this thread, best of several runs (the machine is
// shared); Planimeter's is the wall time of the subprocess (it includes
// starting the process and parsing its input).
#include <geos_c.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "geo/latlng.h"
#include "geo/measure.h"
#include "territory/control_map.h"
#include "territory/diff.h"
#include "territory/dissolve.h"
#include "territory/mapping.h"

namespace {

namespace fs = std::filesystem;
using truce::geo::Latitude;
using truce::geo::LatLng;
using truce::geo::Longitude;
using truce::geo::MultiPolygon;
using truce::geo::Polygon;
using truce::geo::Ring;
namespace territory = truce::territory;

constexpr double kM2PerKm2 = 1e6;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "territory_bench: %s\n", why.c_str());
  std::exit(1);
}

template <typename T>
T Must(truce::Result<T> r, const std::string& what) {
  if (!r) Die(what + ": " + r.error().message);
  return std::move(*r);
}

// CPU time of this thread: the machine is shared, so wall time would count
// other people's work.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

double Best(int reps, const std::function<void()>& fn) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    double t0 = ThreadSeconds();
    fn();
    best = std::min(best, ThreadSeconds() - t0);
  }
  return best;
}

territory::Territory LoadTerritory(const fs::path& file,
                                   const territory::Mapping& mapping) {
  territory::ControlMap map =
      Must(territory::LoadControlMap(file, mapping), file.string());
  return Must(territory::Dissolve(map), "dissolve " + file.string());
}

const territory::PartyTerritory& Only(const territory::Territory& t) {
  if (t.parties.size() != 1) {
    Die(t.file + ": expected one party, found " +
        std::to_string(t.parties.size()));
  }
  return t.parties[0];
}

size_t Vertices(const MultiPolygon& m) {
  size_t n = 0;
  for (const Polygon& p : m.polygons) {
    n += p.outer.size();
    for (const Ring& h : p.holes) n += h.size();
  }
  return n;
}

// Every edge (closing edge included) split into k collinear lon/lat pieces.
Ring Split(const Ring& r, int k) {
  Ring out;
  out.reserve(r.size() * static_cast<size_t>(k));
  for (size_t i = 0; i < r.size(); ++i) {
    const LatLng& a = r[i];
    const LatLng& b = r[(i + 1) % r.size()];
    for (int j = 0; j < k; ++j) {
      double f = static_cast<double>(j) / k;
      out.push_back(LatLng(Latitude{a.lat_deg + f * (b.lat_deg - a.lat_deg)},
                           Longitude{a.lng_deg + f * (b.lng_deg - a.lng_deg)}));
    }
  }
  return out;
}

void AppendWktRing(std::string& s, const Ring& r) {
  s += '(';
  char buf[64];
  for (size_t i = 0; i <= r.size(); ++i) {
    const LatLng& v = r[i % r.size()];
    std::snprintf(buf, sizeof buf, "%s%.17g %.17g", i ? "," : "", v.lng_deg,
                  v.lat_deg);
    s += buf;
  }
  s += ')';
}

std::string Wkt(const MultiPolygon& m) {
  if (m.polygons.empty()) return "MULTIPOLYGON EMPTY";
  std::string s = "MULTIPOLYGON(";
  for (size_t i = 0; i < m.polygons.size(); ++i) {
    if (i) s += ',';
    s += '(';
    AppendWktRing(s, m.polygons[i].outer);
    for (const Ring& h : m.polygons[i].holes) {
      s += ',';
      AppendWktRing(s, h);
    }
    s += ')';
  }
  s += ')';
  return s;
}

// --- GEOS --------------------------------------------------------------

Ring RingFromGeos(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  Ring r;
  for (unsigned i = 0; i + 1 < n; ++i) {  // without the closing point
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    r.push_back(LatLng(Latitude{y}, Longitude{x}));
  }
  return r;
}

double GeodesicKm2(GEOSContextHandle_t h, const GEOSGeometry* g) {
  MultiPolygon m;
  for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) {
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || GEOSisEmpty_r(h, p)) continue;
    Polygon poly;
    poly.outer = RingFromGeos(h, GEOSGetExteriorRing_r(h, p));
    for (int j = 0; j < GEOSGetNumInteriorRings_r(h, p); ++j) {
      poly.holes.push_back(RingFromGeos(h, GEOSGetInteriorRingN_r(h, p, j)));
    }
    m.polygons.push_back(std::move(poly));
  }
  return truce::geo::MeasureMultiPolygon(m).area_m2 / kM2PerKm2;
}

// --- area ----------------------------------------------------------------

void AreaCase(const fs::path& data, const fs::path& out, size_t min_vertices) {
  const fs::path file = data / "territory/nzz/data/2026-08-22.json";
  territory::Mapping nzz =
      Must(territory::LoadMapping("examples/territory/nzz.yaml"), "mapping");
  territory::Territory t = LoadTerritory(file, nzz);
  const MultiPolygon& real = Only(t).area;
  size_t n0 = Vertices(real);
  int k = static_cast<int>((min_vertices + n0 - 1) / n0);
  MultiPolygon big;
  for (const Polygon& p : real.polygons) {
    Polygon q;
    q.outer = Split(p.outer, k);
    for (const Ring& h : p.holes) q.holes.push_back(Split(h, k));
    big.polygons.push_back(std::move(q));
  }
  size_t n = Vertices(big);
  size_t rings = 0;
  for (const Polygon& p : big.polygons) rings += 1 + p.holes.size();
  std::printf(
      "area: %s, dissolved: %zu vertices, %zu polygons, %zu rings; every edge "
      "split in %d: %zu vertices\n",
      file.filename().c_str(), n0, big.polygons.size(), rings, k, n);

  // truce, RFC 7946 edges (what truce territory area reports).
  truce::geo::AreaMeasure rfc;
  double t_rfc = Best(3, [&] { rfc = truce::geo::MeasureMultiPolygon(big); });
  // truce, geodesic edges between the same vertices (Planimeter's model).
  double geodesic_m2 = 0;
  double t_geod = Best(3, [&] {
    double sum = 0;
    for (const Polygon& p : big.polygons) {
      sum += truce::geo::GeodesicRingArea(p.outer).area_m2;
      for (const Ring& h : p.holes) {
        sum -= truce::geo::GeodesicRingArea(h).area_m2;
      }
    }
    geodesic_m2 = sum;
  });

  // The same vertices for Planimeter (lat lon, one ring per block) and
  // PostGIS (WKT).
  const fs::path plan_in = out / "area_planimeter.txt";
  {
    std::ofstream f(plan_in);
    char buf[64];
    auto ring = [&](const Ring& r) {
      for (const LatLng& v : r) {
        std::snprintf(buf, sizeof buf, "%.17g %.17g\n", v.lat_deg, v.lng_deg);
        f << buf;
      }
      f << "\n";
    };
    for (const Polygon& p : big.polygons) {
      ring(p.outer);
      for (const Ring& h : p.holes) ring(h);
    }
  }
  std::ofstream(out / "area.wkt") << Wkt(big) << "\n";

  // Planimeter: wall time of the subprocess, best of 3.
  const fs::path plan_out = out / "area_planimeter.out";
  const std::string cmd = "Planimeter -p 9 --input-file '" + plan_in.string() +
                          "' --output-file '" + plan_out.string() + "'";
  double t_plan = 1e300;
  for (int r = 0; r < 3; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    if (std::system(cmd.c_str()) != 0) Die("Planimeter failed: " + cmd);
    t_plan = std::min(t_plan, std::chrono::duration<double>(
                                  std::chrono::steady_clock::now() - t0)
                                  .count());
  }
  double plan_m2 = 0;
  {
    std::ifstream f(plan_out);
    size_t i = 0;
    for (const Polygon& p : big.polygons) {
      for (size_t j = 0; j <= p.holes.size(); ++j, ++i) {
        double count = 0, perimeter = 0, a = 0;
        if (!(f >> count >> perimeter >> a)) Die("short Planimeter output");
        plan_m2 += j == 0 ? std::abs(a) : -std::abs(a);
      }
    }
  }

  std::printf("%-34s %-24s %20s %12s %12s\n", "engine", "edge model",
              "area km2", "rel. diff", "ms");
  std::printf("%-34s %-24s %20.6f %12s %12.3f\n", "truce MeasureMultiPolygon",
              "lon/lat (RFC 7946)", rfc.area_m2 / kM2PerKm2, "-", t_rfc * 1e3);
  std::printf("%-34s %-24s %20.6f %12.2e %12.3f\n", "truce GeodesicRingArea",
              "geodesic", geodesic_m2 / kM2PerKm2, 0.0, t_geod * 1e3);
  std::printf("%-34s %-24s %20.6f %12.2e %12.3f  process wall time\n",
              "GeographicLib Planimeter", "geodesic", plan_m2 / kM2PerKm2,
              (plan_m2 - geodesic_m2) / geodesic_m2, t_plan * 1e3);
  std::printf(
      "  truce's error bound on the RFC 7946 area: %.6f km2 (%.1e); edge "
      "models differ by %.2e\n",
      rfc.area_error_m2 / kM2PerKm2, rfc.area_error_m2 / rfc.area_m2,
      (geodesic_m2 - rfc.area_m2) / rfc.area_m2);
  std::ofstream(out / "area.tsv")
      << std::fixed << std::setprecision(9) << geodesic_m2 << "\t"
      << rfc.area_m2 << "\t" << t_rfc << "\t" << t_geod << "\n";
}

// --- diff ----------------------------------------------------------------

void DiffCase(const fs::path& data, const fs::path& out) {
  territory::Mapping ds = Must(
      territory::LoadMapping("examples/territory/deepstate.yaml"), "mapping");
  std::vector<territory::Territory> days;
  for (int d = 1; d <= 31; ++d) {
    char name[64];
    std::snprintf(name, sizeof name, "deepstatemap_data_202410%02d.geojson", d);
    days.push_back(LoadTerritory(data / "territory/deepstate/data" / name, ds));
  }
  size_t vmin = SIZE_MAX, vmax = 0;
  {
    std::ofstream f(out / "diff_maps.tsv");
    for (size_t i = 0; i < days.size(); ++i) {
      const MultiPolygon& m = Only(days[i]).area;
      vmin = std::min(vmin, Vertices(m));
      vmax = std::max(vmax, Vertices(m));
      f << i + 1 << "\t" << Wkt(m) << "\n";
    }
  }
  std::printf(
      "\ndiff: DeepState 2024-10-01 .. 2024-10-31, 30 consecutive pairs; "
      "dissolved maps of %zu-%zu vertices\n",
      vmin, vmax);

  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
  std::vector<GEOSGeometry*> geos_days;
  for (const territory::Territory& t : days) {
    geos_days.push_back(
        GEOSWKTReader_read_r(h, reader, Wkt(Only(t).area).c_str()));
    if (!geos_days.back()) Die("GEOS cannot read a dissolved map");
  }

  std::ofstream tsv(out / "diff.tsv");
  tsv << std::setprecision(17);
  double truce_s = 0, geos_s = 0, max_rel = 0, sum_gained = 0, sum_lost = 0;
  size_t pieces = 0;
  for (size_t i = 0; i + 1 < days.size(); ++i) {
    territory::TerritoryDiff d;
    truce_s += Best(5, [&] {
      d = Must(territory::DiffTerritories(days[i], days[i + 1]), "diff");
    });
    pieces += d.pieces.size();
    double gained = d.parties[0].gained_km2, lost = d.parties[0].lost_km2;
    sum_gained += gained;
    sum_lost += lost;
    double g_gained = 0, g_lost = 0;
    geos_s += Best(5, [&] {
      GEOSGeometry* a = GEOSDifference_r(h, geos_days[i + 1], geos_days[i]);
      GEOSGeometry* b = GEOSDifference_r(h, geos_days[i], geos_days[i + 1]);
      if (!a || !b) Die("GEOS overlay failed");
      g_gained = GeodesicKm2(h, a);  // measured after the timing, below
      g_lost = GeodesicKm2(h, b);
      GEOSGeom_destroy_r(h, a);
      GEOSGeom_destroy_r(h, b);
    });
    auto rel = [](double x, double y) {
      return x == y ? 0.0 : std::abs(x - y) / std::max(std::abs(x), 1e-300);
    };
    max_rel = std::max({max_rel, rel(gained, g_gained), rel(lost, g_lost)});
    // The same pieces with geodesic edges between their vertices: what
    // PostGIS's ST_Area(geography) measures.
    double geod_gained = 0, geod_lost = 0;
    for (const territory::ChangePiece& p : d.pieces) {
      double a = truce::geo::GeodesicRingArea(p.shape.outer).area_m2;
      for (const Ring& hole : p.shape.holes) {
        a -= truce::geo::GeodesicRingArea(hole).area_m2;
      }
      (p.change == territory::Change::kGained ? geod_gained : geod_lost) +=
          a / kM2PerKm2;
    }
    tsv << i + 1 << "\t" << gained << "\t" << lost << "\t" << geod_gained
        << "\t" << geod_lost << "\t" << d.pieces.size() << "\n";
  }
  // GEOS's timing above includes measuring its output; take that out so the
  // row is the overlay alone.
  double geos_measure_s = 0;
  for (size_t i = 0; i + 1 < days.size(); ++i) {
    GEOSGeometry* a = GEOSDifference_r(h, geos_days[i + 1], geos_days[i]);
    GEOSGeometry* b = GEOSDifference_r(h, geos_days[i], geos_days[i + 1]);
    geos_measure_s += Best(5, [&] {
      GeodesicKm2(h, a);
      GeodesicKm2(h, b);
    });
    GEOSGeom_destroy_r(h, a);
    GEOSGeom_destroy_r(h, b);
  }
  double geos_overlay_s = std::max(0.0, geos_s - geos_measure_s);
  std::printf("%-34s %12s %10s %14s\n", "engine", "ms (30 pairs)", "ms/pair",
              "max rel. diff");
  std::printf("%-34s %12.3f %10.3f %14s  %zu pieces\n", "truce DiffTerritories",
              truce_s * 1e3, truce_s * 1e3 / 30, "-", pieces);
  std::printf("%-34s %12.3f %10.3f %14.2e  %.1fx\n",
              "GEOS GEOSDifference x2 (overlay)", geos_overlay_s * 1e3,
              geos_overlay_s * 1e3 / 30, max_rel, geos_overlay_s / truce_s);
  std::printf("  sum over the pairs (truce): gained %.6f km2, lost %.6f km2\n",
              sum_gained, sum_lost);
  std::ofstream(out / "diff_time.tsv")
      << std::setprecision(9) << truce_s << "\t" << geos_overlay_s << "\n";
  for (GEOSGeometry* g : geos_days) GEOSGeom_destroy_r(h, g);
  GEOSWKTReader_destroy_r(h, reader);
  GEOS_finish_r(h);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: territory_bench DATA_DIR OUT_DIR [MIN_VERTICES]\n");
    return 2;
  }
  size_t min_vertices = argc > 3 ? std::stoul(argv[3]) : 100000;
  AreaCase(argv[1], argv[2], min_vertices);
  DiffCase(argv[1], argv[2]);
  return 0;
}
