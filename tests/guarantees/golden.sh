#!/usr/bin/env bash
# Golden tests of `truce guarantees`: the bundled example (check, coverage,
# obligations, delivered) and one broken commitments file per class of
# error (check/*.yaml). Each case's stdout, stderr and exit code are pinned
# in expected/NAME.txt. The figures they pin are worked out by hand in
# README.md.
# With UPDATE_GOLDEN=1 the expected files are rewritten (review the diff).
# Usage: golden.sh TRUCE
set -u
truce=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
failed=0

# run NAME WORKDIR ARGS...
run() {
  local name=$1 dir=$2
  shift 2
  local expected="$here/expected/$name.txt"
  local actual
  actual=$(cd "$dir" && "$truce" "$@" 2>&1; echo "exit code: $?")
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$actual" > "$expected"
    return
  fi
  if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
    echo "golden output differs: $expected (UPDATE_GOLDEN=1 to accept)" >&2
    failed=1
  fi
}

c=examples/ceasefire-2025/commitments.yaml
t=tests/guarantees
run check "$root" guarantees check $c
run check_json "$root" guarantees check --json $c
run coverage "$root" guarantees coverage $c
run coverage_json "$root" guarantees coverage --json $c
run coverage_csv "$root" guarantees coverage --csv $c
run obligations "$root" guarantees obligations $c --incidents $t/incidents.ndjson --acks $t/acks.ndjson --at 2025-06-17T12:00:00Z
run obligations_json "$root" guarantees obligations --json $c --incidents $t/incidents.ndjson --acks $t/acks.ndjson --at 2025-06-17T12:00:00Z
run obligations_no_acks "$root" guarantees obligations $c --incidents $t/incidents.ndjson
run obligations_bad_acks "$root" guarantees obligations $c --incidents $t/incidents.ndjson --acks $t/bad_acks.ndjson
run obligations_bad_at "$root" guarantees obligations $c --incidents $t/incidents.ndjson --at yesterday
run obligations_missing_incidents "$root" guarantees obligations $c --incidents $t/no-such.ndjson
run delivered "$root" guarantees delivered $c --feeds $t/feeds/patrols.sbs
run delivered_json "$root" guarantees delivered --json $c --feeds $t/feeds/patrols.sbs
run delivered_one_day "$root" guarantees delivered $c --feeds $t/feeds/patrols.sbs --from 2025-06-16 --to 2025-06-16 --max-gap 5m
run delivered_bad_day "$root" guarantees delivered $c --feeds $t/feeds/patrols.sbs --from 2025-06-31
run check_no_agreement "$here" guarantees check no_agreement.yaml
run delivered_no_agreement "$here" guarantees delivered no_agreement.yaml --feeds feeds/patrols.sbs
for f in "$here"/check/*.yaml; do
  name=$(basename "$f" .yaml)
  run "check_$name" "$here/check" guarantees check "$name.yaml"
done
exit $failed
