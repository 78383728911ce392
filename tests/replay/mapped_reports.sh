#!/usr/bin/env bash
# Real field reports in another shape through the replay: the 6,650 CIR /
# Bellingcat events (../shared/data/events/cir-bellingcat/events.csv) with
# the mapping shipped in examples/reports/. Format detection must take the
# CSV for reports, and the replay must import and quarantine exactly what
# `truce decode reports --map` does (its one-line summary is the oracle),
# with every quarantined record's raw line kept.
# Needs the shared test data: skips (exit 77) without it, fails under CI=true.
set -eu
truce=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${TRUCE_TESTDATA:-$root/../shared/data}
events="$data/events/cir-bellingcat/events.csv"
if [ ! -f "$events" ]; then
  if [ "${CI:-}" = true ]; then echo "missing $events (CI=true)" >&2; exit 1; fi
  echo "skipped: $events not found (set TRUCE_TESTDATA)"; exit 77
fi
mapping="$root/examples/reports/cir-bellingcat.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$truce" decode reports --map "$mapping" "$events" --observations \
  2> "$work/decode.txt" > /dev/null
imported=$(sed -n 's/.* \([0-9][0-9]*\) imported.*/\1/p' "$work/decode.txt")
rejected=$(sed -n 's/.* \([0-9][0-9]*\) rejected.*/\1/p' "$work/decode.txt")
[ -n "$imported" ] && [ -n "$rejected" ] ||
  { echo "cannot read the decode summary: $(cat "$work/decode.txt")" >&2; exit 1; }
"$truce" replay "$root/examples/ceasefire-2025/agreement.yaml" --feeds "$events" \
  --report-mapping "$mapping" --out "$work/run" > /dev/null
summary="$work/run/summary.json"
grep -q '"format": "reports"' "$summary" ||
  { echo "events.csv was not read as reports" >&2; exit 1; }
grep -q "\"observations\": $imported," "$summary" ||
  { echo "replay imported other than $imported: $(cat "$summary")" >&2; exit 1; }
quarantined=$(wc -l < "$work/run/quarantine.ndjson")
[ "$quarantined" = "$rejected" ] ||
  { echo "replay quarantined $quarantined, decode rejected $rejected" >&2; exit 1; }
if grep -q '"raw":""' "$work/run/quarantine.ndjson"; then
  echo "a quarantined record lost its raw line" >&2; exit 1
fi
echo "ok: $imported imported, $rejected quarantined, as decode reports"
