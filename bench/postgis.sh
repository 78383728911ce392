# A throwaway PostGIS server for the benchmarks, sourced by bench/run.sh.
#
# pg_start DIR   initdb in DIR/pgdata and start PostgreSQL with PostGIS
#                listening on 127.0.0.1 only (a random port, the socket in
#                DIR), run as the postgres user when invoked as root; defines
#                psql (to the database postgres as user bench) and creates the
#                postgis extension. DIR must exist; its files are made
#                readable by the server.
# pg_stop        stops it (immediate; the data folder is scratch).
# Settings: fsync off, shared_buffers 512MB, work_mem 256MB, no parallel
# workers, no JIT: one backend's execution time is what the bench reports.

pg_start() {
  pg_dir=$1
  pgdata="$pg_dir/pgdata"
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
    chown postgres "$pg_dir"
  fi
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U bench >/dev/null
  port=$((20000 + RANDOM % 20000))
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pg_dir/pg.log" -w start -o \
    "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off \
     -c shared_buffers=512MB -c work_mem=256MB -c max_parallel_workers_per_gather=0 \
     -c jit=off" >/dev/null
  psql -c "CREATE EXTENSION postgis" >/dev/null
}

psql() {
  "${as_pg[@]}" "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "$port" -U bench -d postgres "$@"
}

pg_stop() {
  if [ -n "${pgdata:-}" ] && [ -f "$pgdata/postmaster.pid" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
}
