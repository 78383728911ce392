#include "guarantees/commitments.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <tuple>

#include "agreement/loader.h"
#include "agreement/vocabulary.h"
#include "agreement/yaml_reader.h"

namespace truce::guarantees {
namespace {

using agreement::Nearest;
using agreement::OneOf;
using agreement::internal::Diagnostics;
using agreement::internal::MapReader;

constexpr int kFormatVersion = 1;

constexpr std::array<std::string_view, 6> kCapabilities = {
    "personnel",    "intelligence", "maritime_presence",
    "air_presence", "funding",      "monitoring"};
constexpr std::array<std::string_view, 8> kUnits = {
    "people",        "teams",           "ships", "aircraft",
    "hours_per_day", "reports_per_day", "eur",   "usd"};
constexpr std::array<std::string_view, 3> kActions = {"notify", "acknowledge",
                                                      "act"};
constexpr std::array<std::string_view, 4> kStatuses = {"open", "updated",
                                                       "closed", "disputed"};

// Units per capability, in the order of Capability.
constexpr std::array<Unit, 2> kPersonnelUnits = {Unit::kPeople, Unit::kTeams};
constexpr std::array<Unit, 3> kIntelligenceUnits = {
    Unit::kReportsPerDay, Unit::kHoursPerDay, Unit::kAircraft};
constexpr std::array<Unit, 2> kMaritimeUnits = {Unit::kShips,
                                                Unit::kHoursPerDay};
constexpr std::array<Unit, 2> kAirUnits = {Unit::kAircraft, Unit::kHoursPerDay};
constexpr std::array<Unit, 2> kFundingUnits = {Unit::kEur, Unit::kUsd};
constexpr std::array<Unit, 4> kMonitoringUnits = {
    Unit::kTeams, Unit::kPeople, Unit::kHoursPerDay, Unit::kAircraft};

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::string_view, N>& names,
                       std::string_view word) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == word) return static_cast<E>(i);
  }
  return std::nullopt;
}

// Ids of one kind: duplicates and references.
class IdSet {
 public:
  IdSet(std::string_view what, std::string_view section, Diagnostics& diag)
      : what_(what), section_(section), diag_(diag) {}

  void Define(const std::string& id, const YAML::Node& at,
              std::string_view field) {
    auto [it, inserted] = first_.emplace(id, diag_.At(at, field));
    if (!inserted) {
      diag_.Add(at, field,
                fmt::format("duplicate {} id '{}' (first defined at line {})",
                            what_, id, it->second.line),
                fmt::format("give every {} a unique id", what_));
    }
    names_.push_back(id);
  }

  bool Check(const std::string& id, const YAML::Node& at,
             std::string_view field) const {
    if (first_.contains(id)) return true;
    std::vector<std::string_view> views(names_.begin(), names_.end());
    auto near = Nearest(views, id);
    diag_.Add(
        at, field, fmt::format("no {} has id '{}'", what_, id),
        near ? fmt::format("did you mean '{}'?", *near)
             : (names_.empty() ? fmt::format("define it under {}", section_)
                               : fmt::format("known {}s: {}", what_,
                                             OneOf(views).substr(8))));
    return false;
  }

 private:
  std::string what_, section_;
  Diagnostics& diag_;
  std::map<std::string, SourceLocation> first_;
  std::vector<std::string> names_;
};

class Loader {
 public:
  Loader(std::string display_path, const agreement::Agreement* agreement)
      : diag_(display_path),
        agreement_(agreement),
        guarantor_ids_("guarantor", "guarantors", diag_),
        pledge_ids_("pledge", "pledges", diag_),
        requirement_ids_("requirement", "requirements", diag_),
        response_ids_("response", "response_plan", diag_) {
    out_.path = std::move(display_path);
  }

  std::expected<Commitments, Errors> Run(std::string_view text) {
    std::optional<YAML::Node> loaded =
        agreement::internal::LoadDocument(text, diag_);
    if (!loaded) return std::unexpected(std::move(diag_.errors()));
    const YAML::Node& root = *loaded;
    try {
      ReadDocument(root);
    } catch (const YAML::Exception& e) {
      diag_.errors().push_back(
          Error{ErrorCode::kInternal,
                fmt::format("internal error while reading the commitments: {}",
                            e.msg),
                "please report this with the file",
                SourceLocation{diag_.file(), e.mark.line + 1, e.mark.column + 1,
                               ""}});
    }
    if (!diag_.empty()) return std::unexpected(Sorted(diag_.errors()));
    return std::move(out_);
  }

 private:
  static Errors Sorted(Errors errors) {
    // The shared YAML reader points at the agreement's documentation.
    for (Error& e : errors) {
      if (e.hint == "see docs/formats/agreement.md for its keys") {
        e.hint = "see docs/formats/commitments.md for its keys";
      }
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const Error& a, const Error& b) {
                       return std::tie(a.where.line, a.where.column) <
                              std::tie(b.where.line, b.where.column);
                     });
    return errors;
  }

  void ReadDocument(const YAML::Node& root) {
    MapReader m(root, "", diag_,
                {"truce_commitments", "title", "agreement", "guarantors",
                 "pledges", "requirements", "response_plan"});
    if (!m.ok()) return;
    if (auto v = m.Integer("truce_commitments", true, 0, 1000)) {
      if (*v != kFormatVersion) {
        diag_.Add(m.Get("truce_commitments"), "truce_commitments",
                  fmt::format("format version {} is not supported", *v),
                  "this truce reads format version 1: write "
                  "truce_commitments: 1");
      }
    }
    if (auto s = m.String("title", true)) out_.title = *s;
    if (auto s = m.String("agreement", false)) out_.agreement = *s;
    if (!m.Has("guarantors")) {
      diag_.Add(root, "guarantors", "missing key 'guarantors'",
                "list the guarantors: guarantors: [{id: g-a, name: ...}]");
    }
    ForEachItem(m.Get("guarantors"), "guarantors", diag_,
                [&](const YAML::Node& n, const std::string& f) {
                  ReadGuarantor(n, f);
                });
    ForEachItem(
        m.Get("pledges"), "pledges", diag_,
        [&](const YAML::Node& n, const std::string& f) { ReadPledge(n, f); });
    ForEachItem(m.Get("requirements"), "requirements", diag_,
                [&](const YAML::Node& n, const std::string& f) {
                  ReadRequirement(n, f);
                });
    ForEachItem(
        m.Get("response_plan"), "response_plan", diag_,
        [&](const YAML::Node& n, const std::string& f) { ReadResponse(n, f); });
    // References last, so that they may point forwards.
    for (const auto& [id, at, field] : guarantor_refs_) {
      guarantor_ids_.Check(id, at, field);
    }
  }

  std::optional<std::string> ReadId(MapReader& m, IdSet& ids) {
    auto id = m.String("id", true);
    if (id) ids.Define(*id, m.Get("id"), m.Field("id"));
    return id;
  }

  void ReadGuarantor(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_, {"id", "name"});
    if (!m.ok()) return;
    Guarantor g;
    g.where = diag_.At(n, field);
    if (auto id = ReadId(m, guarantor_ids_)) g.id = *id;
    if (auto s = m.String("name", true)) g.name = *s;
    out_.guarantors.push_back(std::move(g));
  }

  void RefGuarantor(const std::string& id, const YAML::Node& at,
                    std::string field) {
    guarantor_refs_.emplace_back(id, at, std::move(field));
  }

  // A zone id of the agreement, when one is known. `measured`: presence in
  // it will be measured from tracks, so it must be a static zone.
  void CheckZone(MapReader& m, const std::string& zone, bool measured) {
    if (agreement_ == nullptr) return;
    const agreement::Zone* z = agreement_->FindZone(zone);
    if (z == nullptr) {
      std::vector<std::string_view> ids;
      for (const auto& az : agreement_->zones) ids.push_back(az.id);
      auto near = Nearest(ids, zone);
      diag_.Add(m.Get("zone"), m.Field("zone"),
                fmt::format("the agreement {} has no zone '{}'",
                            agreement_->path, zone),
                near ? fmt::format("did you mean '{}'?", *near)
                     : (ids.empty() ? std::string("define it in the agreement")
                                    : "zones of the agreement: " +
                                          OneOf(ids).substr(8)));
      return;
    }
    if (measured && z->kind == agreement::Zone::Kind::kRoaming) {
      diag_.Add(m.Get("zone"), m.Field("zone"),
                fmt::format("zone '{}' moves with the ships it surrounds, so "
                            "presence in it cannot be measured",
                            zone),
                "pledge presence in a fixed zone (a polygon or a band)");
    }
  }

  std::optional<Period> ReadPeriod(MapReader& parent, bool required) {
    YAML::Node n = parent.Get("period");
    if (!n.IsDefined()) {
      if (required && parent.ok()) {
        diag_.Add(parent.node(), parent.Field("period"), "missing key 'period'",
                  "add period: {from: 2025-06-01T00:00:00Z, until: "
                  "2025-07-01T00:00:00Z}");
      }
      return std::nullopt;
    }
    std::string field = parent.Field("period");
    MapReader m(n, field, diag_, {"from", "until"});
    if (!m.ok()) return std::nullopt;
    Period p;
    auto from = m.Time("from", required);
    auto until = m.Time("until", required);
    if (from) p.from = *from;
    if (until) p.until = *until;
    if (from && until && !(*from < *until)) {
      diag_.Add(m.Get("until"), m.Field("until"),
                fmt::format("the period ends ({}) before it begins ({})",
                            FormatRfc3339(*until), FormatRfc3339(*from)),
                "make 'until' later than 'from'");
      return std::nullopt;
    }
    return p;
  }

  // capability, amount, unit: shared by pledges and requirements.
  bool ReadAmount(MapReader& m, Capability* cap, double* amount, Unit* unit) {
    auto c = m.Word("capability", true, kCapabilities, "capability");
    auto a = m.Number("amount", true, 0, 1e15, "the unit given by 'unit'");
    auto u = m.Word("unit", true, kUnits, "unit");
    if (a && !(*a > 0)) {
      diag_.Add(m.Get("amount"), m.Field("amount"),
                "'amount' must be more than 0",
                "pledge or require a positive amount; drop the entry if "
                "there is none");
      a.reset();
    }
    if (!c || !a || !u) return false;
    *cap = *Parse<Capability>(kCapabilities, *c);
    *unit = *Parse<Unit>(kUnits, *u);
    *amount = *a;
    auto fits = UnitsFor(*cap);
    if (std::find(fits.begin(), fits.end(), *unit) == fits.end()) {
      std::vector<std::string_view> names;
      for (Unit f : fits) names.push_back(Name(f));
      diag_.Add(m.Get("unit"), m.Field("unit"),
                fmt::format("unit '{}' does not measure {}", *u, *c),
                fmt::format("for {} use {}", *c, OneOf(names)));
      return false;
    }
    if (*unit == Unit::kHoursPerDay && *amount > 24) {
      diag_.Add(
          m.Get("amount"), m.Field("amount"),
          fmt::format("{} hours per day is more than a day holds", *amount),
          "write at most 24; for more at once, count ships or "
          "aircraft instead");
      return false;
    }
    return true;
  }

  void ReadPledge(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_,
                {"id", "guarantor", "capability", "amount", "unit", "zone",
                 "period", "assets", "note"});
    if (!m.ok()) return;
    Pledge p;
    p.where = diag_.At(n, field);
    if (auto id = ReadId(m, pledge_ids_)) p.id = *id;
    if (auto g = m.String("guarantor", true)) {
      p.guarantor = *g;
      RefGuarantor(*g, m.Get("guarantor"), m.Field("guarantor"));
    }
    m.String("note", false);
    bool amount_ok = ReadAmount(m, &p.capability, &p.amount, &p.unit);
    if (auto per = ReadPeriod(m, false)) p.period = *per;
    bool has_assets = false;
    if (m.Has("assets")) {
      std::string afield = m.Field("assets");
      MapReader a(m.Get("assets"), afield, diag_, {"icao24", "mmsi"});
      if (a.ok()) {
        p.icao24 = a.Icao24s("icao24");
        p.mmsi = a.Mmsis("mmsi");
        for (size_t i = 0; i < p.icao24.size(); ++i) {
          DefineAsset(fmt::format("ICAO address {:06X}", p.icao24[i]), p.id,
                      ItemNode(a.Get("icao24"), i), a.Field("icao24"));
        }
        for (size_t i = 0; i < p.mmsi.size(); ++i) {
          DefineAsset(fmt::format("MMSI {:09d}", p.mmsi[i]), p.id,
                      ItemNode(a.Get("mmsi"), i), a.Field("mmsi"));
        }
        bool any = !p.icao24.empty() || !p.mmsi.empty();
        if (amount_ok && any &&
            (p.capability == Capability::kPersonnel ||
             p.capability == Capability::kFunding)) {
          diag_.Add(m.Get("assets"), afield,
                    fmt::format("a {} pledge has no aircraft or ships to "
                                "observe",
                                Name(p.capability)),
                    "move the assets to an air_presence, maritime_presence, "
                    "monitoring or intelligence pledge");
        }
        // Judged on what was written, so that a malformed MMSI is not also
        // reported as a missing one.
        auto written = [&](std::string_view key) {
          YAML::Node v = a.Get(key);
          return v.IsDefined() && !v.IsNull() &&
                 !(v.IsSequence() && v.size() == 0);
        };
        any = any || written("icao24") || written("mmsi");
        has_assets = any;
        if (amount_ok && any && p.unit == Unit::kShips && !written("mmsi")) {
          diag_.Add(m.Get("assets"), afield,
                    "a pledge counted in ships lists no MMSI",
                    "list the ships under assets: {mmsi: [...]}");
        }
        if (amount_ok && any && p.unit == Unit::kAircraft &&
            !written("icao24")) {
          diag_.Add(m.Get("assets"), afield,
                    "a pledge counted in aircraft lists no ICAO address",
                    "list the aircraft under assets: {icao24: [...]}");
        }
      }
    }
    if (auto z = m.String("zone", false)) {
      p.zone = *z;
      CheckZone(m, *z, has_assets);
    } else if (has_assets) {
      diag_.Add(n, m.Field("zone"),
                "a pledge with observable assets needs the zone its "
                "presence is pledged in",
                "add zone: <a zone id of the agreement>");
    }
    out_.pledges.push_back(std::move(p));
  }

  static YAML::Node ItemNode(const YAML::Node& list, size_t i) {
    return list.IsSequence() && i < list.size() ? list[i] : list;
  }

  void DefineAsset(const std::string& what, const std::string& pledge,
                   const YAML::Node& at, const std::string& field) {
    auto [it, inserted] = assets_.emplace(what, std::pair(pledge, 0));
    if (inserted) {
      it->second.second = diag_.At(at, field).line;
      return;
    }
    diag_.Add(at, field,
              fmt::format("{} is already pledged by '{}' (line {})", what,
                          it->second.first, it->second.second),
              "list each aircraft or ship in one pledge only, so that its "
              "presence is counted once");
  }

  void ReadRequirement(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_,
                {"id", "description", "capability", "amount", "unit", "zone",
                 "period"});
    if (!m.ok()) return;
    Requirement r;
    r.where = diag_.At(n, field);
    if (auto id = ReadId(m, requirement_ids_)) r.id = *id;
    if (auto s = m.String("description", false)) r.description = *s;
    ReadAmount(m, &r.capability, &r.amount, &r.unit);
    if (auto z = m.String("zone", false)) {
      r.zone = *z;
      CheckZone(m, *z, false);
    }
    if (auto per = ReadPeriod(m, true)) r.period = *per;
    out_.requirements.push_back(std::move(r));
  }

  void ReadResponse(const YAML::Node& n, const std::string& field) {
    MapReader m(n, field, diag_,
                {"id", "kinds", "severities", "on", "guarantors",
                 "notify_within", "acknowledge_within", "act_within"});
    if (!m.ok()) return;
    Response r;
    r.where = diag_.At(n, field);
    if (auto id = ReadId(m, response_ids_)) r.id = *id;
    r.kinds = m.Words("kinds", agreement::RuleKindNames(), "rule kind");
    r.severities =
        m.Words("severities", agreement::SeverityNames(), "severity");
    r.on = m.Words("on", kStatuses, "incident status");
    if (!m.Has("on")) r.on = {"open"};
    r.guarantors = m.Strings("guarantors");
    if (!m.Has("guarantors")) {
      diag_.Add(n, m.Field("guarantors"), "missing key 'guarantors'",
                "name the guarantors who must answer: guarantors: [g-a]");
    }
    YAML::Node glist = m.Get("guarantors");
    for (size_t i = 0; i < r.guarantors.size(); ++i) {
      RefGuarantor(r.guarantors[i], ItemNode(glist, i), m.Field("guarantors"));
    }
    auto within = [&](std::string_view key) -> std::optional<DurationNs> {
      auto d = m.Duration(key, false);
      if (d && d->ns < 0) {
        diag_.Add(m.Get(key), m.Field(key),
                  fmt::format("'{}' must not be negative", key),
                  "write a duration such as 0s, 30m or 24h");
        return std::nullopt;
      }
      return d;
    };
    r.notify_within = within("notify_within");
    r.acknowledge_within = within("acknowledge_within");
    r.act_within = within("act_within");
    if (!m.Has("notify_within") && !m.Has("acknowledge_within") &&
        !m.Has("act_within")) {
      diag_.Add(n, field, "a response obliges no action",
                "add notify_within, acknowledge_within or act_within");
    }
    out_.response_plan.push_back(std::move(r));
  }

  Diagnostics diag_;
  const agreement::Agreement* agreement_;
  Commitments out_;
  IdSet guarantor_ids_, pledge_ids_, requirement_ids_, response_ids_;
  std::vector<std::tuple<std::string, YAML::Node, std::string>> guarantor_refs_;
  std::map<std::string, std::pair<std::string, int>> assets_;
};

}  // namespace

std::span<const std::string_view> CapabilityNames() { return kCapabilities; }
std::span<const std::string_view> UnitNames() { return kUnits; }
std::span<const std::string_view> ActionNames() { return kActions; }
std::span<const std::string_view> IncidentStatusNames() { return kStatuses; }
std::string_view Name(Capability c) {
  return kCapabilities[static_cast<size_t>(c)];
}
std::string_view Name(Unit u) { return kUnits[static_cast<size_t>(u)]; }
std::string_view Name(Action a) { return kActions[static_cast<size_t>(a)]; }
std::optional<Action> ParseAction(std::string_view name) {
  return Parse<Action>(kActions, name);
}

std::span<const Unit> UnitsFor(Capability c) {
  switch (c) {
    case Capability::kPersonnel:
      return kPersonnelUnits;
    case Capability::kIntelligence:
      return kIntelligenceUnits;
    case Capability::kMaritimePresence:
      return kMaritimeUnits;
    case Capability::kAirPresence:
      return kAirUnits;
    case Capability::kFunding:
      return kFundingUnits;
    case Capability::kMonitoring:
      return kMonitoringUnits;
  }
  return {};
}

const Guarantor* Commitments::FindGuarantor(std::string_view id) const {
  for (const auto& g : guarantors) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

std::expected<Commitments, Errors> ParseCommitments(
    std::string_view yaml_text, std::string display_path,
    const agreement::Agreement* agreement) {
  return Loader(std::move(display_path), agreement).Run(yaml_text);
}

std::expected<CommitmentsWithAgreement, Errors> LoadCommitmentsAndAgreement(
    const std::filesystem::path& path, const std::string& agreement_override) {
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    return std::unexpected(Errors{Error{
        ErrorCode::kNotFound,
        fmt::format("cannot read the commitments file '{}'", path.string()),
        "check the path", SourceLocation{path.string(), 0, 0, ""}}});
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CommitmentsWithAgreement out;
  // The agreement key, read on its own so that the agreement can be loaded
  // before the commitments are checked against it.
  YAML::Node key(YAML::NodeType::Undefined);
  try {
    key = agreement::internal::Child(YAML::Load(text), "agreement");
  } catch (const YAML::Exception&) {
    // The full parse below reports the syntax error with its location.
  }
  if (!agreement_override.empty()) {
    out.agreement_path = agreement_override;
  } else if (key.IsDefined() && key.IsScalar() && !key.Scalar().empty()) {
    out.agreement_path = (path.parent_path() / key.Scalar()).string();
    if (!std::filesystem::is_regular_file(out.agreement_path)) {
      Diagnostics diag(path.string());
      diag.Add(
          key, "agreement",
          fmt::format("the agreement '{}' does not exist", out.agreement_path),
          "give its path relative to this file, or --agreement FILE");
      Errors errors = std::move(diag.errors());
      errors.front().code = ErrorCode::kNotFound;
      return std::unexpected(std::move(errors));
    }
  }
  if (!out.agreement_path.empty()) {
    auto a = agreement::LoadAgreement(out.agreement_path);
    if (!a) return std::unexpected(std::move(a.error()));
    out.agreement = std::move(*a);
  }
  auto c = ParseCommitments(text, path.string(),
                            out.agreement ? &*out.agreement : nullptr);
  if (!c) return std::unexpected(std::move(c.error()));
  out.commitments = std::move(*c);
  return out;
}

std::expected<Commitments, Errors> LoadCommitments(
    const std::filesystem::path& path, const agreement::Agreement* agreement) {
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    return std::unexpected(Errors{Error{
        ErrorCode::kNotFound,
        fmt::format("cannot read the commitments file '{}'", path.string()),
        "check the path", SourceLocation{path.string(), 0, 0, ""}}});
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return ParseCommitments(text, path.string(), agreement);
}

}  // namespace truce::guarantees
