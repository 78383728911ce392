#!/usr/bin/env bash
# End-to-end replay: the feeds in tests/replay/feeds through the bundled
# example agreement, twice with the feed files in opposite orders. Both runs
# must give byte-identical outputs, equal to the golden files in expected/.
# With UPDATE_GOLDEN=1 the golden files are rewritten (review the diff).
set -eu
truce=$1
here=$(cd "$(dirname "$0")" && pwd)
agreement="$here/../../examples/ceasefire-2025/agreement.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$here"
"$truce" replay "$agreement" --feeds feeds/reports.csv feeds/adsb.sbs --out "$work/a" |
  sed "s|$work|OUT|" > "$work/a.txt"
"$truce" replay "$agreement" --feeds feeds/adsb.sbs feeds/reports.csv --out "$work/b" > "$work/b.txt"
for f in incidents.ndjson incidents.geojson quarantine.ndjson; do
  if ! cmp -s "$work/a/$f" "$work/b/$f"; then
    echo "$f differs with the feed order reversed" >&2
    diff "$work/a/$f" "$work/b/$f" >&2 || true
    exit 1
  fi
done
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p expected
  cp "$work/a/incidents.ndjson" "$work/a/quarantine.ndjson" expected/
  cp "$work/a.txt" expected/stdout.txt
  exit 0
fi
diff -u expected/incidents.ndjson "$work/a/incidents.ndjson"
diff -u expected/quarantine.ndjson "$work/a/quarantine.ndjson"
diff -u expected/stdout.txt "$work/a.txt"
