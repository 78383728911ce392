// truce guarantees check|coverage|obligations|delivered COMMITMENTS ...:
// who pledged what (docs/formats/commitments.md), whether the pledges cover
// the plan, what each incident obliges the guarantors to do and whether they
// did it, and the presence their aircraft and ships actually delivered.
//
// Exit codes (README): 0 success; 1 invalid input (the commitments, the
// agreement, an incidents, acks or feed file has errors, all listed);
// 2 usage; 3 a file does not exist; 4 I/O.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "agreement/loader.h"
#include "base/time.h"
#include "cli/commands.h"
#include "cli/errors_json.h"
#include "guarantees/commitments.h"
#include "guarantees/coverage.h"
#include "guarantees/delivered.h"
#include "guarantees/obligations.h"
#include "guarantees/report_json.h"

namespace truce::cli {
namespace {

namespace fs = std::filesystem;
using guarantees::Commitments;
using nlohmann::ordered_json;

struct Args {
  std::string commitments, agreement;
  bool json = false, csv = false;
  std::string incidents, acks, at;
  std::vector<std::string> feeds;
  std::string from, to, max_gap = "10m";
};

// Shares and hours are printed rounded so that output is stable and
// readable; the computation's error (1e-15 relative) is far below.
double Round(double v, int decimals) {
  double scale = std::pow(10.0, decimals);
  double r = std::round(v * scale) / scale;
  return r == 0 ? 0 : r;  // no "-0"
}

std::string Pct(double share) { return fmt::format("{:.1f}%", share * 100); }

std::string FormatDuration(DurationNs d) {
  int64_t ns = d.ns;
  if (ns == 0) return "0s";
  std::string out = ns < 0 ? "-" : "";
  ns = std::abs(ns);
  int64_t s = ns / 1'000'000'000, frac = ns % 1'000'000'000;
  if (s >= 86400 && s % 86400 == 0 && frac == 0) {
    return out + fmt::format("{}d", s / 86400);
  }
  if (s >= 3600) out += fmt::format("{}h", s / 3600);
  if (s % 3600 >= 60) out += fmt::format("{}m", s % 3600 / 60);
  if (s % 60 != 0 || frac != 0) {
    out += frac == 0 ? fmt::format("{}s", s % 60)
                     : fmt::format("{}.{:09d}s", s % 60, frac);
  }
  return out;
}

std::string PeriodText(const guarantees::Period& p) {
  bool open_from = p.from.ns_since_epoch == INT64_MIN;
  bool open_until = p.until.ns_since_epoch == INT64_MAX;
  if (open_from && open_until) return "any time";
  if (open_from) return "until " + FormatRfc3339(p.until);
  if (open_until) return "from " + FormatRfc3339(p.from);
  return FormatRfc3339(p.from) + ".." + FormatRfc3339(p.until);
}

std::string Join(const std::vector<std::string>& v, std::string_view sep,
                 std::string_view empty = "-") {
  if (v.empty()) return std::string(empty);
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    out += (i ? std::string(sep) : "") + v[i];
  }
  return out;
}

void PrintErrors(const Errors& errors, const std::string& file,
                 std::string_view what) {
  for (const auto& e : errors) {
    fmt::print(stderr, "{}: error: {}{}\n", e.where.ToString(), e.message,
               e.hint.empty() ? "" : "; " + e.hint);
  }
  fmt::print(stderr, "{}: {} error(s); {}\n", file, errors.size(), what);
}

Result<std::string> ReadAll(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("cannot read the {} file '{}'", what, path),
                "check the path");
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using Loaded = guarantees::CommitmentsWithAgreement;

// Loads the agreement the commitments name (--agreement, or the file's
// `agreement` key) and the commitments checked against it. On any error
// prints every problem and returns the exit code.
std::expected<Loaded, int> Load(const Args& args, bool need_agreement,
                                bool json) {
  auto loaded =
      guarantees::LoadCommitmentsAndAgreement(args.commitments, args.agreement);
  if (!loaded) {
    const Errors& errors = loaded.error();
    // The agreement's own errors name the agreement file.
    const std::string& file = errors.front().where.file.empty()
                                  ? args.commitments
                                  : errors.front().where.file;
    if (json) {
      ordered_json j = {{"file", file}, {"valid", false}};
      j["errors"] = ErrorsJson(errors);
      fmt::print("{}\n", j.dump(2));
    }
    PrintErrors(errors, file,
                file == args.commitments ? "the commitments are not valid"
                                         : "the agreement is not valid");
    return std::unexpected(ExitCodeFor(errors.front().code));
  }
  if (need_agreement && !loaded->agreement) {
    fmt::print(stderr,
               "{}: error: no agreement to measure zones against; give "
               "--agreement FILE or add agreement: FILE to the commitments\n",
               args.commitments);
    return std::unexpected(2);
  }
  return std::move(*loaded);
}

// --- check ---------------------------------------------------------------

std::vector<std::string> AssetNames(const guarantees::Pledge& p) {
  std::vector<std::string> out;
  for (uint32_t a : p.icao24) out.push_back(guarantees::IcaoKey(a));
  for (uint32_t m : p.mmsi) out.push_back(guarantees::MmsiKey(m));
  return out;
}

ordered_json Optional(const std::optional<DurationNs>& d) {
  return d ? ordered_json(FormatDuration(*d)) : ordered_json(nullptr);
}

int RunCheck(const Args& args) {
  auto loaded = Load(args, false, args.json);
  if (!loaded) return loaded.error();
  const Commitments& c = loaded->commitments;
  if (args.json) {
    ordered_json j;
    j["file"] = args.commitments;
    j["title"] = c.title;
    j["agreement"] = loaded->agreement_path.empty()
                         ? ordered_json(nullptr)
                         : ordered_json(loaded->agreement_path);
    j["guarantors"] = ordered_json::array();
    for (const auto& g : c.guarantors) {
      j["guarantors"].push_back({{"id", g.id}, {"name", g.name}});
    }
    j["pledges"] = ordered_json::array();
    for (const auto& p : c.pledges) {
      j["pledges"].push_back({{"id", p.id},
                              {"guarantor", p.guarantor},
                              {"capability", Name(p.capability)},
                              {"amount", p.amount},
                              {"unit", Name(p.unit)},
                              {"zone", p.zone.empty() ? ordered_json(nullptr)
                                                      : ordered_json(p.zone)},
                              {"period", PeriodJson(p.period)},
                              {"assets", AssetNames(p)}});
    }
    j["requirements"] = ordered_json::array();
    for (const auto& r : c.requirements) {
      j["requirements"].push_back(
          {{"id", r.id},
           {"description", r.description},
           {"capability", Name(r.capability)},
           {"amount", r.amount},
           {"unit", Name(r.unit)},
           {"zone",
            r.zone.empty() ? ordered_json(nullptr) : ordered_json(r.zone)},
           {"period", PeriodJson(r.period)}});
    }
    j["response_plan"] = ordered_json::array();
    for (const auto& r : c.response_plan) {
      j["response_plan"].push_back(
          {{"id", r.id},
           {"kinds", r.kinds},
           {"severities", r.severities},
           {"on", r.on},
           {"guarantors", r.guarantors},
           {"notify_within", Optional(r.notify_within)},
           {"acknowledge_within", Optional(r.acknowledge_within)},
           {"act_within", Optional(r.act_within)}});
    }
    j["errors"] = ordered_json::array();
    j["valid"] = true;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("{}\n", c.title);
  fmt::print("  agreement {}\n",
             loaded->agreement_path.empty()
                 ? "none given: zone ids not checked"
                 : loaded->agreement_path + " (zone ids checked)");
  fmt::print("\nGuarantors\n");
  for (const auto& g : c.guarantors) {
    int n = 0;
    for (const auto& p : c.pledges) n += p.guarantor == g.id;
    fmt::print("  {:<14} {:<24} {} pledge(s)\n", g.id, g.name, n);
  }
  size_t id_w = 2, g_w = 9, zone_w = 8;
  for (const auto& p : c.pledges) {
    id_w = std::max(id_w, p.id.size());
    g_w = std::max(g_w, p.guarantor.size());
    zone_w = std::max(zone_w, p.zone.size());
  }
  for (const auto& r : c.requirements) {
    id_w = std::max(id_w, r.id.size());
    zone_w = std::max(zone_w, r.zone.size());
  }
  fmt::print("\nPledges\n");
  for (const auto& p : c.pledges) {
    fmt::print("  {:<{}} {:<{}} {:<17} {:>10} {:<15} {:<{}} {}\n", p.id, id_w,
               p.guarantor, g_w, Name(p.capability),
               fmt::format("{}", p.amount), Name(p.unit),
               p.zone.empty() ? "-" : p.zone, zone_w, PeriodText(p.period));
    if (!p.icao24.empty() || !p.mmsi.empty()) {
      fmt::print("  {:<{}} assets: {}\n", "", id_w, Join(AssetNames(p), ", "));
    }
  }
  fmt::print("\nRequirements\n");
  for (const auto& r : c.requirements) {
    fmt::print("  {:<{}} {:<17} {:>10} {:<15} {:<{}} {}\n", r.id, id_w,
               Name(r.capability), fmt::format("{}", r.amount), Name(r.unit),
               r.zone.empty() ? "anywhere" : r.zone, zone_w,
               PeriodText(r.period));
  }
  fmt::print("\nResponse plan\n");
  for (const auto& r : c.response_plan) {
    std::vector<std::string> actions;
    if (r.notify_within)
      actions.push_back("notify within " + FormatDuration(*r.notify_within));
    if (r.acknowledge_within)
      actions.push_back("acknowledge within " +
                        FormatDuration(*r.acknowledge_within));
    if (r.act_within)
      actions.push_back("act within " + FormatDuration(*r.act_within));
    fmt::print("  {:<16} {} {} incidents ({}): {} must {}\n", r.id,
               Join(r.severities, "/", "any severity"),
               Join(r.kinds, "/", "any kind"), Join(r.on, "/"),
               Join(r.guarantors, ", "), Join(actions, ", "));
  }
  fmt::print(
      "\nOK: {} guarantor(s), {} pledge(s), {} requirement(s), {} "
      "response(s)\n",
      c.guarantors.size(), c.pledges.size(), c.requirements.size(),
      c.response_plan.size());
  return 0;
}

// --- coverage ------------------------------------------------------------

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

int RunCoverage(const Args& args) {
  if (args.json && args.csv) {
    fmt::print(stderr, "error: give --json or --csv, not both\n");
    return 2;
  }
  auto loaded = Load(args, false, args.json);
  if (!loaded) return loaded.error();
  const Commitments& c = loaded->commitments;
  auto cov = guarantees::ComputeCoverage(c);
  if (args.json) {
    ordered_json j;
    j["file"] = args.commitments;
    j["requirements"] = guarantees::RequirementsJson(cov);
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  if (args.csv) {
    fmt::print(
        "record,requirement,capability,zone,unit,required,guarantor,share,"
        "from,until,available,missing\n");
    for (const auto& rc : cov) {
      const auto& r = *rc.requirement;
      std::string head =
          fmt::format("{},{},{},{},{}", CsvField(r.id), Name(r.capability),
                      CsvField(r.zone), Name(r.unit), r.amount);
      for (const auto& g : rc.by_guarantor) {
        fmt::print("share,{},{},{},,,,\n", head, CsvField(g.guarantor),
                   Round(g.share, 6));
      }
      fmt::print("covered,{},,{},,,,\n", head, Round(rc.share_covered, 6));
      for (const auto& gap : rc.gaps) {
        fmt::print("gap,{},,,{},{},{},{}\n", head, FormatRfc3339(gap.from),
                   FormatRfc3339(gap.until), gap.available, gap.missing);
      }
    }
    return 0;
  }
  fmt::print(
      "Coverage of the plan's requirements by the guarantors' "
      "pledges\n\n");
  size_t id_w = 11, req_w = 8, zone_w = 8;
  for (const auto& r : c.requirements) {
    id_w = std::max(id_w, r.id.size());
    req_w =
        std::max(req_w, fmt::format("{} {}", r.amount, Name(r.unit)).size());
    zone_w = std::max(zone_w, r.zone.size());
  }
  std::string header =
      fmt::format("  {:<{}} {:<17} {:<{}} {:<{}} {:>8}", "requirement", id_w,
                  "capability", "required", req_w, "zone", zone_w, "covered");
  for (const auto& g : c.guarantors) {
    header += fmt::format(" {:>{}}", g.id, std::max<size_t>(8, g.id.size()));
  }
  fmt::print("{}\n", header);
  for (const auto& rc : cov) {
    const auto& r = *rc.requirement;
    std::string line = fmt::format(
        "  {:<{}} {:<17} {:<{}} {:<{}} {:>8}", r.id, id_w, Name(r.capability),
        fmt::format("{} {}", r.amount, Name(r.unit)), req_w,
        r.zone.empty() ? "anywhere" : r.zone, zone_w, Pct(rc.share_covered));
    for (size_t i = 0; i < rc.by_guarantor.size(); ++i) {
      const auto& g = rc.by_guarantor[i];
      line += fmt::format(" {:>{}}", g.pledges.empty() ? "-" : Pct(g.share),
                          std::max<size_t>(8, c.guarantors[i].id.size()));
    }
    fmt::print("{}\n", line);
  }
  size_t gaps = 0;
  for (const auto& rc : cov) gaps += rc.gaps.size();
  fmt::print("\nGaps ({})\n", gaps);
  for (const auto& rc : cov) {
    const auto& r = *rc.requirement;
    for (const auto& gap : rc.gaps) {
      fmt::print("  {:<{}} {} of {} {} missing {}, {}..{}\n", r.id, id_w,
                 gap.missing, r.amount, Name(r.unit),
                 r.zone.empty() ? "anywhere" : "in " + r.zone,
                 FormatRfc3339(gap.from), FormatRfc3339(gap.until));
    }
  }
  return 0;
}

// --- obligations ---------------------------------------------------------

int RunObligations(const Args& args) {
  auto loaded = Load(args, false, args.json);
  if (!loaded) return loaded.error();
  const Commitments& c = loaded->commitments;
  std::optional<TimeNs> at;
  if (!args.at.empty()) {
    auto t = ParseRfc3339(args.at);
    if (!t) {
      fmt::print(stderr, "error: --at: {}\n", t.error().ToString());
      return 2;
    }
    at = *t;
  }
  auto text = ReadAll(args.incidents, "incidents");
  if (!text) {
    fmt::print(stderr, "error: {}\n", text.error().ToString());
    return ExitCodeFor(text.error().code);
  }
  auto incidents = guarantees::ParseIncidentRevisions(*text, args.incidents);
  if (!incidents) {
    PrintErrors(incidents.error(), args.incidents,
                "the incidents file is not valid");
    return 1;
  }
  std::vector<guarantees::Ack> acks;
  if (!args.acks.empty()) {
    auto atext = ReadAll(args.acks, "acks");
    if (!atext) {
      fmt::print(stderr, "error: {}\n", atext.error().ToString());
      return ExitCodeFor(atext.error().code);
    }
    auto parsed = guarantees::ParseAcks(*atext, args.acks, c, *incidents);
    if (!parsed) {
      PrintErrors(parsed.error(), args.acks, "the acks file is not valid");
      return 1;
    }
    acks = std::move(*parsed);
  }
  auto r = guarantees::ComputeObligations(c, *incidents, acks, at);
  if (args.json) {
    ordered_json j = guarantees::ObligationsJson(r);
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("Obligations at {} ({} incident revision(s), {} ack(s))\n\n",
             FormatRfc3339(r.at), incidents->size(), acks.size());
  const guarantees::IncidentRevision* shown = nullptr;
  for (const auto& o : r.obligations) {
    if (o.revision != shown) {  // one heading per revision
      shown = o.revision;
      fmt::print("  {} #{} {} ({} {}), triggered {}\n", shown->id,
                 shown->revision, shown->status, shown->severity, shown->kind,
                 FormatRfc3339(o.triggered));
    }
    std::string state(Name(o.state));
    if (o.answered) {
      state += fmt::format(" {}{}", FormatRfc3339(*o.answered),
                           o.late ? " (late)" : "");
    }
    fmt::print("    {:<14} {:<11} by {}  {:<16} {}\n", o.guarantor,
               Name(o.action), FormatRfc3339(o.deadline), o.response, state);
  }
  if (r.obligations.empty()) fmt::print("  (none)\n");
  fmt::print(
      "\nBy guarantor\n  {:<14} {:>11} {:>6} {:>12} {:>6} {:>8} {:>16} "
      "{:>13}\n",
      "guarantor", "obligations", "open", "acknowledged", "late", "overdue",
      "median response", "max response");
  for (const auto& s : r.by_guarantor) {
    fmt::print("  {:<14} {:>11} {:>6} {:>12} {:>6} {:>8} {:>16} {:>13}\n",
               s.guarantor, s.obligations, s.open, s.acknowledged, s.late,
               s.overdue,
               s.median_response ? FormatDuration(*s.median_response) : "-",
               s.max_response ? FormatDuration(*s.max_response) : "-");
  }
  return 0;
}

// --- delivered -----------------------------------------------------------

int RunDelivered(const Args& args) {
  guarantees::DeliveredOptions options;
  auto gap = ParseDuration(args.max_gap);
  if (!gap || gap->ns <= 0) {
    fmt::print(stderr,
               "error: --max-gap: '{}' is not a positive duration; "
               "write e.g. 10m\n",
               args.max_gap);
    return 2;
  }
  options.max_gap = *gap;
  for (const auto& [text, out] : {std::pair{&args.from, &options.from_day},
                                  std::pair{&args.to, &options.to_day}}) {
    if (text->empty()) continue;
    auto d = guarantees::ParseDay(*text);
    if (!d) {
      fmt::print(stderr, "error: {}\n", d.error().ToString());
      return 2;
    }
    *out = *d;
  }
  auto loaded = Load(args, true, args.json);
  if (!loaded) return loaded.error();
  auto r = guarantees::MeasureDelivered(loaded->commitments, *loaded->agreement,
                                        args.feeds, options);
  if (!r) {
    std::string where = r.error().where.ToString();
    fmt::print(stderr, "{}error: {}{}\n", where.empty() ? "" : where + ": ",
               r.error().message,
               r.error().hint.empty() ? "" : "; " + r.error().hint);
    return ExitCodeFor(r.error().code);
  }
  auto ratio = [](std::optional<double> pledged, double delivered) {
    return pledged && *pledged > 0 ? std::optional(delivered / *pledged)
                                   : std::nullopt;
  };
  if (args.json) {
    ordered_json j;
    j["max_gap"] = FormatDuration(r->max_gap);
    j["observations"] = r->observations;
    j["quarantined"] = r->quarantined;
    j["skipped"] = r->skipped;
    j["days"] = r->days;
    j["assets"] = ordered_json::array();
    for (const auto& a : r->assets) {
      ordered_json aj = {{"asset", a.asset},
                         {"pledge", a.pledge},
                         {"guarantor", a.guarantor},
                         {"fixes", a.fixes},
                         {"fixes_inside", a.fixes_inside}};
      aj["hours_inside"] = ordered_json::object();
      for (const auto& d : r->asset_days) {
        if (d.asset == a.asset)
          aj["hours_inside"][d.day] = Round(d.hours_inside, 6);
      }
      j["assets"].push_back(std::move(aj));
    }
    auto day_json = [&](std::optional<double> pledged, double delivered) {
      auto q = ratio(pledged, delivered);
      return ordered_json{
          {"pledged_hours",
           pledged ? ordered_json(Round(*pledged, 6)) : ordered_json(nullptr)},
          {"delivered_hours", Round(delivered, 6)},
          {"share", q ? ordered_json(Round(*q, 6)) : ordered_json(nullptr)}};
    };
    j["pledges"] = ordered_json::array();
    for (const auto& p : r->pledge_days) {
      ordered_json pj = {
          {"pledge", p.pledge}, {"guarantor", p.guarantor}, {"day", p.day}};
      pj.update(day_json(p.pledged_hours, p.delivered_hours));
      j["pledges"].push_back(std::move(pj));
    }
    j["guarantors"] = ordered_json::array();
    for (const auto& g : r->guarantor_days) {
      ordered_json gj = {{"guarantor", g.guarantor}, {"day", g.day}};
      gj.update(day_json(g.pledged_hours, g.delivered_hours));
      j["guarantors"].push_back(std::move(gj));
    }
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print(
      "Presence delivered in the pledged zones, {} to {} (UTC days)\n"
      "  {} observation(s) read, {} quarantined; time between two fixes of "
      "an asset counts when both are inside and at most {} apart\n",
      r->days.front(), r->days.back(), r->observations, r->quarantined,
      FormatDuration(r->max_gap));
  if (!r->skipped.empty()) {
    fmt::print("  skipped {} control map(s) (no tracks): {}\n",
               r->skipped.size(), Join(r->skipped, ", "));
  }
  fmt::print("\nHours inside per asset\n  {:<16} {:<16} {:<14} {:>7} {:>7}",
             "asset", "pledge", "guarantor", "fixes", "inside");
  for (const auto& d : r->days) fmt::print(" {:>10}", d);
  fmt::print("\n");
  for (const auto& a : r->assets) {
    fmt::print("  {:<16} {:<16} {:<14} {:>7} {:>7}", a.asset, a.pledge,
               a.guarantor, a.fixes, a.fixes_inside);
    for (const auto& d : r->asset_days) {
      if (d.asset == a.asset) fmt::print(" {:>10.2f}", d.hours_inside);
    }
    fmt::print("\n");
  }
  auto row = [&](const std::string& who, const std::string& day,
                 std::optional<double> pledged, double delivered) {
    auto q = ratio(pledged, delivered);
    fmt::print("  {:<16} {:<10} {:>10} {:>10.2f} {:>8}\n", who, day,
               pledged ? fmt::format("{:.2f}", *pledged) : "-", delivered,
               q ? Pct(*q) : "-");
  };
  fmt::print(
      "\nPer pledge and day (hours; ships and aircraft: asset-hours)\n"
      "  {:<16} {:<10} {:>10} {:>10} {:>8}\n",
      "pledge", "day", "pledged", "delivered", "share");
  for (const auto& p : r->pledge_days) {
    row(p.pledge, p.day, p.pledged_hours, p.delivered_hours);
  }
  fmt::print("\nPer guarantor and day\n  {:<16} {:<10} {:>10} {:>10} {:>8}\n",
             "guarantor", "day", "pledged", "delivered", "share");
  for (const auto& g : r->guarantor_days) {
    row(g.guarantor, g.day, g.pledged_hours, g.delivered_hours);
  }
  return 0;
}

}  // namespace

void AddGuaranteesCommands(CLI::App& root, int* exit_code) {
  auto* g = root.add_subcommand(
      "guarantees",
      "The guarantors' commitments (docs/formats/commitments.md): check the "
      "file, the plan's coverage, the obligations incidents trigger, and the "
      "presence their aircraft and ships delivered.");
  g->require_subcommand(1);
  auto args = std::make_shared<Args>();
  auto common = [&](CLI::App* cmd) {
    cmd->add_option("commitments", args->commitments,
                    "The commitments YAML file")
        ->required();
    cmd->add_option("--agreement", args->agreement,
                    "The agreement whose zones the commitments name "
                    "(default: the file's agreement key)");
    cmd->add_flag("--json", args->json, "Print one JSON document");
  };
  auto* check = g->add_subcommand(
      "check",
      "Validate a commitments file (zones against the agreement when one is "
      "named) and summarise it. Every error at once, as FILE:LINE:COLUMN "
      "(field): what; what to do.");
  common(check);
  check->callback([=] { *exit_code = RunCheck(*args); });

  auto* coverage = g->add_subcommand(
      "coverage",
      "Per requirement of the plan: each guarantor's share, the share "
      "covered, and every gap (what is missing, where, when).");
  common(coverage);
  coverage->add_flag("--csv", args->csv,
                     "Print CSV (one row per share, "
                     "total and gap)");
  coverage->callback([=] { *exit_code = RunCoverage(*args); });

  auto* obligations = g->add_subcommand(
      "obligations",
      "The obligations each incident revision triggers under the response "
      "plan, their deadlines and state (open, acknowledged, overdue) given "
      "the acks so far, and a summary per guarantor.");
  common(obligations);
  obligations
      ->add_option("--incidents", args->incidents,
                   "incidents.ndjson written by truce replay")
      ->required();
  obligations->add_option("--acks", args->acks,
                          "acks.ndjson: the acknowledgements so far");
  obligations->add_option(
      "--at", args->at,
      "RFC 3339 time to judge at (default: the latest time in the inputs)");
  obligations->callback([=] { *exit_code = RunObligations(*args); });

  auto* delivered = g->add_subcommand(
      "delivered",
      "Hours the pledged aircraft and ships spent inside their pledged zones "
      "per UTC day, per asset, pledge and guarantor, measured from the "
      "feeds, against what was pledged.");
  common(delivered);
  delivered->add_option("--feeds", args->feeds, "Feed files (any format)")
      ->required();
  delivered->add_option("--from", args->from, "First UTC day, YYYY-MM-DD");
  delivered->add_option("--to", args->to, "Last UTC day, YYYY-MM-DD");
  delivered->add_option("--max-gap", args->max_gap,
                        "Longest time between two fixes that still counts "
                        "(default 10m)");
  delivered->callback([=] { *exit_code = RunDelivered(*args); });
}

}  // namespace truce::cli
