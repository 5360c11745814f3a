#!/usr/bin/env bash
# `make run`: starts the whole suite on this machine under .state/ (kept between runs) and stops
# everything it started on Ctrl-C. Services are added here as they land.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/.state"
mkdir -p "$state/logs"

PG_PORT=${BUDGETMESH_PG_PORT:-25432}
AMQP_PORT=${BUDGETMESH_AMQP_PORT:-25672}
DIST_PORT=$((AMQP_PORT + 1))
EPMD_PORT=${BUDGETMESH_EPMD_PORT:-24369}
NODE=budgetmesh@localhost
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  echo; echo "Stopping BudgetMesh..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -m fast stop >/dev/null 2>&1 || true
  env HOME="$state/rabbitmq" ERL_EPMD_PORT=$EPMD_PORT /usr/lib/rabbitmq/bin/rabbitmqctl -n $NODE stop >/dev/null 2>&1 || true
  env ERL_EPMD_PORT=$EPMD_PORT epmd -kill >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

# PostgreSQL: one cluster, one database per suite; each service owns its schema in it.
if [ ! -f "$state/postgres/PG_VERSION" ]; then
  mkdir -p "$state/postgres"
  [ "$(id -u)" -eq 0 ] && chown postgres "$state/postgres" && chmod o+x "$state" "$root"
  as_postgres "$pg_bin/initdb" -D "$state/postgres" -A trust -U budgetmesh >/dev/null
fi
[ "$(id -u)" -eq 0 ] && chown postgres "$state/logs"
as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -l "$state/logs/postgres.log" \
  -o "-p $PG_PORT -k $state/postgres -c listen_addresses=127.0.0.1" -w start >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U budgetmesh -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='budgetmesh'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$PG_PORT" -U budgetmesh -d postgres -qc "CREATE DATABASE budgetmesh" 
echo "PostgreSQL  127.0.0.1:$PG_PORT (database budgetmesh)"

# RabbitMQ: a node of our own, not the system service.
mkdir -p "$state/rabbitmq/mnesia" "$state/rabbitmq/log"
[ -f "$state/rabbitmq/enabled_plugins" ] || echo '[].' > "$state/rabbitmq/enabled_plugins"
env HOME="$state/rabbitmq" ERL_EPMD_PORT=$EPMD_PORT RABBITMQ_NODENAME=$NODE \
  RABBITMQ_MNESIA_BASE="$state/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$state/rabbitmq/log" \
  RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$DIST_PORT \
  RABBITMQ_ENABLED_PLUGINS_FILE="$state/rabbitmq/enabled_plugins" \
  /usr/lib/rabbitmq/bin/rabbitmq-server > "$state/logs/rabbitmq.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  if env HOME="$state/rabbitmq" ERL_EPMD_PORT=$EPMD_PORT /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n $NODE check_port_connectivity >/dev/null 2>&1; then break; fi
  sleep 1
done
echo "RabbitMQ    amqp://guest:guest@127.0.0.1:$AMQP_PORT/"

export BUDGETMESH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=budgetmesh;Database=budgetmesh"
export BUDGETMESH_RABBITMQ="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"

# Services: each is started here once it exists (see README's service table).
dotnet build BudgetMesh.sln -nologo -v:q >/dev/null
for svc in services/*/BudgetMesh.*/; do
  name=$(basename "$svc")
  [ -f "$svc/Program.cs" ] || continue
  dotnet run --no-build --project "$svc" > "$state/logs/$name.log" 2>&1 &
  pids+=($!)
  echo "started $name (log: .state/logs/$name.log)"
done

echo "BudgetMesh is running. Press Ctrl-C to stop."
wait
