// Agreement: the in-memory form of an agreement file (docs/formats/
// agreement.md), as the loader returns it after every check has passed.
//
// Ids are the user's strings; references between parts (a rule's zone, a
// party's reference line) are by id and are guaranteed to resolve. Every part
// keeps the SourceLocation it was read from, so later stages (the rule engine,
// incidents) can cite the file, line and column of the clause they apply.
//
// Geometry follows RFC 7946: an edge is a straight line in longitude/latitude,
// taking the short way across the antimeridian (geo/latlng.h).
//
// Thread safety: a loaded Agreement is an immutable value; share it freely.
#ifndef TRUCE_AGREEMENT_AGREEMENT_H_
#define TRUCE_AGREEMENT_AGREEMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agreement/vocabulary.h"
#include "base/error.h"
#include "base/time.h"
#include "geo/latlng.h"
#include "geo/line_distance.h"

namespace truce::agreement {

struct Source {
  std::string title;  // the agreement text's title
  std::string file;   // the text itself, relative to the agreement file
  std::string url;    // where it was published, if anywhere
};

struct Party {
  std::string id;
  std::string name;
  std::string reference_line;  // id of a Line: the party's own line
  // Which side of its reference line (looking along the line's direction) is
  // the party's own; its withdrawal bands lie on that side.
  geo::BandSide side = geo::BandSide::kBoth;
  // Flag states (ISO 3166 alpha-2) whose vessels and aircraft belong to the
  // party: how a track is attributed when no report names its party.
  std::vector<std::string> flags;
  SourceLocation where;
};

struct Line {
  std::string id;
  std::string name;
  geo::Polyline points;
  SourceLocation where;
};

// Vertical limits in metres above mean sea level; flight levels are converted
// at 1 FL = 100 ft = 30.48 m of pressure altitude in the standard atmosphere,
// which is what ADS-B barometric altitude reports.
struct AltitudeBand {
  double min_m = 0;
  double max_m = 0;
};

struct BandSpec {
  std::string line;  // id of a Line
  double distance_m = 0;
  geo::BandSide side = geo::BandSide::kBoth;
};

// A zone that moves with the tracks it surrounds: "no military vessel within
// 10 nautical miles of a vessel in the corridor".
struct RoamingSpec {
  double radius_m = 0;
  std::string around_zone;                // tracks inside this zone
  std::vector<std::string> around_classes;  // of these classes (empty: any)
  std::vector<uint32_t> around_mmsi;        // or these vessels
};

struct Zone {
  enum class Kind { kPolygon, kBand, kRoaming };
  std::string id;
  std::string name;
  Kind kind = Kind::kPolygon;
  geo::MultiPolygon polygon;  // kPolygon only
  BandSpec band;              // kBand only
  RoamingSpec roaming;        // kRoaming only
  std::optional<AltitudeBand> altitude;
  std::string geometry_file;  // when the geometry came from a file
  SourceLocation where;
};

struct Exemptions {
  std::vector<uint32_t> icao24;  // ICAO 24-bit aircraft addresses
  std::vector<uint32_t> mmsi;    // vessels
};

// Against jitter at zone edges: a subject counts as inside only after it has
// been seen inside for `dwell` or on `fixes` consecutive fixes, whichever
// comes first.
struct EntryHysteresis {
  DurationNs dwell = DurationNs::Seconds(0);
  int fixes = 1;
};

struct MaritimeParams {
  std::optional<DurationNs> max_gap;        // AIS silence longer = "dark"
  std::optional<DurationNs> max_stop;       // stopped longer, outside permitted
  double stop_speed_knots = 0.5;            // below this a vessel is stopped
  std::vector<std::string> permitted_stops; // zone ids where stopping is fine
  bool must_stay_inside = false;            // leaving the corridor violates
  std::vector<std::string> gateways;        // zone ids where leaving is fine
};

struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kCeasefire;
  std::string clause;      // the article of the agreement text it encodes
  std::string clause_text; // optional quotation of that article
  Severity severity = Severity::kMedium;
  std::vector<std::string> parties;  // bound parties (empty: all parties)
  std::vector<std::string> classes;  // equipment/platform classes
  std::vector<std::string> events;   // fire events (ceasefire)
  std::vector<std::string> categories;  // aircraft categories (airspace)
  std::string zone;                  // zone id, where the kind has one
  std::optional<AltitudeBand> altitude;  // airspace: overrides the zone's
  double distance_m = 0;             // withdrawal
  double threshold_m2 = 0;           // territory
  int max_count = 0;                 // ceiling
  DurationNs window = DurationNs::Hours(24);  // ceiling
  MaritimeParams maritime;
  TimeNs from;                       // in force from (default: effective)
  std::optional<TimeNs> deadline;    // withdrawal: complete by
  std::optional<TimeNs> until;       // in force until
  Exemptions exempt;
  EntryHysteresis entry;
  SourceLocation where;
};

// Who controlled what at signing: the reference for the territory rule.
struct ControlArea {
  std::string party;
  geo::MultiPolygon polygon;
};
struct Baseline {
  std::string file;  // as written in the agreement
  std::string path;  // the file, resolved against the agreement's folder
  std::string date;
  // How the map names parties: `property` holds a party id, or a value that
  // `values` maps to one. Later control maps of the same publisher are read
  // the same way (replay's territory watch).
  std::string property;
  std::map<std::string, std::string> values;
  std::vector<ControlArea> areas;
  SourceLocation where;
};

struct Agreement {
  int format_version = 1;
  std::string path;  // the agreement file as given
  std::string title;
  std::string version;
  Source source;
  TimeNs effective;
  std::vector<Party> parties;
  std::vector<Line> lines;
  std::vector<Zone> zones;
  std::vector<Rule> rules;
  std::optional<Baseline> baseline;

  const Party* FindParty(std::string_view id) const;
  const Line* FindLine(std::string_view id) const;
  const Zone* FindZone(std::string_view id) const;
};

}  // namespace truce::agreement

#endif  // TRUCE_AGREEMENT_AGREEMENT_H_
