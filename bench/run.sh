#!/usr/bin/env bash
# The spatial-index benchmark, side by side: truce, GEOS prepared geometry and
# S2 (bench/spatial_bench.cc), then PostGIS on the same points in a real,
# throwaway server on loopback. Invoked by `make bench`; see bench/README.md.
#
# Usage: bash bench/run.sh [POINTS]   (default 1000000)
# Environment: TRUCE_TESTDATA (default ../shared/data), JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-1000000}
data=${TRUCE_TESTDATA:-$(cd .. && pwd)/shared/data}
jobs=${JOBS:-2}

cmake --preset bench >/dev/null
cmake --build --preset bench --target spatial_bench -j "$jobs" >/dev/null

work=$(mktemp -d /tmp/truce-bench.XXXXXX)
chmod 755 "$work"
pgdata="$work/pgdata"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
cleanup() {
  if [ -f "$pgdata/postmaster.pid" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== truce, GEOS, S2 ($points points per case; CPU time of one thread)"
build/bench/bench/spatial_bench "$data" "$work" "$points"
chmod a+r "$work"/*

echo
echo "== PostGIS (a throwaway server on 127.0.0.1; wall time of one backend)"
if [ ${#as_pg[@]} -gt 0 ]; then chown postgres "$work"; fi
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U bench >/dev/null
port=$((20000 + RANDOM % 20000))
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$work/pg.log" -w start -o \
  "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off \
   -c shared_buffers=512MB -c work_mem=256MB -c max_parallel_workers_per_gather=0 \
   -c jit=off" >/dev/null
psql() { "${as_pg[@]}" "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
  -p "$port" -U bench -d postgres "$@"; }

psql -c "CREATE EXTENSION postgis" >/dev/null
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
