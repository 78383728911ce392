// CAP 1.2 (OASIS Common Alerting Protocol) messages for incident revisions.
//
// Which revisions get a message (docs/formats/cap-alerts.md has the table):
//   - the first revision of an incident in the file: msgType Alert;
//   - a revision whose status is `closed`: msgType Cancel (the NWS/IPAWS use
//     of Cancel: the alert is no longer in force; the incident record and its
//     evidence stand, which `note` says), urgency Past, responseType AllClear;
//   - a `disputed` revision, or an `open`/`updated` one whose confidence,
//     severity or attributed party differs from the last message's: Update;
//   - other revisions (new evidence only, same confidence and party) get no
//     message: they change nothing a reader acts on, and are in the log.
// Every Update and Cancel has `references` to all earlier messages of the
// incident, as CAP's space-separated "sender,identifier,sent" triples.
//
// Determinism: identifiers derive from the incident id and revision
// ("truce-" + first 32 hex digits of SHA-256(id) + "-r" + revision), `sent`
// is the revision's `last` time truncated to the second (never the wall
// clock), numbers have fixed decimals: the same incidents and options give
// byte-identical XML.
//
// Evidence: each message carries the RFC 9162 leaf hash of its revision's
// evidence-log entry (the canonical JSON line) as parameter
// `evidenceLogLeafHash`, and the entry itself, base64, in a `resource`'s
// `derefUri`, so that a reader can hash it and ask the log for an inclusion
// proof (`truce log prove`).
//
// Thread safety: pure functions.
#ifndef TRUCE_ALERTS_CAP_H_
#define TRUCE_ALERTS_CAP_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/incident_file.h"
#include "base/error.h"

namespace truce::alerts {

// CAP <status>: Actual for real feeds, Exercise for simulated ones, Test for
// trials of the alerting chain itself.
enum class CapStatus { kActual, kExercise, kTest };

std::string_view Name(CapStatus s);  // "Actual", "Exercise", "Test"
// Parses "actual", "exercise" or "test" (any case).
Result<CapStatus> ParseCapStatus(std::string_view text);

// The status for an incidents file when the user asked for "auto": Exercise
// if summary.json beside it names a feed whose folder's parent holds a
// truth.ndjson (the layout `truce simulate` writes: DIR/feeds/*,
// DIR/truth.ndjson), otherwise Actual.
CapStatus DetectCapStatus(const std::string& incidents_path);

struct CapOptions {
  // CAP <sender>: who originates the alerts; no spaces, commas, '<' or '&'.
  std::string sender = "truce@monitoring.invalid";
  std::string sender_name = "truce";  // CAP <senderName>, for people
  CapStatus status = CapStatus::kActual;
};

// Checks the options (a sender that CAP forbids is kInvalidInput).
Result<void> CheckCapOptions(const CapOptions& options);

struct CapMessage {
  std::string identifier;  // CAP <identifier>
  std::string msg_type;    // "Alert", "Update" or "Cancel"
  std::string sent;        // CAP <sent>, e.g. "2025-06-03T10:05:00+00:00"
  std::string incident_id;
  int revision = 0;
  std::string xml;  // the whole document, UTF-8, ending in "\n"
};

// One message per revision that warrants one, in file order.
Result<std::vector<CapMessage>> BuildCapMessages(
    std::span<const IncidentRevision> revisions, const CapOptions& options);

// CAP's dateTime form of a time: whole seconds, "+00:00" (CAP forbids "Z").
std::string CapDateTime(TimeNs t);

// The mapping tables (docs/formats/cap-alerts.md).
std::string_view CapSeverity(std::string_view rule_severity);
std::string_view CapCertainty(rules::Confidence confidence);
std::string_view CapUrgency(std::string_view rule_severity, bool closed);

}  // namespace truce::alerts

#endif  // TRUCE_ALERTS_CAP_H_
