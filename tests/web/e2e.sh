#!/usr/bin/env bash
# The dashboard's browser end-to-end test (web/e2e/dashboard.e2e.mjs): builds
# web/ (npm ci when node_modules is missing or older than the lock file, then
# npm run build), then drives Debian's Chromium with playwright-core against
# a real `truce serve --demo`.
#
#   tests/web/e2e.sh TRUCE_BIN [ARTIFACTS_DIR]
#
# Without node, npm or Chromium it skips (exit 77) and says what to install;
# under CI=true their absence is a failure.
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
web=$(cd "$here/../../web" && pwd)
export TRUCE_ARTIFACTS=${TRUCE_ARTIFACTS:-${2:-$(pwd)/artifacts/web}}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

missing=()
command -v node >/dev/null || missing+=("nodejs")
command -v npm >/dev/null || missing+=("npm")
[ -x "$CHROMIUM" ] || missing+=("chromium")
if [ ${#missing[@]} -gt 0 ]; then
  echo "web e2e: missing ${missing[*]}; install with: bash scripts/deps.sh web" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "web e2e: SKIPPED" >&2
  exit 77
fi

cd "$web"
# npm ci rewrites node_modules whole: only when the lock file changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
TRUCE_BIN="$bin" node e2e/dashboard.e2e.mjs
