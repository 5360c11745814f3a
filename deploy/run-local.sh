#!/usr/bin/env bash
# `make run`: the whole suite on this machine, state kept under .state/ between runs.
#   PostgreSQL, RabbitMQ, the nginx website and the Aspire Dashboard as throwaway processes; every service and the
#   console, all exporting traces, metrics and logs to the dashboard;
#   stable keys in .state/keys; the three seed packages submitted and reconciled; the addresses printed.
# Ctrl-C (or SIGTERM) stops everything this script started, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# `make run REPLICAS=2` (or BUDGETMESH_REPLICAS=2): the replica topology instead, throwaway, until Ctrl-C.
replicas=${REPLICAS:-${BUDGETMESH_REPLICAS:-1}}
if [ "$replicas" != 1 ]; then
  echo "构建中…"
  dotnet build tools/BudgetMesh.Topology -nologo -v:q -warnaserror >/dev/null || { echo "构建失败：dotnet build tools/BudgetMesh.Topology" >&2; exit 1; }
  exec dotnet tools/BudgetMesh.Topology/bin/Debug/net10.0/BudgetMesh.Topology.dll --replicas "$replicas"
fi
state="$root/.state"
mkdir -p "$state/logs" "$state/keys"
chmod 700 "$state/keys"

PG_PORT=${BUDGETMESH_PG_PORT:-25432}
AMQP_PORT=${BUDGETMESH_AMQP_PORT:-25672}
DIST_PORT=$((AMQP_PORT + 1))
EPMD_PORT=${BUDGETMESH_EPMD_PORT:-24369}
WEBSITE_PORT=${BUDGETMESH_WEBSITE_PORT:-8080}
NODE=budgetmesh@localhost
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
cli="$root/tools/BudgetMesh.Cli/bin/Debug/net10.0/budgetmesh.dll"

DASHBOARD_PORT=${BUDGETMESH_DASHBOARD_PORT:-18888}
DASHBOARD_OTLP_PORT=$((DASHBOARD_PORT + 1))

# Services in start order; the port is each one's default (README's service table).
declare -A PORTS=([Intake]=5101 [Classification]=5102 [ThreePublicExpenses]=5103 [PerformanceTargets]=5104 [Reconciler]=5105 [Publication]=5106 [Console]=5100)
ORDER=(Intake Classification ThreePublicExpenses PerformanceTargets Reconciler Publication Console)
present() { [ -f "services/$1/BudgetMesh.$1/Program.cs" ]; }

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
say() { printf '%s\n' "$*"; }

pids=()
stopping=0
cleanup() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  trap '' INT TERM
  say ""; say "正在停止 BudgetMesh…"
  # Newest first: the console and services before the servers they use.
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -m fast stop >/dev/null 2>&1 || true
  rabbitmqctl_q stop >/dev/null 2>&1 || true
  env ERL_EPMD_PORT=$EPMD_PORT epmd -kill >/dev/null 2>&1 || true
  say "已停止。状态保留在 .state/（删除该目录即可从头开始）。"
}
trap cleanup EXIT
# A stop the user asked for ends in an orderly shutdown: a success, so make does not report it as an error.
trap 'exit 0' INT TERM

fail() { say "$*" >&2; exit 1; }
# rabbitmqctl against our own node (its Erlang cookie lives under .state/rabbitmq), quiet.
rabbitmqctl_q() { env HOME="$state/rabbitmq" ERL_EPMD_PORT=$EPMD_PORT /usr/lib/rabbitmq/bin/rabbitmqctl -q -n $NODE "$@"; }

# --- Build: the solution plus the services still outside it, so every service below has fresh binaries.
say "构建中…"
dotnet build BudgetMesh.sln -nologo -v:q -warnaserror >"$state/logs/build.log" 2>&1 || { tail -n 30 "$state/logs/build.log"; fail "构建失败（完整日志 .state/logs/build.log）"; }
for svc in "${ORDER[@]}"; do
  present "$svc" || continue
  grep -q "BudgetMesh.$svc.csproj" BudgetMesh.sln && continue
  dotnet build "services/$svc/BudgetMesh.$svc" -nologo -v:q >>"$state/logs/build.log" 2>&1 || { tail -n 30 "$state/logs/build.log"; fail "构建 $svc 失败"; }
done
budgetmesh() { dotnet "$cli" "$@"; }
# The Aspire Dashboard comes as a NuGet package: restore it and ask MSBuild where its executable is.
dotnet restore deploy/dashboard/Dashboard.csproj -nologo -v:q >>"$state/logs/build.log" 2>&1 || { tail -n 30 "$state/logs/build.log"; fail "无法获取 Aspire Dashboard（NuGet 包 Aspire.Dashboard.Sdk.linux-x64）"; }
dashboard_exe=$(dotnet msbuild deploy/dashboard/Dashboard.csproj -getProperty:AspireDashboardPath -nologo)
[ -f "$dashboard_exe" ] || fail "找不到 Aspire Dashboard 可执行文件：$dashboard_exe"

# --- PostgreSQL: one cluster, one database; each service owns its schema in it.
if [ "$(id -u)" -eq 0 ]; then
  chmod o+x "$state" "$root"
  runuser -u postgres -- test -x "$state" \
    || fail "PostgreSQL 以 postgres 用户运行，但它进不了 $root：请让其上级目录可进入（chmod o+x），或把仓库克隆到别处。"
fi
if [ ! -f "$state/postgres/PG_VERSION" ]; then
  mkdir -p "$state/postgres"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$state/postgres"; fi
  as_postgres "$pg_bin/initdb" -D "$state/postgres" -A trust -U budgetmesh >/dev/null
fi
[ "$(id -u)" -eq 0 ] && chown postgres "$state/logs"
as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -l "$state/logs/postgres.log" \
  -o "-p $PG_PORT -k $state/postgres -c listen_addresses=127.0.0.1" -w start >/dev/null \
  || fail "PostgreSQL 未能启动（端口 $PG_PORT 被占用？见 .state/logs/postgres.log）"
psql -h 127.0.0.1 -p "$PG_PORT" -U budgetmesh -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='budgetmesh'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$PG_PORT" -U budgetmesh -d postgres -qc "CREATE DATABASE budgetmesh"
say "PostgreSQL  127.0.0.1:$PG_PORT（数据库 budgetmesh）"

# --- RabbitMQ: a node of our own, not the system service; AMQP, epmd and Erlang distribution on loopback only.
mkdir -p "$state/rabbitmq/mnesia" "$state/rabbitmq/log"
[ -f "$state/rabbitmq/enabled_plugins" ] || echo '[].' > "$state/rabbitmq/enabled_plugins"
env HOME="$state/rabbitmq" ERL_EPMD_PORT=$EPMD_PORT ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODENAME=$NODE \
  RABBITMQ_MNESIA_BASE="$state/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$state/rabbitmq/log" \
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$DIST_PORT \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
  RABBITMQ_ENABLED_PLUGINS_FILE="$state/rabbitmq/enabled_plugins" \
  /usr/lib/rabbitmq/bin/rabbitmq-server > "$state/logs/rabbitmq.log" 2>&1 &
pids+=($!)
for i in $(seq 1 60); do
  env HOME="$state/rabbitmq" ERL_EPMD_PORT=$EPMD_PORT /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n $NODE check_port_connectivity >/dev/null 2>&1 && break
  [ "$i" -eq 60 ] && fail "RabbitMQ 未能启动（见 .state/logs/rabbitmq.log）"
  sleep 1
done
say "RabbitMQ    amqp://guest:guest@127.0.0.1:$AMQP_PORT/"

# Upgrading a broker an older run left: error and skipped queues are now quorum queues (docs/adr/0005), and a
# classic one of the same name would refuse the services' declaration (PRECONDITION_FAILED). Empty ones are
# removed; one that still holds messages stops the start, so that nothing in it is lost unseen.
while IFS=$'\t' read -r queue type messages; do
  case "$queue" in *_error|*_skipped) ;; *) continue ;; esac
  [ "$type" = classic ] || continue
  [ "$messages" = 0 ] || fail "旧版经典队列 $queue 中还有 $messages 条消息：请先处理（移回原队列或导出）后再启动"
  rabbitmqctl_q delete_queue "$queue" </dev/null >/dev/null
  say "已删除旧版经典队列 $queue（空），服务将重建为仲裁队列"
done < <(rabbitmqctl_q list_queues --no-table-headers name type messages 2>/dev/null)

# --- Website (nginx with WebDAV), once the publication service exists to write to it.
website_user=publisher
if present Publication; then
  [ -f "$state/keys/website-password" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$state/keys/website-password")
  bash deploy/website/start-website.sh "$state/website" "$WEBSITE_PORT" "$website_user" "$(cat "$state/keys/website-password")" > "$state/logs/website.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 20); do
    curl -fs -o /dev/null "http://127.0.0.1:$WEBSITE_PORT/" && break
    [ "$i" -eq 20 ] && fail "网站（nginx）未能启动（端口 $WEBSITE_PORT 被占用？见 .state/logs/website.log）"
    sleep 0.5
  done
fi

# --- Keys: made once, kept in .state/keys (mode 600), reused on every run.
new_secret() { printf 'bm_%s_%s' "$1" "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; }
[ -f "$state/keys/admin.key" ] || (umask 077; new_secret localadmin > "$state/keys/admin.key")
admin_key=$(cat "$state/keys/admin.key")
# The dashboard's browser token (its sign-in) and the API key every exporter must send with OTLP.
[ -f "$state/keys/dashboard-token" ] || (umask 077; new_secret dashboard > "$state/keys/dashboard-token")
[ -f "$state/keys/otlp.key" ] || (umask 077; new_secret otlp > "$state/keys/otlp.key")
dashboard_token=$(cat "$state/keys/dashboard-token")
otlp_key=$(cat "$state/keys/otlp.key")

# --- Aspire Dashboard: traces, metrics and structured logs of every process, over OTLP/gRPC (and OTLP/HTTP).
# Loopback only; the browser signs in with the token, the exporters with the API key.
env ASPNETCORE_URLS="http://127.0.0.1:$DASHBOARD_PORT" \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$DASHBOARD_OTLP_PORT" \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$((DASHBOARD_PORT + 2))" \
  Dashboard__Frontend__AuthMode=BrowserToken Dashboard__Frontend__BrowserToken="$dashboard_token" \
  Dashboard__Otlp__AuthMode=ApiKey Dashboard__Otlp__PrimaryApiKey="$otlp_key" \
  "$dashboard_exe" > "$state/logs/dashboard.log" 2>&1 &
pids+=($!)
for i in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$DASHBOARD_PORT/login" && break
  [ "$i" -eq 60 ] && fail "Aspire Dashboard 未能启动（端口 $DASHBOARD_PORT 被占用？见 .state/logs/dashboard.log）"
  sleep 0.5
done
say "遥测面板    http://127.0.0.1:$DASHBOARD_PORT/"

export BUDGETMESH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=budgetmesh;Database=budgetmesh"
export BUDGETMESH_RABBITMQ="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
export BUDGETMESH_INTAKE_URL=http://127.0.0.1:5101
export BUDGETMESH_RECONCILER_URL=http://127.0.0.1:5105
export BUDGETMESH_PUBLICATION_URL=http://127.0.0.1:5106
unset BUDGETMESH_PORT BUDGETMESH_KEY
# Every process sends its traces, metrics and logs to the dashboard (the standard OTEL_* variables), often
# enough that a journey shows there within a second or two.
export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$DASHBOARD_OTLP_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=grpc
export OTEL_EXPORTER_OTLP_HEADERS="x-otlp-api-key=$otlp_key"
export OTEL_BSP_SCHEDULE_DELAY=1000 OTEL_BLRP_SCHEDULE_DELAY=1000 OTEL_METRIC_EXPORT_INTERVAL=5000

# pid -> service, and each service's environment (shell-quoted), so a service can be started again.
declare -A service_of=() settings_of=() service_started=()
start_service() {
  local svc=$1; shift
  present "$svc" || return 0
  settings_of[$svc]=""
  if [ $# -gt 0 ]; then settings_of[$svc]=$(printf '%q ' "$@"); fi
  # A fresh log per `make run`; a restart appends to it.
  if [ -z "${service_started[$svc]:-}" ]; then : > "$state/logs/$svc.log"; service_started[$svc]=1; fi
  env "$@" dotnet "services/$svc/BudgetMesh.$svc/bin/Debug/net10.0/BudgetMesh.$svc.dll" >> "$state/logs/$svc.log" 2>&1 &
  pids+=($!)
  service_of[$!]=$svc
  say "已启动 $svc（端口 ${PORTS[$svc]}，日志 .state/logs/$svc.log）"
}

# A service that gave up on its message bus exits with 75 (EX_TEMPFAIL) to be started afresh, as systemd would.
restart_service() {
  local dead=$1 svc=${service_of[$1]} i
  for i in "${!pids[@]}"; do [ "${pids[i]}" = "$dead" ] && unset 'pids[i]'; done
  pids=("${pids[@]}")
  say "$svc 因消息总线长时间不可用而退出，正在重新启动（见 .state/logs/$svc.log）。"
  eval "start_service $svc ${settings_of[$svc]}"
}

wait_serving() {
  local addresses=()
  for svc in "$@"; do present "$svc" && addresses+=("127.0.0.1:${PORTS[$svc]}"); done
  [ ${#addresses[@]} -eq 0 ] && return 0
  for i in $(seq 1 120); do
    node deploy/grpc-health.js "${addresses[@]}" > "$state/logs/health.txt" 2>&1 && return 0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { cat "$state/logs/health.txt"; fail "有进程意外退出（见 .state/logs/）"; }; done
    sleep 1
  done
  cat "$state/logs/health.txt"; fail "服务未在 120 秒内就绪（见 .state/logs/）"
}

# Intake first: the other keys are made through it.
start_service Intake BUDGETMESH_BOOTSTRAP_ADMIN_KEY="$admin_key"
wait_serving Intake

# ensure_key FILE KIND NAME [DISTRICT]: reuse the key in FILE if Intake still knows it with that kind, else create
# it (a key of another kind left by an older version, e.g. a service's operator key, is revoked first).
ensure_key() {
  local file="$state/keys/$1" kind=$2 name=$3 district=${4:-} label
  case $kind in district) label=区县密钥 ;; operator) label=操作员密钥 ;; service) label=系统服务密钥 ;; *) label=管理员密钥 ;; esac
  if [ -f "$file" ]; then
    local id line; id=$(cut -d_ -f2 "$file")
    line=$(budgetmesh keys list --key "$admin_key" 2>/dev/null | grep "^$id " || true)
    case $line in
      "$id  $label"*) return 0 ;;
      ?*) budgetmesh keys revoke "$id" --reason "密钥类型改为$label" --key "$admin_key" > /dev/null || fail "无法吊销旧密钥 $1" ;;
    esac
  fi
  local args=(keys create --kind "$kind" --name "$name" --key "$admin_key")
  [ -n "$district" ] && args+=(--district "$district")
  budgetmesh "${args[@]}" | grep '^bm_' > "$file.new" || fail "无法创建密钥 $1"
  chmod 600 "$file.new"; mv "$file.new" "$file"
}
ensure_key reconciler.key service "校核服务（本地）"
ensure_key publication.key service "公开发布服务（本地）"
ensure_key operator.key operator "演示操作员"
ensure_key district-500107.key district "九龙坡区演示系统" 500107
ensure_key district-500104.key district "大渡口区演示系统" 500104

start_service Classification
start_service ThreePublicExpenses
start_service PerformanceTargets
start_service Reconciler BUDGETMESH_RECONCILER_KEY="$(cat "$state/keys/reconciler.key")"
start_service Publication BUDGETMESH_PUBLICATION_KEY="$(cat "$state/keys/publication.key")" \
  BUDGETMESH_WEBSITE_URL="http://127.0.0.1:$WEBSITE_PORT/dav/" BUDGETMESH_WEBSITE_USER="$website_user" \
  BUDGETMESH_WEBSITE_PASSWORD="$(cat "$state/keys/website-password" 2>/dev/null)"
start_service Console BUDGETMESH_CONSOLE_KEYS_DIR="$state/console-keys" \
  BUDGETMESH_DASHBOARD_URL="http://127.0.0.1:$DASHBOARD_PORT/" BUDGETMESH_DASHBOARD_TOKEN="$dashboard_token"
wait_serving Classification ThreePublicExpenses PerformanceTargets Reconciler Publication
if present Console; then
  for i in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:5100/ || true)
    [[ "$code" =~ ^(200|302)$ ]] && break
    [ "$i" -eq 60 ] && fail "控制台未能启动（见 .state/logs/Console.log）"
    sleep 1
  done
fi
say "全部服务就绪（gRPC health: SERVING）。"

# --- Demo packages: each seed with its own district's key. Intake answers a resubmission with the same receipt.
for district in 500107 500104; do
  dir="$state/demo/$district"
  rm -rf "$dir"; mkdir -p "$dir"
  for seed in tests/fixtures/seeds/*.json; do
    grep -q "\"districtCode\": \"$district\"" "$seed" && cp "$seed" "$dir/"
  done
  [ -n "$(ls -A "$dir")" ] || continue
  budgetmesh submit "$dir" --wait --key "$(cat "$state/keys/district-$district.key")" || say "（$district 的演示报送有错误发现，这是种子数据本身的问题，可在控制台查看）"
done

operator_key=$(cat "$state/keys/operator.key")
say ""
say "================ BudgetMesh 已运行 ================"
present Console && say "操作员控制台  http://127.0.0.1:5100/"
say "遥测面板      http://127.0.0.1:$DASHBOARD_PORT/login?t=$dashboard_token（控制台的「遥测面板」链接会自动登录）"
present Publication && say "公开网站      http://127.0.0.1:$WEBSITE_PORT/"
say "操作员密钥    $operator_key"
say "命令行示例    BUDGETMESH_KEY=$operator_key dotnet $cli list"
say "密钥保存在 .state/keys/，日志在 .state/logs/。按 Ctrl-C 停止。"
say "=================================================="

# Wait for a signal, or for any process to die on its own (then stop the rest).
while true; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      # On Ctrl-C the children see SIGINT too: give our own INT trap the chance to run first.
      sleep 1
      rc=0; wait "$pid" || rc=$?
      if [ "$rc" -eq 75 ] && [ -n "${service_of[$pid]:-}" ]; then restart_service "$pid"; continue 2; fi
      say "进程 $pid 已退出，停止其余进程（见 .state/logs/）。"; exit 1
    fi
  done
  sleep 2 &
  wait $! || true
done
