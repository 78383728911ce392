// truce check AGREEMENT [--json]: validates an agreement and summarises it.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "agreement/loader.h"
#include "agreement/summary.h"
#include "cli/commands.h"
#include "cli/errors_json.h"

namespace truce::cli {
namespace {

using agreement::Summary;
using nlohmann::ordered_json;

// Rounds for display so that output is stable and readable; the JSON keeps
// more digits than the text but never more than the error bound justifies.
double Round(double v, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

ordered_json AltitudeJson(const std::optional<agreement::AltitudeBand>& a) {
  if (!a) return nullptr;
  return {{"min_m", Round(a->min_m, 2)}, {"max_m", Round(a->max_m, 2)}};
}

ordered_json ToJson(const Summary& s) {
  const agreement::Agreement& a = *s.agreement;
  ordered_json j;
  j["file"] = a.path;
  j["format"] = a.format_version;
  j["title"] = a.title;
  j["version"] = a.version;
  j["effective"] = FormatRfc3339(a.effective);
  j["source"] = {{"title", a.source.title},
                 {"file", a.source.file},
                 {"url", a.source.url}};
  j["parties"] = ordered_json::array();
  for (const auto& p : a.parties) {
    j["parties"].push_back({{"id", p.id},
                            {"name", p.name},
                            {"reference_line", p.reference_line}});
  }
  j["lines"] = ordered_json::array();
  for (const auto& l : s.lines) {
    j["lines"].push_back({{"id", l.id},
                          {"name", l.name},
                          {"points", l.points},
                          {"length_km", Round(l.length_km, 6)},
                          {"length_error_m", Round(l.length_error_m, 6)}});
  }
  j["zones"] = ordered_json::array();
  for (const auto& z : s.zones) {
    ordered_json zj = {{"id", z.id},
                       {"name", z.name},
                       {"shape", z.shape},
                       {"description", z.description}};
    zj["area_km2"] = z.area_km2 ? ordered_json(Round(*z.area_km2, 6)) : nullptr;
    zj["area_error_km2"] = Round(z.area_error_km2, 9);
    zj["perimeter_km"] =
        z.perimeter_km ? ordered_json(Round(*z.perimeter_km, 6)) : nullptr;
    if (z.shape == "band") {
      zj["boundary_error_m"] = Round(z.boundary_error_m, 3);
    }
    zj["altitude"] = AltitudeJson(z.altitude);
    j["zones"].push_back(std::move(zj));
  }
  j["bands"] = ordered_json::array();
  for (const auto& b : s.bands) {
    j["bands"].push_back({{"rule", b.rule},
                          {"party", b.party},
                          {"description", b.description},
                          {"line", b.line},
                          {"distance_km", b.distance_km},
                          {"side", b.side},
                          {"area_km2", Round(b.area_km2, 6)},
                          {"area_error_km2", Round(b.area_error_km2, 9)},
                          {"boundary_error_m", Round(b.boundary_error_m, 3)}});
  }
  j["rules"] = ordered_json::array();
  for (const auto& r : s.rules) {
    j["rules"].push_back({{"id", r.id},
                          {"kind", r.kind},
                          {"severity", r.severity},
                          {"clause", r.clause},
                          {"clause_text", r.clause_text},
                          {"description", r.description}});
  }
  j["warnings"] = ordered_json::array();
  for (const auto& w : s.warnings) {
    j["warnings"].push_back({{"where", w.where.ToString()},
                             {"message", w.message},
                             {"hint", w.hint}});
  }
  j["errors"] = ordered_json::array();
  j["valid"] = true;
  return j;
}

std::string Text(const Summary& s) {
  const agreement::Agreement& a = *s.agreement;
  std::string out;
  auto line = [&](std::string text) { out += text + "\n"; };
  line(fmt::format("{} (version {})", a.title, a.version));
  line(fmt::format("  effective {}", FormatRfc3339(a.effective)));
  if (!a.source.title.empty()) {
    line(fmt::format("  encodes   {}{}", a.source.title,
                     a.source.file.empty() ? "" : " [" + a.source.file + "]"));
  }
  line("");
  line("Parties");
  for (const auto& p : a.parties) {
    line(fmt::format("  {:<12} {}{}", p.id, p.name,
                     p.reference_line.empty()
                         ? ""
                         : fmt::format(" (own line '{}')", p.reference_line)));
  }
  // Column widths from the content, so long ids never break the table.
  size_t id_w = 8, desc_w = 20;
  for (const auto& l : s.lines) id_w = std::max(id_w, l.id.size());
  for (const auto& z : s.zones) id_w = std::max(id_w, z.id.size());
  for (const auto& r : s.rules) id_w = std::max(id_w, r.id.size());
  for (const auto& b : s.bands) desc_w = std::max(desc_w, b.description.size());
  line("");
  line(fmt::format("Lines{:{}}  points     length km", "", id_w - 3));
  for (const auto& l : s.lines) {
    line(fmt::format("  {:<{}}  {:>6} {:>13.3f}", l.id, id_w, l.points,
                     l.length_km));
  }
  line("");
  line(fmt::format("Zones{:{}}  shape        area km²  perimeter km", "",
                   id_w - 3));
  for (const auto& z : s.zones) {
    std::string area = z.area_km2 ? fmt::format("{:.3f}", *z.area_km2) : "-";
    std::string perim =
        z.perimeter_km ? fmt::format("{:.3f}", *z.perimeter_km) : "-";
    line(fmt::format("  {:<{}}  {:<8} {:>11} {:>13}  {}", z.id, id_w, z.shape,
                     area, perim, z.description));
  }
  if (!s.bands.empty()) {
    line("");
    line("Withdrawal bands (each party from its own line, on its own side)");
    for (const auto& b : s.bands) {
      line(fmt::format("  {:<{}} {:>12.1f} km²  (outline within {:.1f} m)",
                       b.description, desc_w, b.area_km2,
                       b.boundary_error_m));
    }
  }
  line("");
  line("Rules");
  for (const auto& r : s.rules) {
    line(fmt::format("  {:<{}}  {:<10} {:<8} {:<10} {}", r.id, id_w, r.kind,
                     r.severity, r.clause, r.description));
  }
  if (!s.warnings.empty()) {
    line("");
    line("Warnings");
    for (const auto& w : s.warnings) {
      line(fmt::format("  {}: warning: {}; {}", w.where.ToString(), w.message,
                       w.hint));
    }
  }
  line("");
  line(fmt::format("OK: {} parties, {} lines, {} zones, {} rules; {} "
                   "warning(s)",
                   a.parties.size(), a.lines.size(), a.zones.size(),
                   a.rules.size(), s.warnings.size()));
  return out;
}

int RunCheck(const std::string& path, bool json) {
  auto loaded = agreement::LoadAgreement(path);
  if (!loaded) {
    const Errors& errors = loaded.error();
    if (json) {
      ordered_json j = {{"file", path}, {"valid", false}};
      j["errors"] = ErrorsJson(errors);
      fmt::print("{}\n", j.dump(2));
    }
    for (const auto& e : errors) {
      fmt::print(stderr, "{}: error: {}{}\n", e.where.ToString(), e.message,
                 e.hint.empty() ? "" : "; " + e.hint);
    }
    fmt::print(stderr, "{}: {} error(s); the agreement is not valid\n", path,
               errors.size());
    return ExitCodeFor(errors.front().code);
  }
  Summary summary = agreement::Summarize(*loaded);
  if (json) {
    fmt::print("{}\n", ToJson(summary).dump(2));
  } else {
    fmt::print("{}", Text(summary));
  }
  return 0;
}

}  // namespace

void AddCheckCommand(CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand(
      "check",
      "Validate an agreement file and summarise it: parties, lines with "
      "lengths, zones with areas and perimeters, withdrawal bands, rules with "
      "the clauses they encode, and warnings. Every error is reported at "
      "once as FILE:LINE:COLUMN: what; what to do.");
  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("agreement", *path, "The agreement YAML file")->required();
  cmd->add_flag("--json", *json, "Print one JSON document instead of text");
  cmd->callback([=] { *exit_code = RunCheck(*path, *json); });
}

}  // namespace truce::cli
