// Rules decided by field reports: ceasefire (fire events), withdrawal
// (equipment near the party's own line after the deadline) and access
// (a monitor refused access). Reports of the same rule, party and class close
// in space and time are one incident; each further source corroborates it.
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "geo/geodesic.h"
#include "rules/evaluator.h"

namespace truce::rules::internal {
namespace {

// Space-time windows within which reports are one incident.
struct Window {
  double radius_m;
  DurationNs span;
};

Window WindowFor(agreement::RuleKind kind) {
  switch (kind) {
    case agreement::RuleKind::kCeasefire:
      return {2000, DurationNs::Minutes(30)};
    case agreement::RuleKind::kAccess:
      return {1000, DurationNs::Hours(2)};
    default:
      return {2000, DurationNs::Hours(6)};
  }
}

class ReportEvaluator : public Evaluator {
 public:
  ReportEvaluator(const agreement::Rule& rule, const CompiledZones& zones)
      : rule_(rule),
        zone_(rule.zone.empty() ? -1 : zones.ZoneIndex(rule.zone)),
        window_(WindowFor(rule.kind)) {}

  void OnObservation(const observe::Observation& o, const Subject& s,
                     Context& ctx) override {
    if (o.kind != observe::ObservationKind::kReport) return;
    TimeNs t{o.time_ns};
    if (!InForce(rule_, t)) return;
    if (zone_ >= 0 && !ctx.zones.Contains(zone_, o.position, o.altitude_m)) {
      return;
    }
    std::string party = s.party, basis = s.basis, what;
    switch (rule_.kind) {
      case agreement::RuleKind::kCeasefire: {
        bool listed = false;
        for (const auto& e : rule_.events) listed |= e == o.event;
        if (!listed || !Binds(rule_, party)) return;
        what = std::string(o.event);
        if (party.empty()) basis = "no source named the firing party";
        break;
      }
      case agreement::RuleKind::kWithdrawal: {
        if (o.event != "equipment_sighting" || !HasClass(rule_, s.klass) ||
            party.empty() || !Binds(rule_, party)) {
          return;
        }
        // "At least D km" is kept at exactly D: a violation needs a
        // distance below D by more than the distance's error bound.
        auto d = ctx.zones.DistanceToReferenceLine(party, o.position);
        if (!d || !(d->distance_m < rule_.distance_m - d->error_m)) return;
        what = s.klass;
        basis += fmt::format("; {:.3f} km from its own reference line, "
                             "{:g} km required",
                             d->distance_m / 1000, rule_.distance_m / 1000);
        break;
      }
      case agreement::RuleKind::kAccess: {
        if (o.event != "access_denied") return;
        party = ctx.zones.ControllingParty(o.position);
        const auto& b = ctx.agreement.baseline;
        basis = party.empty()
                    ? "the place is on no party's side of the control map"
                    : fmt::format("control map {}{} shows the place held by "
                                  "party {}",
                                  b->file,
                                  b->date.empty() ? "" : " of " + b->date,
                                  party);
        what = "access_denied";
        break;
      }
      default:
        return;
    }
    Expire(t, ctx);
    Cluster* c = Find(o, party, what);
    if (c == nullptr) {
      std::string subject =
          fmt::format("{}:{:.3f},{:.3f}", what, o.position.lat_deg,
                      o.position.lng_deg);
      std::string summary = Summary(what, party);
      size_t h = ctx.book.Open(rule_, subject, t, party, basis, summary);
      clusters_.push_back({h, o.position, t, party, what});
      c = &clusters_.back();
      if (rule_.kind == agreement::RuleKind::kWithdrawal) {
        ctx.book.SetDetail(h, "required_km", fmt::format("{:g}",
                                                         rule_.distance_m / 1000));
      }
    }
    c->last = t;
    ctx.book.AddEvidence(c->handle, o);
    if (o.count > 1) {
      ctx.book.SetDetail(c->handle, "count", fmt::format("{}", o.count));
    }
    ctx.book.Publish(c->handle);
  }

  void OnTime(TimeNs now, Context& ctx) override { Expire(now, ctx); }

 private:
  struct Cluster {
    size_t handle;
    geo::LatLng at;
    TimeNs last;
    std::string party, what;
  };

  std::string Summary(const std::string& what, const std::string& party) {
    std::string who = party.empty() ? "an unattributed party"
                                    : "party " + party;
    switch (rule_.kind) {
      case agreement::RuleKind::kCeasefire:
        return fmt::format("{} reported, by {}", what, who);
      case agreement::RuleKind::kWithdrawal:
        return fmt::format("{} of {} within {:g} km of its own reference line",
                           what, who, rule_.distance_m / 1000);
      default:
        return fmt::format("monitors refused access where {} holds control",
                           who);
    }
  }

  Cluster* Find(const observe::Observation& o, const std::string& party,
                const std::string& what) {
    for (auto& c : clusters_) {
      if (c.party == party && c.what == what &&
          geo::GeodesicDistanceM(c.at, o.position) <= window_.radius_m) {
        return &c;
      }
    }
    return nullptr;
  }

  // Closes clusters with no report for a whole window; in order of opening.
  void Expire(TimeNs now, Context& ctx) {
    std::vector<Cluster> keep;
    for (auto& c : clusters_) {
      if (now - c.last > window_.span) {
        ctx.book.Close(c.handle, c.last);
      } else {
        keep.push_back(std::move(c));
      }
    }
    clusters_.swap(keep);
  }

  const agreement::Rule& rule_;
  int zone_;
  Window window_;
  std::vector<Cluster> clusters_;
};

}  // namespace

std::unique_ptr<Evaluator> MakeReportEvaluator(const agreement::Rule& rule,
                                               const CompiledZones& zones) {
  return std::make_unique<ReportEvaluator>(rule, zones);
}

}  // namespace truce::rules::internal
