#include "agreement/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "agreement/geojson_reader.h"
#include "agreement/yaml_reader.h"

namespace truce::agreement {
namespace {

namespace fs = std::filesystem;
using internal::Diagnostics;
using internal::GeometryContext;
using internal::MapReader;

constexpr int kFormatVersion = 1;
constexpr double kFeet_m = 0.3048;
constexpr double kMaxDistanceKm = 5000;

// Tracks ids of one kind to report duplicates and resolve references.
class IdSet {
 public:
  IdSet(std::string_view what, Diagnostics& diag) : what_(what), diag_(diag) {}

  void Define(const std::string& id, const YAML::Node& at,
              std::string_view field) {
    auto [it, inserted] = first_.emplace(id, diag_.At(at, field));
    if (!inserted) {
      diag_.Add(at, field,
                fmt::format("duplicate {} id '{}' (first defined at line {})",
                            what_, id, it->second.line),
                "give every " + std::string(what_) + " a unique id");
    }
    names_.push_back(id);
  }

  // Reports an unknown reference; true if `id` exists.
  bool Check(const std::string& id, const YAML::Node& at,
             std::string_view field) {
    if (first_.contains(id)) return true;
    std::vector<std::string_view> views(names_.begin(), names_.end());
    auto near = Nearest(views, id);
    diag_.Add(at, field, fmt::format("no {} has id '{}'", what_, id),
              near ? fmt::format("did you mean '{}'?", *near)
                   : (names_.empty() ? fmt::format("define it under {}s", what_)
                                     : fmt::format("known {}s: {}", what_,
                                                   OneOf(views).substr(8))));
    return false;
  }

 private:
  std::string what_;
  Diagnostics& diag_;
  std::map<std::string, SourceLocation> first_;
  std::vector<std::string> names_;
};

std::optional<geo::BandSide> ReadSide(MapReader& m, std::string_view key) {
  static constexpr std::array<std::string_view, 3> kSides = {"both", "left",
                                                             "right"};
  auto w = m.Word(key, false, kSides, "side");
  if (!w) return std::nullopt;
  if (*w == "left") return geo::BandSide::kLeft;
  if (*w == "right") return geo::BandSide::kRight;
  return geo::BandSide::kBoth;
}

std::optional<AltitudeBand> ReadAltitude(const YAML::Node& node,
                                         const std::string& field,
                                         Diagnostics& diag) {
  MapReader m(node, field, diag, {"min_m", "max_m", "min_fl", "max_fl"});
  if (!m.ok()) return std::nullopt;
  bool metres = m.Has("min_m") || m.Has("max_m");
  bool levels = m.Has("min_fl") || m.Has("max_fl");
  if (metres == levels) {
    diag.Add(node, field,
             metres ? "altitude mixes metres and flight levels"
                    : "altitude needs min_m/max_m or min_fl/max_fl",
             "write e.g. {min_m: 0, max_m: 10000} or {min_fl: 0, max_fl: 245}");
    return std::nullopt;
  }
  AltitudeBand band;
  if (metres) {
    auto lo = m.Number("min_m", true, -500, 100000, "metres");
    auto hi = m.Number("max_m", true, -500, 100000, "metres");
    if (!lo || !hi) return std::nullopt;
    band = {*lo, *hi};
  } else {
    auto lo = m.Number("min_fl", true, 0, 1000, "flight levels");
    auto hi = m.Number("max_fl", true, 0, 1000, "flight levels");
    if (!lo || !hi) return std::nullopt;
    band = {*lo * 100 * kFeet_m, *hi * 100 * kFeet_m};
  }
  if (band.min_m >= band.max_m) {
    diag.Add(node, field,
             "altitude band is empty: its minimum is not below "
             "its maximum",
             "swap or correct the limits");
    return std::nullopt;
  }
  return band;
}

class Loader {
 public:
  Loader(std::string display_path, fs::path base_dir)
      : diag_(display_path),
        ctx_{diag_, std::move(base_dir)},
        party_ids_("party", diag_),
        line_ids_("line", diag_),
        zone_ids_("zone", diag_),
        rule_ids_("rule", diag_) {
    agreement_.path = std::move(display_path);
  }

  std::expected<Agreement, Errors> Run(std::string_view text) {
    std::optional<YAML::Node> loaded = internal::LoadDocument(text, diag_);
    if (!loaded) return std::unexpected(std::move(diag_.errors()));
    const YAML::Node& root = *loaded;
    try {
      ReadDocument(root);
    } catch (const YAML::Exception& e) {
      // A yaml-cpp query we did not guard; report it rather than crash.
      diag_.errors().push_back(Error{
          ErrorCode::kInternal,
          fmt::format("internal error while reading the agreement: {}", e.msg),
          "please report this with the file",
          SourceLocation{diag_.file(), e.mark.line + 1, e.mark.column + 1,
                         ""}});
    }
    if (!diag_.empty()) return std::unexpected(Sorted(diag_.errors()));
    return std::move(agreement_);
  }

 private:
  // Errors in reading order: by file (in order of first appearance), then
  // line and column; stable, so problems at one place keep their order.
  static Errors Sorted(Errors errors) {
    std::vector<std::string> files;
    for (const auto& e : errors) {
      if (std::find(files.begin(), files.end(), e.where.file) == files.end()) {
        files.push_back(e.where.file);
      }
    }
    auto rank = [&](const Error& e) {
      return std::tuple(
          std::find(files.begin(), files.end(), e.where.file) - files.begin(),
          e.where.line, e.where.column);
    };
    std::stable_sort(
        errors.begin(), errors.end(),
        [&](const Error& a, const Error& b) { return rank(a) < rank(b); });
    return errors;
  }

  void ReadDocument(const YAML::Node& root) {
    MapReader m(root, "", diag_,
                {"truce", "title", "version", "source", "effective", "parties",
                 "lines", "zones", "rules", "baseline"});
    if (!m.ok()) return;
    if (auto v = m.Integer("truce", true, 0, 1000)) {
      if (*v != kFormatVersion) {
        diag_.Add(m.Get("truce"), "truce",
                  fmt::format("format version {} is not supported", *v),
                  "this truce reads format version 1: write truce: 1");
      }
    }
    if (auto s = m.String("title", true)) agreement_.title = *s;
    if (auto s = m.String("version", true)) agreement_.version = *s;
    if (auto t = m.Time("effective", true)) agreement_.effective = *t;
    if (m.Has("source")) ReadSource(m.Get("source"));
    // Ids first, so that references can point forwards.
    ForEachItem(
        m.Get("parties"), "parties", diag_,
        [&](const YAML::Node& n, const std::string& f) { ReadParty(n, f); });
    ForEachItem(
        m.Get("lines"), "lines", diag_,
        [&](const YAML::Node& n, const std::string& f) { ReadLine(n, f); });
    ForEachItem(
        m.Get("zones"), "zones", diag_,
        [&](const YAML::Node& n, const std::string& f) { ReadZone(n, f); });
    if (m.Has("baseline")) ReadBaseline(m.Get("baseline"));
    ForEachItem(
        m.Get("rules"), "rules", diag_,
        [&](const YAML::Node& n, const std::string& f) { ReadRule(n, f); });
    if (agreement_.parties.empty() && !m.Has("parties")) {
      diag_.Add(root, "parties", "missing key 'parties'",
                "list the parties: parties: [{id: a, name: ...}]");
    }
    ResolveReferences();
  }

  void ReadSource(const YAML::Node& n) {
    MapReader m(n, "source", diag_, {"title", "file", "url"});
    if (!m.ok()) return;
    if (auto s = m.String("title", true)) agreement_.source.title = *s;
    if (auto s = m.String("file", false)) {
      agreement_.source.file = *s;
      if (!fs::is_regular_file(ctx_.base_dir / *s)) {
        diag_.Add(m.Get("file"), "source.file",
                  fmt::format("the agreement text '{}' does not exist", *s),
                  "give its path relative to the agreement file");
      }
    }
    if (auto s = m.String("url", false)) agreement_.source.url = *s;
  }

  void ReadParty(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_,
                {"id", "name", "reference_line", "side", "flags"});
    if (!m.ok()) return;
    Party p;
    p.where = diag_.At(n, field);
    if (auto s = m.String("id", true)) {
      p.id = *s;
      party_ids_.Define(p.id, m.Get("id"), m.Field("id"));
    }
    if (auto s = m.String("name", true)) p.name = *s;
    if (auto s = m.String("reference_line", false)) {
      p.reference_line = *s;
      refs_.push_back(
          {&line_ids_, *s, m.Get("reference_line"), m.Field("reference_line")});
    }
    if (auto side = ReadSide(m, "side")) p.side = *side;
    p.flags = m.Strings("flags");
    for (const auto& f : p.flags) {
      bool iso2 = f.size() == 2 &&
                  std::isupper(static_cast<unsigned char>(f[0])) &&
                  std::isupper(static_cast<unsigned char>(f[1]));
      if (!iso2) {
        diag_.Add(
            m.Get("flags"), m.Field("flags"),
            fmt::format("'{}' is not an ISO 3166 alpha-2 country code", f),
            "write two capital letters, e.g. UA");
      }
    }
    agreement_.parties.push_back(std::move(p));
  }

  void ReadLine(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_, {"id", "name", "geometry"});
    if (!m.ok()) return;
    Line l;
    l.where = diag_.At(n, field);
    if (auto s = m.String("id", true)) {
      l.id = *s;
      line_ids_.Define(l.id, m.Get("id"), m.Field("id"));
    }
    if (auto s = m.String("name", false)) l.name = *s;
    if (!m.Has("geometry")) {
      diag_.Add(n, m.Field("geometry"), "missing key 'geometry'",
                "add geometry: {type: LineString, coordinates: [...]} or "
                "geometry: {file: line.geojson}");
    } else if (auto line = internal::ReadLine(
                   m.Get("geometry"), m.Field("geometry"), ctx_, nullptr)) {
      l.points = std::move(*line);
    }
    agreement_.lines.push_back(std::move(l));
  }

  void ReadZone(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_,
                {"id", "name", "geometry", "band", "roaming", "altitude"});
    if (!m.ok()) return;
    Zone z;
    z.where = diag_.At(n, field);
    if (auto s = m.String("id", true)) {
      z.id = *s;
      zone_ids_.Define(z.id, m.Get("id"), m.Field("id"));
    }
    if (auto s = m.String("name", false)) z.name = *s;
    int shapes = m.Has("geometry") + m.Has("band") + m.Has("roaming");
    if (shapes != 1) {
      diag_.Add(n, field,
                shapes == 0 ? "a zone needs a shape"
                            : "a zone has exactly one shape, not several",
                "give one of geometry: (a polygon), band: (along a line) or "
                "roaming: (around moving tracks)");
    } else if (m.Has("geometry")) {
      z.kind = Zone::Kind::kPolygon;
      if (auto area = internal::ReadArea(m.Get("geometry"), m.Field("geometry"),
                                         ctx_, &z.geometry_file)) {
        z.polygon = std::move(*area);
      }
    } else if (m.Has("band")) {
      z.kind = Zone::Kind::kBand;
      ReadBand(m.Get("band"), m.Field("band"), &z.band);
    } else {
      z.kind = Zone::Kind::kRoaming;
      ReadRoaming(m.Get("roaming"), m.Field("roaming"), &z.roaming);
    }
    if (m.Has("altitude")) {
      z.altitude = ReadAltitude(m.Get("altitude"), m.Field("altitude"), diag_);
    }
    agreement_.zones.push_back(std::move(z));
  }

  void ReadBand(const YAML::Node& n, const std::string& field, BandSpec* b) {
    MapReader m(n, field, diag_, {"line", "distance_km", "side"});
    if (!m.ok()) return;
    if (auto s = m.String("line", true)) {
      b->line = *s;
      refs_.push_back({&line_ids_, *s, m.Get("line"), m.Field("line")});
    }
    if (auto d = m.Number("distance_km", true, 0, kMaxDistanceKm, "km")) {
      b->distance_m = *d * 1000;
      if (*d == 0) {
        diag_.Add(m.Get("distance_km"), m.Field("distance_km"),
                  "a band of width 0 km is empty", "give a positive width");
      }
    }
    if (auto side = ReadSide(m, "side")) b->side = *side;
  }

  void ReadRoaming(const YAML::Node& n, const std::string& field,
                   RoamingSpec* r) {
    MapReader m(n, field, diag_, {"radius_nm", "radius_km", "around"});
    if (!m.ok()) return;
    if (m.Has("radius_nm") == m.Has("radius_km")) {
      diag_.Add(n, field, "a roaming zone needs one radius",
                "give radius_nm: 10 or radius_km: 18.52");
    } else if (m.Has("radius_nm")) {
      if (auto v = m.Number("radius_nm", true, 0.001, 1000, "nautical miles")) {
        r->radius_m = *v * geo::kNauticalMile_m;
      }
    } else if (auto v = m.Number("radius_km", true, 0.001, 2000, "km")) {
      r->radius_m = *v * 1000;
    }
    if (!m.Has("around")) {
      diag_.Add(n, m.Field("around"), "missing key 'around'",
                "say which tracks the zone moves with: around: {zone: "
                "corridor, classes: [civilian_vessel]} or around: {mmsi: "
                "[...]}");
      return;
    }
    MapReader a(m.Get("around"), m.Field("around"), diag_,
                {"zone", "classes", "mmsi"});
    if (!a.ok()) return;
    if (auto s = a.String("zone", false)) {
      r->around_zone = *s;
      refs_.push_back({&zone_ids_, *s, a.Get("zone"), a.Field("zone")});
    }
    r->around_classes =
        a.Words("classes", EquipmentClassNames(), "equipment class");
    r->around_mmsi = a.Mmsis("mmsi");
    if (r->around_zone.empty() && r->around_mmsi.empty()) {
      diag_.Add(m.Get("around"), m.Field("around"), "'around' names no tracks",
                "give a zone or a list of mmsi");
    }
  }

  void ReadBaseline(const YAML::Node& n) {
    MapReader m(n, "baseline", diag_, {"file", "date", "property", "values"});
    if (!m.ok()) return;
    Baseline b;
    b.where = diag_.At(n, "baseline");
    auto file = m.String("file", true,
                         "the control map at signing: "
                         "file: baseline.geojson");
    auto property = m.String("property", true,
                             "the feature property that names the party, "
                             "e.g. property: controlled_by");
    if (auto s = m.String("date", false)) b.date = *s;
    std::map<std::string, std::string> values;  // property value -> party
    if (m.Has("values")) {
      YAML::Node v = m.Get("values");
      if (!v.IsMap()) {
        diag_.Add(v, "baseline.values",
                  "'values' must map property values "
                  "to party ids",
                  "write values: {\"Occupied\": b}");
      } else {
        for (auto it = v.begin(); it != v.end(); ++it) {
          if (!it->second.IsScalar()) continue;
          values[it->first.Scalar()] = it->second.Scalar();
          refs_.push_back({&party_ids_, it->second.Scalar(), it->second,
                           "baseline.values"});
        }
      }
    }
    if (!file || !property) return;
    b.file = *file;
    b.path = (ctx_.base_dir / *file).lexically_normal().string();
    b.property = *property;
    b.values = values;
    auto loaded =
        internal::LoadGeoJsonFile(m.Get("file"), "baseline.file", ctx_);
    if (!loaded) return;
    Diagnostics file_diag(loaded->display_path);
    const YAML::Node& root = loaded->root;
    if (!internal::Child(root, "features").IsSequence()) {
      file_diag.AddAt(SourceLocation{loaded->display_path, 1, 1, ""},
                      "a control map must be a FeatureCollection",
                      "put each controlled area in a Feature with the "
                      "property '" +
                          *property + "'");
    } else {
      std::map<std::string, size_t> by_party;
      for (const auto& f : internal::Child(root, "features")) {
        YAML::Node value =
            internal::Child(internal::Child(f, "properties"), *property);
        if (!value.IsScalar()) {
          file_diag.Add(f, "",
                        fmt::format("feature has no property '{}'", *property),
                        "add it, naming the controlling party");
          continue;
        }
        std::string party = values.contains(value.Scalar())
                                ? values[value.Scalar()]
                                : value.Scalar();
        if (!values.contains(value.Scalar())) {
          refs_.push_back({&party_ids_, party, value,
                           loaded->display_path + " properties." + *property});
        }
        auto area = internal::ReadAreaValue(f, "", file_diag);
        if (!area) continue;
        auto [it, inserted] = by_party.emplace(party, b.areas.size());
        if (inserted) b.areas.push_back({party, {}});
        auto& dest = b.areas[it->second].polygon.polygons;
        for (auto& p : area->polygons) dest.push_back(std::move(p));
      }
    }
    for (auto& e : file_diag.errors()) diag_.errors().push_back(e);
    agreement_.baseline = std::move(b);
  }

  void ReadRule(const YAML::Node& n, const std::string& field) {
    // Keys common to every kind, then each kind's own.
    if (!n.IsMap()) {
      diag_.Add(n, field,
                fmt::format("{} must be a mapping of keys to values, not {}",
                            field, internal::TypeName(n)),
                "write each rule as id: ..., kind: ..., clause: ...");
      return;
    }
    std::optional<RuleKind> kind;
    if (internal::Child(n, "kind").IsScalar()) {
      kind = ParseRuleKind(internal::Child(n, "kind").Scalar());
    }
    std::vector<std::string_view> keys = {"id",          "kind",     "clause",
                                          "clause_text", "severity", "parties",
                                          "from",        "until",    "entry"};
    auto add = [&](std::initializer_list<std::string_view> more) {
      keys.insert(keys.end(), more);
    };
    if (kind) {
      switch (*kind) {
        case RuleKind::kCeasefire:
          add({"zone", "events"});
          break;
        case RuleKind::kWithdrawal:
          add({"classes", "distance_km", "deadline"});
          break;
        case RuleKind::kExclusion:
          add({"zone", "classes", "exempt"});
          break;
        case RuleKind::kAirspace:
          add({"zone", "categories", "altitude", "exempt"});
          break;
        case RuleKind::kMaritime:
          add({"zone", "classes", "max_gap", "max_stop", "stop_speed_knots",
               "permitted_stops", "must_stay_inside", "gateways", "exempt"});
          break;
        case RuleKind::kTerritory:
          add({"threshold_km2"});
          break;
        case RuleKind::kCeiling:
          add({"zone", "classes", "max", "window"});
          break;
        case RuleKind::kAccess:
          add({"zone"});
          break;
      }
    }
    MapReader m = MakeReader(n, field, keys, kind.has_value());
    Rule r;
    r.where = diag_.At(n, field);
    if (auto s = m.String("id", true)) {
      r.id = *s;
      rule_ids_.Define(r.id, m.Get("id"), m.Field("id"));
    }
    auto kind_word = m.Word("kind", true, RuleKindNames(), "rule kind");
    if (!kind_word) return;
    r.kind = *kind;
    if (auto s = m.String("clause", true,
                          "cite the article this rule encodes, e.g. "
                          "clause: \"Art. 2(a)\"")) {
      r.clause = *s;
    }
    if (auto s = m.String("clause_text", false)) r.clause_text = *s;
    if (auto s = m.Word("severity", false, SeverityNames(), "severity")) {
      r.severity = *ParseSeverity(*s);
    }
    r.parties = m.Strings("parties");
    for (size_t i = 0; i < r.parties.size(); ++i) {
      YAML::Node at = m.Get("parties");
      refs_.push_back({&party_ids_, r.parties[i], at.IsSequence() ? at[i] : at,
                       m.Field("parties")});
    }
    r.from = m.Time("from", false).value_or(agreement_.effective);
    r.until = m.Time("until", false);
    if (m.Has("entry")) ReadEntry(m.Get("entry"), m.Field("entry"), &r.entry);

    auto require_zone = [&]() {
      if (auto s = m.String("zone", true,
                            "name the zone the rule applies "
                            "in: zone: <zone id>")) {
        r.zone = *s;
        refs_.push_back({&zone_ids_, *s, m.Get("zone"), m.Field("zone")});
      }
    };
    auto optional_zone = [&]() {
      if (auto s = m.String("zone", false)) {
        r.zone = *s;
        refs_.push_back({&zone_ids_, *s, m.Get("zone"), m.Field("zone")});
      }
    };
    auto require_classes = [&]() {
      r.classes = m.Words("classes", EquipmentClassNames(), "equipment class");
      if (!m.Has("classes")) {
        diag_.Add(
            n, m.Field("classes"), "missing key 'classes'",
            "list the equipment classes: " + OneOf(EquipmentClassNames()));
      }
    };
    auto exemptions = [&]() {
      if (!m.Has("exempt")) return;
      MapReader e(m.Get("exempt"), m.Field("exempt"), diag_,
                  {"icao24", "mmsi"});
      if (!e.ok()) return;
      r.exempt.icao24 = e.Icao24s("icao24");
      r.exempt.mmsi = e.Mmsis("mmsi");
    };

    switch (r.kind) {
      case RuleKind::kCeasefire:
        optional_zone();
        r.events = m.Words("events", FireEventNames(), "fire event");
        if (!m.Has("events")) {
          r.events.assign(FireEventNames().begin(), FireEventNames().end());
        }
        break;
      case RuleKind::kWithdrawal:
        require_classes();
        if (auto d =
                m.Number("distance_km", true, 0.001, kMaxDistanceKm, "km")) {
          r.distance_m = *d * 1000;
        }
        r.deadline = m.Time("deadline", true);
        withdrawals_.push_back({agreement_.rules.size(), n, field});
        break;
      case RuleKind::kExclusion:
        require_zone();
        require_classes();
        exemptions();
        break;
      case RuleKind::kAirspace:
        require_zone();
        r.categories =
            m.Words("categories", AircraftCategoryNames(), "aircraft category");
        if (!m.Has("categories")) {
          diag_.Add(n, m.Field("categories"), "missing key 'categories'",
                    "list the aircraft categories: " +
                        OneOf(AircraftCategoryNames()));
        }
        if (m.Has("altitude")) {
          r.altitude =
              ReadAltitude(m.Get("altitude"), m.Field("altitude"), diag_);
        }
        exemptions();
        break;
      case RuleKind::kMaritime: {
        require_zone();
        r.classes =
            m.Words("classes", EquipmentClassNames(), "equipment class");
        auto& mp = r.maritime;
        mp.max_gap = m.Duration("max_gap", false);
        mp.max_stop = m.Duration("max_stop", false);
        if (auto v = m.Number("stop_speed_knots", false, 0, 10, "knots")) {
          mp.stop_speed_knots = *v;
        }
        mp.permitted_stops = m.Strings("permitted_stops");
        for (const auto& z : mp.permitted_stops) {
          refs_.push_back({&zone_ids_, z, m.Get("permitted_stops"),
                           m.Field("permitted_stops")});
        }
        mp.must_stay_inside = m.Bool("must_stay_inside", false).value_or(false);
        mp.gateways = m.Strings("gateways");
        for (const auto& z : mp.gateways) {
          refs_.push_back(
              {&zone_ids_, z, m.Get("gateways"), m.Field("gateways")});
        }
        if (!m.Has("max_gap") && !m.Has("max_stop") &&
            !m.Has("must_stay_inside")) {
          diag_.Add(n, field, "a maritime rule forbids nothing",
                    "give max_gap, max_stop or must_stay_inside: true");
        }
        exemptions();
        break;
      }
      case RuleKind::kTerritory:
        if (auto v = m.Number("threshold_km2", true, 0, 1e7, "km²")) {
          r.threshold_m2 = *v * 1e6;
        }
        territory_rules_.push_back({n, field});
        break;
      case RuleKind::kCeiling:
        require_zone();
        require_classes();
        if (auto v = m.Integer("max", true, 0, 1'000'000)) {
          r.max_count = static_cast<int>(*v);
        }
        if (auto d = m.Duration("window", false)) r.window = *d;
        break;
      case RuleKind::kAccess:
        optional_zone();
        break;
    }
    CheckTimeOrder(m, r);
    agreement_.rules.push_back(std::move(r));
  }

  // A MapReader for a rule whose allowed keys depend on its kind; an unknown
  // kind is reported once (by Word), not as many unknown keys.
  MapReader MakeReader(const YAML::Node& n, const std::string& field,
                       std::vector<std::string_view> keys, bool kind_known) {
    if (!kind_known) {
      for (auto k : {"zone", "events", "classes", "distance_km", "deadline",
                     "exempt", "categories", "altitude", "max_gap", "max_stop",
                     "stop_speed_knots", "permitted_stops", "must_stay_inside",
                     "gateways", "threshold_km2", "max", "window"}) {
        keys.push_back(k);
      }
    }
    return MapReader(n, field, diag_, std::move(keys));
  }

  void ReadEntry(const YAML::Node& n, const std::string& field,
                 EntryHysteresis* e) {
    MapReader m(n, field, diag_, {"dwell", "fixes"});
    if (!m.ok()) return;
    if (auto d = m.Duration("dwell", false)) e->dwell = *d;
    if (auto k = m.Integer("fixes", false, 1, 1000))
      e->fixes = static_cast<int>(*k);
  }

  void CheckTimeOrder(MapReader& m, const Rule& r) {
    auto order = [&](std::optional<TimeNs> a, std::string_view a_name,
                     std::optional<TimeNs> b, std::string_view b_name) {
      if (a && b && !(*a < *b)) {
        diag_.Add(m.Get(b_name), m.Field(b_name),
                  fmt::format("'{}' ({}) is not after '{}' ({})", b_name,
                              FormatRfc3339(*b), a_name, FormatRfc3339(*a)),
                  "put the times in order: from < deadline < until");
      }
    };
    std::optional<TimeNs> from =
        m.Has("from") ? std::optional<TimeNs>(r.from) : std::nullopt;
    order(from, "from", r.deadline, "deadline");
    order(r.deadline ? r.deadline : from, r.deadline ? "deadline" : "from",
          r.until, "until");
  }

  void ResolveReferences() {
    for (auto& ref : refs_) ref.set->Check(ref.id, ref.at, ref.field);
    // Every party bound by a withdrawal rule needs its own reference line.
    for (const auto& w : withdrawals_) {
      const Rule& r = agreement_.rules[w.rule];
      for (const Party& p : agreement_.parties) {
        bool bound = r.parties.empty() ||
                     std::find(r.parties.begin(), r.parties.end(), p.id) !=
                         r.parties.end();
        if (bound && p.reference_line.empty()) {
          diag_.Add(w.node, w.field,
                    fmt::format("withdrawal rule '{}' binds party '{}', which "
                                "has no reference_line",
                                r.id, p.id),
                    "give the party its own line: reference_line: <line id>");
        }
      }
    }
    for (const auto& t : territory_rules_) {
      if (!agreement_.baseline) {
        diag_.Add(t.node, t.field,
                  "a territory rule needs the baseline control map",
                  "add baseline: {file: baseline.geojson, property: "
                  "controlled_by}");
      }
    }
  }

  struct Ref {
    IdSet* set;
    std::string id;
    YAML::Node at;
    std::string field;
  };
  struct RuleRef {
    size_t rule;
    YAML::Node node;
    std::string field;
  };
  struct NodeRef {
    YAML::Node node;
    std::string field;
  };

  Diagnostics diag_;
  GeometryContext ctx_;
  Agreement agreement_;
  IdSet party_ids_, line_ids_, zone_ids_, rule_ids_;
  std::vector<Ref> refs_;
  std::vector<RuleRef> withdrawals_;
  std::vector<NodeRef> territory_rules_;
};

}  // namespace

std::expected<Agreement, Errors> ParseAgreement(std::string_view yaml_text,
                                                std::string display_path,
                                                const fs::path& base_dir) {
  Loader loader(std::move(display_path), base_dir);
  return loader.Run(yaml_text);
}

std::expected<Agreement, Errors> LoadAgreement(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path)) {
    return std::unexpected(Errors{
        Error{ErrorCode::kNotFound,
              fmt::format("cannot read the agreement file '{}'", path.string()),
              "check the path", SourceLocation{path.string(), 0, 0, ""}}});
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return ParseAgreement(text, path.string(), path.parent_path());
}

const Party* Agreement::FindParty(std::string_view id) const {
  for (const auto& p : parties)
    if (p.id == id) return &p;
  return nullptr;
}
const Line* Agreement::FindLine(std::string_view id) const {
  for (const auto& l : lines)
    if (l.id == id) return &l;
  return nullptr;
}
const Zone* Agreement::FindZone(std::string_view id) const {
  for (const auto& z : zones)
    if (z.id == id) return &z;
  return nullptr;
}

}  // namespace truce::agreement
