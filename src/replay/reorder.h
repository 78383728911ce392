// ReorderWindow: the late check of one feed's reorder window, shared by the
// replay's file feeds (feed.h) and the live feeds (live/). An observation
// more than `window` behind the latest time its feed has already shown is
// late: it is quarantined with its reason, never applied out of order. A
// property of the feed alone, so the verdict does not depend on the other
// feeds or on when a merge pulls.
//
// Thread safety: not thread-safe; one per feed.
#ifndef TRUCE_REPLAY_REORDER_H_
#define TRUCE_REPLAY_REORDER_H_

#include <cstdint>
#include <limits>
#include <string>

#include "base/time.h"
#include "observe/observation.h"

namespace truce::replay {

class ReorderWindow {
 public:
  static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();
  enum class Verdict { kAdmitted, kNoTime, kLate };

  explicit ReorderWindow(DurationNs window) : window_(window) {}

  // Admits `o` (raising the feed's latest time) or says why not.
  Verdict Admit(const observe::Observation& o);
  // The quarantine reason for a verdict other than kAdmitted.
  std::string Reason(const observe::Observation& o, Verdict v) const;

  int64_t max_time_ns() const { return max_time_ns_; }
  DurationNs window() const { return window_; }

 private:
  DurationNs window_;
  int64_t max_time_ns_ = kNoTime;
};

}  // namespace truce::replay

#endif  // TRUCE_REPLAY_REORDER_H_
