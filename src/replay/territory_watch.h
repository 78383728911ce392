// TerritoryWatch: the agreement's territory rules over the control maps a
// replay is given ("not one square kilometre").
//
// The baseline (the agreement's control map at signing) is dissolved once.
// Each later map is read with the baseline's mapping (its `property` and
// `values`) or a territory mapping the user gives, dissolved and diffed
// against the baseline (territory/diff.h: GEOS overlay in lon/lat, geodesic
// areas with their error bound). For each territory rule in force at the
// map's date, every piece a bound party gained against the baseline whose
// area is at least the rule's `threshold_km2` is a violation, attributed to
// the gaining party, with the piece as the incident's `area` and the two
// maps' SHA-256 digests as its evidence.
//
// A piece is followed from map to map: a piece of a later map continues an
// open incident of the same rule and party when either one's representative
// inside point lies in the other (largest pieces first, each incident
// continued by at most one piece). Every map that still shows the piece
// appends a revision (its new evidence); a map that no longer shows it at or
// above the threshold closes the incident at that map's time.
//
// A map stands for its date (from the mapping's date property or the file
// name, territory/control_map.h) at 00:00 UTC; a map without a date is an
// error, since its place in time would be a guess.
//
// Thread safety: LoadSnapshot is a pure function and may run on any thread;
// a TerritoryWatch is not thread-safe.
#ifndef TRUCE_REPLAY_TERRITORY_WATCH_H_
#define TRUCE_REPLAY_TERRITORY_WATCH_H_

#include <memory>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "base/time.h"
#include "rules/book.h"
#include "territory/diff.h"
#include "territory/mapping.h"

namespace truce::replay {

// One control map, read, dissolved and compared with the baseline.
struct ControlSnapshot {
  std::string path;    // as given
  std::string file;    // the file name without its folder
  std::string date;    // YYYY-MM-DD
  TimeNs time;         // the date at 00:00 UTC
  std::string sha256;  // hex digest of the file's bytes: the evidence
  territory::TerritoryDiff diff;  // against the baseline, every piece listed
};

// The baseline, dissolved, with what a snapshot needs to be compared to it.
struct TerritoryBaseline {
  territory::Mapping mapping;  // how later maps are read, unless one is given
  territory::Territory territory;
  std::string file;  // the file name without its folder
  std::string date;
  std::string sha256;  // hex
};

// Reads the agreement's baseline map (kNotFound if the agreement has none).
Result<TerritoryBaseline> LoadBaseline(const agreement::Agreement& agreement);

// Reads `path` with `mapping` and diffs it against `baseline`.
Result<ControlSnapshot> LoadSnapshot(const std::string& path,
                                     const territory::Mapping& mapping,
                                     const TerritoryBaseline& baseline);

class TerritoryWatch {
 public:
  // `agreement` must outlive the watch.
  TerritoryWatch(const agreement::Agreement& agreement,
                 const TerritoryBaseline& baseline, std::string source);

  // Judges one map; maps must come in nondecreasing time.
  void Apply(const ControlSnapshot& snapshot);
  // Revisions emitted since the last call, in emission order.
  std::vector<rules::Incident> TakeRevisions() { return book_.TakeRevisions(); }
  uint64_t maps() const { return maps_; }

 private:
  struct Open {
    const agreement::Rule* rule;
    std::string party;
    size_t handle;
    geo::MultiPolygon shape;  // the piece in the latest map showing it
    geo::LatLng inside;
  };

  const agreement::Agreement& agreement_;
  std::string baseline_file_, baseline_date_, baseline_sha256_;
  std::string source_;
  rules::IncidentBook book_;
  std::vector<Open> open_;
  uint64_t maps_ = 0;
};

}  // namespace truce::replay

#endif  // TRUCE_REPLAY_TERRITORY_WATCH_H_
