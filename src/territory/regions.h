// Regions: which admin-1 unit (oblast) a point lies in, from a boundaries
// GeoJSON such as geoBoundaries' UKR ADM1.
//
// A region's name is the feature's label (ControlFeature::name: the first
// string among the properties name, shapeName, NAME_1, name_en). Regions are
// tested in file order; the first that contains the point wins (boundaries
// files do not overlap). Points on a boundary count as inside.
//
// Thread safety: immutable after Load; RegionOf may be called concurrently.
#ifndef TRUCE_TERRITORY_REGIONS_H_
#define TRUCE_TERRITORY_REGIONS_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "geo/contains.h"
#include "geo/latlng.h"

namespace truce::territory {

class RegionIndex {
 public:
  // `path` is a GeoJSON file, or a folder: then its one *.geojson/*.json
  // file whose name does not contain "simplified" (the full-detail one).
  static Result<RegionIndex> Load(const std::filesystem::path& path);

  // The region's name, or "" when no region contains `p`.
  std::string RegionOf(geo::LatLng p) const;

  std::size_t size() const { return names_.size(); }
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<geo::PreparedPolygon>> shapes_;
};

}  // namespace truce::territory

#endif  // TRUCE_TERRITORY_REGIONS_H_
