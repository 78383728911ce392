// Rules about presence in a zone: exclusion (static zones, and roaming zones
// around moving tracks) and airspace (aircraft categories inside a zone and
// altitude band). One incident per visit, with hysteresis (visit.h); reports
// of equipment inside an exclusion zone are incidents too.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "geo/geodesic.h"
#include "rules/evaluator.h"
#include "rules/visit.h"

namespace truce::rules::internal {
namespace {

// A roaming zone follows a track for this long after its last fix; a track
// silent for longer no longer protects anyone.
constexpr int64_t kRoamingStale_ns = 10LL * 60 * 1'000'000'000;

class PresenceEvaluator : public Evaluator {
 public:
  PresenceEvaluator(const agreement::Rule& rule, const CompiledZones& zones)
      : rule_(rule), zone_(zones.ZoneIndex(rule.zone)) {
    const agreement::Zone& z = zones.zone(zone_);
    roaming_ = z.kind == agreement::Zone::Kind::kRoaming;
    // Reports inside the zone are incidents whatever the visit state, and a
    // report's position is inside the box exactly when it can be inside the
    // zone, so polygon zones can be prefiltered for every kind of fix.
    if (z.kind == agreement::Zone::Kind::kPolygon)
      bounds_ = VertexBox(z.polygon);
    if (roaming_) {
      around_ = &z.roaming;
      around_zone_ = around_->around_zone.empty()
                         ? -1
                         : zones.ZoneIndex(around_->around_zone);
    }
  }

  void OnObservation(const observe::Observation& o, const Subject& s,
                     Context& ctx) override {
    TimeNs t{o.time_ns};
    if (roaming_) TrackProtected(o, s, ctx);
    if (!Applies(o, s)) return;
    if (o.kind == observe::ObservationKind::kReport) {
      if (InForce(rule_, t) && Inside(o, ctx)) ReportInside(o, s, ctx);
      return;
    }
    Visit& v = visits_[s.key];
    bool inside = InForce(rule_, t) && Inside(o, ctx);
    switch (v.Update(inside, o, rule_.entry)) {
      case Visit::Change::kEntered: {
        size_t h = ctx.book.Open(
            rule_, s.key, v.entered(), s.party,
            s.basis.empty() ? "no party for this track" : s.basis, Summary(s));
        for (const auto& p : v.TakePending()) ctx.book.AddEvidence(h, p);
        if (!std::isnan(o.altitude_m)) {
          ctx.book.SetDetail(h, "altitude_m",
                             fmt::format("{:.0f}", o.altitude_m));
        }
        ctx.book.Publish(h);
        v.incident = h;
        break;
      }
      case Visit::Change::kExited:
        if (v.incident) ctx.book.Close(*v.incident, v.last_inside());
        v.incident.reset();
        break;
      case Visit::Change::kNone:
        if (v.incident && inside) {
          ctx.book.AddEvidence(*v.incident, o);
          ctx.book.Publish(*v.incident);
        }
        break;
    }
  }

  std::optional<LatLngBox> Bounds() const override { return bounds_; }
  bool Engaged(const std::string& subject) const override {
    auto it = visits_.find(subject);
    return it != visits_.end() && !it->second.idle();
  }

  void OnCorroboration(const observe::Observation& o, const Subject& s,
                       Context& ctx) override {
    auto it = visits_.find(s.key);
    if (it == visits_.end()) return;
    if (!it->second.incident) {
      it->second.Corroborate(o);
      return;
    }
    ctx.book.AddEvidence(*it->second.incident, o);
    ctx.book.Publish(*it->second.incident);
  }

 private:
  bool Applies(const observe::Observation& o, const Subject& s) const {
    if (Exempt(rule_, s) || !Binds(rule_, s.party)) return false;
    if (rule_.kind == agreement::RuleKind::kAirspace) {
      if (o.kind != observe::ObservationKind::kAircraft) return false;
      for (const auto& c : rule_.categories) {
        if (c == s.category) return true;
      }
      return false;
    }
    return HasClass(rule_, s.klass);
  }

  bool Inside(const observe::Observation& o, Context& ctx) {
    if (roaming_) return NearProtected(o);
    if (rule_.altitude && !std::isnan(o.altitude_m) &&
        (o.altitude_m < rule_.altitude->min_m ||
         o.altitude_m > rule_.altitude->max_m)) {
      return false;
    }
    double alt = rule_.altitude ? std::numeric_limits<double>::quiet_NaN()
                                : o.altitude_m;
    return ctx.zones.Contains(zone_, o.position, alt);
  }

  // Keeps the positions of the tracks a roaming zone surrounds.
  void TrackProtected(const observe::Observation& o, const Subject& s,
                      Context& ctx) {
    if (o.kind != observe::ObservationKind::kVessel) return;
    bool by_mmsi = false;
    for (uint32_t m : around_->around_mmsi) by_mmsi |= m == s.mmsi;
    bool by_rule = !around_->around_classes.empty() || around_zone_ >= 0;
    if (by_rule && !around_->around_classes.empty()) {
      bool match = false;
      for (const auto& c : around_->around_classes) match |= c == s.klass;
      by_rule = match;
    }
    if (by_rule && around_zone_ >= 0) {
      by_rule = ctx.zones.Contains(around_zone_, o.position, o.altitude_m);
    }
    bool listed = by_mmsi || by_rule;
    if (listed) {
      protected_[s.key] = {o.position, o.time_ns};
    } else {
      protected_.erase(s.key);
    }
  }

  bool NearProtected(const observe::Observation& o) {
    for (const auto& [key, p] : protected_) {
      if (o.time_ns - p.time_ns > kRoamingStale_ns) continue;
      double d = geo::GeodesicDistanceM(p.at, o.position);
      if (d <= around_->radius_m) {
        nearest_ = key;
        nearest_m_ = d;
        return true;
      }
    }
    return false;
  }

  void ReportInside(const observe::Observation& o, const Subject& s,
                    Context& ctx) {
    std::string subject = fmt::format("{}:{:.3f},{:.3f}", s.klass,
                                      o.position.lat_deg, o.position.lng_deg);
    size_t h = ctx.book.Open(rule_, subject, TimeNs{o.time_ns}, s.party,
                             s.basis, Summary(s));
    ctx.book.AddEvidence(h, o);
    if (o.count > 1) ctx.book.SetDetail(h, "count", fmt::format("{}", o.count));
    ctx.book.Close(h, TimeNs{o.time_ns});
  }

  std::string Summary(const Subject& s) const {
    std::string who = s.party.empty() ? "unattributed" : "party " + s.party;
    if (roaming_) {
      return fmt::format("{} ({}) within {:g} nm of protected vessel {}",
                         s.klass, who, around_->radius_m / geo::kNauticalMile_m,
                         nearest_);
    }
    if (rule_.kind == agreement::RuleKind::kAirspace) {
      return fmt::format("{} aircraft ({}) inside zone '{}'", s.category, who,
                         rule_.zone);
    }
    return fmt::format("{} ({}) inside zone '{}'", s.klass, who, rule_.zone);
  }

  struct Protected {
    geo::LatLng at;
    int64_t time_ns;
  };

  const agreement::Rule& rule_;
  int zone_;
  std::optional<LatLngBox> bounds_;
  bool roaming_ = false;
  const agreement::RoamingSpec* around_ = nullptr;
  int around_zone_ = -1;
  std::map<std::string, Visit> visits_;
  std::map<std::string, Protected> protected_;
  std::string nearest_;
  double nearest_m_ = 0;
};

}  // namespace

std::unique_ptr<Evaluator> MakePresenceEvaluator(const agreement::Rule& rule,
                                                 const CompiledZones& zones) {
  return std::make_unique<PresenceEvaluator>(rule, zones);
}

}  // namespace truce::rules::internal
