#!/usr/bin/env bash
# Installs the Debian packages truce builds with, or says exactly how to.
# Used by `make demo` and `make test`; safe to run again (it only installs what is missing).
set -euo pipefail
packages=(
  build-essential cmake ccache pkg-config
  libgeographiclib-dev geographiclib-tools   # geodesy, and its own tools as test oracles
  libgeos-dev                                # planar topology: validity, union, buffers
  libyaml-cpp-dev nlohmann-json3-dev         # agreement and JSON I/O
  libfmt-dev libcli11-dev                    # formatting, command line
  libsodium-dev libsqlite3-dev               # Ed25519 signatures, embedded store
  libcurl4-openssl-dev                       # webhooks (truce alerts send)
  libgtest-dev libgmock-dev libbenchmark-dev # tests and benchmarks
  libcpp-httplib-dev libxml2-utils           # HTTP (truce serve; loopback test servers), xmllint (CAP schema)
  python3-prometheus-client                  # test oracle: the Prometheus project's parser for /metrics
  gpsd-clients                               # gpsdecode, the AIS oracle and peer
)
# `deps.sh fuzz` adds clang and its libFuzzer runtime for `make fuzz`.
if [ "${1:-}" = fuzz ]; then
  packages+=(clang-16 libclang-rt-16-dev)
fi
# `deps.sh bench` adds the peers of `make bench`: S2 and a PostgreSQL server
# with PostGIS (bench/run.sh starts a throwaway one on loopback), and jq
# (the replay section reads summary.json and converts positions to CSV).
if [ "${1:-}" = bench ]; then
  packages+=(libs2-dev postgresql-15-postgis-3 postgresql-client-15 jq)
fi
# `deps.sh node` adds node and npm, to build the dashboard (web/), when none
# is installed (Debian 12's nodejs 18 builds it; a newer node already
# present is kept). `deps.sh web` adds Debian's Chromium too, for the
# dashboard's browser test (`make test`).
if [ "${1:-}" = node ] || [ "${1:-}" = web ]; then
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi
if [ "${1:-}" = web ]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "truce needs these Debian packages. Install them, then run make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
