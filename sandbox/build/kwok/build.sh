#!/usr/bin/env bash
# Builds kwok (fake nodes and pods for the local control plane) from sigs.k8s.io/kwok. The wrapper
# module pins its version and dependencies (go.mod/go.sum are committed, so every machine resolves
# the same graph). Cached outside the repo, keyed by version; a warm cache makes this a no-op.
set -euo pipefail
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}
CACHE_ROOT=${JUPYTER_APIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jupyter-apis}
BIN=${BIN:-$CACHE_ROOT/kwok-$KWOK_VERSION}
cd "$(dirname "$0")"
# Runs a go command, printing its output only when it fails.
quiet() { local out; out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }; }
log() { printf '[kwok-build %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if "$BIN/kwok" --version 2>/dev/null | grep -q "kwok version $KWOK_VERSION "; then
  log "cache warm: $BIN ($KWOK_VERSION)"
  exit 0
fi
export GOFLAGS=${GOFLAGS:--buildvcs=false} CGO_ENABLED=0
if ! grep -q "sigs.k8s.io/kwok $KWOK_VERSION" go.mod; then
  log "resolving sigs.k8s.io/kwok@$KWOK_VERSION (first time only)"
  quiet go get -tool "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  quiet go mod tidy
fi
log "downloading modules"
go mod download
total=$(go list -deps sigs.k8s.io/kwok/cmd/kwok | wc -l)
log "compiling kwok ($total packages; 2-4 minutes on 2 cores when the Go build cache is cold)"
start=$(date +%s)
mkdir -p "$BIN"
# Built next to its final name, then renamed: a control plane using the cache never sees half a binary.
tmp=$(mktemp "$BIN/.kwok.XXXXXX")
trap 'rm -f "$tmp"' EXIT
go build -v -trimpath -ldflags="-s -w" -o "$tmp" sigs.k8s.io/kwok/cmd/kwok 2>&1 |
  awk -v total="$total" -v start="$start" '
    /^#|: error|cannot find|undefined:/ { print; fflush(); next }
    { n++ }
    n % 100 == 0 { printf "[kwok-build] compiled %d/%d packages (%ds)\n", n, total, systime() - start; fflush() }'
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || { log "go build failed ($status)"; exit "$status"; }
chmod 755 "$tmp" && mv -f "$tmp" "$BIN/kwok"
"$BIN/kwok" --version
log "built kwok into $BIN in $(( $(date +%s) - start ))s"
