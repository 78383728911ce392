#include "alerts/cap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "alerts/xml_text.h"
#include "ledger/encoding.h"

namespace truce::alerts {

std::string_view Name(CapStatus s) {
  switch (s) {
    case CapStatus::kActual:
      return "Actual";
    case CapStatus::kExercise:
      return "Exercise";
    case CapStatus::kTest:
      return "Test";
  }
  return "Actual";
}

Result<CapStatus> ParseCapStatus(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return std::tolower(c); });
  if (lower == "actual") return CapStatus::kActual;
  if (lower == "exercise") return CapStatus::kExercise;
  if (lower == "test") return CapStatus::kTest;
  return Fail(ErrorCode::kInvalidInput,
              fmt::format("'{}' is not a CAP status", text),
              "use actual, exercise, test or auto");
}

CapStatus DetectCapStatus(const std::string& incidents_path) {
  namespace fs = std::filesystem;
  fs::path summary = fs::path(incidents_path).parent_path() / "summary.json";
  std::ifstream in(summary);
  if (!in) return CapStatus::kActual;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return CapStatus::kActual;
  auto feeds = j.find("feeds");
  if (feeds == j.end() || !feeds->is_array()) return CapStatus::kActual;
  for (const auto& feed : *feeds) {
    if (!feed.is_object() || !feed.contains("path") ||
        !feed["path"].is_string()) {
      continue;
    }
    fs::path p = feed["path"].get<std::string>();
    std::error_code ec;
    if (fs::exists(p.parent_path().parent_path() / "truth.ndjson", ec)) {
      return CapStatus::kExercise;
    }
  }
  return CapStatus::kActual;
}

namespace {

// CAP 1.2 §3.2.1: sender and identifier must not hold spaces, commas or the
// restricted characters '<' and '&' (references are comma- and
// space-separated).
bool CapToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= ' ' || c == ',' || c == '<' || c == '&' || c == 0x7F) return false;
  }
  return true;
}

std::string IncidentToken(const std::string& id) {
  auto digest = ledger::Sha256(id);
  return "truce-" + ledger::HexEncode(digest).substr(0, 32);
}

std::string Coord(double deg) { return fmt::format("{:.7f}", deg); }

// Radius of the circle around the latest position (see cap-alerts.md): CAP
// has no point geometry, and 1 km is the scale of report clustering and well
// above sensor error.
constexpr double kCircleRadiusKm = 1.0;

struct Sent {
  std::string triple;  // sender,identifier,sent
};

struct IncidentState {
  bool any = false;
  bool cancelled = false;
  rules::Confidence confidence = rules::Confidence::kReported;
  std::string severity, party;
  std::vector<std::string> references;
};

void Element(std::string& out, int indent, std::string_view name,
             std::string_view text) {
  out.append(indent, ' ');
  out += fmt::format("<{0}>{1}</{0}>\n", name, XmlEscape(text));
}

void Parameter(std::string& out, std::string_view name,
               std::string_view value) {
  out += "    <parameter>\n";
  Element(out, 6, "valueName", name);
  Element(out, 6, "value", value);
  out += "    </parameter>\n";
}

std::string Description(const rules::Incident& in) {
  std::string d = in.summary.empty() ? std::string() : in.summary + ".";
  d += fmt::format("\nRule {} ({} rule", in.rule, in.kind);
  if (!in.clause.empty()) d += fmt::format(", clause {}", in.clause);
  d += fmt::format("), severity {}. Subject: {}.", in.severity, in.subject);
  if (in.party.empty()) {
    d += fmt::format("\nAttribution: none ({}).", in.basis);
  } else {
    d += fmt::format("\nAttribution: party {} ({}).", in.party, in.basis);
  }
  std::string sources;
  for (const auto& s : in.sources) {
    sources += sources.empty() ? s : ", " + s;
  }
  d += fmt::format(
      "\nEvidence: {} observation(s) from {} source(s){}; confidence {}. "
      "First {}, last {}.",
      in.observation_count, in.sources.size(),
      sources.empty() ? "" : " (" + sources + ")", rules::Name(in.confidence),
      FormatRfc3339(in.first), FormatRfc3339(in.last));
  if (!in.details.empty()) {
    d += "\nDetails:";
    for (const auto& [k, v] : in.details) d += fmt::format(" {}={}", k, v);
    d += ".";
  }
  return d;
}

std::string Render(const IncidentRevision& rev, const CapOptions& options,
                   const std::string& identifier, std::string_view msg_type,
                   const std::string& sent,
                   const std::vector<std::string>& references) {
  const rules::Incident& in = rev.incident;
  bool cancel = msg_type == "Cancel";
  std::string leaf_hex = ledger::HexEncode(rev.leaf);
  std::string x;
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n";
  Element(x, 2, "identifier", identifier);
  Element(x, 2, "sender", options.sender);
  Element(x, 2, "sent", sent);
  Element(x, 2, "status", Name(options.status));
  Element(x, 2, "msgType", msg_type);
  Element(x, 2, "source", "truce incident " + in.id);
  Element(x, 2, "scope", "Public");
  std::string note;
  if (cancel) {
    note = fmt::format(
        "Incident closed: the violation's last evidence is of {}. This "
        "message ends the alert; it does not retract it: the incident and its "
        "evidence stand.",
        FormatRfc3339(in.last));
  } else if (in.status == rules::IncidentStatus::kDisputed) {
    note =
        "A party disputes this incident; the dispute is a new revision, "
        "the evidence is unchanged.";
  }
  if (options.status == CapStatus::kExercise) {
    note += std::string(note.empty() ? "" : " ") +
            "Exercise: generated from simulated feeds.";
  }
  if (!note.empty()) Element(x, 2, "note", note);
  if (!references.empty()) {
    std::string refs;
    for (const auto& r : references) refs += (refs.empty() ? "" : " ") + r;
    Element(x, 2, "references", refs);
  }
  Element(x, 2, "incidents", IncidentToken(in.id));
  x += "  <info>\n";
  Element(x, 4, "language", "en");
  Element(x, 4, "category", "Security");
  Element(x, 4, "event", fmt::format("Agreement violation: {}", in.kind));
  Element(x, 4, "responseType", cancel ? "AllClear" : "Monitor");
  Element(x, 4, "urgency", CapUrgency(in.severity, cancel));
  Element(x, 4, "severity", CapSeverity(in.severity));
  Element(x, 4, "certainty", CapCertainty(in.confidence));
  for (auto [name, value] :
       {std::pair<std::string_view, std::string_view>{"truce-rule", in.rule},
        {"truce-kind", in.kind}}) {
    x += "    <eventCode>\n";
    Element(x, 6, "valueName", name);
    Element(x, 6, "value", value);
    x += "    </eventCode>\n";
  }
  Element(x, 4, "onset", CapDateTime(in.first));
  Element(x, 4, "senderName", options.sender_name);
  Element(x, 4, "headline", in.summary.empty() ? in.id : in.summary);
  Element(x, 4, "description", Description(in));
  Element(x, 4, "instruction",
          fmt::format("Check the evidence: this message's resource is the "
                      "incident revision as logged; its RFC 9162 leaf hash is "
                      "{}. Ask the evidence log for its inclusion proof "
                      "(truce log prove).",
                      leaf_hex));
  Parameter(x, "incidentId", in.id);
  Parameter(x, "incidentRevision", std::to_string(in.revision));
  Parameter(x, "incidentStatus", rules::Name(in.status));
  Parameter(x, "rule", in.rule);
  if (!in.clause.empty()) Parameter(x, "clause", in.clause);
  Parameter(x, "subject", in.subject);
  Parameter(x, "party", in.party.empty() ? "(unattributed)" : in.party);
  Parameter(x, "confidence", rules::Name(in.confidence));
  Parameter(x, "first", FormatRfc3339(in.first));
  Parameter(x, "last", FormatRfc3339(in.last));
  Parameter(x, "observationCount", std::to_string(in.observation_count));
  Parameter(x, "evidenceLogLeafHash", leaf_hex);
  for (const auto& [k, v] : in.details) Parameter(x, "detail." + k, v);
  x += "    <resource>\n";
  Element(x, 6, "resourceDesc",
          "incident revision: the evidence-log entry (RFC 8785 canonical "
          "JSON; leaf hash SHA-256(0x00 || entry))");
  Element(x, 6, "mimeType", "application/json");
  Element(x, 6, "size", std::to_string(rev.line.size()));
  Element(
      x, 6, "derefUri",
      ledger::Base64Encode(std::span(
          reinterpret_cast<const uint8_t*>(rev.line.data()), rev.line.size())));
  x += "    </resource>\n";
  x += "    <area>\n";
  bool located =
      in.bbox.min_lat <= in.bbox.max_lat && in.bbox.min_lng <= in.bbox.max_lng;
  Element(x, 6, "areaDesc",
          located ? fmt::format("where {} violated rule {}: latest position "
                                "and the extent of all violating positions",
                                in.subject, in.rule)
                  : fmt::format("where {} violated rule {}: no position "
                                "known (see the description)",
                                in.subject, in.rule));
  const auto& b = in.bbox;
  if (!rev.area_outer.empty()) {
    // The violation's own place: one CAP polygon per outer ring (CAP
    // polygons have no holes; the area is their union).
    for (const auto& outer : rev.area_outer) {
      std::string ring;
      for (const auto& p : outer) {
        ring += fmt::format("{}{},{}", ring.empty() ? "" : " ",
                            Coord(p.lat_deg), Coord(p.lng_deg));
      }
      Element(x, 6, "polygon", ring);
    }
  } else if (b.max_lat > b.min_lat && b.max_lng > b.min_lng) {
    // Counter-clockwise, closed: CAP's "lat,lon" pairs, first == last.
    Element(
        x, 6, "polygon",
        fmt::format("{0},{1} {0},{3} {2},{3} {2},{1} {0},{1}", Coord(b.min_lat),
                    Coord(b.min_lng), Coord(b.max_lat), Coord(b.max_lng)));
  }
  // An empty bbox (min > max) means no violating position is known (e.g. a
  // vessel that went dark): then `position` is a placeholder and no circle is
  // written; areaDesc alone says where, in words.
  if (b.min_lat <= b.max_lat && b.min_lng <= b.max_lng) {
    Element(x, 6, "circle",
            fmt::format("{},{} {:.1f}", Coord(in.position.lat_deg),
                        Coord(in.position.lng_deg), kCircleRadiusKm));
  }
  x += "    </area>\n";
  x += "  </info>\n";
  x += "</alert>\n";
  return x;
}

}  // namespace

Result<void> CheckCapOptions(const CapOptions& options) {
  if (!CapToken(options.sender)) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("CAP sender '{}' is empty or holds a space, comma, "
                            "'<' or '&'",
                            options.sender),
                "use an address such as truce@monitoring.example");
  }
  return {};
}

std::string CapDateTime(TimeNs t) {
  int64_t s = t.ns_since_epoch / 1'000'000'000;
  if (t.ns_since_epoch % 1'000'000'000 < 0) --s;  // floor, before 1970
  std::string text = FormatRfc3339(TimeNs::FromUnixSeconds(s));
  if (!text.empty() && text.back() == 'Z') text.pop_back();
  return text + "+00:00";
}

std::string_view CapSeverity(std::string_view sev) {
  if (sev == "critical") return "Extreme";
  if (sev == "high") return "Severe";
  if (sev == "medium") return "Moderate";
  if (sev == "low") return "Minor";
  return "Unknown";
}

std::string_view CapCertainty(rules::Confidence c) {
  switch (c) {
    case rules::Confidence::kReported:
      return "Possible";
    case rules::Confidence::kCorroborated:
      return "Likely";
    case rules::Confidence::kConfirmed:
      return "Observed";
  }
  return "Unknown";
}

std::string_view CapUrgency(std::string_view sev, bool closed) {
  if (closed) return "Past";
  if (sev == "critical" || sev == "high") return "Immediate";
  if (sev == "medium" || sev == "low") return "Expected";
  return "Unknown";
}

Result<std::vector<CapMessage>> BuildCapMessages(
    std::span<const IncidentRevision> revisions, const CapOptions& options) {
  if (auto ok = CheckCapOptions(options); !ok) {
    return std::unexpected(ok.error());
  }
  std::vector<CapMessage> out;
  std::map<std::string, IncidentState> state;
  for (const auto& rev : revisions) {
    const rules::Incident& in = rev.incident;
    IncidentState& st = state[in.id];
    std::string msg_type;
    if (!st.any) {
      msg_type = "Alert";
    } else if (in.status == rules::IncidentStatus::kClosed) {
      msg_type = st.cancelled ? "" : "Cancel";
    } else if (in.status == rules::IncidentStatus::kDisputed ||
               in.confidence != st.confidence || in.severity != st.severity ||
               in.party != st.party) {
      msg_type = "Update";
    }
    if (msg_type.empty()) continue;
    CapMessage m;
    m.identifier = fmt::format("{}-r{}", IncidentToken(in.id), in.revision);
    m.msg_type = msg_type;
    m.sent = CapDateTime(in.last);
    m.incident_id = in.id;
    m.revision = in.revision;
    m.xml = Render(rev, options, m.identifier, msg_type, m.sent, st.references);
    st.any = true;
    st.cancelled = st.cancelled || msg_type == "Cancel";
    st.confidence = in.confidence;
    st.severity = in.severity;
    st.party = in.party;
    st.references.push_back(
        fmt::format("{},{},{}", options.sender, m.identifier, m.sent));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace truce::alerts
