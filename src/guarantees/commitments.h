// Commitments: what each guarantor of an agreement pledged, what the plan
// requires, and how guarantors must answer incidents (docs/formats/
// commitments.md), with the loader that checks a commitments.yaml file.
//
// Contract: on success the Commitments are complete and consistent: every id
// is unique within its kind, every guarantor reference resolves, periods are
// non-empty, units fit their capability, asset identities are well formed and
// pledged by one pledge only, and (when an agreement is given) every zone id
// names a zone of that agreement. On failure the caller gets EVERY problem in
// one pass as FILE:LINE:COLUMN (field): what; how to fix — the same reader
// and the same standard as `truce check` for agreements.
//
// Ownership: plain values; a loaded Commitments owns everything it holds.
// Thread safety: LoadCommitments may run concurrently on different files; a
// loaded Commitments is immutable.
#ifndef TRUCE_GUARANTEES_COMMITMENTS_H_
#define TRUCE_GUARANTEES_COMMITMENTS_H_

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "base/time.h"

namespace truce::guarantees {

enum class Capability {
  kPersonnel,
  kIntelligence,
  kMaritimePresence,
  kAirPresence,
  kFunding,
  kMonitoring,
};

// Units of a pledged or required amount. Counts (people, teams, ships,
// aircraft) are "at any time during the period"; hours_per_day is presence
// per UTC day; reports_per_day a rate; eur and usd a total over the period.
enum class Unit {
  kPeople,
  kTeams,
  kShips,
  kAircraft,
  kHoursPerDay,
  kReportsPerDay,
  kEur,
  kUsd,
};

std::span<const std::string_view> CapabilityNames();
std::span<const std::string_view> UnitNames();
std::string_view Name(Capability c);
std::string_view Name(Unit u);
// The units that make sense for a capability (validation and docs).
std::span<const Unit> UnitsFor(Capability c);

// A half-open interval [from, until) of UTC time. A pledge without a period
// holds for all time (from = min, until = max).
struct Period {
  TimeNs from{INT64_MIN};
  TimeNs until{INT64_MAX};
  bool Contains(TimeNs t) const { return from <= t && t < until; }
};

struct Guarantor {
  std::string id;
  std::string name;
  SourceLocation where;
};

struct Pledge {
  std::string id;
  std::string guarantor;  // a Guarantor id
  Capability capability = Capability::kPersonnel;
  double amount = 0;
  Unit unit = Unit::kPeople;
  std::string zone;  // an agreement zone id; empty: not tied to a place
  Period period;
  std::vector<uint32_t> icao24;  // observable aircraft
  std::vector<uint32_t> mmsi;    // observable ships
  SourceLocation where;
};

struct Requirement {
  std::string id;
  std::string description;
  Capability capability = Capability::kPersonnel;
  double amount = 0;
  Unit unit = Unit::kPeople;
  std::string zone;  // empty: anywhere
  Period period;     // required: a requirement is always bounded
  SourceLocation where;
};

enum class Action { kNotify, kAcknowledge, kAct };
std::span<const std::string_view> ActionNames();
std::string_view Name(Action a);
std::optional<Action> ParseAction(std::string_view name);

// Incident statuses a response entry can fire on (docs/formats/incidents.md).
std::span<const std::string_view> IncidentStatusNames();

// One line of the response plan: incident revisions of these kinds and
// severities (and statuses) oblige these guarantors to act within deadlines.
struct Response {
  std::string id;
  std::vector<std::string> kinds;       // rule kinds; empty: every kind
  std::vector<std::string> severities;  // empty: every severity
  std::vector<std::string> on;          // statuses; default: ["open"]
  std::vector<std::string> guarantors;  // Guarantor ids, at least one
  // Deadline after the revision per action; absent: no such obligation.
  std::optional<DurationNs> notify_within, acknowledge_within, act_within;
  SourceLocation where;
};

struct Commitments {
  int format_version = 1;
  std::string path;  // the commitments file as given
  std::string title;
  std::string agreement;  // path of the agreement as written in the file
  std::vector<Guarantor> guarantors;
  std::vector<Pledge> pledges;
  std::vector<Requirement> requirements;
  std::vector<Response> response_plan;

  const Guarantor* FindGuarantor(std::string_view id) const;
};

// Reads and checks the commitments at `path`. If `agreement` is given, zone
// ids are checked against it (else only their syntax).
std::expected<Commitments, Errors> LoadCommitments(
    const std::filesystem::path& path,
    const agreement::Agreement* agreement = nullptr);

// The same from text in memory; `display_path` names it in messages.
std::expected<Commitments, Errors> ParseCommitments(
    std::string_view yaml_text, std::string display_path,
    const agreement::Agreement* agreement = nullptr);

// The commitments with the agreement they name. `agreement` is set when
// one is named: by `agreement_override` (e.g. --agreement) if not empty,
// else by the file's `agreement` key, relative to the file's folder.
struct CommitmentsWithAgreement {
  Commitments commitments;
  std::optional<agreement::Agreement> agreement;
  std::string agreement_path;  // as resolved; empty when none is named
};

// Loads the agreement first (its errors are returned as they are; a missing
// agreement named by the key is reported at the key), then the commitments
// checked against it, all problems in one pass.
std::expected<CommitmentsWithAgreement, Errors> LoadCommitmentsAndAgreement(
    const std::filesystem::path& path, const std::string& agreement_override);

}  // namespace truce::guarantees

#endif  // TRUCE_GUARANTEES_COMMITMENTS_H_
