#!/usr/bin/env bash
# Builds kwok (fake nodes and pods for the local control plane) from sigs.k8s.io/kwok. The wrapper
# module pins its version and dependencies (go.mod/go.sum are committed, so every machine resolves
# the same graph). Cached outside the repo, keyed by version; a warm cache makes this a no-op.
set -euo pipefail
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}
cd "$(dirname "$0")"
BUILD_NAME=kwok
. ../common.sh
BIN=${BIN:-$CACHE_ROOT/kwok-$KWOK_VERSION}

if "$BIN/kwok" --version 2>/dev/null | grep -q "kwok version $KWOK_VERSION "; then
  log "cache warm: $BIN ($KWOK_VERSION)"
  exit 0
fi
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
status=0
go_build_with_progress "$total" -trimpath -ldflags="-s -w" -o "$tmp" sigs.k8s.io/kwok/cmd/kwok || status=$?
[ "$status" = 0 ] || { log "go build failed ($status)"; exit "$status"; }
chmod 755 "$tmp" && mv -f "$tmp" "$BIN/kwok"
"$BIN/kwok" --version
log "built kwok into $BIN in $(( $(date +%s) - start ))s"
