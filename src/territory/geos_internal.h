// Internal to territory/: owning handles for the GEOS C API (reentrant _r
// functions) and conversion between geo:: polygons and GEOS geometries.
// Not a public header: it includes geos_c.h.
//
// Coordinates: x = longitude, y = latitude, in degrees. Each ring is
// unwrapped across the antimeridian (every edge goes the short way, RFC
// 7946), so longitudes may leave [-180, 180]; a ring that winds once around a
// pole is closed through that pole along the +-90 latitude line.
//
// Thread safety: a GeosContext belongs to one thread at a time.
#ifndef TRUCE_TERRITORY_GEOS_INTERNAL_H_
#define TRUCE_TERRITORY_GEOS_INTERNAL_H_

#include <geos_c.h>

#include <string>
#include <utility>

#include "geo/latlng.h"

namespace truce::territory::internal {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return handle_; }
  const std::string& last_error() const { return last_error_; }

 private:
  static void OnError(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

// An owned GEOSGeometry (null when empty / failed).
class Geom {
 public:
  Geom() = default;
  Geom(GEOSContextHandle_t h, GEOSGeometry* g) : h_(h), g_(g) {}
  ~Geom() { reset(); }
  Geom(Geom&& o) noexcept : h_(o.h_), g_(std::exchange(o.g_, nullptr)) {}
  Geom& operator=(Geom&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = o.h_;
      g_ = std::exchange(o.g_, nullptr);
    }
    return *this;
  }
  GEOSGeometry* get() const { return g_; }
  GEOSGeometry* release() { return std::exchange(g_, nullptr); }
  explicit operator bool() const { return g_ != nullptr; }
  void reset() {
    if (g_) GEOSGeom_destroy_r(h_, g_);
    g_ = nullptr;
  }

 private:
  GEOSContextHandle_t h_ = nullptr;
  GEOSGeometry* g_ = nullptr;
};

struct ToGeosStats {
  int rings_dropped = 0;  // rings with fewer than 3 distinct points
};

// The longitude frame of a ring's first vertex: [-180, 180) normally;
// [0, 360) when the map crosses the antimeridian, so that pieces written on
// either side of it meet in one plane. (A map that crosses both the
// antimeridian and the prime meridian with one ring each side of 0 is not
// supported: no control map of a real front line does.)
enum class Frame { kWest, kEast };

// kEast when any ring of `multi` has an edge across the antimeridian
// (longitude jump > 180 degrees) or a longitude outside [-180, 180].
bool NeedsEastFrame(const geo::MultiPolygon& multi);

// A GEOS MultiPolygon (possibly empty) for `multi`. Rings with fewer than
// 3 distinct points are dropped (a dropped outer drops its polygon) and
// counted. Returns a null Geom only when GEOS fails.
Geom ToGeos(const GeosContext& ctx, const geo::MultiPolygon& multi,
            ToGeosStats* stats, Frame frame);

// The polygons of `g` (any polygonal geometry or collection; other members
// are ignored). Rings without their closing point.
geo::MultiPolygon FromGeos(const GeosContext& ctx, const GEOSGeometry* g);
geo::Polygon PolygonFromGeos(const GeosContext& ctx, const GEOSGeometry* g);

}  // namespace truce::territory::internal

#endif  // TRUCE_TERRITORY_GEOS_INTERNAL_H_
