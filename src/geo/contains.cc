#include "geo/contains.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "geo/densify_internal.h"

namespace truce::geo {
namespace {

// One edge of a ring in "query space": longitudes unwrapped along the ring
// and then shifted by a multiple of 360 so that the edge overlaps
// [-180, 180]; an edge near the antimeridian has two copies.
struct Edge {
  double lat1, lng1, lat2, lng2;
  uint32_t polygon;
};

struct ZoneEdges {
  std::vector<Edge> edges;
  // Polygons for which the north pole counts as inside (rings that wind
  // around the pole and enclose it), i.e. the parity of a ray's end.
  std::vector<uint32_t> north_inside;
  uint32_t polygons = 0;
};

void AddRing(const Ring& ring, uint32_t polygon, ZoneEdges* z,
             bool* north_parity) {
  const size_t n = ring.size();
  if (n < 2) return;
  // Unusable positions (validation reports them): the ring is left out, by
  // both implementations alike.
  for (const LatLng& p : ring) {
    if (!internal::IsUsable(p)) return;
  }
  auto lng = [&](size_t i) {
    return internal::NormalizeLng(ring[i % n].lng_deg);
  };
  // Unwrap: vertex i's longitude is lng_i + 360 * k_i (lng_i normalised, so
  // |k_i| <= n whatever range the input was written in), each edge the
  // short way (RFC 7946). Keeping the integer k exact keeps vertices exact.
  std::vector<int> k(n + 1, 0);
  auto unwrapped = [&](size_t i) { return lng(i) + 360.0 * k[i]; };
  for (size_t i = 1; i <= n; ++i) {
    double prev = unwrapped(i - 1);
    double target = prev + internal::EdgeDeltaLng(prev, lng(i));
    k[i] = static_cast<int>(std::lround((target - lng(i)) / 360));
  }
  // A ring whose closing vertex comes back shifted by 360 winds around a
  // pole; it encloses the pole on the side of its mean latitude.
  if ((k[n] - k[0]) % 2 != 0) {
    double mean_lat = 0;
    for (const LatLng& p : ring) mean_lat += p.lat_deg;
    if (mean_lat > 0) *north_parity = !*north_parity;
  }
  for (size_t i = 0; i < n; ++i) {
    const LatLng& a = ring[i];
    const LatLng& b = ring[(i + 1) % n];
    double lo = std::min(unwrapped(i), unwrapped(i + 1));
    double hi = std::max(unwrapped(i), unwrapped(i + 1));
    int s0 = static_cast<int>(std::ceil((lo - 180) / 360));
    int s1 = static_cast<int>(std::floor((hi + 180) / 360));
    for (int s = s0; s <= s1; ++s) {
      z->edges.push_back(Edge{a.lat_deg, lng(i) + 360.0 * (k[i] - s), b.lat_deg,
                              lng(i + 1) + 360.0 * (k[i + 1] - s), polygon});
    }
  }
}

ZoneEdges BuildEdges(const MultiPolygon& zone) {
  ZoneEdges z;
  for (const Polygon& p : zone.polygons) {
    uint32_t id = z.polygons++;
    bool north = false;
    AddRing(p.outer, id, &z, &north);
    for (const Ring& h : p.holes) AddRing(h, id, &z, &north);
    if (north) z.north_inside.push_back(id);
  }
  return z;
}

// The two primitives both implementations share, so that they agree bit
// for bit. The ray runs from the point north along its meridian q.
inline bool Straddles(const Edge& e, double q) {
  return (e.lng1 > q) != (e.lng2 > q);
}
inline double CrossingLat(const Edge& e, double q) {
  double t = (q - e.lng1) / (e.lng2 - e.lng1);
  return e.lat1 + t * (e.lat2 - e.lat1);
}
// For an edge that does not straddle q: is (lat, q) on it?
inline bool OnNonStraddling(const Edge& e, double q, double lat) {
  if (e.lng1 == q && e.lat1 == lat) return true;
  if (e.lng2 == q && e.lat2 == lat) return true;
  if (e.lng1 == q && e.lng2 == q) {
    return lat >= std::min(e.lat1, e.lat2) && lat <= std::max(e.lat1, e.lat2);
  }
  return false;
}

// A set of polygon ids with odd parity; toggling is XOR. Small sets (the
// usual case) live inline, without allocation.
class OddSet {
 public:
  void Toggle(uint32_t id) {
    for (size_t i = 0; i < size_; ++i) {
      if (At(i) == id) {
        At(i) = At(size_ - 1);
        Pop();
        return;
      }
    }
    Push(id);
  }
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  uint32_t operator[](size_t i) const {
    return i < kInline ? inline_[i] : overflow_[i - kInline];
  }

 private:
  static constexpr size_t kInline = 16;
  uint32_t& At(size_t i) {
    return i < kInline ? inline_[i] : overflow_[i - kInline];
  }
  void Push(uint32_t id) {
    if (size_ < kInline) {
      inline_[size_] = id;
    } else {
      overflow_.push_back(id);
    }
    ++size_;
  }
  void Pop() {
    if (size_ > kInline) overflow_.pop_back();
    --size_;
  }
  uint32_t inline_[kInline];
  std::vector<uint32_t> overflow_;
  size_t size_ = 0;
};

// Reference: the full ray crossing. Returns the parity per polygon in `odd`,
// or true early when the point is on an edge.
bool ScanAll(const ZoneEdges& z, double q, double lat, OddSet* odd) {
  for (uint32_t id : z.north_inside) odd->Toggle(id);
  for (const Edge& e : z.edges) {
    if (Straddles(e, q)) {
      double l = CrossingLat(e, q);
      if (l == lat) return true;
      if (l > lat) odd->Toggle(e.polygon);
    } else if (OnNonStraddling(e, q, lat)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool Contains(const MultiPolygon& zone, LatLng p) {
  if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lng_deg)) return false;
  ZoneEdges z = BuildEdges(zone);
  OddSet odd;
  if (ScanAll(z, internal::NormalizeLng(p.lng_deg), p.lat_deg, &odd)) {
    return true;
  }
  return !odd.empty();
}

std::vector<bool> Contains(const MultiPolygon& zone,
                           std::span<const LatLng> points) {
  ZoneEdges z = BuildEdges(zone);
  std::vector<bool> out(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i].lat_deg) ||
        !std::isfinite(points[i].lng_deg)) {
      out[i] = false;
      continue;
    }
    OddSet odd;
    out[i] = ScanAll(z, internal::NormalizeLng(points[i].lng_deg),
                     points[i].lat_deg, &odd) ||
             !odd.empty();
  }
  return out;
}

// A uniform grid over the zone's bounding box in lon/lat. Each cell is
// either free of edges (its answer, the set of polygons containing it, is
// stored: one lookup decides) or a boundary cell holding the edges whose
// (slightly enlarged) bounding box meets it. A point in a boundary cell
// counts the crossings of its northward ray cell by cell up its column,
// until the first edge-free cell supplies the parity of the rest.
struct PreparedPolygon::Impl {
  struct Cell {
    uint32_t begin = 0;  // into edges (boundary) or ids (uniform)
    uint32_t count = 0;
    bool boundary = false;
  };
  ZoneEdges z;
  int nx = 1, ny = 1;
  double x0 = 0, y0 = 0, inv_w = 1, inv_h = 1;
  std::vector<double> xb, yb;  // nx + 1 and ny + 1 cell bounds
  std::vector<Cell> cells;     // row-major: cells[iy * nx + ix]
  // The same cells in one byte each (kOut, kIn or kBoundary), so that the
  // lookup deciding most points touches a small, cache-resident array.
  enum : uint8_t { kOut = 0, kIn = 1, kBoundary = 2 };
  std::vector<uint8_t> state;
  std::vector<Edge> cell_edges;
  std::vector<uint32_t> ids;
  bool empty = true;

  int Col(double x) const {
    double f = std::clamp(std::floor((x - x0) * inv_w), 0.0, nx - 1.0);
    int c = static_cast<int>(f);
    while (c > 0 && x < xb[c]) --c;
    while (c < nx - 1 && x >= xb[c + 1]) ++c;
    return c;
  }
  int Row(double y) const {
    double f = std::clamp(std::floor((y - y0) * inv_h), 0.0, ny - 1.0);
    int r = static_cast<int>(f);
    while (r > 0 && y < yb[r]) --r;
    while (r < ny - 1 && y >= yb[r + 1]) ++r;
    return r;
  }

  void Build();
  bool Query(double q, double lat) const;
};

void PreparedPolygon::Impl::Build() {
  if (z.edges.empty()) return;
  empty = false;
  double xmin = 180, xmax = -180, ymin = 90, ymax = -90;
  for (const Edge& e : z.edges) {
    xmin = std::min({xmin, e.lng1, e.lng2});
    xmax = std::max({xmax, e.lng1, e.lng2});
    ymin = std::min({ymin, e.lat1, e.lat2});
    ymax = std::max({ymax, e.lat1, e.lat2});
  }
  xmin = std::max(xmin, -180.0);
  xmax = std::min(xmax, 180.0);
  const double eps = 1e-9;
  double w = std::max(xmax - xmin, 1e-6) + 2 * eps;
  double h = std::max(ymax - ymin, 1e-6) + 2 * eps;
  x0 = xmin - eps;
  y0 = ymin - eps;
  // About 8 cells per edge; coarser when long edges would put too many edge
  // copies into cells (memory stays O(edges + 4M)).
  double target =
      std::clamp(8.0 * static_cast<double>(z.edges.size()), 64.0, 4.0e6);
  const double max_entries = 64.0 * static_cast<double>(z.edges.size()) + 4e6;
  double cw = 0, ch = 0, margin = 0;
  auto range = [&](const Edge& e, int* c0, int* c1, int* r0, int* r1) {
    *c0 = Col(std::min(e.lng1, e.lng2) - margin);
    *c1 = Col(std::max(e.lng1, e.lng2) + margin);
    *r0 = Row(std::min(e.lat1, e.lat2) - margin);
    *r1 = Row(std::max(e.lat1, e.lat2) + margin);
  };
  int c0, c1, r0, r1;
  for (;;) {
    nx = std::clamp(static_cast<int>(std::sqrt(target * w / h)), 1, 8192);
    ny = std::clamp(static_cast<int>(target / nx), 1, 8192);
    cw = w / nx;
    ch = h / ny;
    inv_w = 1 / cw;
    inv_h = 1 / ch;
    xb.resize(nx + 1);
    yb.resize(ny + 1);
    for (int i = 0; i <= nx; ++i) xb[i] = x0 + i * cw;
    for (int j = 0; j <= ny; ++j) yb[j] = y0 + j * ch;
    xb[nx] = x0 + w;
    yb[ny] = y0 + h;  // above every edge: no crossing lies at or above it
    margin = eps + 1e-7 * std::max(cw, ch);
    double entries = 0;
    for (const Edge& e : z.edges) {
      range(e, &c0, &c1, &r0, &r1);
      entries += double(c1 - c0 + 1) * double(r1 - r0 + 1);
    }
    if (entries <= max_entries || target <= 64) break;
    target = std::max(64.0, target / 4);
  }

  // Edges per cell (CSR), by enlarged bounding box.
  cells.assign(static_cast<size_t>(nx) * ny, Cell{});
  std::vector<uint32_t> counts(cells.size(), 0);
  for (const Edge& e : z.edges) {
    range(e, &c0, &c1, &r0, &r1);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) ++counts[static_cast<size_t>(r) * nx + c];
  }
  uint32_t total = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    cells[i].begin = total;
    cells[i].boundary = counts[i] > 0;
    total += counts[i];
  }
  cell_edges.resize(total);
  std::vector<uint32_t> fill(cells.size(), 0);
  // Per column, the edges whose x-range meets it (for uniform cells).
  std::vector<std::vector<uint32_t>> column_edges(nx);
  for (uint32_t ei = 0; ei < z.edges.size(); ++ei) {
    const Edge& e = z.edges[ei];
    range(e, &c0, &c1, &r0, &r1);
    for (int c = c0; c <= c1; ++c) column_edges[c].push_back(ei);
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) {
        size_t i = static_cast<size_t>(r) * nx + c;
        cell_edges[cells[i].begin + fill[i]++] = e;
      }
    }
  }
  for (size_t i = 0; i < cells.size(); ++i) cells[i].count = counts[i];

  // Uniform cells: the reference answer at the cell centre, computed per
  // column by sorting the crossings of the column's central meridian.
  std::vector<std::pair<double, uint32_t>> crossings;
  for (int c = 0; c < nx; ++c) {
    double q = (xb[c] + xb[c + 1]) / 2;
    crossings.clear();
    for (uint32_t ei : column_edges[c]) {
      const Edge& e = z.edges[ei];
      if (Straddles(e, q)) crossings.emplace_back(CrossingLat(e, q), e.polygon);
    }
    std::sort(crossings.begin(), crossings.end());
    OddSet odd;
    for (uint32_t id : z.north_inside) odd.Toggle(id);
    size_t next = crossings.size();  // crossings[next..] are above
    for (int r = ny - 1; r >= 0; --r) {
      double yc = (yb[r] + yb[r + 1]) / 2;
      while (next > 0 && crossings[next - 1].first > yc) {
        --next;
        odd.Toggle(crossings[next].second);
      }
      Cell& cell = cells[static_cast<size_t>(r) * nx + c];
      if (cell.boundary) continue;
      cell.begin = static_cast<uint32_t>(ids.size());
      cell.count = static_cast<uint32_t>(odd.size());
      for (size_t i = 0; i < odd.size(); ++i) ids.push_back(odd[i]);
    }
  }
  state.resize(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    state[i] = cells[i].boundary ? kBoundary : cells[i].count > 0 ? kIn : kOut;
  }
}

bool PreparedPolygon::Impl::Query(double q, double lat) const {
  if (empty || !std::isfinite(q) || !std::isfinite(lat)) return false;
  // Outside the box no edge straddles q or lies above: only the poles' parity.
  if (q < xb[0] || q > xb[nx] || lat >= yb[ny]) return !z.north_inside.empty();
  const int c = Col(q);
  int r = 0;
  OddSet odd;
  if (lat >= yb[0]) {
    r = Row(lat);
    const uint8_t st = state[static_cast<size_t>(r) * nx + c];
    if (st != kBoundary) return st == kIn;
    const Cell& cell = cells[static_cast<size_t>(r) * nx + c];
    const double top = yb[r + 1];
    for (uint32_t i = cell.begin; i < cell.begin + cell.count; ++i) {
      const Edge& e = cell_edges[i];
      if (Straddles(e, q)) {
        double l = CrossingLat(e, q);
        if (l == lat) return true;
        if (l > lat && l < top) odd.Toggle(e.polygon);
      } else if (OnNonStraddling(e, q, lat)) {
        return true;
      }
    }
    ++r;
  }
  // Walk up the column: crossings in [yb[r], yb[r + 1]) belong to row r.
  for (; r < ny; ++r) {
    const Cell& cell = cells[static_cast<size_t>(r) * nx + c];
    if (!cell.boundary) {
      for (uint32_t i = cell.begin; i < cell.begin + cell.count; ++i) {
        odd.Toggle(ids[i]);
      }
      return !odd.empty();
    }
    const double bottom = yb[r], top = yb[r + 1];
    for (uint32_t i = cell.begin; i < cell.begin + cell.count; ++i) {
      const Edge& e = cell_edges[i];
      if (Straddles(e, q)) {
        double l = CrossingLat(e, q);
        if (l >= bottom && l < top) odd.Toggle(e.polygon);
      }
    }
  }
  for (uint32_t id : z.north_inside) odd.Toggle(id);
  return !odd.empty();
}

PreparedPolygon::PreparedPolygon(const MultiPolygon& zone)
    : impl_(std::make_unique<Impl>()) {
  impl_->z = BuildEdges(zone);
  impl_->Build();
}
PreparedPolygon::~PreparedPolygon() = default;
PreparedPolygon::PreparedPolygon(PreparedPolygon&&) noexcept = default;
PreparedPolygon& PreparedPolygon::operator=(PreparedPolygon&&) noexcept =
    default;

bool PreparedPolygon::Contains(LatLng p) const {
  return impl_->Query(internal::NormalizeLng(p.lng_deg), p.lat_deg);
}

}  // namespace truce::geo
