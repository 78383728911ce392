#include "geo/geodesic.h"

#include <GeographicLib/Geodesic.hpp>

namespace truce::geo {

double GeodesicDistanceM(LatLng a, LatLng b) {
  double s12 = 0;
  GeographicLib::Geodesic::WGS84().Inverse(a.lat_deg, a.lng_deg, b.lat_deg,
                                           b.lng_deg, s12);
  return s12;
}

GeodesicInverse Inverse(LatLng a, LatLng b) {
  GeodesicInverse r{};
  GeographicLib::Geodesic::WGS84().Inverse(a.lat_deg, a.lng_deg, b.lat_deg,
                                           b.lng_deg, r.distance_m,
                                           r.azimuth1_deg, r.azimuth2_deg);
  return r;
}

LatLng Direct(LatLng from, double azimuth_deg, double distance_m) {
  double lat = 0, lng = 0;
  GeographicLib::Geodesic::WGS84().Direct(from.lat_deg, from.lng_deg,
                                          azimuth_deg, distance_m, lat, lng);
  return LatLng(Latitude{lat}, Longitude{lng});
}

}  // namespace truce::geo
