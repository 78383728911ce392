#include "rules/book.h"

#include <fmt/format.h>

namespace truce::rules {

size_t IncidentBook::Open(const agreement::Rule& rule, std::string subject,
                          TimeNs first, std::string party, std::string basis,
                          std::string summary) {
  Incident in;
  std::string id = fmt::format("{}/{}/{}", rule.id, subject,
                               FormatRfc3339(first));
  int uses = id_uses_[id]++;
  in.id = uses == 0 ? id : fmt::format("{}#{}", id, uses + 1);
  in.rule = rule.id;
  in.kind = std::string(agreement::Name(rule.kind));
  in.clause = rule.clause;
  in.severity = std::string(agreement::Name(rule.severity));
  in.subject = std::move(subject);
  in.party = std::move(party);
  in.basis = std::move(basis);
  in.summary = std::move(summary);
  in.first = first;
  in.last = first;
  incidents_.push_back(std::move(in));
  dirty_.push_back(true);
  return incidents_.size() - 1;
}

void IncidentBook::AddDocument(size_t h, TimeNs t, std::string digest_hex,
                               std::string source) {
  Incident& in = incidents_[h];
  if (t < in.first) in.first = t;
  if (in.last < t) in.last = t;
  in.observations.push_back(std::move(digest_hex));
  ++in.observation_count;
  in.sources.insert(std::move(source));
  dirty_[h] = true;
}

void IncidentBook::AddEvidence(size_t h, const observe::Observation& o) {
  AddDocument(h, TimeNs{o.time_ns}, Hex(o.raw_sha256),
              std::string(o.source_id.view()));
  Incident& in = incidents_[h];
  if (o.has_position) {
    in.position = o.position;
    in.bbox.Extend(o.position);
  }
  if (o.kind == observe::ObservationKind::kVessel ||
      o.kind == observe::ObservationKind::kAircraft) {
    in.sensor_evidence = true;
  }
}

void IncidentBook::AddTimeOnly(size_t h, TimeNs t) {
  Incident& in = incidents_[h];
  if (in.last < t) in.last = t;
  dirty_[h] = true;
}

void IncidentBook::SetDetail(size_t h, std::string key, std::string value) {
  std::string& slot = incidents_[h].details[std::move(key)];
  if (slot == value) return;  // unchanged facts are no new revision
  slot = std::move(value);
  dirty_[h] = true;
}

void IncidentBook::Publish(size_t h) {
  Incident& in = incidents_[h];
  if (in.revision == 0) {
    in.confidence = in.DerivedConfidence();
    Emit(in, IncidentStatus::kOpen);
    dirty_[h] = false;
  } else if (in.DerivedConfidence() > in.confidence) {
    in.confidence = in.DerivedConfidence();
    Emit(in, IncidentStatus::kUpdated);
    dirty_[h] = false;
  }
}

void IncidentBook::Close(size_t h, TimeNs last) {
  Incident& in = incidents_[h];
  if (in.last < last) in.last = last;
  if (in.revision == 0) Publish(h);
  in.confidence = std::max(in.confidence, in.DerivedConfidence());
  Emit(in, IncidentStatus::kClosed);
  dirty_[h] = false;
}

void IncidentBook::Flush() {
  for (size_t h = 0; h < incidents_.size(); ++h) {
    Incident& in = incidents_[h];
    if (!dirty_[h] || in.status == IncidentStatus::kClosed) continue;
    if (in.revision == 0) {
      Publish(h);
      continue;
    }
    in.confidence = std::max(in.confidence, in.DerivedConfidence());
    Emit(in, IncidentStatus::kUpdated);
    dirty_[h] = false;
  }
}

void IncidentBook::Emit(Incident& in, IncidentStatus status) {
  ++in.revision;
  in.status = status;
  revisions_.push_back(in);
  in.observations.clear();  // the next revision lists only new evidence
}

std::vector<Incident> IncidentBook::TakeRevisions() {
  std::vector<Incident> out;
  out.swap(revisions_);
  return out;
}

}  // namespace truce::rules
