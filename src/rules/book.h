// IncidentBook: the open and closed incidents of a run and the revisions
// they emit, in emission order.
//
// Rules open an incident, add evidence to it and close it; the book assigns
// stable ids, derives confidence from the evidence, and appends a revision
// whenever an incident opens, gains confidence or closes, and for every
// incident with unpublished evidence when the run finishes.
//
// Thread safety: not thread-safe; one book per engine.
#ifndef TRUCE_RULES_BOOK_H_
#define TRUCE_RULES_BOOK_H_

#include <map>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "observe/observation.h"
#include "rules/incident.h"

namespace truce::rules {

class IncidentBook {
 public:
  // Opens an incident of `rule` about `subject`, starting at `first`.
  // Returns its handle (stable for the book's lifetime).
  size_t Open(const agreement::Rule& rule, std::string subject,
              TimeNs first, std::string party, std::string basis,
              std::string summary);

  // Adds one observation as evidence: time range, position, digest, source.
  void AddEvidence(size_t handle, const observe::Observation& o);
  // Adds evidence that is not an observation (e.g. a control map): its
  // digest (hex) and source, at time `t`.
  void AddDocument(size_t handle, TimeNs t, std::string digest_hex,
                   std::string source);
  // Adds evidence without a position (e.g. a gap in a track).
  void AddTimeOnly(size_t handle, TimeNs t);
  void SetDetail(size_t handle, std::string key, std::string value);

  // Emits a revision now if the incident gained confidence.
  void Publish(size_t handle);
  // Closes the incident and emits its final revision.
  void Close(size_t handle, TimeNs last);
  // Emits a revision for every open incident with unpublished evidence.
  void Flush();

  Incident& incident(size_t handle) { return incidents_[handle]; }
  const std::vector<Incident>& revisions() const { return revisions_; }
  std::vector<Incident> TakeRevisions();
  size_t size() const { return incidents_.size(); }

 private:
  void Emit(Incident& incident, IncidentStatus status);

  std::vector<Incident> incidents_;
  std::vector<bool> dirty_;
  std::map<std::string, int> id_uses_;  // disambiguates equal ids
  std::vector<Incident> revisions_;
};

}  // namespace truce::rules

#endif  // TRUCE_RULES_BOOK_H_
