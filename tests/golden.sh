#!/usr/bin/env bash
# Golden test: runs `truce ARGS...` in WORKDIR and compares stdout, stderr and the exit code with EXPECTED. With
# UPDATE_GOLDEN=1 it rewrites EXPECTED instead (review the diff before
# committing).
# Usage: golden.sh TRUCE EXPECTED WORKDIR ARGS...
set -u
truce=$1 expected=$2 workdir=$3
shift 3
cd "$workdir" || exit 1
actual=$("$truce" "$@" 2>&1; echo "exit code: $?")
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" > "$expected"
  exit 0
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "golden output differs: $expected (UPDATE_GOLDEN=1 to accept)" >&2
  exit 1
fi
