#!/usr/bin/env bash
# End-to-end replay: the feeds in tests/replay/feeds (field reports, SBS-1
# and two control maps) through the bundled example agreement, twice: with
# the feed files in opposite orders and on 1 and 3 threads. Both runs must
# give byte-identical outputs, equal to the golden files in expected/.
# Then the evidence log: two replays into two fresh logs with one key give
# byte-identical checkpoints; the batch records carry the feed files'
# SHA-256 as coreutils' sha256sum computes it; the last entry is the last
# incident revision, and its offline proof bundle verifies.
# With UPDATE_GOLDEN=1 the golden files are rewritten (review the diff).
set -eu
truce=$1
here=$(cd "$(dirname "$0")" && pwd)
agreement="$here/../../examples/ceasefire-2025/agreement.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$here"
feeds=(feeds/reports.csv feeds/adsb.sbs feeds/control-2025-06-20.geojson
       feeds/control-2025-06-10.geojson)
reversed=(feeds/control-2025-06-10.geojson feeds/control-2025-06-20.geojson
          feeds/adsb.sbs feeds/reports.csv)
"$truce" replay "$agreement" --feeds "${feeds[@]}" --out "$work/a" |
  sed "s|$work|OUT|" > "$work/a.txt"
"$truce" replay "$agreement" --feeds "${reversed[@]}" --threads 3 \
  --out "$work/b" > "$work/b.txt"
for f in incidents.ndjson incidents.geojson quarantine.ndjson summary.json; do
  if ! cmp -s "$work/a/$f" "$work/b/$f"; then
    echo "$f differs with the feed order reversed and 3 threads" >&2
    diff "$work/a/$f" "$work/b/$f" >&2 || true
    exit 1
  fi
done

# The evidence log.
"$truce" log keygen --name example.org/replay-test --out "$work/keys" >/dev/null 2>&1
key="$work/keys/example.org_replay-test.key"
vkey="$work/keys/example.org_replay-test.vkey"
for run in 1 2; do
  "$truce" replay "$agreement" --feeds "${feeds[@]}" --out "$work/log$run" \
    --log "$work/log$run/log" --key "$key" --threads "$run" >/dev/null
  "$truce" log checkpoint "$work/log$run/log" > "$work/checkpoint$run"
done
cmp "$work/checkpoint1" "$work/checkpoint2" ||
  { echo "checkpoints differ between two identical runs" >&2; exit 1; }
"$truce" log fsck "$work/log1/log" >/dev/null
revisions=$(wc -l < "$work/log1/incidents.ndjson")
size=$(sed -n 2p "$work/checkpoint1")
[ "$size" = $((4 + revisions)) ] ||
  { echo "log size $size, expected 4 batch records + $revisions revisions" >&2; exit 1; }
i=0
for f in $(printf '%s\n' "${feeds[@]}" | LC_ALL=C sort); do
  want=$(sha256sum "$f" | cut -c1-64)
  got=$("$truce" log entry "$work/log1/log" $i)
  case "$got" in
    *"\"sha256\":\"$want\""*"\"source\":\"$(basename "$f")\""*) ;;
    *) echo "entry $i is not the batch record of $f (sha256 $want): $got" >&2; exit 1 ;;
  esac
  i=$((i + 1))
done
last=$((size - 1))
"$truce" log entry "$work/log1/log" $last > "$work/last-entry"
tail -n 1 "$work/log1/incidents.ndjson" | cmp - "$work/last-entry" ||
  { echo "entry $last is not the last incident revision" >&2; exit 1; }
"$truce" log prove "$work/log1/log" --index $last > "$work/bundle"
"$truce" log verify --key "$vkey" "$work/bundle" >/dev/null

if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p expected
  cp "$work/a/incidents.ndjson" "$work/a/quarantine.ndjson" expected/
  cp "$work/a.txt" expected/stdout.txt
  exit 0
fi
diff -u expected/incidents.ndjson "$work/a/incidents.ndjson"
diff -u expected/quarantine.ndjson "$work/a/quarantine.ndjson"
diff -u expected/stdout.txt "$work/a.txt"
