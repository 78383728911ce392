#include "guarantees/report_json.h"

#include <climits>
#include <cmath>

#include "base/time.h"

namespace truce::guarantees {
namespace {

using nlohmann::ordered_json;

double Round6(double v) {
  double r = std::round(v * 1e6) / 1e6;
  return r == 0 ? 0 : r;  // no "-0"
}

ordered_json Seconds(const std::optional<DurationNs>& d) {
  return d ? ordered_json(static_cast<double>(d->ns) / 1e9)
           : ordered_json(nullptr);
}

}  // namespace

ordered_json PeriodJson(const Period& p) {
  ordered_json j;
  j["from"] = p.from.ns_since_epoch == INT64_MIN
                  ? ordered_json(nullptr)
                  : ordered_json(FormatRfc3339(p.from));
  j["until"] = p.until.ns_since_epoch == INT64_MAX
                   ? ordered_json(nullptr)
                   : ordered_json(FormatRfc3339(p.until));
  return j;
}

ordered_json RequirementsJson(
    const std::vector<RequirementCoverage>& coverage) {
  ordered_json out = ordered_json::array();
  for (const auto& rc : coverage) {
    const auto& r = *rc.requirement;
    ordered_json rj = {
        {"id", r.id},
        {"capability", Name(r.capability)},
        {"amount", r.amount},
        {"unit", Name(r.unit)},
        {"zone", r.zone.empty() ? ordered_json(nullptr) : ordered_json(r.zone)},
        {"period", PeriodJson(r.period)},
        {"share_covered", Round6(rc.share_covered)}};
    rj["by_guarantor"] = ordered_json::array();
    for (const auto& g : rc.by_guarantor) {
      rj["by_guarantor"].push_back({{"guarantor", g.guarantor},
                                    {"pledges", g.pledges},
                                    {"share", Round6(g.share)}});
    }
    rj["gaps"] = ordered_json::array();
    for (const auto& gap : rc.gaps) {
      rj["gaps"].push_back({{"from", FormatRfc3339(gap.from)},
                            {"until", FormatRfc3339(gap.until)},
                            {"available", gap.available},
                            {"missing", gap.missing}});
    }
    out.push_back(std::move(rj));
  }
  return out;
}

ordered_json ObligationsJson(const ObligationReport& r) {
  ordered_json j;
  j["at"] = FormatRfc3339(r.at);
  j["obligations"] = ordered_json::array();
  for (const auto& o : r.obligations) {
    j["obligations"].push_back(
        {{"incident", o.revision->id},
         {"revision", o.revision->revision},
         {"status", o.revision->status},
         {"rule", o.revision->rule},
         {"kind", o.revision->kind},
         {"severity", o.revision->severity},
         {"response", o.response},
         {"guarantor", o.guarantor},
         {"action", Name(o.action)},
         {"triggered", FormatRfc3339(o.triggered)},
         {"deadline", FormatRfc3339(o.deadline)},
         {"state", Name(o.state)},
         {"answered", o.answered ? ordered_json(FormatRfc3339(*o.answered))
                                 : ordered_json(nullptr)},
         {"late", o.late}});
  }
  j["by_guarantor"] = ordered_json::array();
  for (const auto& s : r.by_guarantor) {
    j["by_guarantor"].push_back(
        {{"guarantor", s.guarantor},
         {"obligations", s.obligations},
         {"open", s.open},
         {"acknowledged", s.acknowledged},
         {"late", s.late},
         {"overdue", s.overdue},
         {"median_response_s", Seconds(s.median_response)},
         {"max_response_s", Seconds(s.max_response)}});
  }
  return j;
}

}  // namespace truce::guarantees
