#!/usr/bin/env bash
# The benchmarks, side by side with the peers, in one run (make bench; see
# bench/README.md):
#  - spatial: the spatial index, truce vs GEOS prepared geometry and S2
#    (bench/spatial_bench.cc), then PostGIS on the same points;
#  - territory: area of a 100,000-vertex control map, truce vs GeographicLib's
#    Planimeter (bench/territory_bench.cc) and PostGIS ST_Area(geography); the
#    diff of consecutive daily DeepState maps, truce vs GEOS overlay and
#    PostGIS ST_Difference + ST_Area(geography);
#  - ledger: the evidence log (bench/ledger_bench.cc): durable group-commit
#    appends, proofs at 10 million leaves, checkpoint signing, bundle
#    verification (figures compared with Trillian's in bench/README.md);
#  - decode: the AIS decoder, truce decode ais vs gpsd's gpsdecode -j on the
#    same file of >= 1,000,000 real sentences (bench/decode_bench.cc);
#  - replay: the whole replay, observations per second from NMEA to
#    incidents (truce replay on a simulated day, --threads 1 and 2), against
#    loading the same positions into PostGIS and running the agreement's
#    position rules as SQL (bench/replay/);
#  - serve: a real `truce serve` on loopback driven by bench/serve_load.cc:
#    10,000 AIS position reports/s over TCP against 10,000 zones while the
#    API answers queries; latency from a report's arrival to its incident on
#    /api/stream, memory over an hour of event time, and what happens past
#    saturation (counted drops).
# PostGIS is a real, throwaway server on loopback (bench/postgis.sh).
#
# Usage: bash bench/run.sh [POINTS]   (default 1000000)
# Environment: TRUCE_TESTDATA (default ../shared/data), JOBS (default 2),
# SECTIONS (default "spatial territory ledger decode replay"), LEDGER_10M_DIR
# (the 10-million-leaf log, built on first use and kept; default
# /tmp/truce-ledger-10m), DECODE_SENTENCES (default 1000000), REPLAY_VESSELS
# and REPLAY_AIRCRAFT (the simulated day's traffic; default 400 and 300,
# about 1.5 million observations), REPLAY_TRUCE (a release truce binary to
# use instead of building build/bench's).
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-1000000}
data=${TRUCE_TESTDATA:-$(cd .. && pwd)/shared/data}
jobs=${JOBS:-2}
sections=${SECTIONS:-spatial territory ledger decode replay serve}
# shellcheck source=bench/postgis.sh
source bench/postgis.sh

cmake --preset bench >/dev/null
for s in $sections; do
  target=${s}_bench
  if [ "$s" = replay ]; then  # the replay section runs the CLI
    target=truce
    [ -n "${REPLAY_TRUCE:-}" ] && continue
  fi
  if [ "$s" = serve ]; then  # the load generator and the server it drives
    cmake --build --preset bench --target truce -j "$jobs" >/dev/null
    target=serve_load
  fi
  cmake --build --preset bench --target "$target" -j "$jobs" >/dev/null
done

work=$(mktemp -d /tmp/truce-bench.XXXXXX)
chmod 755 "$work"
pg_up=0
pg_ensure() { if [ $pg_up -eq 0 ]; then pg_start "$work"; pg_up=1; fi; }
cleanup() {
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

# The spatial index: truce, GEOS, S2, then PostGIS on the same points.
spatial() {
  echo "== truce, GEOS, S2 ($points points per case; CPU time of one thread)"
  build/bench/bench/spatial_bench "$data" "$work" "$points"
  chmod a+r "$work"/*

  pg_ensure
  echo
  echo "== PostGIS (a throwaway server on 127.0.0.1; wall time of one backend)"
  for c in small large band; do
    psql >/dev/null <<SQL
CREATE TABLE raw_$c(id int, lon float8, lat float8, truce bool);
\copy raw_$c FROM '$work/pts_$c.csv' CSV
CREATE TABLE pts_$c AS SELECT id, truce,
  ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom,
  ST_MakePoint(lon, lat)::geography AS geog FROM raw_$c;
DROP TABLE raw_$c;
CREATE INDEX ON pts_$c USING gist (geom);
CREATE INDEX ON pts_$c USING gist (geog);
VACUUM ANALYZE pts_$c;
SQL
  done
  for z in small large; do
    psql >/dev/null <<SQL
CREATE TABLE wkt_$z(wkt text);
\copy wkt_$z FROM '$work/zone_$z.wkt'
CREATE TABLE zone_$z AS SELECT ST_GeomFromText(wkt, 4326) AS geom,
  ST_GeomFromText(wkt, 4326)::geography AS geog FROM wkt_$z;
SQL
  done
  psql >/dev/null <<SQL
CREATE TABLE wkt_line(wkt text);
\copy wkt_line FROM '$work/line.wkt'
CREATE TABLE line AS SELECT ST_GeomFromText(wkt, 4326) AS geom,
  ST_GeomFromText(wkt, 4326)::geography AS geog FROM wkt_line;
SQL

  # time_query CASE ENGINE MODEL FROM-AND-WHERE: the query's execution time
  # (best of two) on the first 1,000 points, then on the first 10,000, 100,000
  # and all of them while that is expected to take under a minute (when not
  # all, the rate and the differences are the sample's, and the note says
  # so); differences are from truce's answers stored with the points.
  run_ms() {
    local best=1e300 ms
    for _ in 1 2; do
      ms=$(psql -At -c "EXPLAIN (ANALYZE, TIMING OFF) SELECT count(*) $1" |
        sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p')
      best=$(awk -v a="$best" -v b="$ms" 'BEGIN { print (b < a) ? b : a }')
    done
    echo "$best"
  }
  time_query() {
    local c=$1 engine=$2 model=$3 q=$4 n ms note="" try
    n=$((points < 1000 ? points : 1000))
    ms=$(run_ms "$q AND p.id < $n")
    for try in 10000 100000 "$points"; do
      [ "$try" -gt "$n" ] && [ "$try" -le "$points" ] || continue
      if awk -v ms="$ms" -v f="$(awk -v a="$try" -v b="$n" 'BEGIN { print a / b }')" \
        'BEGIN { exit !(ms * f < 60000) }'; then
        n=$try
        ms=$(run_ms "$q AND p.id < $n")
      fi
    done
    if [ "$n" -lt "$points" ]; then
      note="first $n points (all: ~$(awk -v ms="$ms" -v f="$points" -v n="$n" \
        'BEGIN { printf "%.0f", ms * f / n / 1000 }') s)"
    fi
    IFS='|' read -r pg both < <(psql -At -c \
      "SELECT count(*), count(*) FILTER (WHERE p.truce) $q AND p.id < $n")
    truce=$(psql -At -c "SELECT count(*) FROM pts_$c WHERE truce AND id < $n")
    local rate truce_rate
    rate=$(awk -v n="$n" -v ms="$ms" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
    truce_rate=$(awk -F'\t' -v c="$c" '$1 == c { print $3; exit }' "$work/rates.tsv")
    printf '%-6s %-30s %-26s %12s %9s %9s  %8.1fx  %s\n' "$c" "$engine" \
      "$model" "$rate" "$pg" "$((pg + truce - 2 * both))" \
      "$(awk -v a="$truce_rate" -v b="$rate" 'BEGIN { print a / b }')" "$note"
  }

  printf '%-6s %-30s %-26s %12s %9s %9s  %s\n' case engine "edge model" \
    points/s inside differ truce/peer
  for z in small large; do
    time_query $z "PostGIS ST_Covers(geometry)" "planar in lon/lat" \
      "FROM pts_$z p, zone_$z z WHERE ST_Covers(z.geom, p.geom)"
    time_query $z "PostGIS ST_Contains(geometry)" "planar, boundary out" \
      "FROM pts_$z p, zone_$z z WHERE ST_Contains(z.geom, p.geom)"
    time_query $z "PostGIS ST_Covers(geography)" "sphere, great circles" \
      "FROM pts_$z p, zone_$z z WHERE ST_Covers(z.geog, p.geog)"
  done
  time_query band "PostGIS ST_DWithin(geography)" "spheroid, geodesic edges" \
    "FROM pts_band p, line l WHERE ST_DWithin(l.geog, p.geog, 50000)"
}

# Territory: the area of a 100,000-vertex control map and the diff of
# consecutive daily maps; truce, Planimeter and GEOS in territory_bench, then
# PostGIS on the same geometry (the WKT it writes).
territory() {
  local out="$work/territory"
  mkdir -p "$out"
  chmod 755 "$out"
  echo "== territory: truce, GeographicLib Planimeter, GEOS (CPU time of one thread, best of 3-5)"
  build/bench/bench/territory_bench "$data" "$out"
  chmod a+r "$out"/*

  pg_ensure
  echo
  echo "== territory: PostGIS (a throwaway server on 127.0.0.1; execution time of one backend, best of 3)"
  psql >/dev/null <<SQL
CREATE TABLE area_wkt(wkt text);
\copy area_wkt FROM '$out/area.wkt'
CREATE TABLE area_map AS SELECT ST_GeomFromText(wkt, 4326)::geography AS geog
  FROM area_wkt;
CREATE TABLE day_wkt(day int, wkt text);
\copy day_wkt FROM '$out/diff_maps.tsv'
CREATE TABLE days AS SELECT day, ST_GeomFromText(wkt, 4326) AS geom
  FROM day_wkt;
VACUUM ANALYZE area_map;
VACUUM ANALYZE days;
SQL
  # pg_ms QUERY: the server's execution time of QUERY in ms, best of 3.
  pg_ms() {
    local best=1e300 ms
    for _ in 1 2 3; do
      ms=$(psql -At -c "EXPLAIN (ANALYZE, TIMING OFF) $1" |
        sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p')
      best=$(awk -v a="$best" -v b="$ms" 'BEGIN { print (b < a) ? b : a }')
    done
    echo "$best"
  }
  local ms area
  ms=$(pg_ms "SELECT ST_Area(geog) FROM area_map")
  area=$(psql -At -c "SELECT ST_Area(geog) FROM area_map")
  IFS=$'\t' read -r geodesic_m2 rfc_m2 truce_s _ <"$out/area.tsv"
  echo "area: the same 100,000-vertex map"
  printf '%-34s %-24s %20s %12s %12s  %s\n' engine "edge model" "area km2" \
    "rel. diff" ms "truce/peer"
  printf '%-34s %-24s %20.6f %12.2e %12.3f  %.1fx (vs truce MeasureMultiPolygon)\n' \
    "PostGIS ST_Area(geography)" "geodesic (spheroid)" \
    "$(awk -v a="$area" 'BEGIN { printf "%.6f", a / 1e6 }')" \
    "$(awk -v a="$area" -v g="$geodesic_m2" 'BEGIN { print (a - g) / g }')" \
    "$ms" "$(awk -v p="$ms" -v t="$truce_s" 'BEGIN { print p / (t * 1e3) }')"

  local q="FROM days a JOIN days b ON b.day = a.day + 1"
  ms=$(pg_ms "SELECT sum(ST_Area(ST_Difference(b.geom, a.geom)::geography) +
    ST_Area(ST_Difference(a.geom, b.geom)::geography)) $q")
  psql -At -F $'\t' -c "SELECT a.day,
    ST_Area(ST_Difference(b.geom, a.geom)::geography) / 1e6,
    ST_Area(ST_Difference(a.geom, b.geom)::geography) / 1e6 $q
    ORDER BY a.day" >"$out/diff_postgis.tsv"
  # Relative differences of PostGIS's gained and lost areas (largest over the
  # pairs) from truce's RFC 7946 areas and from truce's pieces measured with
  # geodesic edges, PostGIS's edge model.
  local rel rel_geod gained lost
  read -r rel rel_geod gained lost < <(awk -F'\t' '
    NR == FNR { g[$1] = $2; l[$1] = $3; gg[$1] = $4; gl[$1] = $5; next }
    function rd(x, y) { d = x - y; if (d < 0) d = -d; return x == 0 ? (y == 0 ? 0 : 1) : d / x }
    function up(r) { if (r > m) m = r }
    function upg(r) { if (r > mg) mg = r }
    { up(rd(g[$1], $2)); up(rd(l[$1], $3)); upg(rd(gg[$1], $2)); upg(rd(gl[$1], $3))
      sg += $2; sl += $3 }
    END { printf "%.2e %.2e %.6f %.6f\n", m, mg, sg, sl }' "$out/diff.tsv" "$out/diff_postgis.tsv")
  IFS=$'\t' read -r truce_s geos_s <"$out/diff_time.tsv"
  echo
  echo "diff: the same 30 pairs (gained and lost of each)"
  printf '%-46s %12s %10s  %s\n' engine "ms (30 pairs)" ms/pair "peer/truce"
  printf '%-46s %12.3f %10.3f  %.1fx\n' \
    "PostGIS ST_Difference + ST_Area(geography)" "$ms" \
    "$(awk -v m="$ms" 'BEGIN { print m / 30 }')" \
    "$(awk -v p="$ms" -v t="$truce_s" 'BEGIN { print p / (t * 1e3) }')"
  echo "  sum over the pairs: gained $gained km2, lost $lost km2"
  echo "  largest relative difference of a pair's gained or lost area: $rel_geod from"
  echo "  truce's pieces measured with geodesic edges (PostGIS's edge model), $rel from"
  echo "  truce's RFC 7946 areas (thin pieces along long edges: geodesic != lon/lat line)"
}

# ---- ledger: the evidence log ------------------------------------------------
# Appends go to a fresh log under $work (the real filesystem, fsync'ed as in
# production); the 10M-leaf log for the proofs is built once (minutes) and
# reused by later runs.
ledger() {
  echo "== evidence log (wall time; proc_cpu_us_per_leaf: CPU of the whole process)"
  build/bench/bench/ledger_bench "$work/ledger" \
    "${LEDGER_10M_DIR:-/tmp/truce-ledger-10m}" --benchmark_counters_tabular=true
}

# ---- decode: the AIS decoder ------------------------------------------------
# gpsdecode -j, truce decode ais (NDJSON, unscaled, observations) and the
# observations-only path on the same file; CPU time of one core each.
decode() {
  cmake --build --preset bench --target truce -j "$jobs" >/dev/null
  echo "== AIS decoding: truce vs gpsdecode -j (CPU time of one core)"
  build/bench/bench/decode_bench "$data" "$work" build/bench/src/cli/truce \
    "${DECODE_SENTENCES:-1000000}"
}

# ---- replay: the whole replay ----------------------------------------------
# truce replay on a simulated day vs PostGIS: COPY of the same positions
# (decoded by truce, converted to CSV by jq) and the agreement's position
# rules as SQL (bench/replay/rules.sql). Times: wall and CPU (truce: the
# process; PostGIS: the backends' CPU, from the postmaster's reaped-children
# counters, plus psql's).
replay() {
  local truce=${REPLAY_TRUCE:-build/bench/src/cli/truce} agreement=examples/ceasefire-2025/agreement.yaml
  local sim="$work/replay-sim" vessels=${REPLAY_VESSELS:-400} aircraft=${REPLAY_AIRCRAFT:-300}
  echo "== whole replay: truce replay vs PostGIS (COPY + the position rules in SQL)"
  "$truce" simulate "$agreement" --seed 7 --hours 24 --vessels "$vessels" \
    --aircraft "$aircraft" --out "$sim" >/dev/null
  local feeds=("$sim"/feeds/*)
  echo "scenario: truce simulate --seed 7 --hours 24 --vessels $vessels --aircraft $aircraft:" \
    "${#feeds[@]} feed files, $(du -sm "$sim/feeds" | cut -f1) MB"
  # run_timed OUT CMD...: runs CMD; OUT gets "wall user sys" in seconds.
  run_timed() {
    local out=$1 t0 t1
    shift
    local TIMEFORMAT='%U %S'
    t0=$(date +%s%N)
    { time "$@" >/dev/null 2>"$work/replay-cmd.err"; } 2>"$work/replay-time"
    t1=$(date +%s%N)
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e9 }') $(tail -1 "$work/replay-time")" >"$out"
  }
  local th wall user sys obs incidents
  printf '%-44s %12s %9s %9s %12s %12s\n' engine observations "wall s" "CPU s" "obs/s wall" "obs/s CPU"
  for th in 1 2; do
    rm -rf "$work/replay-run"
    run_timed "$work/replay-t$th" "$truce" replay "$agreement" --feeds "${feeds[@]}" \
      --threads "$th" --out "$work/replay-run"
    read -r wall user sys <"$work/replay-t$th"
    obs=$(jq .observations "$work/replay-run/summary.json")
    printf '%-44s %12d %9.2f %9.2f %12.0f %12.0f\n' "truce replay --threads $th" "$obs" \
      "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
      "$(awk -v n="$obs" -v w="$wall" 'BEGIN { print n / w }')" \
      "$(awk -v n="$obs" -v u="$user" -v s="$sys" 'BEGIN { print n / (u + s) }')"
  done
  incidents=$(jq .incidents "$work/replay-run/summary.json")
  cp "$work/replay-run/summary.json" "$work/replay-summary.json"

  # The same feeds as CSV positions for COPY (not timed against PostGIS:
  # PostgreSQL has no NMEA decoder; shown for completeness).
  local csv="$work/replay-obs.csv"
  decode_csv() {
    {
      "$truce" decode ais --observations "$sim"/feeds/*.nmea
      "$truce" decode sbs --observations "$sim"/feeds/*.sbs
      "$truce" decode readsb --observations "$sim"/feeds/readsb-*.json
      "$truce" decode reports --observations "$sim"/feeds/reports*.csv
    } 2>/dev/null | jq -r -f bench/replay/obs.jq >"$csv"
  }
  run_timed "$work/replay-tdecode" decode_csv
  chmod a+r "$csv"
  local rows
  rows=$(wc -l <"$csv")
  bash bench/replay/zones.sh "$agreement" "$work/replay-zones.tsv" "$work/replay-lines.tsv"
  chmod a+r "$work"/replay-*.tsv

  pg_ensure
  local pm_pid tck
  pm_pid=$(head -1 "$pgdata/postmaster.pid")
  tck=$(getconf CLK_TCK)
  # pg_timed NAME SQL: runs SQL in one psql session; appends "NAME wall
  # cpu" to replay-pg.tsv (cpu: the backend's, reaped by the postmaster,
  # plus psql's own).
  pg_cpu() { awk -v t="$tck" '{ print ($16 + $17) / t }' "/proc/$pm_pid/stat"; }
  pg_timed() {
    local name=$1 c0 c1 wall user sys
    c0=$(pg_cpu)
    run_timed "$work/replay-tpg" psql -c "$2"
    sleep 0.3  # let the postmaster reap the backend
    c1=$(pg_cpu)
    read -r wall user sys <"$work/replay-tpg"
    printf '%s\t%s\t%s\n' "$name" "$wall" \
      "$(awk -v a="$c0" -v b="$c1" -v u="$user" -v s="$sys" 'BEGIN { print b - a + u + s }')" \
      >>"$work/replay-pg.tsv"
  }
  : >"$work/replay-pg.tsv"
  psql >/dev/null <<SQL
CREATE TABLE obs(t timestamptz, kind text, subject text, lon float8,
  lat float8, alt_m float8, class text, flag text, military bool, event text,
  party text, speed_knots float8) WITH (autovacuum_enabled = off);
CREATE TABLE zone_json(id text, json text);
\copy zone_json FROM '$work/replay-zones.tsv'
CREATE TABLE zones AS SELECT id, ST_SetSRID(ST_GeomFromGeoJSON(json), 4326) AS geom
  FROM zone_json;
CREATE TABLE line_json(id text, json text);
\copy line_json FROM '$work/replay-lines.tsv'
CREATE TABLE lines AS SELECT id,
  ST_SetSRID(ST_GeomFromGeoJSON(json), 4326)::geography AS geog FROM line_json;
ANALYZE zones;
ANALYZE lines;
SQL
  pg_timed load "\copy obs FROM '$csv' CSV"
  # Identity facts as truce accumulates them (static AIS names a vessel's
  # class, a readsb flag a military aircraft), one row per subject and
  # instant (second witnesses merged), points as geometry and geography.
  pg_timed prepare "CREATE TABLE subj AS SELECT kind, subject, CASE kind
      WHEN 'vessel' THEN CASE WHEN bool_or(class = 'military') THEN 'military_vessel'
        WHEN bool_or(class = 'law_enforcement') THEN 'law_enforcement_vessel'
        WHEN bool_or(class IS NOT NULL AND class <> 'unknown') THEN 'civilian_vessel' END
      WHEN 'aircraft' THEN CASE WHEN bool_or(military) THEN 'military'
        WHEN bool_or(class = 'uav') THEN 'uav' ELSE 'civil' END
      ELSE max(class) END AS klass
    FROM obs GROUP BY kind, subject;
    CREATE TABLE pos WITH (autovacuum_enabled = off) AS
    SELECT DISTINCT ON (o.kind, o.subject, o.t)
      o.t, o.kind, o.subject, o.alt_m, o.event, o.party, s.klass,
      ST_SetSRID(ST_MakePoint(o.lon, o.lat), 4326) AS geom,
      ST_MakePoint(o.lon, o.lat)::geography AS geog
    FROM obs o JOIN subj s USING (kind, subject) WHERE o.lat IS NOT NULL
    ORDER BY o.kind, o.subject, o.t;
    CREATE INDEX ON pos USING gist (geom);
    CREATE INDEX ON pos USING gist (geog);
    ANALYZE pos;"
  local step sql
  while IFS= read -r -d $'\x1e' step; do
    sql=${step#*$'\n'}
    pg_timed "${step%%$'\n'*}" "$sql"
  done < <(awk '/^-- step / { if (n++) printf "\036"; print $3; next }
    n { print } END { printf "\036" }' bench/replay/rules.sql)

  local positions
  positions=$(psql -At -c "SELECT count(*) FROM obs WHERE lat IS NOT NULL")
  echo "PostGIS input: $rows CSV rows = observations ($positions with a position), decoded by truce and" \
    "converted by jq in $(cut -d' ' -f1 "$work/replay-tdecode") s (not counted below)"
  awk -F'\t' -v n="$rows" -v t1="$(cat "$work/replay-t1")" -v t2="$(cat "$work/replay-t2")" \
    -v tobs="$(jq .observations "$work/replay-summary.json")" '
    { wall[$1] = $2; cpu[$1] = $3; order[NR] = $1 }
    END {
      split(t1, a, " "); split(t2, b, " ")
      for (i = 1; i <= NR; i++) {
        s = order[i]
        if (s == "load" || s == "prepare") { lw += wall[s]; lc += cpu[s] }
        else if (s != "rules_tables") { qw += wall[s]; qc += cpu[s] }
        printf "  PostGIS %-28s %9.2f s wall %9.2f s CPU\n", s, wall[s], cpu[s]
      }
      printf "%-44s %12d %9.2f %9.2f %12.0f %12.0f\n", "PostGIS load (COPY + geometry, dedup, GiST)", n, lw, lc, n / lw, n / lc
      printf "%-44s %12d %9.2f %9.2f %12.0f %12.0f\n", "PostGIS position rules (SQL)", n, qw, qc, n / qw, n / qc
      printf "%-44s %12d %9.2f %9.2f %12.0f %12.0f\n", "PostGIS load + rules", n, lw + qw, lc + qc, n / (lw + qw), n / (lc + qc)
      tc1 = a[2] + a[3]; tc2 = b[2] + b[3]
      printf "ratio truce/PostGIS (obs/s, load + rules): --threads 1: %.1fx wall, %.1fx CPU; --threads 2: %.1fx wall, %.1fx CPU\n",
        (tobs / a[1]) / (n / (lw + qw)), (tobs / tc1) / (n / (lc + qc)), (tobs / b[1]) / (n / (lw + qw)), (tobs / tc2) / (n / (lc + qc))
      printf "ratio truce/PostGIS (obs/s, rules only, data already loaded): --threads 1: %.1fx wall, %.1fx CPU\n",
        (tobs / a[1]) / (n / qw), (tobs / tc1) / (n / qc)
    }' "$work/replay-pg.tsv"
  echo "answers: truce $incidents incidents (all rules); the position rules' SQL rows (fixes or pairs, not incidents):"
  psql -At -F ' ' -c "WITH x AS (
      SELECT rule, subject FROM r_exclusion UNION ALL SELECT rule, subject FROM r_airspace
      UNION ALL SELECT 'corridor-conduct:gaps>30min', subject FROM r_gaps
      UNION ALL SELECT 'corridor-escort', subject FROM r_escort
      UNION ALL SELECT rule, subject FROM r_withdrawal)
    SELECT r.rule, count(x.subject), count(DISTINCT x.subject)
    FROM unnest('{disengage-chasiv-yar,disengage-orikhiv,disengage-kherson,no-fly,
      corridor-conduct:gaps>30min,corridor-escort,withdraw-light,withdraw-artillery,
      withdraw-mlrs,withdraw-heavy}'::text[]) WITH ORDINALITY r(rule, i)
    LEFT JOIN x USING (rule) GROUP BY r.rule, r.i ORDER BY r.i" |
    while read -r rule n subjects; do
      printf '  %-34s %8s rows %6s subjects; truce incidents: %s\n' "$rule" "$n" "$subjects" \
        "$(jq --arg r "${rule%%:*}" '.by_rule[$r] // 0' "$work/replay-summary.json")"
    done
}

# The live server under load (bench/serve_load.cc). SERVE_SECONDS (default
# 60) of steady load; SERVE_RATE (default 10000) reports per second.
serve() {
  echo "== truce serve under load (a real server on 127.0.0.1; bench/serve_load.cc)"
  build/bench/bench/serve_load --truce build/bench/src/cli/truce \
    --zones 10000 --vessels 10000 --rate "${SERVE_RATE:-10000}" \
    --seconds "${SERVE_SECONDS:-60}" --json "$work/serve.json"
}

for s in $sections; do
  "$s"
  echo
done
