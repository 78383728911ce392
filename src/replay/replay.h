// Replay: an agreement's rules over any mix of recorded feeds, with the
// results written as files. What `truce replay` runs.
//
// The feeds are merged in the total order of observations (feed.h), so the
// result does not depend on the order the files are given in, nor on the
// order of observations within each feed's reorder window. The same
// agreement and feeds give byte-identical outputs.
//
// Control maps (FeedFormat::kControlMap, detected or forced) are not merged
// as observations: each is compared with the agreement's baseline by the
// territory watch (territory_watch.h) when the merged stream reaches the
// map's date, so territory incidents take their place in time among the
// others.
//
// Outputs in `out_dir` (docs/formats/incidents.md):
//   incidents.ndjson   every incident revision, canonical JSON (RFC 8785)
//   incidents.geojson  the latest revision of each incident, as Points
//   summary.json       counts by rule, party and confidence; feed statistics
//   quarantine.ndjson  every record that did not become an observation
//
// Thread safety: Replay may run concurrently on different out_dirs.
#ifndef TRUCE_REPLAY_REPLAY_H_
#define TRUCE_REPLAY_REPLAY_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "replay/feed.h"
#include "rules/engine.h"

namespace truce::replay {

struct FeedSpec {
  std::string path;
  FeedFormat format = FeedFormat::kAuto;
};

struct ReplayOptions {
  std::string out_dir;
  DurationNs reorder_window = DurationNs::Minutes(5);
  // Threads: feeds are decoded on threads - 1 workers beside the engine
  // (prefetch.h) and control maps are read in parallel. Outputs do not
  // depend on it.
  int threads = 1;
  // How control maps name parties (territory/mapping.h YAML); empty: the
  // agreement's baseline `property` and `values`.
  std::string control_mapping;
  // How report CSVs in another shape map to the report schema
  // (observe/report_mapping.h YAML); empty: the native schema.
  std::string report_mapping;
  // When set, the run is appended to the evidence log in `log_dir` (created
  // if missing) and a checkpoint signed with `log_key` (a signer key file):
  // one batch record per feed file (path order), then every incident
  // revision in emission order. docs/formats/evidence-log.md.
  std::string log_dir;
  std::string log_key;
  // Called now and then with the observations processed so far.
  std::function<void(uint64_t)> progress;
};

struct FeedReport {
  std::string path;
  FeedFormat format;
  FeedStats stats;
};

struct ReplayReport {
  std::vector<FeedReport> feeds;
  rules::EngineStats engine;
  uint64_t revisions = 0;
  uint64_t incidents = 0;
  uint64_t quarantined = 0;
  uint64_t control_maps = 0;
  // With a log: the entries appended (first index, count) and the checkpoint.
  uint64_t log_first = 0, log_entries = 0;
  std::string checkpoint;
  // incidents by rule / party / confidence (latest revisions)
  std::map<std::string, uint64_t> by_rule, by_party, by_confidence;
  std::vector<std::string> notes;
};

Result<ReplayReport> Replay(const agreement::Agreement& agreement,
                            const std::vector<FeedSpec>& feeds,
                            const ReplayOptions& options);

}  // namespace truce::replay

#endif  // TRUCE_REPLAY_REPLAY_H_
