#include "replay/reorder.h"

#include <fmt/format.h>

#include <algorithm>

namespace truce::replay {

ReorderWindow::Verdict ReorderWindow::Admit(const observe::Observation& o) {
  if (o.time_ns == kNoTime) return Verdict::kNoTime;
  if (max_time_ns_ != kNoTime && o.time_ns < max_time_ns_ - window_.ns) {
    return Verdict::kLate;
  }
  max_time_ns_ = std::max(max_time_ns_, o.time_ns);
  return Verdict::kAdmitted;
}

std::string ReorderWindow::Reason(const observe::Observation& o,
                                  Verdict v) const {
  if (v == Verdict::kNoTime) return "no_time: the record carries no time";
  return fmt::format(
      "late: {} is more than the reorder window of {} s behind {}, already "
      "seen in this feed",
      FormatRfc3339(TimeNs{o.time_ns}), window_.ns / 1'000'000'000,
      FormatRfc3339(TimeNs{max_time_ns_}));
}

}  // namespace truce::replay
