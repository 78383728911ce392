#!/usr/bin/env bash
# The demo twice, into different folders: the incidents must be byte-identical
# (nothing of where the files live may leak into the results), and precision
# and recall must be 1 (truce demo exits non-zero otherwise).
set -eu
truce=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$(dirname "$0")/.."
"$truce" demo --out "$work/one" --hours 12 > /dev/null
"$truce" demo --out "$work/other/place" --hours 12 > /dev/null
for f in incidents.ndjson incidents.geojson quarantine.ndjson; do
  cmp "$work/one/run/$f" "$work/other/place/run/$f"
done
cmp "$work/one/sim/truth.ndjson" "$work/other/place/sim/truth.ndjson"
