#include "guarantees/coverage.h"

#include <algorithm>

namespace truce::guarantees {
namespace {

bool Counts(const Pledge& p, const Requirement& r) {
  if (p.capability != r.capability || p.unit != r.unit) return false;
  if (!r.zone.empty() && !p.zone.empty() && p.zone != r.zone) return false;
  return p.period.from < r.period.until && r.period.from < p.period.until;
}

}  // namespace

std::vector<RequirementCoverage> ComputeCoverage(const Commitments& c) {
  std::vector<RequirementCoverage> out;
  for (const Requirement& r : c.requirements) {
    RequirementCoverage rc;
    rc.requirement = &r;
    std::vector<const Pledge*> pledges;
    for (const Pledge& p : c.pledges) {
      if (Counts(p, r)) pledges.push_back(&p);
    }
    // The pieces: the period cut at every pledge boundary inside it.
    std::vector<int64_t> cuts = {r.period.from.ns_since_epoch,
                                 r.period.until.ns_since_epoch};
    for (const Pledge* p : pledges) {
      for (TimeNs t : {p->period.from, p->period.until}) {
        if (r.period.from < t && t < r.period.until) {
          cuts.push_back(t.ns_since_epoch);
        }
      }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    const double total_ns =
        static_cast<double>((r.period.until - r.period.from).ns);
    std::vector<double> guarantor_ns(c.guarantors.size(), 0);
    double covered = 0;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      const TimeNs a{cuts[i]}, b{cuts[i + 1]};
      const double len = static_cast<double>(cuts[i + 1] - cuts[i]);
      double available = 0;
      for (const Pledge* p : pledges) {
        if (!p->period.Contains(a)) continue;
        available += p->amount;
        for (size_t g = 0; g < c.guarantors.size(); ++g) {
          if (c.guarantors[g].id == p->guarantor) {
            guarantor_ns[g] += len * p->amount;
          }
        }
      }
      covered += len * std::min(available, r.amount) / r.amount;
      if (available < r.amount) {
        if (!rc.gaps.empty() && rc.gaps.back().until == a &&
            rc.gaps.back().available == available) {
          rc.gaps.back().until = b;  // the same shortfall goes on
        } else {
          rc.gaps.push_back({a, b, available, r.amount - available});
        }
      }
    }
    rc.share_covered = covered / total_ns;
    for (size_t g = 0; g < c.guarantors.size(); ++g) {
      GuarantorShare gs;
      gs.guarantor = c.guarantors[g].id;
      for (const Pledge* p : pledges) {
        if (p->guarantor == gs.guarantor) gs.pledges.push_back(p->id);
      }
      gs.share = guarantor_ns[g] / (r.amount * total_ns);
      rc.by_guarantor.push_back(std::move(gs));
    }
    out.push_back(std::move(rc));
  }
  return out;
}

}  // namespace truce::guarantees
