#include "territory/regions.h"

#include <algorithm>

#include "territory/control_map.h"

namespace truce::territory {

Result<RegionIndex> RegionIndex::Load(const std::filesystem::path& path) {
  std::filesystem::path file = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<std::filesystem::path> found;
    for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
      std::string name = e.path().filename().string();
      std::string ext = e.path().extension().string();
      if ((ext == ".geojson" || ext == ".json") &&
          name.find("simplified") == std::string::npos) {
        found.push_back(e.path());
      }
    }
    if (found.size() != 1) {
      SourceLocation loc;
      loc.file = path.string();
      return Fail(ErrorCode::kNotFound,
                  "expected exactly one full-detail boundaries GeoJSON in "
                  "the folder, found " +
                      std::to_string(found.size()),
                  "give the file itself to --regions", loc);
    }
    file = found.front();
  }
  auto map = LoadControlMap(file, DefaultMapping());
  if (!map) return std::unexpected(map.error());
  RegionIndex index;
  index.source_ = file.string();
  for (const ControlFeature& f : map->features) {
    index.names_.push_back(f.name);
    index.shapes_.push_back(std::make_unique<geo::PreparedPolygon>(f.area));
  }
  return index;
}

std::string RegionIndex::RegionOf(geo::LatLng p) const {
  for (std::size_t i = 0; i < shapes_.size(); ++i) {
    if (shapes_[i]->Contains(p)) return names_[i];
  }
  return "";
}

}  // namespace truce::territory
