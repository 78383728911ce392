// Internal to the rules library: which evaluators one fix can concern.
//
// An agreement may have thousands of static zones; without an index every fix
// visits every rule. A presence rule on a static polygon zone can only change
// state for a fix inside the zone's bounding box, or for a subject it already
// holds state about (a confirmed visit, or an entry or exit being counted:
// Evaluator::Engaged). The index answers the first question with a uniform
// grid of longitude/latitude cells over the zones' boxes; the engine tracks
// the second per subject. Every other evaluator (reports, maritime, ceiling,
// roaming and band zones, zones spanning many cells or the antimeridian) is
// "always" and sees every fix.
//
// Exactness: the boxes are those of the zones' vertices, and zone edges are
// straight in longitude/latitude (RFC 7946, geo/contains.h), so a polygon
// lies inside its box; the box is widened by 1e-9 degrees against rounding.
// Candidates() is therefore a superset of the evaluators that can act, and
// the engine's output is the same with or without the index (checked by
// engine_prefilter_test against the unfiltered engine).
//
// Thread safety: immutable after construction.
#ifndef TRUCE_RULES_EVALUATOR_INDEX_H_
#define TRUCE_RULES_EVALUATOR_INDEX_H_

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "geo/latlng.h"

namespace truce::rules::internal {

struct LatLngBox {
  double min_lat_deg, min_lng_deg, max_lat_deg, max_lng_deg;
};

// The vertex bounding box of a multipolygon; nullopt if an edge crosses the
// antimeridian (its box is not the vertices' one) or it has no vertices.
std::optional<LatLngBox> VertexBox(const geo::MultiPolygon& polygon);

class EvaluatorIndex {
 public:
  // boxes[i]: the region outside which evaluator i ignores idle subjects, or
  // nullopt if it needs every fix.
  explicit EvaluatorIndex(const std::vector<std::optional<LatLngBox>>& boxes);

  // Evaluators that always run, ascending.
  const std::vector<uint32_t>& always() const { return always_; }
  // Indexed evaluators whose box may contain p, ascending; nullptr if none.
  const std::vector<uint32_t>* At(geo::LatLng p) const;
  bool indexed(uint32_t evaluator) const { return indexed_[evaluator]; }

 private:
  int64_t Key(int64_t row, int64_t col) const { return row * 1'000'003 + col; }

  double cell_deg_ = 1;
  std::vector<uint32_t> always_;
  std::vector<bool> indexed_;
  std::unordered_map<int64_t, std::vector<uint32_t>> cells_;
};

}  // namespace truce::rules::internal

#endif  // TRUCE_RULES_EVALUATOR_INDEX_H_
