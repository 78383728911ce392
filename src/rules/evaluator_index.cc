#include "rules/evaluator_index.h"

#include <algorithm>
#include <cmath>

namespace truce::rules::internal {
namespace {

// A zone covering more cells than this is cheaper to test on every fix than
// to list in every cell it covers.
constexpr int64_t kMaxCellsPerZone = 256;
constexpr double kMarginDeg = 1e-9;

}  // namespace

std::optional<LatLngBox> VertexBox(const geo::MultiPolygon& polygon) {
  LatLngBox b{90, 180, -90, -180};
  bool any = false;
  auto ring = [&](const geo::Ring& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      const geo::LatLng& p = r[i];
      const geo::LatLng& q = r[(i + 1) % r.size()];
      if (std::abs(p.lng_deg - q.lng_deg) > 180) return false;
      b.min_lat_deg = std::min(b.min_lat_deg, p.lat_deg);
      b.max_lat_deg = std::max(b.max_lat_deg, p.lat_deg);
      b.min_lng_deg = std::min(b.min_lng_deg, p.lng_deg);
      b.max_lng_deg = std::max(b.max_lng_deg, p.lng_deg);
      any = true;
    }
    return true;
  };
  for (const auto& poly : polygon.polygons) {
    if (!ring(poly.outer)) return std::nullopt;
    for (const auto& h : poly.holes) {
      if (!ring(h)) return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  b.min_lat_deg -= kMarginDeg;
  b.min_lng_deg -= kMarginDeg;
  b.max_lat_deg += kMarginDeg;
  b.max_lng_deg += kMarginDeg;
  return b;
}

EvaluatorIndex::EvaluatorIndex(
    const std::vector<std::optional<LatLngBox>>& boxes)
    : indexed_(boxes.size(), false) {
  // Cells about the size of the median zone: each zone then covers a few
  // cells and each cell holds a few zones.
  std::vector<double> extents;
  for (const auto& b : boxes) {
    if (b) {
      extents.push_back(std::max(b->max_lat_deg - b->min_lat_deg,
                                 b->max_lng_deg - b->min_lng_deg));
    }
  }
  if (!extents.empty()) {
    std::nth_element(extents.begin(), extents.begin() + extents.size() / 2,
                     extents.end());
    cell_deg_ = std::clamp(extents[extents.size() / 2], 0.01, 1.0);
  }
  for (uint32_t i = 0; i < boxes.size(); ++i) {
    const auto& b = boxes[i];
    if (!b) {
      always_.push_back(i);
      continue;
    }
    int64_t r0 = std::floor((b->min_lat_deg + 90) / cell_deg_);
    int64_t r1 = std::floor((b->max_lat_deg + 90) / cell_deg_);
    int64_t c0 = std::floor((b->min_lng_deg + 180) / cell_deg_);
    int64_t c1 = std::floor((b->max_lng_deg + 180) / cell_deg_);
    if ((r1 - r0 + 1) * (c1 - c0 + 1) > kMaxCellsPerZone) {
      always_.push_back(i);
      continue;
    }
    indexed_[i] = true;
    for (int64_t r = r0; r <= r1; ++r) {
      for (int64_t c = c0; c <= c1; ++c) cells_[Key(r, c)].push_back(i);
    }
  }
}

const std::vector<uint32_t>* EvaluatorIndex::At(geo::LatLng p) const {
  if (cells_.empty()) return nullptr;
  int64_t r = std::floor((p.lat_deg + 90) / cell_deg_);
  int64_t c = std::floor((p.lng_deg + 180) / cell_deg_);
  auto it = cells_.find(Key(r, c));
  return it == cells_.end() ? nullptr : &it->second;
}

}  // namespace truce::rules::internal
