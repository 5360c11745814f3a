#!/usr/bin/env bash
# Installs what BudgetMesh needs on a Debian machine, and nothing that is already there.
# Used by `make run`, `make test` and CI, so a fresh machine and a developer's machine take one path.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || need+=(nginx-extras)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
[ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)

# deploy/k8s is rendered by kubectl's built-in kustomize (v5). This machine image ships kubectl in Google Cloud
# CLI's "kubectl" package; where that package's repository is configured, apt installs it. Debian's own
# kubernetes-client (1.20) carries kustomize v2, which cannot render deploy/k8s, so it is not a substitute: without
# kubectl the manifest tests fail, naming it.
if ! kubectl version --client -o json 2>/dev/null | grep -q '"kustomizeVersion": "v5'; then
  if apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    need+=(kubectl)
  else
    echo "kubectl with kustomize v5 is needed to render deploy/k8s and is not installed (README \"Deploying to Kubernetes\")." >&2
  fi
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  as_root apt-get update -qq
  # The packages' own init scripts may try to start system services; we run our own throwaway ones.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

# Node packages are installed exactly as their lock files say (`npm ci`), which never rewrites a lock: `npm install`
# did, leaving `make run` and `make test` with a changed tools/buf/package-lock.json in the work tree.
for dir in tools/buf deploy/k8s/test tests/interop tests/BudgetMesh.Publication.Tests/browser tests/BudgetMesh.Console.Tests/browser tests/BudgetMesh.EndToEnd.Tests/browser; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
