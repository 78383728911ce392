// Score: precision and recall of a run's incidents against the violations a
// simulation planted (docs/formats/simulation.md, "Scoring").
//
// An incident matches a truth record when the rule is the same, the subject
// is the same (or, for a record with radius_m > 0, the incident's position
// is within radius_m of the record's), and the time ranges overlap once each
// is widened by `tolerance`. Precision: the share of incidents that match
// some record; recall: the share of records that some incident matches.
//
// Thread safety: pure functions.
#ifndef TRUCE_SIMULATE_SCORE_H_
#define TRUCE_SIMULATE_SCORE_H_

#include <map>
#include <string>
#include <vector>

#include "simulate/truth.h"

namespace truce::simulate {

struct Tally {
  int truths = 0, found = 0;       // records, records matched
  int incidents = 0, matched = 0;  // incidents, incidents matching a record
  // 1 when there is nothing to find (or nothing was reported).
  double Recall() const { return truths == 0 ? 1.0 : double(found) / truths; }
  double Precision() const {
    return incidents == 0 ? 1.0 : double(matched) / incidents;
  }
};

struct ScoreResult {
  std::map<std::string, Tally> by_kind;  // rule kind word
  Tally overall;
  std::vector<const TruthRecord*> missed;         // records not found
  std::vector<const ScoredIncident*> unexpected;  // incidents matching none
};

inline constexpr DurationNs kDefaultTolerance = DurationNs::Minutes(5);

// The result points into `truth` and `incidents`, which must outlive it.
ScoreResult Score(const std::vector<TruthRecord>& truth,
                  const std::vector<ScoredIncident>& incidents,
                  DurationNs tolerance = kDefaultTolerance);

bool Matches(const TruthRecord& t, const ScoredIncident& in,
             DurationNs tolerance);

}  // namespace truce::simulate

#endif  // TRUCE_SIMULATE_SCORE_H_
