// Internal to the rules library: one subject's presence in one zone, with
// hysteresis against position jitter at the zone's edge.
//
// An entry counts once the subject has been seen inside on `fixes`
// consecutive fixes or for `dwell`, whichever comes first; an exit likewise.
// Fixes seen inside before the entry counts are kept as evidence of the visit.
#ifndef TRUCE_RULES_VISIT_H_
#define TRUCE_RULES_VISIT_H_

#include <optional>
#include <vector>

#include "agreement/agreement.h"
#include "observe/observation.h"

namespace truce::rules::internal {

class Visit {
 public:
  enum class Change { kNone, kEntered, kExited };

  // Feeds one fix; says whether the subject's confirmed state changed.
  Change Update(bool inside, const observe::Observation& o,
                const agreement::EntryHysteresis& h) {
    TimeNs t{o.time_ns};
    if (inside == confirmed_inside_) {
      run_ = 0;
      pending_.clear();
      if (inside) last_inside_ = t;
      return Change::kNone;
    }
    if (run_ == 0) run_start_ = t;
    ++run_;
    if (inside) pending_.push_back(o);
    bool dwell = h.dwell.ns > 0 && t - run_start_ >= h.dwell;
    if (run_ < h.fixes && !dwell) return Change::kNone;
    confirmed_inside_ = inside;
    run_ = 0;
    if (inside) {
      entered_ = run_start_;
      last_inside_ = t;
      return Change::kEntered;
    }
    return Change::kExited;
  }

  // The same fix from another receiver while an entry is being confirmed:
  // kept with the pending evidence.
  void Corroborate(const observe::Observation& o) {
    if (!pending_.empty()) pending_.push_back(o);
  }

  bool inside() const { return confirmed_inside_; }
  // Neither inside nor counting towards an entry: a fix outside the zone
  // changes nothing (Update returns kNone and keeps no state).
  bool idle() const { return !confirmed_inside_ && run_ == 0; }
  TimeNs entered() const { return entered_; }
  TimeNs last_inside() const { return last_inside_; }
  // Inside fixes that led to the entry (valid right after kEntered).
  std::vector<observe::Observation> TakePending() {
    std::vector<observe::Observation> out;
    out.swap(pending_);
    return out;
  }

  std::optional<size_t> incident;  // the open incident of this visit

 private:
  bool confirmed_inside_ = false;
  int run_ = 0;
  TimeNs run_start_, entered_, last_inside_;
  std::vector<observe::Observation> pending_;
};

}  // namespace truce::rules::internal

#endif  // TRUCE_RULES_VISIT_H_
