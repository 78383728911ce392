#include "geo/line_distance.h"

#include <geos_c.h>

#include <GeographicLib/AzimuthalEquidistant.hpp>
#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "geo/densify_internal.h"
#include "geo/geodesic.h"
#include "geo/measure.h"

namespace truce::geo {
namespace {

using GeographicLib::Geodesic;
using GeographicLib::GeodesicLine;
using Vec3 = std::array<double, 3>;

// Convergence of the nearest-point iteration, in metres along the segment.
constexpr double kSolverStep_m = 1e-9;
// What the nearest-point solver adds to the error: the distance is
// stationary at the foot, so an along-track error of ds changes it by about
// ds^2 / (2 d); 1e-6 m covers that and GeographicLib's 15 nm.
constexpr double kSolverError_m = 1e-6;
// Points within this of distance_m count as within (the boundary is inside;
// distances cannot be known more closely than this).
constexpr double kWithinTie_m = 2e-7;
// Target for the band polygon's boundary (vertices and edge midpoints).
constexpr double kBandTarget_m = 1.0;
// Convergence of a band vertex onto the boundary (MakeBandPolygon).
constexpr double kBandStep_m = 0.01;

LatLng At(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

Vec3 Ecef(LatLng p) {
  Vec3 v;
  GeographicLib::Geocentric::WGS84().Forward(p.lat_deg, p.lng_deg, 0, v[0],
                                             v[1], v[2]);
  return v;
}

double Dist3(const Vec3& a, const Vec3& b) {
  return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// One geodesic sub-edge of the densified line.
struct SubEdge {
  LatLng a, b;
  double length_m;
  double azi1_deg, azi2_deg;
  size_t segment;         // input edge (index in the caller's line)
  uint32_t seg = 0;       // index into LineIndex::Impl::segs
  double t0 = 0, t1 = 0;  // parameter range along that RFC 7946 edge
  Vec3 center;            // midpoint of the chord
  double radius_m;        // the whole geodesic lies within this of center
  Vec3 ea, eb;            // ECEF of a and b
  double sagitta_m;       // the geodesic lies within this of the chord a-b
};

// Smallest radius of curvature of WGS84 (at the equator, meridional):
// a (1 - e^2). A curve of length L with curvature <= 1/R lies within
// L^2 / (8 R) of its chord.
constexpr double kMinRadius_m = kWgs84A_m * (1 - kWgs84F) * (1 - kWgs84F);

double ChordDistance(const Vec3& p, const Vec3& a, const Vec3& b) {
  Vec3 ab{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
  Vec3 ap{p[0] - a[0], p[1] - a[1], p[2] - a[2]};
  double len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  double t =
      len2 > 0 ? (ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(ap[0] - t * ab[0], ap[1] - t * ab[1], ap[2] - t * ab[2]);
}

// A lower bound on the geodesic distance from p (ECEF, on the surface) to
// the sub-edge's geodesic: chord distances never exceed geodesic ones.
double LowerBound(const SubEdge& e, const Vec3& p) {
  double sphere = Dist3(e.center, p) - e.radius_m;
  double chord = ChordDistance(p, e.ea, e.eb) - e.sagitta_m;
  return std::max({0.0, sphere, chord});
}

struct Foot {
  double distance_m = std::numeric_limits<double>::infinity();
  double s_m = 0;  // along the sub-edge
  LatLng point;
  double line_azi_deg = 0;  // direction of the line at the foot
  double to_p_azi_deg = 0;  // from the foot towards p
};

// Nearest point of the geodesic segment to p: Newton-like iteration on the
// along-track parameter. At the foot the geodesic to p meets the line at a
// right angle; each step moves by d cos(angle), the planar foot.
Foot NearestOnSegment(const SubEdge& e, LatLng p) {
  const Geodesic& g = Geodesic::WGS84();
  auto from_end = [&](bool at_b) {
    Foot r;
    const LatLng& q = at_b ? e.b : e.a;
    double az2;
    g.Inverse(q.lat_deg, q.lng_deg, p.lat_deg, p.lng_deg, r.distance_m,
              r.to_p_azi_deg, az2);
    r.s_m = at_b ? e.length_m : 0;
    r.point = q;
    r.line_azi_deg = at_b ? e.azi2_deg : e.azi1_deg;
    return r;
  };
  auto ahead = [](const Foot& f) {  // d cos(angle): the planar foot's offset
    return f.distance_m *
           std::cos((f.to_p_azi_deg - f.line_azi_deg) * M_PI / 180);
  };
  Foot fa = from_end(false);
  if (e.length_m <= 0) return fa;
  const double step_a = ahead(fa);
  if (step_a <= 0) return fa;  // p is behind a: a is the nearest point
  Foot fb = from_end(true);
  if (ahead(fb) >= 0) return fb;  // p is beyond b
  // The foot is inside: iterate from the planar estimate.
  GeodesicLine line(g, e.a.lat_deg, e.a.lng_deg, e.azi1_deg);
  auto eval = [&](double s) {
    Foot r;
    r.s_m = s;
    double lat, lng, azi, az2;
    line.Position(s, lat, lng, azi);
    r.point = At(lat, lng);
    r.line_azi_deg = azi;
    g.Inverse(lat, lng, p.lat_deg, p.lng_deg, r.distance_m, r.to_p_azi_deg,
              az2);
    return r;
  };
  Foot f = eval(std::clamp(step_a, 0.0, e.length_m));
  for (int it = 0; it < 60; ++it) {
    double next = std::clamp(f.s_m + ahead(f), 0.0, e.length_m);
    if (std::abs(next - f.s_m) <= kSolverStep_m) break;
    Foot n = eval(next);
    if (n.distance_m > f.distance_m && it > 8) break;  // converged in noise
    f = n;
  }
  if (fa.distance_m < f.distance_m) f = fa;
  if (fb.distance_m < f.distance_m) f = fb;
  return f;
}

SubEdge MakeSubEdge(LatLng a, LatLng b, size_t segment) {
  SubEdge e;
  e.a = a;
  e.b = b;
  e.segment = segment;
  Geodesic::WGS84().Inverse(a.lat_deg, a.lng_deg, b.lat_deg, b.lng_deg,
                            e.length_m, e.azi1_deg, e.azi2_deg);
  Vec3 pa = Ecef(a), pb = Ecef(b);
  e.ea = pa;
  e.eb = pb;
  e.sagitta_m =
      e.length_m * e.length_m / (8 * kMinRadius_m) + 1e-9 * e.length_m + 1e-6;
  for (int k = 0; k < 3; ++k) e.center[k] = (pa[k] + pb[k]) / 2;
  // Any point X of the geodesic has |X-a| + |X-b| <= length, so it lies in
  // the spheroid with foci a, b and semi-major axis length / 2.
  e.radius_m = e.length_m / 2 + 1e-6;
  return e;
}

}  // namespace

struct LineIndex::Impl {
  struct Node {
    Vec3 lo, hi;
    uint32_t left = 0, right = 0;   // children, or
    uint32_t begin = 0, count = 0;  // leaf range in order
  };
  // An RFC 7946 input edge: L(t) = (lat + t dlat, lng + t dlng), t in [0,1].
  struct Segment {
    LatLng a;
    double dlat, dlng;
    size_t original;
    LatLng b;  // the end vertex, returned exactly at t = 1
    LatLng At(double t) const {
      if (t == 0) return a;
      if (t == 1) return b;
      return LatLng(Latitude{a.lat_deg + t * dlat},
                    Longitude{a.lng_deg + t * dlng});
    }
    // Azimuth (degrees) and ground speed (metres per unit t) of L at t.
    void Direction(double t, double* azi_deg, double* speed_m) const {
      const double e2 = kWgs84F * (2 - kWgs84F);
      double phi = (a.lat_deg + t * dlat) * M_PI / 180;
      double sn = std::sin(phi);
      double w = std::sqrt(1 - e2 * sn * sn);
      double n = kWgs84A_m / w;
      double m = kWgs84A_m * (1 - e2) / (w * w * w);
      double north = m * dlat * M_PI / 180;
      double east = n * std::cos(phi) * dlng * M_PI / 180;
      *azi_deg = std::atan2(east, north) * 180 / M_PI;
      *speed_m = std::hypot(north, east);
    }
  };
  std::vector<LatLng> input;
  std::vector<Segment> segs;
  std::vector<SubEdge> edges;
  std::vector<uint32_t> order;
  std::vector<Node> nodes;

  uint32_t BuildNode(uint32_t begin, uint32_t end) {
    Node n;
    n.lo = {1e300, 1e300, 1e300};
    n.hi = {-1e300, -1e300, -1e300};
    for (uint32_t i = begin; i < end; ++i) {
      const SubEdge& e = edges[order[i]];
      for (int k = 0; k < 3; ++k) {
        n.lo[k] = std::min(n.lo[k], e.center[k] - e.radius_m);
        n.hi[k] = std::max(n.hi[k], e.center[k] + e.radius_m);
      }
    }
    uint32_t id = static_cast<uint32_t>(nodes.size());
    nodes.push_back(n);
    if (end - begin <= 4) {
      nodes[id].begin = begin;
      nodes[id].count = end - begin;
      return id;
    }
    int axis = 0;
    for (int k = 1; k < 3; ++k) {
      if (n.hi[k] - n.lo[k] > n.hi[axis] - n.lo[axis]) axis = k;
    }
    uint32_t mid = begin + (end - begin) / 2;
    std::nth_element(order.begin() + begin, order.begin() + mid,
                     order.begin() + end, [&](uint32_t x, uint32_t y) {
                       return edges[x].center[axis] < edges[y].center[axis];
                     });
    uint32_t l = BuildNode(begin, mid);
    uint32_t r = BuildNode(mid, end);
    nodes[id].left = l;
    nodes[id].right = r;
    return id;
  }

  static double BoxDistance(const Node& n, const Vec3& p) {
    double s = 0;
    for (int k = 0; k < 3; ++k) {
      double d = std::max({n.lo[k] - p[k], 0.0, p[k] - n.hi[k]});
      s += d * d;
    }
    return std::sqrt(s);
  }

  // Visits every sub-edge whose lower bound (chord distance <= geodesic
  // distance) is below *bound, calling visit(index, lower_bound); visit may
  // lower *bound.
  template <typename Visit>
  void Search(const Vec3& p, double* bound, Visit visit) const {
    if (nodes.empty()) return;
    // Best first: nodes and sub-edges by lower bound, nearest first, so the
    // first sub-edges visited set a tight bound for the rest.
    struct Item {
      double lb;
      uint32_t id;
      bool edge;
      bool operator>(const Item& o) const { return lb > o.lb; }
    };
    std::vector<Item> heap = {{BoxDistance(nodes[0], p), 0, false}};
    auto push = [&](Item it) {
      heap.push_back(it);
      std::push_heap(heap.begin(), heap.end(), std::greater<Item>());
    };
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<Item>());
      Item it = heap.back();
      heap.pop_back();
      if (it.lb > *bound) break;
      if (it.edge) {
        visit(it.id, it.lb);
        continue;
      }
      const Node& n = nodes[it.id];
      if (n.count > 0) {
        for (uint32_t i = n.begin; i < n.begin + n.count; ++i) {
          double lb = LowerBound(edges[order[i]], p);
          if (lb <= *bound) push({lb, order[i], true});
        }
        continue;
      }
      for (uint32_t c : {n.left, n.right}) {
        double lb = BoxDistance(nodes[c], p);
        if (lb <= *bound) push({lb, c, false});
      }
    }
  }

  Side SideAt(size_t i, const Foot& f) const {
    if (f.distance_m <= kSolverError_m) return Side::kOn;
    auto right_of = [&](double line_azi) {
      return std::sin((f.to_p_azi_deg - line_azi) * M_PI / 180) > 0;
    };
    const SubEdge& e = edges[i];
    // At a vertex between two sub-edges, judge by both directions.
    double in_azi = f.line_azi_deg, out_azi = f.line_azi_deg;
    bool vertex = false;
    if (f.s_m <= 0 && i > 0) {
      in_azi = edges[i - 1].azi2_deg;
      out_azi = e.azi1_deg;
      vertex = true;
    } else if (f.s_m >= e.length_m && i + 1 < edges.size()) {
      in_azi = e.azi2_deg;
      out_azi = edges[i + 1].azi1_deg;
      vertex = true;
    }
    bool right;
    if (!vertex) {
      right = right_of(f.line_azi_deg);
    } else {
      double turn = std::sin((out_azi - in_azi) * M_PI / 180);
      bool ri = right_of(in_azi), ro = right_of(out_azi);
      // A right turn makes the right side the narrow wedge.
      right = turn > 0 ? (ri && ro) : turn < 0 ? (ri || ro) : ri;
    }
    return right ? Side::kRight : Side::kLeft;
  }

  // Coarse: the nearest of the geodesic sub-edges (within
  // kDensifyTolerance_m of the truth). With `candidates`, also collects every
  // sub-edge whose foot is within 2 kDensifyTolerance_m of the best, which
  // is where the exact nearest point of the lon/lat line must lie.
  struct Candidate {
    uint32_t edge;
    Foot foot;
  };
  Candidate Coarse(LatLng p, std::vector<Candidate>* candidates) const {
    const double slack =
        candidates ? 2 * kDensifyTolerance_m + 2 * kSolverError_m : 0;
    Vec3 pe = Ecef(p);
    double best = std::numeric_limits<double>::infinity();
    double bound = best;
    Candidate out{0, Foot{}};
    Search(pe, &bound, [&](uint32_t i, double) {
      Foot f = NearestOnSegment(edges[i], p);
      if (candidates && f.distance_m <= best + slack) {
        candidates->push_back({i, f});
      }
      if (f.distance_m < best) {
        best = f.distance_m;
        bound = best + slack;
        out = {i, f};
      }
    });
    if (candidates) {
      std::erase_if(*candidates, [&](const Candidate& c) {
        return c.foot.distance_m > best + slack;
      });
    }
    return out;
  }

  // The exact foot on RFC 7946 input edge `k`, starting at parameter t: the
  // same along-track iteration as for geodesics, on the lon/lat line.
  struct ExactFoot {
    double distance_m = std::numeric_limits<double>::infinity();
    double t = 0;
    LatLng point;
    double line_azi_deg = 0, to_p_azi_deg = 0;
  };
  ExactFoot RefineOnSegment(uint32_t k, double t, LatLng p) const {
    const Geodesic& g = Geodesic::WGS84();
    const Segment& sg = segs[k];
    double speed = 0;
    auto eval = [&](double tt, double* sp) {
      ExactFoot r;
      r.t = tt;
      r.point = sg.At(tt);
      double az2;
      sg.Direction(tt, &r.line_azi_deg, sp);
      g.Inverse(r.point.lat_deg, r.point.lng_deg, p.lat_deg, p.lng_deg,
                r.distance_m, r.to_p_azi_deg, az2);
      return r;
    };
    ExactFoot f = eval(std::clamp(t, 0.0, 1.0), &speed);
    for (int it = 0; it < 50 && speed > 0; ++it) {
      double ds = f.distance_m *
                  std::cos((f.to_p_azi_deg - f.line_azi_deg) * M_PI / 180);
      double next = std::clamp(f.t + ds / speed, 0.0, 1.0);
      if (std::abs(next - f.t) * speed <= kSolverStep_m) break;
      double sp = 0;
      ExactFoot n = eval(next, &sp);
      if (n.distance_m > f.distance_m && it > 8) break;  // converged in noise
      f = n;
      speed = sp;
    }
    return f;
  }

  Side ExactSide(uint32_t k, const ExactFoot& f) const {
    if (f.distance_m <= kSolverError_m) return Side::kOn;
    auto right_of = [&](double line_azi) {
      return std::sin((f.to_p_azi_deg - line_azi) * M_PI / 180) > 0;
    };
    double in_azi = f.line_azi_deg, out_azi = f.line_azi_deg, speed;
    bool vertex = false;
    if (f.t <= 0 && k > 0) {
      segs[k - 1].Direction(1, &in_azi, &speed);
      vertex = true;
    } else if (f.t >= 1 && k + 1 < segs.size()) {
      segs[k + 1].Direction(0, &out_azi, &speed);
      vertex = true;
    }
    if (!vertex) return right_of(f.line_azi_deg) ? Side::kRight : Side::kLeft;
    double turn = std::sin((out_azi - in_azi) * M_PI / 180);
    bool ri = right_of(in_azi), ro = right_of(out_azi);
    // A right turn makes the right side the narrow wedge.
    bool right = turn > 0 ? (ri && ro) : turn < 0 ? (ri || ro) : ri;
    return right ? Side::kRight : Side::kLeft;
  }

  LineDistance Query(LatLng p) const {
    LineDistance out;
    out.distance_m = std::numeric_limits<double>::infinity();
    if (edges.empty()) return out;
    if (segs.empty()) {  // a single point
      Foot f = NearestOnSegment(edges[0], p);
      out.distance_m = f.distance_m;
      out.error_m = kSolverError_m;
      out.nearest = edges[0].a;
      out.segment = edges[0].segment;
      out.side = f.distance_m <= kSolverError_m ? Side::kOn : Side::kLeft;
      return out;
    }
    std::vector<Candidate> candidates;
    Coarse(p, &candidates);
    // Refine once per input edge, from its best coarse foot.
    std::sort(candidates.begin(), candidates.end(),
              [&](const Candidate& x, const Candidate& y) {
                return x.foot.distance_m < y.foot.distance_m;
              });
    std::vector<uint32_t> done;
    ExactFoot best;
    uint32_t best_seg = 0;
    for (const Candidate& c : candidates) {
      const SubEdge& e = edges[c.edge];
      if (std::find(done.begin(), done.end(), e.seg) != done.end()) continue;
      done.push_back(e.seg);
      double frac = e.length_m > 0 ? c.foot.s_m / e.length_m : 0;
      ExactFoot f = RefineOnSegment(e.seg, e.t0 + frac * (e.t1 - e.t0), p);
      if (f.distance_m < best.distance_m) {
        best = f;
        best_seg = e.seg;
      }
    }
    out.distance_m = best.distance_m;
    out.error_m = kSolverError_m;
    out.nearest = best.point;
    out.nearest.lng_deg = internal::NormalizeLng(out.nearest.lng_deg);
    out.segment = segs[best_seg].original;
    out.side = ExactSide(best_seg, best);
    return out;
  }
};

LineIndex::LineIndex(std::span<const LatLng> line)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  // Unusable positions (NaN, latitude beyond +-90) are left out.
  std::vector<size_t> original;  // index in `line` of m.input[i]
  for (size_t i = 0; i < line.size(); ++i) {
    if (internal::IsUsable(line[i])) {
      m.input.push_back(line[i]);
      original.push_back(i);
    }
  }
  line = m.input;
  if (line.empty()) return;
  if (line.size() == 1) {
    LatLng a = At(line[0].lat_deg, internal::NormalizeLng(line[0].lng_deg));
    m.edges.push_back(MakeSubEdge(a, a, original[0]));
  }
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    Impl::Segment sg{
        line[i], line[i + 1].lat_deg - line[i].lat_deg,
        internal::EdgeDeltaLng(line[i].lng_deg, line[i + 1].lng_deg),
        original[i], line[i + 1]};
    const uint32_t k = static_cast<uint32_t>(m.segs.size());
    m.segs.push_back(sg);
    std::vector<LatLng> pts = {
        At(line[i].lat_deg, internal::NormalizeLng(line[i].lng_deg))};
    internal::DensifyEdge(line[i], line[i + 1], kDensifyTolerance_m, &pts);
    pts.push_back(
        At(line[i + 1].lat_deg, internal::NormalizeLng(line[i + 1].lng_deg)));
    // The parameter of each densified point along the input edge.
    auto param = [&](const LatLng& q, size_t idx) {
      if (idx == 0) return 0.0;
      if (idx + 1 == pts.size()) return 1.0;
      if (std::abs(sg.dlat) >= std::abs(sg.dlng)) {
        return (q.lat_deg - sg.a.lat_deg) / sg.dlat;
      }
      return internal::EdgeDeltaLng(sg.a.lng_deg, q.lng_deg) / sg.dlng;
    };
    for (size_t j = 0; j + 1 < pts.size(); ++j) {
      SubEdge e = MakeSubEdge(pts[j], pts[j + 1], original[i]);
      e.seg = k;
      e.t0 = param(pts[j], j);
      e.t1 = param(pts[j + 1], j + 1);
      m.edges.push_back(e);
    }
  }
  m.order.resize(m.edges.size());
  std::iota(m.order.begin(), m.order.end(), 0);
  m.nodes.reserve(2 * m.edges.size() / 4 + 8);
  m.BuildNode(0, static_cast<uint32_t>(m.edges.size()));
}

LineIndex::~LineIndex() = default;
LineIndex::LineIndex(LineIndex&&) noexcept = default;
LineIndex& LineIndex::operator=(LineIndex&&) noexcept = default;

LineDistance LineIndex::Distance(LatLng p) const { return impl_->Query(p); }

LineDistance LineIndex::DistanceFast(LatLng p) const {
  if (impl_->segs.empty()) return impl_->Query(p);  // empty or one point
  auto c = impl_->Coarse(p, nullptr);
  LineDistance out;
  out.distance_m = c.foot.distance_m;
  out.error_m = kDensifyTolerance_m + kSolverError_m;
  out.nearest = c.foot.point;
  out.nearest.lng_deg = internal::NormalizeLng(out.nearest.lng_deg);
  out.segment = impl_->edges[c.edge].segment;
  out.side = impl_->SideAt(c.edge, c.foot);
  return out;
}

bool LineIndex::WithinM(LatLng p, double distance_m) const {
  if (impl_->edges.empty()) return false;
  if (!impl_->segs.empty()) {
    // The coarse distance decides unless p is near the boundary.
    double d = impl_->Coarse(p, nullptr).foot.distance_m;
    const double err = kDensifyTolerance_m + kSolverError_m;
    if (d + err <= distance_m) return true;
    if (d - err > distance_m) return false;
  }
  // Near the boundary: the exact distance to the lon/lat line itself.
  return impl_->Query(p).distance_m <= distance_m + kWithinTie_m;
}

// ---------------------------------------------------------------------------
// Band membership by cell covering.

struct BandIndex::Impl {
  enum : uint8_t { kOut = 0, kIn = 1, kExact = 2 };
  static constexpr int kSub = 16;  // sub-grid cells per side
  static constexpr int32_t kTopOut = -1, kTopIn = -2;

  LineIndex index;
  double distance_m;
  bool grid = false;
  double lat0 = 0, lng0 = 0;  // south-west corner (lng0 unwrapped)
  double cell_lat = 1, cell_lng = 1, inv_lat = 1, inv_lng = 1;
  double width_deg = 0;  // box width in longitude
  int nx = 0, ny = 0;
  std::vector<int32_t> top;     // kTopOut, kTopIn or a sub-grid index
  std::vector<uint8_t> blocks;  // kSub * kSub states per sub-grid

  Impl(std::span<const LatLng> line, double d) : index(line), distance_m(d) {}

  // The decision for a lon/lat cell from its centre; kExact if undecided.
  uint8_t Classify(double clat, double clng, double hlat, double hlng) const {
    constexpr double kMaxRadius_m =
        kWgs84A_m / (1 - kWgs84F);  // a / sqrt(1 - e^2): largest M and N
    const double rad = M_PI / 180;
    const double low = std::max(std::abs(clat) - hlat, 0.0);
    const double r =
        kMaxRadius_m * (hlat * rad + std::cos(low * rad) * hlng * rad) * 1.001 +
        1.0;
    LineDistance c = index.DistanceFast(At(clat, internal::NormalizeLng(clng)));
    const double e = c.error_m + 1.0;
    if (c.distance_m + r + e <= distance_m) return kIn;
    if (c.distance_m - r - e > distance_m) return kOut;
    return kExact;
  }

  void Build(std::span<const LatLng> line) {
    if (!(distance_m >= 0) || !std::isfinite(distance_m)) return;
    std::vector<LatLng> usable;
    for (const LatLng& p : line) {
      if (internal::IsUsable(p)) usable.push_back(p);
    }
    if (usable.empty()) return;
    double la0 = usable[0].lat_deg, la1 = la0;
    double lng = usable[0].lng_deg, lo0 = lng, lo1 = lng;
    for (size_t i = 1; i < usable.size(); ++i) {
      lng += internal::EdgeDeltaLng(usable[i - 1].lng_deg, usable[i].lng_deg);
      la0 = std::min(la0, usable[i].lat_deg);
      la1 = std::max(la1, usable[i].lat_deg);
      lo0 = std::min(lo0, lng);
      lo1 = std::max(lo1, lng);
    }
    // Margins: any path leaving the box is longer than distance_m + 1 m.
    // Meridian arc: at least 110,574 m per degree (the equator's); along a
    // parallel inside the box: a cos(latitude) per radian, smallest at the
    // box's highest latitude.
    const double need = distance_m + 1.0;
    const double mlat = need / 110574.0 * 1.001 + 1e-9;
    la0 -= mlat;
    la1 += mlat;
    if (la0 < -89 || la1 > 89) return;
    const double polar = std::max(std::abs(la0), std::abs(la1));
    const double mlng =
        need / (kWgs84A_m * std::cos(polar * M_PI / 180) * M_PI / 180) * 1.001 +
        1e-9;
    lo0 -= mlng;
    lo1 += mlng;
    if (lo1 - lo0 >= 359) return;
    // Top cells about distance_m / 10 across (at least 100 m), coarser if
    // that would make more than about 2^16 of them.
    const double height_m = (la1 - la0) * 111000;
    const double width_m = (lo1 - lo0) * 111000 * std::cos(polar * M_PI / 180);
    const double target_m = std::max(
        {distance_m / 10, 100.0, std::sqrt(height_m * width_m / 65536)});
    ny = std::clamp(static_cast<int>(std::ceil(height_m / target_m)), 1, 1414);
    nx = std::clamp(static_cast<int>(std::ceil(width_m / target_m)), 1, 1414);
    lat0 = la0;
    lng0 = lo0;
    width_deg = lo1 - lo0;
    cell_lat = (la1 - la0) / ny;
    cell_lng = (lo1 - lo0) / nx;
    inv_lat = 1 / cell_lat;
    inv_lng = 1 / cell_lng;
    top.assign(static_cast<size_t>(nx) * ny, kTopOut);
    for (int iy = 0; iy < ny; ++iy) {
      for (int ix = 0; ix < nx; ++ix) {
        const double clat = lat0 + (iy + 0.5) * cell_lat;
        const double clng = lng0 + (ix + 0.5) * cell_lng;
        uint8_t st = Classify(clat, clng, cell_lat / 2, cell_lng / 2);
        int32_t& t = top[static_cast<size_t>(iy) * nx + ix];
        if (st == kIn) t = kTopIn;
        if (st != kExact) continue;
        t = static_cast<int32_t>(blocks.size() / (kSub * kSub));
        const double sl = cell_lat / kSub, sg = cell_lng / kSub;
        for (int sy = 0; sy < kSub; ++sy) {
          for (int sx = 0; sx < kSub; ++sx) {
            blocks.push_back(Classify(lat0 + iy * cell_lat + (sy + 0.5) * sl,
                                      lng0 + ix * cell_lng + (sx + 0.5) * sg,
                                      sl / 2, sg / 2));
          }
        }
      }
    }
    grid = true;
  }

  bool Within(LatLng p) const {
    if (!grid || !internal::IsUsable(p)) {
      return index.WithinM(p, distance_m);
    }
    double x = p.lng_deg - lng0;
    if (x < 0 || x >= 360) x -= 360 * std::floor(x / 360);
    const double fy = (p.lat_deg - lat0) * inv_lat;
    const double fx = x * inv_lng;
    if (!(fy >= 0 && fy < ny && fx >= 0 && fx < nx)) {
      // Outside the box (beyond its margins): farther than distance_m + 1 m.
      if (p.lat_deg < lat0 || p.lat_deg > lat0 + ny * cell_lat ||
          x > width_deg) {
        return false;
      }
      return index.WithinM(p, distance_m);  // on the box's edge
    }
    const int iy = static_cast<int>(fy), ix = static_cast<int>(fx);
    const int32_t t = top[static_cast<size_t>(iy) * nx + ix];
    if (t == kTopOut) return false;
    if (t == kTopIn) return true;
    const int sy = std::min(static_cast<int>((fy - iy) * kSub), kSub - 1);
    const int sx = std::min(static_cast<int>((fx - ix) * kSub), kSub - 1);
    const uint8_t st =
        blocks[static_cast<size_t>(t) * kSub * kSub + sy * kSub + sx];
    if (st == kExact) return index.WithinM(p, distance_m);
    return st == kIn;
  }
};

BandIndex::BandIndex(std::span<const LatLng> line, double distance_m)
    : impl_(std::make_unique<Impl>(line, distance_m)) {
  impl_->Build(line);
}
BandIndex::~BandIndex() = default;
BandIndex::BandIndex(BandIndex&&) noexcept = default;
BandIndex& BandIndex::operator=(BandIndex&&) noexcept = default;
bool BandIndex::Within(LatLng p) const { return impl_->Within(p); }
const LineIndex& BandIndex::line() const { return impl_->index; }
double BandIndex::distance_m() const { return impl_->distance_m; }

// ---------------------------------------------------------------------------
// Band polygons.

namespace {

struct GeosContext {
  GEOSContextHandle_t h = GEOS_init_r();
  ~GeosContext() { GEOS_finish_r(h); }
};

std::vector<std::vector<std::pair<double, double>>> RingsOf(
    GEOSContextHandle_t h, const GEOSGeometry* g,
    std::vector<int>* polygon_of) {
  std::vector<std::vector<std::pair<double, double>>> rings;
  auto read = [&](const GEOSGeometry* ring, int poly) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    std::vector<std::pair<double, double>> r;
    for (unsigned int i = 0; i + 1 < n; ++i) {  // drop the closing point
      double x, y;
      GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
      r.emplace_back(x, y);
    }
    if (r.size() >= 3) {
      rings.push_back(std::move(r));
      polygon_of->push_back(poly);
    }
  };
  int n = GEOSGetNumGeometries_r(h, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* poly = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON || GEOSisEmpty_r(h, poly)) {
      continue;
    }
    read(GEOSGetExteriorRing_r(h, poly), i);
    int holes = GEOSGetNumInteriorRings_r(h, poly);
    for (int k = 0; k < holes; ++k) {
      read(GEOSGetInteriorRingN_r(h, poly, k), i);
    }
  }
  return rings;
}

struct BandVertex {
  LatLng p;
  bool offset;  // on the offset curve (at width), not on the line itself
};

LatLng LatLngMid(LatLng a, LatLng b) {
  double dl = internal::EdgeDeltaLng(a.lng_deg, b.lng_deg);
  return At((a.lat_deg + b.lat_deg) / 2,
            internal::NormalizeLng(a.lng_deg + dl / 2));
}

}  // namespace

BandPolygon MakeBandPolygon(std::span<const LatLng> line, double width_m,
                            BandSide side) {
  BandPolygon out;
  if (!(width_m > 0) || !std::isfinite(width_m)) return out;
  std::vector<LatLng> usable;
  for (const LatLng& p : line) {
    if (internal::IsUsable(p)) usable.push_back(p);
  }
  if (usable.empty()) return out;
  line = usable;
  LineIndex index(line);
  Polyline dense = Densify(line, /*closed=*/false, kDensifyTolerance_m);

  // Project about the line's middle vertex (by length).
  const Geodesic& g = Geodesic::WGS84();
  std::vector<double> cum(dense.size(), 0);
  for (size_t i = 1; i < dense.size(); ++i) {
    double s;
    g.Inverse(dense[i - 1].lat_deg, dense[i - 1].lng_deg, dense[i].lat_deg,
              dense[i].lng_deg, s);
    cum[i] = cum[i - 1] + s;
  }
  size_t mid = static_cast<size_t>(
      std::lower_bound(cum.begin(), cum.end(), cum.back() / 2) - cum.begin());
  mid = std::min(mid, dense.size() - 1);
  const LatLng center = dense[mid];
  GeographicLib::AzimuthalEquidistant aeqd(g);

  GeosContext ctx;
  GEOSContextHandle_t h = ctx.h;
  GEOSCoordSequence* seq =
      GEOSCoordSeq_create_r(h, static_cast<unsigned>(dense.size()), 2);
  for (size_t i = 0; i < dense.size(); ++i) {
    double x, y;
    aeqd.Forward(center.lat_deg, center.lng_deg, dense[i].lat_deg,
                 dense[i].lng_deg, x, y);
    GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), x, y);
  }
  GEOSGeometry* geom = dense.size() == 1 ? GEOSGeom_createPoint_r(h, seq)
                                         : GEOSGeom_createLineString_r(h, seq);
  GEOSBufferParams* params = GEOSBufferParams_create_r(h);
  GEOSBufferParams_setEndCapStyle_r(h, params, GEOSBUF_CAP_ROUND);
  GEOSBufferParams_setJoinStyle_r(h, params, GEOSBUF_JOIN_ROUND);
  GEOSBufferParams_setQuadrantSegments_r(h, params, 16);
  double signed_width = width_m;
  if (side != BandSide::kBoth) {
    GEOSBufferParams_setSingleSided_r(h, params, 1);
    if (side == BandSide::kRight) signed_width = -width_m;
  }
  GEOSGeometry* buffer = GEOSBufferWithParams_r(h, geom, params, signed_width);
  GEOSBufferParams_destroy_r(h, params);
  GEOSGeom_destroy_r(h, geom);
  if (buffer == nullptr) return out;
  std::vector<int> polygon_of;
  auto rings = RingsOf(h, buffer, &polygon_of);
  GEOSGeom_destroy_r(h, buffer);

  // Correct every vertex on the offset curve onto the exact band boundary,
  // then refine edges whose lon/lat midpoint strays more than kBandTarget_m.
  double max_error = 0;
  // A vertex q of the offset curve is moved along the geodesic ray from its
  // nearest line point N (azimuth N->q) to the first point where the
  // distance to the line is width_m. At distance s along the ray the
  // distance D(s) to the line is at most s (N itself is that far), so
  // s = width_m is exact unless another part of the line is nearer there:
  // at a junction of two pieces of the outline (a concave corner between two
  // arcs, or where a one-sided band's flat end meets the offset of another
  // part of a bending line). Then D is 1-Lipschitz in s, so stepping by
  // width_m - D(s) never passes the boundary and converges to it.
  auto correct = [&](LatLng q, bool* offset) {
    LineDistance d = index.DistanceFast(q);
    *offset = d.distance_m > width_m / 2;
    if (!*offset) return q;
    const LatLng from = d.nearest;
    const double azimuth = Inverse(from, q).azimuth1_deg;
    auto at = [&](double s) {
      LatLng c = Direct(from, azimuth, s);
      c.lng_deg = internal::NormalizeLng(c.lng_deg);
      return c;
    };
    double s = width_m;
    LatLng c = at(s);
    double last_gap = width_m;
    for (int it = 0; it < 200; ++it) {
      double gap = width_m - index.DistanceFast(c).distance_m;
      if (gap <= kBandStep_m) break;
      // Heading into the line (the ray would cross it and find the other
      // side's boundary) or far away: keep the plain radial point.
      if (gap > width_m / 2 || gap > last_gap || s > 2 * width_m) {
        return at(width_m);
      }
      last_gap = gap;
      s += gap;
      c = at(s);
    }
    return c;
  };
  auto error_at = [&](LatLng q) {
    return std::abs(index.DistanceFast(q).distance_m - width_m);
  };
  std::function<void(const BandVertex&, const BandVertex&, int,
                     std::vector<BandVertex>*)>
      refine = [&](const BandVertex& a, const BandVertex& b, int depth,
                   std::vector<BandVertex>* ring) {
        if (!a.offset || !b.offset) return;
        LatLng m = LatLngMid(a.p, b.p);
        double err = error_at(m);
        if (err <= kBandTarget_m || depth >= 24) {
          max_error = std::max(max_error, err);
          return;
        }
        bool offset;
        BandVertex c{correct(m, &offset), offset};
        refine(a, c, depth + 1, ring);
        max_error = std::max(max_error, error_at(c.p));
        ring->push_back(c);
        refine(c, b, depth + 1, ring);
      };

  std::vector<Ring> out_rings;
  for (const auto& r : rings) {
    std::vector<BandVertex> verts;
    for (const auto& [x, y] : r) {
      double lat, lng;
      aeqd.Reverse(center.lat_deg, center.lng_deg, x, y, lat, lng);
      bool offset;
      LatLng c = correct(At(lat, internal::NormalizeLng(lng)), &offset);
      if (offset) max_error = std::max(max_error, error_at(c));
      verts.push_back({c, offset});
    }
    Ring ring;
    std::vector<BandVertex> refined;
    for (size_t i = 0; i < verts.size(); ++i) {
      refined.push_back(verts[i]);
      refine(verts[i], verts[(i + 1) % verts.size()], 0, &refined);
    }
    for (const BandVertex& v : refined) ring.push_back(v.p);
    out_rings.push_back(std::move(ring));
  }
  // Reassemble polygons: GEOS lists each polygon's shell before its holes.
  int current = -1;
  for (size_t i = 0; i < out_rings.size(); ++i) {
    if (polygon_of[i] != current) {
      current = polygon_of[i];
      out.polygon.polygons.push_back(Polygon{std::move(out_rings[i]), {}});
    } else {
      out.polygon.polygons.back().holes.push_back(std::move(out_rings[i]));
    }
  }
  // The distances used above are DistanceFast's, known to its error_m.
  out.max_error_m = max_error + kDensifyTolerance_m + kSolverError_m;
  return out;
}

}  // namespace truce::geo
