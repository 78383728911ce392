// The JSON forms of the guarantees reports: what `truce guarantees coverage
// --json` and `obligations --json` print, and what `truce serve` answers on
// /api/coverage and /api/obligations (docs/formats/commitments.md). One
// writer, so that the command line and the API cannot drift apart.
//
// Shares are rounded to 6 decimals so that output is stable and readable;
// the computation's error (1e-15 relative) is far below.
//
// Thread safety: pure functions.
#ifndef TRUCE_GUARANTEES_REPORT_JSON_H_
#define TRUCE_GUARANTEES_REPORT_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "guarantees/commitments.h"
#include "guarantees/coverage.h"
#include "guarantees/obligations.h"

namespace truce::guarantees {

// {"from": RFC 3339 | null, "until": RFC 3339 | null}; null for an open end.
nlohmann::ordered_json PeriodJson(const Period& period);

// The "requirements" array: each requirement with its share covered, the
// share per guarantor and every gap.
nlohmann::ordered_json RequirementsJson(
    const std::vector<RequirementCoverage>& coverage);

// {"at", "obligations": [...], "by_guarantor": [...]}.
nlohmann::ordered_json ObligationsJson(const ObligationReport& report);

}  // namespace truce::guarantees

#endif  // TRUCE_GUARANTEES_REPORT_JSON_H_
