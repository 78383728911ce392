// Obligations: what each incident revision obliges the guarantors to do
// under the response plan, by when, and whether they did it.
//
// Inputs: the incident revisions of a run (incidents.ndjson, docs/formats/
// incidents.md) and the acknowledgements recorded so far (acks.ndjson,
// docs/formats/commitments.md#acks). Contract:
//  - A revision triggers every response whose kinds, severities and `on`
//    statuses match it (an empty list matches all), once per guarantor of
//    the response and per action it names.
//  - It is triggered at the revision's `last` time: the latest evidence it
//    carries, the earliest moment truce could have published it. The
//    deadline is that time plus the response's `*_within`.
//  - An ack answers an obligation of the same incident, guarantor and action
//    that was triggered at or before the ack's time (and of the ack's
//    `revision`, when it names one); the earliest such ack counts.
//  - Status at time `at` (obligations triggered after `at`, and acks after
//    `at`, are ignored): acknowledged when answered (late when the ack came
//    after the deadline; an ack exactly at the deadline is on time); else
//    overdue when `at` is after the deadline; else open.
// Deterministic: results are in the order of the incidents file, then of
// the response plan, its guarantors, and notify/acknowledge/act.
//
// Thread safety: pure functions.
#ifndef TRUCE_GUARANTEES_OBLIGATIONS_H_
#define TRUCE_GUARANTEES_OBLIGATIONS_H_

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "guarantees/commitments.h"

namespace truce::guarantees {

// The members of an incident revision that obligations need.
struct IncidentRevision {
  std::string id;
  int revision = 0;
  std::string status, rule, kind, severity, subject, party;
  TimeNs first, last;
  int line = 0;  // in the incidents file
};

struct Ack {
  std::string incident;
  std::optional<int> revision;  // absent: any revision triggered by `time`
  std::string guarantor;
  Action action = Action::kAcknowledge;
  TimeNs time;
  std::string note;
  int line = 0;  // in the acks file
};

// Parse incidents.ndjson / acks.ndjson; every bad line is reported
// (file:line (field): what; how to fix). Acks are checked against the
// guarantors of `c` and the incident ids of `incidents`.
std::expected<std::vector<IncidentRevision>, Errors> ParseIncidentRevisions(
    std::string_view text, const std::string& display_path);
std::expected<std::vector<Ack>, Errors> ParseAcks(
    std::string_view text, const std::string& display_path,
    const Commitments& c, const std::vector<IncidentRevision>& incidents);

enum class ObligationState { kOpen, kAcknowledged, kOverdue };
std::string_view Name(ObligationState s);

struct Obligation {
  const IncidentRevision* revision = nullptr;  // points into the input
  std::string response;
  std::string guarantor;
  Action action = Action::kNotify;
  TimeNs triggered, deadline;
  ObligationState state = ObligationState::kOpen;
  std::optional<TimeNs> answered;  // the ack's time, when acknowledged
  bool late = false;               // answered after the deadline
};

struct GuarantorSummary {
  std::string guarantor;
  int obligations = 0, open = 0, acknowledged = 0, late = 0, overdue = 0;
  // Over acknowledged obligations: answered - triggered.
  std::optional<DurationNs> median_response, max_response;
};

struct ObligationReport {
  TimeNs at;
  std::vector<Obligation> obligations;
  std::vector<GuarantorSummary> by_guarantor;  // every guarantor, file order
};

// `at` absent: the latest time among the revisions' `last` and the acks.
// The inputs must outlive the result.
ObligationReport ComputeObligations(
    const Commitments& c, const std::vector<IncidentRevision>& incidents,
    const std::vector<Ack>& acks, std::optional<TimeNs> at);

}  // namespace truce::guarantees

#endif  // TRUCE_GUARANTEES_OBLIGATIONS_H_
