// Fuzzes the fast point-in-zone test against its reference: for any zone
// and point the fuzzer builds, PreparedPolygon::Contains must equal
// Contains (the full ray crossing), and the batch reference must equal the
// single one. Zones are built from the bytes: up to 3 polygons of up to 3
// rings (outer and holes, valid or not, any orientation), vertices on a
// coarse grid (so points land exactly on vertices and edges), anywhere, or
// straddling the antimeridian; points are raw, exactly on or next to a
// vertex, on an edge, or at longitudes written as +-180, beyond 180 or
// beyond -180. Any difference traps.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "geo/contains.h"

namespace {

using truce::geo::Latitude;
using truce::geo::LatLng;
using truce::geo::Longitude;

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  int8_t S8() { return static_cast<int8_t>(U8()); }
  double F64() {
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = bits << 8 | U8();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

LatLng At(double lat, double lng) {
  return LatLng(Latitude{lat}, Longitude{lng});
}

// A vertex: the mode byte chooses a coarse grid (exact hits likely), a grid
// about the antimeridian, a fine grid near the poles, or raw doubles.
LatLng Vertex(Bytes& in) {
  const uint8_t mode = in.U8() % 5;
  switch (mode) {
    case 0:  // coarse grid in [-32, 31] degrees
      return At(in.S8() / 4.0, in.S8() / 4.0);
    case 1:  // about the antimeridian, written either way
      return At(in.S8() / 4.0, (in.U8() % 2 ? 180.0 : -180.0) + in.S8() / 8.0);
    case 2:  // near a pole
      return At((in.U8() % 2 ? 1 : -1) * (90 - (in.U8() % 41) / 8.0),
                in.S8() * 1.5);
    case 3:  // anywhere, 1/64 degree grid
      return At((in.S8() * 256 + in.U8()) % 5761 / 64.0,
                (in.S8() * 256 + in.U8()) % 11521 / 64.0);
    default: {
      double lat = in.F64(), lng = in.F64();
      return At(lat, lng);
    }
  }
}

LatLng Point(Bytes& in, const truce::geo::MultiPolygon& zone) {
  std::vector<const LatLng*> verts;
  for (const auto& p : zone.polygons) {
    for (const LatLng& v : p.outer) verts.push_back(&v);
    for (const auto& h : p.holes) {
      for (const LatLng& v : h) verts.push_back(&v);
    }
  }
  const uint8_t mode = in.U8() % 6;
  if (verts.empty() || mode == 0) return Vertex(in);
  const LatLng& v = *verts[in.U8() % verts.size()];
  const LatLng& w = *verts[in.U8() % verts.size()];
  switch (mode) {
    case 1:  // exactly a vertex, the longitude written another way
      return At(v.lat_deg, v.lng_deg + 360.0 * (in.S8() % 3));
    case 2: {  // next to a vertex: a few ulps or a tiny offset
      double dlat = in.S8() * std::ldexp(1.0, -40 + in.U8() % 32);
      double dlng = in.S8() * std::ldexp(1.0, -40 + in.U8() % 32);
      return At(v.lat_deg + dlat, v.lng_deg + dlng);
    }
    case 3: {  // on the segment between two vertices, at k/16
      double t = (in.U8() % 17) / 16.0;
      return At(v.lat_deg + t * (w.lat_deg - v.lat_deg),
                v.lng_deg + t * (w.lng_deg - v.lng_deg));
    }
    case 4:  // at the antimeridian, written as 180, -180, 540 or -540
      return At(v.lat_deg + in.S8() / 64.0,
                180.0 * (2 * (in.U8() % 4) - 3) + in.S8() / 1024.0);
    default:  // the next representable numbers about a vertex
      return At(std::nextafter(v.lat_deg, in.U8() % 2 ? 100.0 : -100.0),
                std::nextafter(v.lng_deg, in.U8() % 2 ? 1000.0 : -1000.0));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // the reference is O(edges) per point
  Bytes in(data, size);
  truce::geo::MultiPolygon zone;
  const int polygons = 1 + in.U8() % 3;
  for (int p = 0; p < polygons; ++p) {
    truce::geo::Polygon poly;
    const int rings = 1 + in.U8() % 3;
    for (int r = 0; r < rings; ++r) {
      truce::geo::Ring ring;
      const int n = in.U8() % 33;
      for (int i = 0; i < n; ++i) ring.push_back(Vertex(in));
      if (r == 0) {
        poly.outer = std::move(ring);
      } else {
        poly.holes.push_back(std::move(ring));
      }
    }
    zone.polygons.push_back(std::move(poly));
  }
  const truce::geo::PreparedPolygon prepared(zone);
  std::vector<LatLng> points;
  for (int i = 0; i < 64 && !in.empty(); ++i) points.push_back(Point(in, zone));
  points.push_back(At(90, 0));
  points.push_back(At(-90, 0));
  points.push_back(At(std::numeric_limits<double>::quiet_NaN(), 0));
  const std::vector<bool> batch = truce::geo::Contains(zone, points);
  for (size_t i = 0; i < points.size(); ++i) {
    const bool reference = truce::geo::Contains(zone, points[i]);
    if (prepared.Contains(points[i]) != reference) __builtin_trap();
    if (batch[i] != reference) __builtin_trap();
  }
  return 0;
}
