#include "guarantees/obligations.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "agreement/vocabulary.h"

namespace truce::guarantees {
namespace {

using nlohmann::json;

// Reads one JSON object per non-blank line, calling `each(object, line)`.
template <typename F>
void ForEachLine(std::string_view text, const std::string& path, Errors& errors,
                 F each) {
  int line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (raw.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json j = json::parse(raw, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      errors.push_back(Error{ErrorCode::kInvalidInput,
                             "the line is not one JSON object",
                             "write one {...} object per line",
                             SourceLocation{path, line, 0, ""}});
      continue;
    }
    each(j, line);
  }
}

// Typed members with located errors.
class Members {
 public:
  Members(const json& j, std::string path, int line, Errors& errors)
      : j_(j), path_(std::move(path)), line_(line), errors_(errors) {}

  void Fail(std::string field, std::string message, std::string hint) {
    errors_.push_back(Error{ErrorCode::kInvalidInput, std::move(message),
                            std::move(hint),
                            SourceLocation{path_, line_, 0, std::move(field)}});
    ok_ = false;
  }

  std::optional<std::string> String(const std::string& key, bool required) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) {
        Fail(key, fmt::format("missing member '{}'", key),
             fmt::format("add \"{}\": \"...\"", key));
      }
      return std::nullopt;
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
      Fail(key, fmt::format("'{}' must be a non-empty string", key),
           "quote the value");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<int> Int(const std::string& key, bool required) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) {
        Fail(key, fmt::format("missing member '{}'", key),
             fmt::format("add \"{}\": 1", key));
      }
      return std::nullopt;
    }
    if (!it->is_number_integer() || it->get<int64_t>() < 1 ||
        it->get<int64_t>() > 1'000'000'000) {
      Fail(key, fmt::format("'{}' must be a whole number from 1", key),
           "write e.g. 1");
      return std::nullopt;
    }
    return static_cast<int>(it->get<int64_t>());
  }

  std::optional<TimeNs> Time(const std::string& key, bool required) {
    auto s = String(key, required);
    if (!s) return std::nullopt;
    auto t = ParseRfc3339(*s);
    if (!t) {
      Fail(key, t.error().message, t.error().hint);
      return std::nullopt;
    }
    return *t;
  }

  bool ok() const { return ok_; }

 private:
  const json& j_;
  std::string path_;
  int line_;
  Errors& errors_;
  bool ok_ = true;
};

std::string DidYouMean(const std::vector<std::string>& names,
                       const std::string& word, std::string fallback) {
  std::vector<std::string_view> views(names.begin(), names.end());
  auto near = agreement::Nearest(views, word);
  return near ? fmt::format("did you mean '{}'?", *near) : fallback;
}

}  // namespace

std::string_view Name(ObligationState s) {
  switch (s) {
    case ObligationState::kOpen:
      return "open";
    case ObligationState::kAcknowledged:
      return "acknowledged";
    case ObligationState::kOverdue:
      return "overdue";
  }
  return "open";
}

std::expected<std::vector<IncidentRevision>, Errors> ParseIncidentRevisions(
    std::string_view text, const std::string& path) {
  Errors errors;
  std::vector<IncidentRevision> out;
  ForEachLine(text, path, errors, [&](const json& j, int line) {
    Members m(j, path, line, errors);
    IncidentRevision r;
    r.line = line;
    if (auto s = m.String("id", true)) r.id = *s;
    if (auto n = m.Int("revision", true)) r.revision = *n;
    if (auto s = m.String("status", true)) r.status = *s;
    if (auto s = m.String("rule", true)) r.rule = *s;
    if (auto s = m.String("kind", true)) r.kind = *s;
    if (auto s = m.String("severity", true)) r.severity = *s;
    if (auto s = m.String("subject", false)) r.subject = *s;
    if (auto t = m.Time("first", true)) r.first = *t;
    if (auto t = m.Time("last", true)) r.last = *t;
    auto at = j.find("attribution");
    if (at != j.end() && at->is_object()) {
      auto p = at->find("party");
      if (p != at->end() && p->is_string()) r.party = p->get<std::string>();
    }
    if (m.ok()) out.push_back(std::move(r));
  });
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

std::expected<std::vector<Ack>, Errors> ParseAcks(
    std::string_view text, const std::string& path, const Commitments& c,
    const std::vector<IncidentRevision>& incidents) {
  Errors errors;
  std::vector<Ack> out;
  std::vector<std::string> guarantors, actions;
  for (const auto& g : c.guarantors) guarantors.push_back(g.id);
  for (auto a : ActionNames()) actions.emplace_back(a);
  std::set<std::string> incident_ids;
  for (const auto& r : incidents) incident_ids.insert(r.id);
  std::vector<std::string> ids(incident_ids.begin(), incident_ids.end());
  ForEachLine(text, path, errors, [&](const json& j, int line) {
    Members m(j, path, line, errors);
    for (const auto& [key, value] : j.items()) {
      static const std::set<std::string> kKeys = {
          "incident", "revision", "guarantor", "action", "time", "note"};
      if (!kKeys.contains(key)) {
        std::vector<std::string> keys(kKeys.begin(), kKeys.end());
        m.Fail(key, fmt::format("unknown member '{}'", key),
               DidYouMean(keys, key,
                          "allowed: incident, revision, guarantor, action, "
                          "time, note"));
      }
    }
    Ack a;
    a.line = line;
    if (auto s = m.String("incident", true)) {
      a.incident = *s;
      if (!incident_ids.contains(*s)) {
        m.Fail("incident", fmt::format("no incident has id '{}'", *s),
               DidYouMean(ids, *s,
                          "copy the id from the incidents file given with "
                          "--incidents"));
      }
    }
    a.revision = m.Int("revision", false);
    if (auto s = m.String("guarantor", true)) {
      a.guarantor = *s;
      if (c.FindGuarantor(*s) == nullptr) {
        m.Fail("guarantor", fmt::format("no guarantor has id '{}'", *s),
               DidYouMean(guarantors, *s,
                          "use a guarantor id of the commitments file"));
      }
    }
    if (auto s = m.String("action", true)) {
      if (auto act = ParseAction(*s)) {
        a.action = *act;
      } else {
        m.Fail("action", fmt::format("unknown action '{}'", *s),
               DidYouMean(actions, *s, "one of: notify, acknowledge, act"));
      }
    }
    if (auto t = m.Time("time", true)) a.time = *t;
    if (auto s = m.String("note", false)) a.note = *s;
    if (m.ok() && a.revision) {
      const IncidentRevision* rev = nullptr;
      for (const auto& r : incidents) {
        if (r.id == a.incident && r.revision == *a.revision) rev = &r;
      }
      if (rev == nullptr) {
        m.Fail("revision",
               fmt::format("incident '{}' has no revision {}", a.incident,
                           *a.revision),
               "name a revision in the incidents file, or drop 'revision'");
      } else if (a.time < rev->last) {
        m.Fail("time",
               fmt::format("the ack ({}) is earlier than revision {} ({})",
                           FormatRfc3339(a.time), *a.revision,
                           FormatRfc3339(rev->last)),
               "correct the time, or the revision it answers");
      }
    }
    if (m.ok()) out.push_back(std::move(a));
  });
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

ObligationReport ComputeObligations(
    const Commitments& c, const std::vector<IncidentRevision>& incidents,
    const std::vector<Ack>& acks, std::optional<TimeNs> at) {
  ObligationReport report;
  if (at) {
    report.at = *at;
  } else {
    TimeNs latest{INT64_MIN};
    for (const auto& r : incidents) latest = std::max(latest, r.last);
    for (const auto& a : acks) latest = std::max(latest, a.time);
    report.at = incidents.empty() && acks.empty() ? TimeNs{0} : latest;
  }
  auto matches = [](const std::vector<std::string>& list,
                    const std::string& word) {
    return list.empty() ||
           std::find(list.begin(), list.end(), word) != list.end();
  };
  for (const IncidentRevision& r : incidents) {
    if (r.last > report.at) continue;  // not yet published at `at`
    for (const Response& resp : c.response_plan) {
      if (!matches(resp.kinds, r.kind) ||
          !matches(resp.severities, r.severity) || !matches(resp.on, r.status))
        continue;
      for (const std::string& g : resp.guarantors) {
        const std::pair<Action, const std::optional<DurationNs>*> actions[] = {
            {Action::kNotify, &resp.notify_within},
            {Action::kAcknowledge, &resp.acknowledge_within},
            {Action::kAct, &resp.act_within}};
        for (const auto& [action, within] : actions) {
          if (!within->has_value()) continue;
          Obligation o;
          o.revision = &r;
          o.response = resp.id;
          o.guarantor = g;
          o.action = action;
          o.triggered = r.last;
          o.deadline = r.last + **within;
          for (const Ack& a : acks) {
            if (a.incident != r.id || a.guarantor != g || a.action != action ||
                a.time > report.at || a.time < o.triggered ||
                (a.revision && *a.revision != r.revision))
              continue;
            if (!o.answered || a.time < *o.answered) o.answered = a.time;
          }
          if (o.answered) {
            o.state = ObligationState::kAcknowledged;
            o.late = *o.answered > o.deadline;
          } else if (report.at > o.deadline) {
            o.state = ObligationState::kOverdue;
          }
          report.obligations.push_back(std::move(o));
        }
      }
    }
  }
  for (const Guarantor& g : c.guarantors) {
    GuarantorSummary s;
    s.guarantor = g.id;
    std::vector<int64_t> responses;
    for (const Obligation& o : report.obligations) {
      if (o.guarantor != g.id) continue;
      ++s.obligations;
      switch (o.state) {
        case ObligationState::kOpen:
          ++s.open;
          break;
        case ObligationState::kOverdue:
          ++s.overdue;
          break;
        case ObligationState::kAcknowledged:
          ++s.acknowledged;
          if (o.late) ++s.late;
          responses.push_back((*o.answered - o.triggered).ns);
          break;
      }
    }
    if (!responses.empty()) {
      std::sort(responses.begin(), responses.end());
      size_t n = responses.size();
      // The median of an even count is the mean of the middle two, rounded
      // down to the nanosecond.
      int64_t median = n % 2 == 1
                           ? responses[n / 2]
                           : responses[n / 2 - 1] +
                                 (responses[n / 2] - responses[n / 2 - 1]) / 2;
      s.median_response = DurationNs{median};
      s.max_response = DurationNs{responses.back()};
    }
    report.by_guarantor.push_back(std::move(s));
  }
  return report;
}

}  // namespace truce::guarantees
