#include "rules/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "observe/mid.h"
#include "rules/book.h"
#include "rules/evaluator.h"
#include "rules/evaluator_index.h"
#include "rules/zones.h"

namespace truce::rules {
namespace {

using internal::Subject;
using observe::ObservationKind;
using observe::SubjectScheme;

// How long identical bytes are remembered to recognise duplicates: longer
// than any receiver's duplicate delay, shorter than a track's revisit.
constexpr int64_t kDuplicateMemory_ns = 10LL * 60 * 1'000'000'000;
constexpr int64_t kTick_ns = 60LL * 1'000'000'000;

// The agreement's class word for a platform the decoders describe.
std::string VesselClass(std::string_view decoded) {
  if (decoded.empty() || decoded == "unknown") return "";
  if (decoded == "military") return "military_vessel";
  if (decoded == "law_enforcement") return "law_enforcement_vessel";
  return "civilian_vessel";
}

struct Known {
  Subject subject;
  bool has_fix = false;
  int64_t fix_time_ns = 0;
  geo::LatLng fix;
  // Indexed evaluators holding state about this subject (ascending).
  std::vector<uint32_t> engaged;
};

}  // namespace

struct Engine::Impl {
  Impl(const agreement::Agreement& a, const EngineOptions& options)
      : agreement(a), zones(a), ctx{a, zones, book} {
    for (const auto& p : a.parties) {
      for (const auto& f : p.flags) flag_party[f] = p.id;
    }
    for (const auto& r : a.rules) {
      switch (r.kind) {
        case agreement::RuleKind::kCeasefire:
        case agreement::RuleKind::kWithdrawal:
        case agreement::RuleKind::kAccess:
          evaluators.push_back(internal::MakeReportEvaluator(r, zones));
          break;
        case agreement::RuleKind::kExclusion:
        case agreement::RuleKind::kAirspace:
          evaluators.push_back(internal::MakePresenceEvaluator(r, zones));
          break;
        case agreement::RuleKind::kMaritime:
          evaluators.push_back(internal::MakeMaritimeEvaluator(r, zones));
          break;
        case agreement::RuleKind::kCeiling:
          evaluators.push_back(internal::MakeCeilingEvaluator(r, zones));
          break;
        case agreement::RuleKind::kTerritory:
          break;  // control maps, not observations: replay/territory_watch.h
      }
    }
    std::vector<std::optional<internal::LatLngBox>> boxes;
    for (const auto& e : evaluators) {
      boxes.push_back(options.spatial_prefilter ? e->Bounds() : std::nullopt);
    }
    index = std::make_unique<internal::EvaluatorIndex>(boxes);
  }

  // The evaluators a fix of subject k at p concerns, ascending (the order
  // they were declared in, so revisions come out as without the index).
  const std::vector<uint32_t>& Candidates(const Known& k, geo::LatLng p) {
    const std::vector<uint32_t>* cell = index->At(p);
    const std::vector<uint32_t>& always = index->always();
    if (k.engaged.empty() && cell == nullptr) return always;
    candidates.clear();
    candidates.insert(candidates.end(), always.begin(), always.end());
    if (cell) candidates.insert(candidates.end(), cell->begin(), cell->end());
    candidates.insert(candidates.end(), k.engaged.begin(), k.engaged.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()),
                     candidates.end());
    return candidates;
  }

  // After indexed evaluator e saw a fix of k: is it still holding state?
  void NoteEngagement(Known& k, uint32_t e) {
    bool engaged = evaluators[e]->Engaged(k.subject.key);
    auto it = std::lower_bound(k.engaged.begin(), k.engaged.end(), e);
    bool listed = it != k.engaged.end() && *it == e;
    if (engaged && !listed) k.engaged.insert(it, e);
    if (!engaged && listed) k.engaged.erase(it);
  }

  Known& Identify(const observe::Observation& o) {
    uint64_t key = (static_cast<uint64_t>(o.scheme) << 56) ^ o.subject_id;
    auto [it, inserted] = known.try_emplace(key);
    Known& k = it->second;
    Subject& s = k.subject;
    if (inserted) {
      switch (o.scheme) {
        case SubjectScheme::kMmsi:
          s.mmsi = static_cast<uint32_t>(o.subject_id);
          s.key = fmt::format("mmsi:{:09d}", s.mmsi);
          break;
        case SubjectScheme::kIcaoAddress:
          s.icao24 = static_cast<uint32_t>(o.subject_id);
          s.key = fmt::format("icao:{:06x}", s.icao24);
          break;
        case SubjectScheme::kReportId:
          s.key = fmt::format("report:{:016x}", o.subject_id);
          break;
        case SubjectScheme::kNone:
          s.key = "unknown";
          break;
      }
    }
    // Identity facts accumulate: static AIS data names the class that later
    // position reports lack.
    if (o.kind == ObservationKind::kVessel) {
      std::string c = VesselClass(o.class_name);
      if (!c.empty()) s.klass = c;
    } else if (o.kind == ObservationKind::kAircraft) {
      if (o.military) {
        s.klass = "military_aircraft";
        s.category = "military";
      } else if (o.class_name == "uav") {
        s.klass = "uav";
        s.category = "uav";
      } else if (s.category.empty()) {
        s.klass = "civil_aircraft";
        s.category = o.class_name == "rotorcraft" ? "rotorcraft" : "civil";
      }
    } else {
      s.klass = std::string(o.class_name);
    }
    if (o.party.size > 0) {
      s.party = std::string(o.party.view());
      s.basis = fmt::format("named by the report of {}", o.source_id.view());
    } else if (s.party.empty()) {
      // The flag a decoder found, else the one the MMSI's MID says.
      std::string flag(o.flag_iso2.view());
      if (flag.empty() && o.scheme == SubjectScheme::kMmsi) {
        auto info = observe::ClassifyMmsi(static_cast<uint32_t>(o.subject_id));
        if (info.flag) flag = std::string(info.flag->iso2);
      }
      auto f = flag_party.find(flag);
      if (f != flag_party.end()) {
        s.party = f->second;
        s.basis =
            fmt::format("flag state {} belongs to party {}", flag, f->second);
      }
    }
    return k;
  }

  bool SeenBefore(const observe::Observation& o) {
    // Identical bytes from the same source about the same subject are a
    // duplicate; from another source they are a second witness, merged later
    // as one fix. (One readsb snapshot gives every aircraft in it the
    // snapshot's digest: the subject tells them apart.)
    while (!recent.empty() &&
           recent.front().first < o.time_ns - kDuplicateMemory_ns) {
      recent_set.erase(recent.front().second);
      recent.pop_front();
    }
    DigestKey key{o.raw_sha256, std::string(o.source_id.view()),
                  (static_cast<uint64_t>(o.scheme) << 56) ^ o.subject_id};
    if (!recent_set.insert(key).second) return true;
    recent.emplace_back(o.time_ns, std::move(key));
    return false;
  }

  void Tick(TimeNs now) {
    if (now.ns_since_epoch < next_tick_ns) return;
    next_tick_ns = now.ns_since_epoch + kTick_ns;
    for (auto& e : evaluators) e->OnTime(now, ctx);
  }

  const agreement::Agreement& agreement;
  CompiledZones zones;
  IncidentBook book;
  internal::Context ctx;
  std::vector<std::unique_ptr<internal::Evaluator>> evaluators;
  std::unique_ptr<internal::EvaluatorIndex> index;
  std::vector<uint32_t> candidates;  // scratch for Candidates()
  std::map<std::string, std::string> flag_party;
  std::map<uint64_t, Known> known;
  using DigestKey = std::tuple<std::array<uint8_t, 32>, std::string, uint64_t>;
  std::deque<std::pair<int64_t, DigestKey>> recent;
  std::set<DigestKey> recent_set;
  int64_t next_tick_ns = std::numeric_limits<int64_t>::min();
  EngineStats stats;
  std::vector<std::string> notes;
};

Engine::Engine(const agreement::Agreement& agreement, EngineOptions options)
    : impl_(std::make_unique<Impl>(agreement, options)) {}
Engine::~Engine() = default;

void Engine::Process(const observe::Observation& o) {
  Impl& m = *impl_;
  ++m.stats.observations;
  if (m.SeenBefore(o)) {
    ++m.stats.duplicates;
    return;
  }
  TimeNs t{o.time_ns};
  m.Tick(t);
  Known& k = m.Identify(o);
  if (!o.has_position) {
    ++m.stats.static_data;
    return;
  }
  // The same fix heard by another receiver: one fix, several sources.
  bool track = o.kind == ObservationKind::kVessel ||
               o.kind == ObservationKind::kAircraft;
  if (track && k.has_fix && k.fix_time_ns == o.time_ns && k.fix == o.position) {
    ++m.stats.merged_fixes;
    for (uint32_t e : m.Candidates(k, o.position)) {
      m.evaluators[e]->OnCorroboration(o, k.subject, m.ctx);
      if (m.index->indexed(e)) m.NoteEngagement(k, e);
    }
    return;
  }
  k.has_fix = true;
  k.fix_time_ns = o.time_ns;
  k.fix = o.position;
  for (uint32_t e : m.Candidates(k, o.position)) {
    m.evaluators[e]->OnObservation(o, k.subject, m.ctx);
    if (m.index->indexed(e)) m.NoteEngagement(k, e);
  }
}

void Engine::Finish(TimeNs end) {
  for (auto& e : impl_->evaluators) e->OnFinish(end, impl_->ctx);
  impl_->book.Flush();
}

std::vector<Incident> Engine::TakeRevisions() {
  return impl_->book.TakeRevisions();
}
const EngineStats& Engine::stats() const { return impl_->stats; }
std::vector<std::string> Engine::Notes() const { return impl_->notes; }

namespace internal {

bool InForce(const agreement::Rule& rule, TimeNs t) {
  if (t < rule.from) return false;
  if (rule.until && !(t < *rule.until)) return false;
  if (rule.deadline && t < *rule.deadline) return false;
  return true;
}

bool Binds(const agreement::Rule& rule, const std::string& party) {
  if (rule.parties.empty() || party.empty()) return true;
  for (const auto& p : rule.parties) {
    if (p == party) return true;
  }
  return false;
}

bool HasClass(const agreement::Rule& rule, const std::string& klass) {
  if (klass.empty()) return false;
  for (const auto& c : rule.classes) {
    if (c == klass) return true;
  }
  return false;
}

bool Exempt(const agreement::Rule& rule, const Subject& s) {
  for (uint32_t a : rule.exempt.icao24) {
    if (s.icao24 != 0 && a == s.icao24) return true;
  }
  for (uint32_t m : rule.exempt.mmsi) {
    if (s.mmsi != 0 && m == s.mmsi) return true;
  }
  return false;
}

}  // namespace internal
}  // namespace truce::rules
