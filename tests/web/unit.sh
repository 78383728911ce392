#!/usr/bin/env bash
# The dashboard's unit tests (web/test/, node's test runner): npm ci when
# node_modules is missing or older than the lock file, then npm test.
# Without node or npm it skips (exit 77); under CI=true that is a failure.
set -euo pipefail
web=$(cd "$(dirname "$0")/../../web" && pwd)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "web unit: missing node or npm; install with: bash scripts/deps.sh node" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "web unit: SKIPPED" >&2
  exit 77
fi
cd "$web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm test
