#include "geo/test_util.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace truce::geo::testing {
namespace {

Ring ReadRing(const nlohmann::json& coords) {
  Ring ring;
  for (const auto& c : coords) {
    ring.push_back(
        LatLng(Latitude{c[1].get<double>()}, Longitude{c[0].get<double>()}));
  }
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  return ring;
}

Polygon ReadPolygon(const nlohmann::json& rings) {
  Polygon p;
  for (size_t i = 0; i < rings.size(); ++i) {
    if (i == 0) {
      p.outer = ReadRing(rings[i]);
    } else {
      p.holes.push_back(ReadRing(rings[i]));
    }
  }
  return p;
}

void AppendGeometry(const nlohmann::json& g, MultiPolygon* out) {
  const std::string type = g.at("type").get<std::string>();
  if (type == "Polygon") {
    out->polygons.push_back(ReadPolygon(g.at("coordinates")));
  } else if (type == "MultiPolygon") {
    for (const auto& p : g.at("coordinates")) {
      out->polygons.push_back(ReadPolygon(p));
    }
  }
}

std::optional<nlohmann::json> ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::vector<std::string>> RunTool(const std::string& command,
                                                const std::string& input) {
  char name[] = "/tmp/truce_geo_oracle_XXXXXX";
  int fd = mkstemp(name);
  if (fd < 0) return std::nullopt;
  {
    std::ofstream out(name);
    out << input;
  }
  close(fd);
  std::string cmd = command + " --input-file " + name;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    std::remove(name);
    return std::nullopt;
  }
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
  int rc = pclose(pipe);
  std::remove(name);
  if (rc != 0) return std::nullopt;
  std::vector<std::string> lines;
  std::istringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) lines.push_back(line);
  return lines;
}

std::optional<MultiPolygon> LoadGeoJson(const std::filesystem::path& path,
                                        const std::string& name_key,
                                        const std::string& name) {
  auto json = ReadJson(path);
  if (!json) return std::nullopt;
  MultiPolygon out;
  for (const auto& f : json->at("features")) {
    if (!name_key.empty()) {
      const auto& props = f.at("properties");
      if (!props.contains(name_key) || props[name_key] != name) continue;
    }
    AppendGeometry(f.at("geometry"), &out);
  }
  return out;
}

std::vector<MultiPolygon> LoadGeoJsonFeatures(
    const std::filesystem::path& path) {
  std::vector<MultiPolygon> out;
  auto json = ReadJson(path);
  if (!json) return out;
  for (const auto& f : json->at("features")) {
    MultiPolygon m;
    AppendGeometry(f.at("geometry"), &m);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace truce::geo::testing
