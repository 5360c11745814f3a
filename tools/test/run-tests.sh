#!/usr/bin/env bash
# Builds with warnings as errors, runs every test project and the proto lint, and prints one line
# "N passed, N failed, N skipped" that sums every runner (skipped tests are counted, never hidden). The same line is kept in artifacts/test-summary.txt.
set -uo pipefail
cd "$(dirname "$0")/../.."

results=artifacts/test-results
summary=artifacts/test-summary.txt
rm -rf "$results" && mkdir -p "$results"

passed=0
failed=0
skipped=0
finish() {
  echo "$passed passed, $failed failed, $skipped skipped" | tee "$summary"
  [ "$failed" -eq 0 ]
  exit $?
}

if ! dotnet build BudgetMesh.sln -c Debug -warnaserror -nologo -v:q; then
  echo "Build failed (warnings are errors)."
  failed=$((failed + 1))
  finish
fi

if (cd contracts/proto && ../../tools/buf/node_modules/.bin/buf lint); then
  echo "buf lint: passed"
  passed=$((passed + 1))
else
  echo "buf lint: failed"
  failed=$((failed + 1))
fi

# The Kubernetes manifests (deploy/k8s): rendered with kubectl kustomize, validated, invariants checked (node --test).
k8s_tap="$results/k8s-manifests.tap"
(cd deploy/k8s/test && node --test --test-reporter=tap ./*.test.mjs) > "$k8s_tap" 2>&1
k8s_rc=$?
k8s_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$k8s_tap" | tail -n 1)
k8s_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$k8s_tap" | tail -n 1)
k8s_skip=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$k8s_tap" | tail -n 1)
passed=$((passed + ${k8s_pass:-0}))
failed=$((failed + ${k8s_fail:-0}))
skipped=$((skipped + ${k8s_skip:-0}))
if [ "$k8s_rc" -ne 0 ]; then
  grep -A14 '^not ok' "$k8s_tap" | head -n 60
  [ "${k8s_fail:-0}" -eq 0 ] && failed=$((failed + 1))
fi
echo "deploy/k8s manifests: ${k8s_pass:-0} passed, ${k8s_fail:-0} failed, ${k8s_skip:-0} skipped ($k8s_tap)"

dotnet test BudgetMesh.sln --no-build -c Debug --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
test_rc=$?

trx_count=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  trx_count=$((trx_count + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  # A skipped test is in total but not executed (the trx leaves notExecuted at 0 for xunit skips).
  n=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  skipped=$((skipped + ${n:-0} - ${x:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

# A test host that crashed writes no result file, or dotnet test fails without a failing count.
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $test_rc without reporting a failed test (a crashed test host?)."
  failed=$((failed + 1))
fi
if [ "$trx_count" -eq 0 ]; then
  echo "No test results were written."
  failed=$((failed + 1))
fi

finish
