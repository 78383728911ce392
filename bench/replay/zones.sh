#!/usr/bin/env bash
# Writes the agreement's polygon zones and its lines as TSV rows
# "id<TAB>GeoJSON geometry" for PostGIS's ST_GeomFromGeoJSON, read from the
# agreement YAML (inline `coordinates: [[[...]]]`, JSON-compatible flow
# syntax) and from the GeoJSON files its `geometry: {file: ...}` names.
# Banded and roaming zones have no polygon and are written by neither: the
# SQL expresses them with ST_DWithin. Made for bench/run.sh's replay section
# and examples/ceasefire-2025 (block-style lists of zones and lines).
#
# Usage: zones.sh AGREEMENT.yaml ZONES.tsv LINES.tsv
set -euo pipefail
agreement=$1
dir=$(dirname "$agreement")
: >"$2"
: >"$3"
section=""
id=""
while IFS= read -r line; do
  case "$line" in
    zones:*) section=zones ;;
    lines:*) section=lines ;;
    [a-z]*:*) section="" ;;
  esac
  [ -n "$section" ] || continue
  if [[ "$line" =~ ^\ *-\ id:\ *([A-Za-z0-9_.-]+) ]]; then
    id=${BASH_REMATCH[1]}
  elif [[ "$line" =~ ^\ *coordinates:\ *(\[.*\])\ *$ ]] && [ "$section" = zones ]; then
    printf '%s\t{"type":"Polygon","coordinates":%s}\n' "$id" \
      "${BASH_REMATCH[1]}" >>"$2"
  elif [[ "$line" =~ geometry:\ *\{\ *file:\ *([^ }]+)\ *\} ]]; then
    out=$2
    [ "$section" = lines ] && out=$3
    printf '%s\t%s\n' "$id" "$(jq -c 'if .type == "FeatureCollection"
      then .features[0].geometry elif .type == "Feature" then .geometry
      else . end' "$dir/${BASH_REMATCH[1]}")" >>"$out"
  fi
done <"$agreement"
