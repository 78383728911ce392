#!/usr/bin/env bash
# `truce guarantees delivered` on a simulated day of the bundled example: the
# simulator flies the monitors' aircraft (AE0001, AE0002) along the line of
# contact, inside the no-fly band, and sails the notified escorts (247000001,
# 271000001) beside merchant ships in the corridor, which is what
# examples/ceasefire-2025/commitments.yaml pledges. Every pledged asset must
# therefore show hours inside (more than 0, at most 24), and the result must
# not depend on the order of the feed files.
set -eu
truce=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$here/../.."
c=examples/ceasefire-2025/commitments.yaml
"$truce" simulate examples/ceasefire-2025/agreement.yaml --seed 7 --hours 24 --out "$work/sim" > /dev/null
feeds=("$work"/sim/feeds/*)
"$truce" guarantees delivered --json $c --feeds "${feeds[@]}" > "$work/a.json"
reversed=()
for ((i = ${#feeds[@]} - 1; i >= 0; i--)); do reversed+=("${feeds[i]}"); done
"$truce" guarantees delivered --json $c --feeds "${reversed[@]}" > "$work/b.json"
if ! cmp -s "$work/a.json" "$work/b.json"; then
  echo "delivered differs with the feed order reversed" >&2
  diff "$work/a.json" "$work/b.json" >&2 || true
  exit 1
fi
"$truce" guarantees delivered $c --feeds "${feeds[@]}" > "$work/a.txt"
cat "$work/a.txt"
# Rows of the per-asset table: asset pledge guarantor fixes inside HOURS...
awk '
  /^Hours inside per asset/ { table = 1; next }
  table && /^$/ { table = 0 }
  table && $1 ~ /^(icao|mmsi):/ {
    seen[$1] = 1
    total = 0
    for (i = 6; i <= NF; i++) total += $i
    if (!(total > 0 && total <= 24 * (NF - 5))) {
      printf "%s: %s hours inside, expected more than 0\n", $1, total > "/dev/stderr"
      bad = 1
    }
  }
  END {
    split("icao:ae0001 icao:ae0002 mmsi:247000001 mmsi:271000001", want, " ")
    for (k in want) if (!(want[k] in seen)) {
      printf "%s missing from the table\n", want[k] > "/dev/stderr"; bad = 1
    }
    exit bad
  }' "$work/a.txt"
