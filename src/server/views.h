// Views: the JSON documents of the read-only API routes, built from the
// agreement, the live pipeline's snapshots and the guarantees module
// (docs/api/openapi.json describes each shape).
//
// Numbers: coordinates as stored (shortest round trip); shares rounded to 6
// decimals as `truce guarantees coverage --json` prints them. Each function
// is deterministic for the same inputs.
//
// Thread safety: pure functions.
#ifndef TRUCE_SERVER_VIEWS_H_
#define TRUCE_SERVER_VIEWS_H_

#include <optional>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "guarantees/commitments.h"
#include "live/live.h"

namespace truce::server {

// {"id","title","version","effective","parties":[...],"rules":[{"id","kind",
// "clause","severity","description","zone",...}]}. The id is the file name
// of the agreement without extension unless the agreement has a version.
std::string AgreementJson(const agreement::Agreement& a,
                          const std::string& agreement_id);

// GeoJSON FeatureCollection: every polygon and band zone (properties: id,
// name, kind "zone"|"band", rules), then each withdrawal band a rule derives
// per party (kind "withdrawal_band", party). Roaming zones have no fixed
// shape and are left out. Bands are built once: call at startup.
std::string ZonesGeoJson(const agreement::Agreement& a);

// GeoJSON FeatureCollection: one LineString (or Point, for one fix) per
// subject, properties subject, kind, name, party, last_time.
std::string TracksGeoJson(const std::vector<live::Track>& tracks);

std::string FeedsJson(const std::vector<live::FeedHealth>& feeds);

// As `truce guarantees coverage --json` (without "file").
std::string CoverageJson(const guarantees::Commitments& c);

// As `truce guarantees obligations --json`, from every revision so far and
// the acks so far (acks.ndjson text). kInvalidInput if an input line is bad.
Result<std::string> ObligationsJson(const guarantees::Commitments& c,
                                    const std::vector<std::string>& revisions,
                                    const std::string& acks_ndjson);

}  // namespace truce::server

#endif  // TRUCE_SERVER_VIEWS_H_
