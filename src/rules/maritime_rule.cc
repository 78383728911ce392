// The maritime rule: vessels in a corridor keep transmitting (an AIS gap
// longer than max_gap while inside is a "dark" event), do not stop longer
// than max_stop outside permitted areas, and do not leave the corridor except
// through a gateway.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "rules/evaluator.h"
#include "rules/visit.h"

namespace truce::rules::internal {
namespace {

class MaritimeEvaluator : public Evaluator {
 public:
  MaritimeEvaluator(const agreement::Rule& rule, const CompiledZones& zones)
      : rule_(rule), p_(rule.maritime), zone_(zones.ZoneIndex(rule.zone)) {
    for (const auto& z : p_.permitted_stops) stops_.push_back(zones.ZoneIndex(z));
    for (const auto& z : p_.gateways) gateways_.push_back(zones.ZoneIndex(z));
  }

  void OnObservation(const observe::Observation& o, const Subject& s,
                     Context& ctx) override {
    if (o.kind != observe::ObservationKind::kVessel || Exempt(rule_, s)) return;
    if (!rule_.classes.empty() && !HasClass(rule_, s.klass)) return;
    TimeNs t{o.time_ns};
    Vessel& v = vessels_[s.key];
    v.subject = s;
    // A gap ends when the vessel is heard again.
    if (v.dark) {
      ctx.book.AddEvidence(*v.dark, o);
      ctx.book.SetDetail(*v.dark, "gap_minutes",
                         fmt::format("{:.1f}", (t - v.last).ns / 6e10));
      ctx.book.Close(*v.dark, t);
      v.dark.reset();
    } else if (MayGoDark(v, ctx) && t - v.last > *p_.max_gap &&
               InForce(rule_, v.last)) {
      size_t h = OpenDark(s, v, ctx);
      ctx.book.AddEvidence(h, o);
      ctx.book.SetDetail(h, "gap_minutes",
                         fmt::format("{:.1f}", (t - v.last).ns / 6e10));
      ctx.book.Close(h, t);
    }
    bool in_force = InForce(rule_, t);
    bool inside = ctx.zones.Contains(zone_, o.position, o.altitude_m);
    geo::LatLng before = v.last_position;
    switch (v.visit.Update(inside, o, rule_.entry)) {
      case Visit::Change::kExited:
        if (p_.must_stay_inside && in_force && !InAny(gateways_, before, ctx) &&
            !InAny(gateways_, o.position, ctx)) {
          size_t h = ctx.book.Open(rule_, s.key, t, s.party, Basis(s),
                                   fmt::format("vessel {} left the corridor",
                                               s.key));
          ctx.book.AddEvidence(h, o);
          ctx.book.SetDetail(h, "violation", "left_corridor");
          ctx.book.Close(h, t);
        }
        break;
      default:
        break;
    }
    Stop(o, s, v, inside && in_force, ctx);
    v.heard = true;
    v.last = t;
    v.last_fix = o;
    if (inside) v.last_position = o.position;
  }

  void OnTime(TimeNs now, Context& ctx) override {
    if (!p_.max_gap) return;
    for (auto& [key, v] : vessels_) {
      if (v.dark || !MayGoDark(v, ctx)) continue;
      if (now - v.last > *p_.max_gap && InForce(rule_, v.last)) {
        v.dark = OpenDark(v.subject, v, ctx);
      }
    }
  }

 private:
  struct Vessel {
    Visit visit;
    bool heard = false;
    TimeNs last;
    geo::LatLng last_position;
    std::optional<size_t> dark;
    std::optional<TimeNs> stopped_since;
    std::optional<size_t> stop;
    Subject subject;
    observe::Observation last_fix;  // the evidence a dark event starts from
  };

  // Silence counts only for a vessel inside the corridor whose last fix is
  // in open water: one that fell silent in a gateway has left the corridor
  // or berthed, and one in a permitted stop area is at anchor or in port.
  bool MayGoDark(const Vessel& v, Context& ctx) {
    return p_.max_gap && v.heard && v.visit.inside() &&
           !InAny(gateways_, v.last_fix.position, ctx) &&
           !InAny(stops_, v.last_fix.position, ctx);
  }

  static std::string Basis(const Subject& s) {
    return s.basis.empty() ? "no party for this vessel" : s.basis;
  }

  bool InAny(const std::vector<int>& zones, geo::LatLng p, Context& ctx) {
    for (int z : zones) {
      if (ctx.zones.Contains(z, p, std::nan(""))) return true;
    }
    return false;
  }

  size_t OpenDark(const Subject& s, Vessel& v, Context& ctx) {
    size_t h = ctx.book.Open(
        rule_, s.key, v.last, s.party, Basis(s),
        fmt::format("vessel {} went dark in the corridor (AIS silent over {} "
                    "min)",
                    s.key, p_.max_gap->ns / 60'000'000'000));
    ctx.book.SetDetail(h, "violation", "dark");
    ctx.book.AddEvidence(h, v.last_fix);
    ctx.book.Publish(h);
    return h;
  }

  void Stop(const observe::Observation& o, const Subject& s, Vessel& v,
            bool inside, Context& ctx) {
    if (!p_.max_stop) return;
    TimeNs t{o.time_ns};
    double speed = o.kinematics.speed_knots;
    bool stopped = inside && !std::isnan(speed) &&
                   speed < p_.stop_speed_knots &&
                   !InAny(stops_, o.position, ctx);
    if (!stopped) {
      if (v.stop) ctx.book.Close(*v.stop, t);
      v.stop.reset();
      v.stopped_since.reset();
      return;
    }
    if (!v.stopped_since) v.stopped_since = t;
    if (v.stop) {
      ctx.book.AddEvidence(*v.stop, o);
    } else if (t - *v.stopped_since > *p_.max_stop) {
      size_t h = ctx.book.Open(
          rule_, s.key, *v.stopped_since, s.party, Basis(s),
          fmt::format("vessel {} stopped in the corridor outside permitted "
                      "areas for over {} min",
                      s.key, p_.max_stop->ns / 60'000'000'000));
      ctx.book.AddEvidence(h, o);
      ctx.book.SetDetail(h, "violation", "stopped");
      ctx.book.Publish(h);
      v.stop = h;
    }
  }

  const agreement::Rule& rule_;
  const agreement::MaritimeParams& p_;
  int zone_;
  std::vector<int> stops_, gateways_;
  std::map<std::string, Vessel> vessels_;
};

}  // namespace

std::unique_ptr<Evaluator> MakeMaritimeEvaluator(const agreement::Rule& rule,
                                                 const CompiledZones& zones) {
  return std::make_unique<MaritimeEvaluator>(rule, zones);
}

}  // namespace truce::rules::internal
