#!/usr/bin/env bash
# Smoke test of `make run` as a new user meets it (not part of `make test`): a copy of this working tree in a temp
# folder with nothing beside it (as a user's clone has), `make run` in its own process group, wait for the printed addresses, check the
# console answers and the seeds are reconciled (CLI `list`), then Ctrl-C (SIGINT to the group) and check that no
# process it started survives.   Usage: deploy/smoke-run.sh [TIMEOUT_SECONDS]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
limit=${1:-900}
work=$(mktemp -d /tmp/budgetmesh-smoke-XXXXXX)
chmod 755 "$work"   # as a clone in /tmp would be: PostgreSQL runs as the postgres user and must reach .state/
mkdir -p "$work/main"
# A clean copy: tracked and new files of the working tree, without build output or state.
(cd "$src" && git ls-files -co --exclude-standard -z | grep -zv '/\(bin\|obj\)/' | xargs -0 cp --parents -t "$work/main" 2>/dev/null) || true
cp -r "$src/tests/interop/node_modules" "$work/main/tests/interop/" 2>/dev/null || true
log="$work/make-run.log"
echo "smoke: $work/main"

# A background job of a script starts with SIGINT ignored, and an ignored signal cannot be trapped again: restore it
# (perl is part of every Debian), so the SIGINT below reaches make and run-local.sh as a terminal's Ctrl-C would.
setsid perl -e '$SIG{INT} = $SIG{QUIT} = "DEFAULT"; chdir shift or die; exec @ARGV or die' "$work/main" make run > "$log" 2>&1 &
pgid=$!
ok=1
for _ in $(seq 1 "$limit"); do
  grep -q "操作员密钥" "$log" && break
  kill -0 "$pgid" 2>/dev/null || { echo "smoke: make run exited early"; tail -n 40 "$log"; exit 1; }
  sleep 1
done
grep -q "操作员密钥" "$log" || { echo "smoke: no addresses after ${limit}s"; tail -n 40 "$log"; kill -INT -- -"$pgid"; exit 1; }
sed -n '/=====/,/=====/p' "$log"

console=$(grep -o 'http://127.0.0.1:5100/' "$log" | head -n 1 || true)
if [ -n "$console" ]; then
  code=$(curl -s -o /dev/null -w '%{http_code}' "$console")
  echo "smoke: console $console answers $code"; [[ "$code" =~ ^(200|302)$ ]] || ok=0
fi
key=$(cat "$work/main/.state/keys/operator.key")
list=$(dotnet "$work/main/tools/BudgetMesh.Cli/bin/Debug/net10.0/budgetmesh.dll" list --json --key "$key")
reconciled=$(grep -c '"SUBMISSION_STATUS_RECONCILED_' <<<"$list" || true)
echo "smoke: $reconciled reconciled submissions listed"; [ "$reconciled" -ge 3 ] || ok=0

started=$(pgrep -g "$pgid" | tr '\n' ' ' || true)
echo "smoke: Ctrl-C (SIGINT to process group $pgid)"
kill -INT -- -"$pgid"
for _ in $(seq 1 60); do pgrep -g "$pgid" >/dev/null || break; sleep 1; done
survivors=$(pgrep -g "$pgid" || true)
strays=$(pgrep -f "$work/main" || true)
[ -z "$survivors$strays" ] || { echo "smoke: still running: $survivors $strays"; ps -o pid,args -p ${survivors:-1} ${strays:-1} || true; ok=0; }
tail -n 3 "$log"
[ "$ok" -eq 1 ] && echo "smoke: PASSED ($work)" || { echo "smoke: FAILED (log $log)"; exit 1; }
