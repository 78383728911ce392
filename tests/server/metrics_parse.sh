#!/bin/sh
# /metrics of a running truce serve, parsed by the Prometheus project's own
# Python parser (Debian python3-prometheus-client, installed by
# scripts/deps.sh). Without it: a skip (77) on a developer's machine, a
# failure under CI=true; serve_test checks the same text against a strict
# grammar in any case.
# Usage: metrics_parse.sh TRUCE SOURCE_DIR
set -eu
truce=$1
src=$2
if ! /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: python3-prometheus-client is not installed (scripts/deps.sh installs it)" >&2
    exit 1
  fi
  echo "SKIP: python3-prometheus-client is not installed" >&2
  exit 77
fi
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
token=$("$truce" token create --data "$dir/data" --role monitor --name m 2>/dev/null)
"$truce" serve --agreement "$src/examples/ceasefire-2025/agreement.yaml" \
  --data "$dir/data" --listen 127.0.0.1:0 --ais-tcp 127.0.0.1:0 \
  > "$dir/out" 2> "$dir/err" &
pid=$!
i=0
until grep -q '^ais-udp ' "$dir/out" 2>/dev/null; do
  i=$((i + 1))
  [ $i -gt 600 ] && { echo "truce serve did not start" >&2; cat "$dir/err" >&2; exit 1; }
  sleep 0.2
done
base=$(sed -n 's|^dashboard \(http://[^/]*\)/$|\1|p' "$dir/out")
curl -sf -H "Authorization: Bearer $token" --data-binary \
  @"$src/tests/replay/feeds/reports.csv" "$base/api/reports" > /dev/null
curl -s "$base/api/incidents?limit=0" > /dev/null
curl -s "$base/api/nope" > /dev/null
curl -sf -H "Authorization: Bearer $token" "$base/metrics" > "$dir/metrics"
/usr/bin/python3 - "$dir/metrics" <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
families = {f.name: f for f in text_string_to_metric_families(text)}
need = {"truce_http_requests": "counter",
        "truce_http_request_duration_seconds": "histogram",
        "truce_stream_clients": "gauge"}
for name, kind in need.items():
    assert name in families, f"missing {name}"
    assert families[name].type == kind, f"{name} is {families[name].type}"
statuses = {s.labels.get("status") for s in families["truce_http_requests"].samples}
assert {"200", "400", "404"} <= statuses, statuses
print(f"ok: {len(families)} families parsed by prometheus_client")
PY
kill -TERM "$pid"
wait "$pid"
pid=
