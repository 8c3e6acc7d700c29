#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kube-scheduler from the k8s.io/kubernetes Go module.
# k8s.io/kubernetes requires its staging modules at v0.0.0 and redirects them with replace
# directives that only work inside its own repository, so this wrapper module replaces each
# one with its published v0.MINOR.PATCH twin. Binaries land in a cache outside the repo,
# keyed by version; only the commands missing from the cache are built (a warm cache makes this a
# no-op), and each lands under its final name by a rename, so control planes already using the cache
# never see a half-written binary.
set -euo pipefail
K8S_VERSION=${K8S_VERSION:-v1.36.3}
STAGING=v0.${K8S_VERSION#v1.}
CMDS=${K8S_CMDS:-"kube-apiserver kube-controller-manager kube-scheduler"}
cd "$(dirname "$0")"
BUILD_NAME=k8s
. ../common.sh
BIN=${BIN:-$CACHE_ROOT/k8s-$K8S_VERSION}

missing=""
for c in $CMDS; do
  if ! "$BIN/$c" --version 2>/dev/null | grep -qx "Kubernetes $K8S_VERSION"; then missing+="${missing:+ }$c"; fi
done
if [ -z "$missing" ]; then
  log "cache warm: $BIN ($K8S_VERSION)"
  exit 0
fi

if [ ! -f go.mod ] || ! grep -q "k8s.io/kubernetes $K8S_VERSION" go.mod; then
  log "resolving k8s.io/kubernetes@$K8S_VERSION and its staging modules (first time only)"
  rm -f go.mod go.sum tools.go
  go mod init jupyter-apis.local/k8s-build >/dev/null 2>&1
  upstream=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\([^"]*\)".*/\1/p')
  staging=$(awk '/^require \(/ {r=1; next} r && /^\)/ {r=0}
                 r && $1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$upstream")
  log "replacing $(wc -w <<<"$staging") staging modules with $STAGING"
  for m in $staging; do go mod edit -replace="$m=$m@$STAGING"; done
  godebug=$(sed -n 's/^godebug //p' "$upstream")
  [ -z "$godebug" ] || go mod edit -godebug="$godebug"
  quiet go get -tool $(for c in $CMDS; do echo "k8s.io/kubernetes/cmd/$c@$K8S_VERSION"; done)
  quiet go mod tidy
fi

log "downloading modules"
go mod download -x 2>&1 | awk '/^# get/ {n++; if (n % 50 == 0) printf "[k8s-build] %d module files fetched\n", n}'

minor=$(cut -d. -f2 <<<"$K8S_VERSION")
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ld+=" -X $p.gitCommit=$K8S_VERSION -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
mkdir -p "$BIN"
pkgs=$(for c in $missing; do echo "k8s.io/kubernetes/cmd/$c"; done)
total=$(go list -deps $pkgs | wc -l)
log "compiling $missing ($total packages; 10-25 minutes on 2 cores when the Go build cache is cold)"
start=$(date +%s)
staging=$(mktemp -d "$BIN/.build.XXXXXX")
trap 'rm -rf "$staging"' EXIT
status=0
# shellcheck disable=SC2086 # $pkgs is a list of packages
go_build_with_progress "$total" -trimpath -tags=selinux,notest -ldflags="$ld" -o "$staging/" $pkgs || status=$?
[ "$status" = 0 ] || { log "go build failed ($status)"; exit "$status"; }
for c in $missing; do
  v=$("$staging/$c" --version)
  [ "$v" = "Kubernetes $K8S_VERSION" ] || { log "$c reports '$v', expected Kubernetes $K8S_VERSION"; exit 1; }
  mv -f "$staging/$c" "$BIN/$c"
done
log "built $missing into $BIN in $(( $(date +%s) - start ))s"
