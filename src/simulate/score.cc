#include "simulate/score.h"

#include "geo/geodesic.h"

namespace truce::simulate {

bool Matches(const TruthRecord& t, const ScoredIncident& in,
             DurationNs tolerance) {
  if (t.rule != in.rule) return false;
  if (t.radius_m > 0) {
    if (geo::GeodesicDistanceM(t.position, in.position) > t.radius_m) {
      return false;
    }
  } else if (t.subject != in.subject) {
    return false;
  }
  return !(in.last + tolerance < t.first) && !(t.last + tolerance < in.first);
}

ScoreResult Score(const std::vector<TruthRecord>& truth,
                  const std::vector<ScoredIncident>& incidents,
                  DurationNs tolerance) {
  ScoreResult r;
  for (const auto& t : truth) {
    Tally& k = r.by_kind[t.kind];
    ++k.truths;
    ++r.overall.truths;
    bool found = false;
    for (const auto& in : incidents) found = found || Matches(t, in, tolerance);
    if (found) {
      ++k.found;
      ++r.overall.found;
    } else {
      r.missed.push_back(&t);
    }
  }
  for (const auto& in : incidents) {
    Tally& k = r.by_kind[in.kind];
    ++k.incidents;
    ++r.overall.incidents;
    bool matched = false;
    for (const auto& t : truth) matched = matched || Matches(t, in, tolerance);
    if (matched) {
      ++k.matched;
      ++r.overall.matched;
    } else {
      r.unexpected.push_back(&in);
    }
  }
  return r;
}

}  // namespace truce::simulate
