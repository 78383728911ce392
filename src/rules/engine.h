// Engine: evaluates every rule of an agreement over a time-ordered stream of
// observations and emits incident revisions.
//
// Contract: observations arrive in nondecreasing time_ns (the replay merges
// and reorders feeds before this point, see replay.h). Given the same
// agreement and the same observation sequence, the revisions are identical,
// byte for byte once serialised: the engine has no clocks, no randomness and
// no iteration over unordered containers.
//
// Semantics per rule kind: docs/formats/agreement.md; the hysteresis against
// jitter (entry after k fixes or a dwell time, exit likewise), one incident
// per visit, clustering of reports in space and time, and attribution are
// documented in docs/formats/incidents.md.
//
// Thread safety: not thread-safe; one engine per run.
#ifndef TRUCE_RULES_ENGINE_H_
#define TRUCE_RULES_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "observe/observation.h"
#include "rules/incident.h"

namespace truce::rules {

struct EngineStats {
  uint64_t observations = 0;
  uint64_t duplicates = 0;    // identical bytes seen again
  uint64_t merged_fixes = 0;  // the same fix heard by another receiver
  uint64_t static_data = 0;   // vessel/aircraft identity, no position
};

struct EngineOptions {
  // Skip rules on static zones whose box a fix is outside
  // (evaluator_index.h). The output is the same either way; off is the
  // reference the prefilter is tested against.
  bool spatial_prefilter = true;
};

class Engine {
 public:
  // `agreement` must outlive the engine.
  explicit Engine(const agreement::Agreement& agreement,
                  EngineOptions options = {});
  ~Engine();

  void Process(const observe::Observation& o);
  // Ends the run at `end` (the last observation's time): open gaps are
  // judged and every open incident's new evidence is published.
  void Finish(TimeNs end);

  // Revisions emitted since the last call, in emission order.
  std::vector<Incident> TakeRevisions();
  const EngineStats& stats() const;
  // Things the user should know about the run (e.g. a rule kind whose input
  // is not in the feeds).
  std::vector<std::string> Notes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace truce::rules

#endif  // TRUCE_RULES_ENGINE_H_
