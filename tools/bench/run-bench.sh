#!/usr/bin/env bash
# `make bench`: builds tools/BudgetMesh.Bench and the servers it drives (Release), runs every benchmark of issue 12
# against its reference in one run, and writes bench/results.md and bench/results.json.
#   tools/bench/run-bench.sh            full run (about 10 minutes on 2 cores)
#   tools/bench/run-bench.sh --quick    every phase, smaller counts (a minute or three)
#   BENCH_ARGS="--only grpc,rules" make bench
#   BENCH_ARGS="--only replicas" make bench   one Intake and Reconciler against two of each, 10,000 packages each
# Never part of `make test`. Exits non-zero only when a phase could not run, not when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench
mkdir -p "$out/logs"

need() { command -v "$1" >/dev/null 2>&1 || { echo "run-bench: '$1' is missing: $2" >&2; exit 2; }; }
need dotnet "install the .NET 10 SDK"
need node "apt-get install -y nodejs npm"
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/initdb" ] || { echo "run-bench: PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 2; }
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { echo "run-bench: RabbitMQ is missing: apt-get install -y rabbitmq-server" >&2; exit 2; }
[ -d tests/interop/node_modules/@grpc/grpc-js ] || (cd tests/interop && npm ci --no-audit --no-fund)

# Release, so the figures are what production runs; a file lock from a parallel build is retried.
for attempt in 1 2 3; do
  if dotnet build tools/BudgetMesh.Bench/BudgetMesh.Bench.csproj -c Release -nologo -v:q -warnaserror; then break; fi
  [ "$attempt" -eq 3 ] && { echo "run-bench: build failed" >&2; exit 1; }
  echo "run-bench: build failed (attempt $attempt), retrying in 5 s..." >&2; sleep 5
done

# 6 Import measures the CLI as users get it: published ReadyToRun (most of the JIT done ahead of time).
cli="$out/tmp/cli"
if dotnet publish tools/BudgetMesh.Cli/BudgetMesh.Cli.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$cli" -nologo -v:q; then
  export BENCH_CLI="$PWD/$cli/budgetmesh.dll"
else
  echo "run-bench: publishing the CLI ReadyToRun failed; 6 Import measures the JIT-only build" >&2
fi

# Children write their pids here; whatever the bench leaves behind (it was killed, say) is ended on exit.
: > "$out/logs/pids"
cleanup() { while read -r pid; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done < "$out/logs/pids"; }
trap cleanup EXIT INT TERM

args=("$@")
# A 1-minute load above the core count means other work shares the machine: the results say so.
if awk -v cores="$(nproc)" '{ exit !($1 > cores) }' /proc/loadavg; then args+=(--shared-machine); fi
# shellcheck disable=SC2206
[ -n "${BENCH_ARGS:-}" ] && args+=(${BENCH_ARGS})

dotnet tools/BudgetMesh.Bench/bin/Release/net10.0/BudgetMesh.Bench.dll --out "$out" "${args[@]}"
