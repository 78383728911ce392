// Geodesic computations on the WGS84 ellipsoid, via GeographicLib.
//
// Every function here is exact to GeographicLib's accuracy: distances to
// about 15 nanometres, azimuths to about 1e-12 degrees (Karney 2013).
//
// Thread safety: pure functions; GeographicLib::Geodesic::WGS84() is const.
#ifndef TRUCE_GEO_GEODESIC_H_
#define TRUCE_GEO_GEODESIC_H_

#include "geo/latlng.h"

namespace truce::geo {

// The absolute error bound of GeodesicDistanceM (GeographicLib: 15 nm).
inline constexpr double kGeodesicDistanceError_m = 15e-9;

// Length of the shortest geodesic between a and b, in metres.
double GeodesicDistanceM(LatLng a, LatLng b);

struct GeodesicInverse {
  double distance_m;
  double azimuth1_deg;  // at a, clockwise from north
  double azimuth2_deg;  // at b, forward direction
};
GeodesicInverse Inverse(LatLng a, LatLng b);

// The point reached from `from` along azimuth_deg after distance_m.
LatLng Direct(LatLng from, double azimuth_deg, double distance_m);

}  // namespace truce::geo

#endif  // TRUCE_GEO_GEODESIC_H_
