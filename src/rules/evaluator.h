// Internal to the rules library: the interface each rule kind implements and
// the context the engine gives it.
#ifndef TRUCE_RULES_EVALUATOR_H_
#define TRUCE_RULES_EVALUATOR_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "observe/observation.h"
#include "rules/book.h"
#include "rules/evaluator_index.h"
#include "rules/zones.h"

namespace truce::rules::internal {

// What the engine knows about the subject of an observation.
struct Subject {
  std::string key;       // "mmsi:272000001", "icao:4ca2b1", "report:..."
  std::string klass;     // equipment/platform class word, "" if unknown
  std::string category;  // aircraft category word, "" for others
  std::string party;     // attributed party id, "" if unknown
  std::string basis;     // why that party
  uint32_t mmsi = 0;
  uint32_t icao24 = 0;
};

struct Context {
  const agreement::Agreement& agreement;
  const CompiledZones& zones;
  IncidentBook& book;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  // A new observation with a position.
  virtual void OnObservation(const observe::Observation& o, const Subject& s,
                             Context& ctx) = 0;
  // The same fix again from another receiver: corroborates open incidents.
  virtual void OnCorroboration(const observe::Observation&, const Subject&,
                               Context&) {}
  // Time has reached `now` (called at least once a minute of data time).
  virtual void OnTime(TimeNs, Context&) {}
  virtual void OnFinish(TimeNs end, Context& ctx) { OnTime(end, ctx); }

  // The spatial prefilter (evaluator_index.h). Bounds: the box outside which
  // a fix of a subject that is not Engaged changes nothing here; nullopt
  // (the default) if every fix matters. Engaged: the evaluator holds state
  // about the subject that a fix anywhere can change.
  virtual std::optional<LatLngBox> Bounds() const { return std::nullopt; }
  virtual bool Engaged(const std::string& /*subject*/) const { return true; }
};

// True iff the rule is in force at t (withdrawal: from its deadline).
bool InForce(const agreement::Rule& rule, TimeNs t);
// True iff the rule binds `party` ("" binds whenever the rule binds all, or
// is treated as a possible violator: absence of attribution is no alibi).
bool Binds(const agreement::Rule& rule, const std::string& party);
bool HasClass(const agreement::Rule& rule, const std::string& klass);
bool Exempt(const agreement::Rule& rule, const Subject& s);

std::unique_ptr<Evaluator> MakeReportEvaluator(const agreement::Rule& rule,
                                               const CompiledZones& zones);
std::unique_ptr<Evaluator> MakePresenceEvaluator(const agreement::Rule& rule,
                                                 const CompiledZones& zones);
std::unique_ptr<Evaluator> MakeMaritimeEvaluator(const agreement::Rule& rule,
                                                 const CompiledZones& zones);
std::unique_ptr<Evaluator> MakeCeilingEvaluator(const agreement::Rule& rule,
                                                const CompiledZones& zones);

}  // namespace truce::rules::internal

#endif  // TRUCE_RULES_EVALUATOR_H_
