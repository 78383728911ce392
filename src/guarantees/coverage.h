// Coverage: for each requirement of the plan, which guarantors' pledges
// cover it, the share covered, and every gap (what is missing, where, when).
//
// A pledge counts towards a requirement when it has the same capability and
// unit and the same zone (a pledge without a zone counts towards any zone; a
// requirement without a zone takes pledges of any zone). The requirement's
// period is cut at every pledge's start and end; within each piece the
// pledges in force add up. Exact arithmetic on integer-nanosecond times; the
// shares are ratios of doubles (relative error below 1e-15).
//
//   share covered = Σ piece length × min(available, required) / required
//                   ÷ period length
//   guarantor share = Σ piece length × its pledges in force / required
//                   ÷ period length   (not capped: 2.0 means twice the need)
//   gap = a maximal run of pieces with available < required
//
// Each requirement is computed on its own: one pledge may count towards
// several requirements.
//
// Thread safety: pure function.
#ifndef TRUCE_GUARANTEES_COVERAGE_H_
#define TRUCE_GUARANTEES_COVERAGE_H_

#include <string>
#include <vector>

#include "base/time.h"
#include "guarantees/commitments.h"

namespace truce::guarantees {

struct GuarantorShare {
  std::string guarantor;
  std::vector<std::string> pledges;  // pledge ids that count, in file order
  double share = 0;
};

struct Gap {
  TimeNs from, until;    // [from, until)
  double available = 0;  // in the requirement's unit
  double missing = 0;    // required - available
};

struct RequirementCoverage {
  const Requirement* requirement = nullptr;  // points into the Commitments
  std::vector<GuarantorShare> by_guarantor;  // every guarantor, file order
  double share_covered = 0;                  // in [0, 1]
  std::vector<Gap> gaps;                     // in time order
};

// The Commitments must outlive the result.
std::vector<RequirementCoverage> ComputeCoverage(const Commitments& c);

}  // namespace truce::guarantees

#endif  // TRUCE_GUARANTEES_COVERAGE_H_
