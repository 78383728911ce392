#include "simulate/route.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>

#include "geo/geodesic.h"

namespace truce::simulate {
namespace {

struct Box {
  double min_lat = 90, max_lat = -90, min_lng = 180, max_lng = -180;
};

Box BoundsOf(const agreement::Zone& z) {
  Box b;
  for (const auto& poly : z.polygon.polygons) {
    for (const auto& p : poly.outer) {
      b.min_lat = std::min(b.min_lat, p.lat_deg);
      b.max_lat = std::max(b.max_lat, p.lat_deg);
      b.min_lng = std::min(b.min_lng, p.lng_deg);
      b.max_lng = std::max(b.max_lng, p.lng_deg);
    }
  }
  return b;
}

// Grid steps of about `step_m` at the box's middle latitude.
struct Grid {
  Box box;
  double dlat, dlng;
  int rows, cols;
  geo::LatLng At(int r, int c) const {
    return geo::LatLng(geo::Latitude{box.min_lat + r * dlat},
                       geo::Longitude{box.min_lng + c * dlng});
  }
};

Grid MakeGrid(const Box& b, double step_m) {
  Grid g;
  g.box = b;
  g.dlat = step_m / 111'000.0;
  double mid = (b.min_lat + b.max_lat) / 2 * 3.141592653589793 / 180;
  g.dlng = step_m / (111'000.0 * std::max(0.1, std::cos(mid)));
  g.rows = static_cast<int>((b.max_lat - b.min_lat) / g.dlat) + 1;
  g.cols = static_cast<int>((b.max_lng - b.min_lng) / g.dlng) + 1;
  return g;
}

constexpr double kStep_m = 2000;

}  // namespace

Route::Route(std::vector<geo::LatLng> points) : points_(std::move(points)) {
  double s = 0;
  for (size_t i = 0; i < points_.size(); ++i) {
    if (i > 0) s += geo::GeodesicDistanceM(points_[i - 1], points_[i]);
    cumulative_m_.push_back(s);
  }
}

geo::LatLng Route::At(double s_m) const {
  if (points_.empty()) return {};
  if (s_m <= 0) return points_.front();
  if (s_m >= length_m()) return points_.back();
  size_t i = std::upper_bound(cumulative_m_.begin(), cumulative_m_.end(), s_m) -
             cumulative_m_.begin();
  double seg = cumulative_m_[i] - cumulative_m_[i - 1];
  double f = seg > 0 ? (s_m - cumulative_m_[i - 1]) / seg : 0;
  const auto& a = points_[i - 1];
  const auto& b = points_[i];
  return geo::LatLng(geo::Latitude{a.lat_deg + f * (b.lat_deg - a.lat_deg)},
                     geo::Longitude{a.lng_deg + f * (b.lng_deg - a.lng_deg)});
}

double Route::AzimuthAt(double s_m) const {
  if (points_.size() < 2) return 0;
  size_t i = std::upper_bound(cumulative_m_.begin(), cumulative_m_.end(),
                              std::clamp(s_m, 0.0, length_m() - 1e-6)) -
             cumulative_m_.begin();
  i = std::clamp<size_t>(i, 1, points_.size() - 1);
  return geo::Inverse(points_[i - 1], points_[i]).azimuth1_deg;
}

bool InsideWithMargin(const rules::CompiledZones& zones, int zone,
                      geo::LatLng p, double margin_m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!zones.Contains(zone, p, nan)) return false;
  for (int az = 0; az < 360; az += 45) {
    if (!zones.Contains(zone, geo::Direct(p, az, margin_m), nan)) return false;
  }
  return true;
}

bool OutsideWithMargin(const rules::CompiledZones& zones, int zone,
                       geo::LatLng p, double margin_m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (zones.Contains(zone, p, nan)) return false;
  for (int az = 0; az < 360; az += 45) {
    if (zones.Contains(zone, geo::Direct(p, az, margin_m), nan)) return false;
  }
  return true;
}

Result<Route> FindRoute(const rules::CompiledZones& zones, int zone, int from,
                        int to, double margin_m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Grid g = MakeGrid(BoundsOf(zones.zone(zone)), kStep_m);
  const int n = g.rows * g.cols;
  std::vector<uint8_t> ok(n, 0);
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      ok[r * g.cols + c] = InsideWithMargin(zones, zone, g.At(r, c), margin_m);
    }
  }
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  std::vector<int> prev(n, -1);
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  for (int i = 0; i < n; ++i) {
    if (ok[i] && zones.Contains(from, g.At(i / g.cols, i % g.cols), nan)) {
      dist[i] = 0;
      queue.push({0, i});
    }
  }
  int reached = -1;
  while (!queue.empty()) {
    auto [d, i] = queue.top();
    queue.pop();
    if (d > dist[i]) continue;
    geo::LatLng p = g.At(i / g.cols, i % g.cols);
    if (zones.Contains(to, p, nan)) {
      reached = i;
      break;
    }
    int r = i / g.cols, c = i % g.cols;
    for (int dr = -1; dr <= 1; ++dr) {
      for (int dc = -1; dc <= 1; ++dc) {
        int rr = r + dr, cc = c + dc;
        if ((dr == 0 && dc == 0) || rr < 0 || cc < 0 || rr >= g.rows ||
            cc >= g.cols) {
          continue;
        }
        int j = rr * g.cols + cc;
        if (!ok[j]) continue;
        double nd = d + geo::GeodesicDistanceM(p, g.At(rr, cc));
        if (nd < dist[j]) {
          dist[j] = nd;
          prev[j] = i;
          queue.push({nd, j});
        }
      }
    }
  }
  if (reached < 0) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("no route {:g} km inside zone '{}' between its "
                            "gateways '{}' and '{}'",
                            margin_m / 1000, zones.zone(zone).id,
                            zones.zone(from).id, zones.zone(to).id),
                "check that the gateways overlap the zone");
  }
  std::vector<geo::LatLng> path;
  for (int i = reached; i >= 0; i = prev[i]) {
    path.push_back(g.At(i / g.cols, i % g.cols));
  }
  std::reverse(path.begin(), path.end());
  return Route(std::move(path));
}

Result<geo::LatLng> FindExit(const rules::CompiledZones& zones, int zone,
                             int gateway, geo::LatLng near, double margin_m) {
  Grid g = MakeGrid(BoundsOf(zones.zone(gateway)), kStep_m / 4);
  double best = std::numeric_limits<double>::infinity();
  geo::LatLng out;
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      geo::LatLng p = g.At(r, c);
      if (!InsideWithMargin(zones, gateway, p, margin_m) ||
          !OutsideWithMargin(zones, zone, p, margin_m)) {
        continue;
      }
      double d = geo::GeodesicDistanceM(p, near);
      if (d < best) {
        best = d;
        out = p;
      }
    }
  }
  if (!std::isfinite(best)) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("gateway '{}' has no room outside zone '{}'",
                            zones.zone(gateway).id, zones.zone(zone).id));
  }
  return out;
}

}  // namespace truce::simulate
