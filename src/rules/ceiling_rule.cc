// The ceiling rule: no more than `max` items of the listed classes in a zone
// within any window. Items are counted by identity: each distinct subject
// (a tracked platform, or a unit a report names) counts with the largest
// number any report gave for it inside the window, so that two monitors
// seeing the same battery do not double it.
#include <fmt/format.h>

#include <deque>
#include <map>

#include "rules/evaluator.h"

namespace truce::rules::internal {
namespace {

class CeilingEvaluator : public Evaluator {
 public:
  CeilingEvaluator(const agreement::Rule& rule, const CompiledZones& zones)
      : rule_(rule), zone_(zones.ZoneIndex(rule.zone)) {}

  void OnObservation(const observe::Observation& o, const Subject& s,
                     Context& ctx) override {
    TimeNs t{o.time_ns};
    if (!InForce(rule_, t) || !HasClass(rule_, s.klass) ||
        !Binds(rule_, s.party) ||
        !ctx.zones.Contains(zone_, o.position, o.altitude_m)) {
      return;
    }
    seen_.push_back({t, s.key, o.count, o});
    Evaluate(t, ctx);
  }

  void OnTime(TimeNs now, Context& ctx) override { Evaluate(now, ctx); }

 private:
  struct Sighting {
    TimeNs t;
    std::string subject;
    uint32_t count;
    observe::Observation o;
  };

  void Evaluate(TimeNs now, Context& ctx) {
    while (!seen_.empty() && now - seen_.front().t > rule_.window) {
      seen_.pop_front();
    }
    std::map<std::string, uint32_t> items;
    for (const auto& s : seen_) {
      items[s.subject] = std::max(items[s.subject], s.count);
    }
    uint64_t total = 0;
    for (const auto& [_, n] : items) total += n;
    if (total > static_cast<uint64_t>(rule_.max_count)) {
      if (!open_) {
        open_ = ctx.book.Open(
            rule_, "zone:" + rule_.zone, seen_.front().t, "",
            "the zone is shared; no single party is named",
            fmt::format("{} items of {} in zone '{}' within {} h; at most {} "
                        "allowed",
                        total, fmt::join(rule_.classes, ", "), rule_.zone,
                        rule_.window.ns / 3'600'000'000'000, rule_.max_count));
        for (const auto& s : seen_) ctx.book.AddEvidence(*open_, s.o);
      } else if (!seen_.empty() && seen_.back().t == now) {
        ctx.book.AddEvidence(*open_, seen_.back().o);
      }
      ctx.book.SetDetail(*open_, "items", fmt::format("{}", total));
      ctx.book.SetDetail(*open_, "max", fmt::format("{}", rule_.max_count));
      ctx.book.Publish(*open_);
    } else if (open_) {
      ctx.book.Close(*open_, now);
      open_.reset();
    }
  }

  const agreement::Rule& rule_;
  int zone_;
  std::deque<Sighting> seen_;
  std::optional<size_t> open_;
};

}  // namespace

std::unique_ptr<Evaluator> MakeCeilingEvaluator(const agreement::Rule& rule,
                                                const CompiledZones& zones) {
  return std::make_unique<CeilingEvaluator>(rule, zones);
}

}  // namespace truce::rules::internal
