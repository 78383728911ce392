// LatLng: a point on the WGS84 ellipsoid, in degrees.
//
// Latitude and longitude are separate strong types because GeoJSON writes
// longitude first and people write latitude first; a swapped pair must not
// compile. Values are plain doubles in degrees; range checks happen where
// input is read (agreement loader, decoders), not here.
//
// Thread safety: plain values.
#ifndef TRUCE_GEO_LATLNG_H_
#define TRUCE_GEO_LATLNG_H_

#include <vector>

namespace truce::geo {

struct Latitude {
  double deg;
};
struct Longitude {
  double deg;
};

struct LatLng {
  double lat_deg = 0;
  double lng_deg = 0;

  constexpr LatLng() = default;
  constexpr LatLng(Latitude lat, Longitude lng)
      : lat_deg(lat.deg), lng_deg(lng.deg) {}
  bool operator==(const LatLng&) const = default;
};

// A sequence of points joined by edges. Per RFC 7946 and docs/formats/
// agreement.md, an edge is the straight line between its end points in
// longitude/latitude, and an edge whose longitude difference exceeds 180
// degrees goes the short way, across the antimeridian.
using Polyline = std::vector<LatLng>;

// A closed ring, stored WITHOUT repeating the first point at the end.
using Ring = std::vector<LatLng>;

// An outer ring and zero or more holes. Orientation is not significant
// (RFC 7946 asks for counter-clockwise outer rings, but real data varies).
struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

struct MultiPolygon {
  std::vector<Polygon> polygons;
};

// WGS84 semi-major axis and flattening, as GeographicLib::Constants has them.
inline constexpr double kWgs84A_m = 6378137.0;
inline constexpr double kWgs84F = 1 / 298.257223563;
inline constexpr double kNauticalMile_m = 1852.0;

}  // namespace truce::geo

#endif  // TRUCE_GEO_LATLNG_H_
