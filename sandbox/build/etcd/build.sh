#!/usr/bin/env bash
# Builds etcd from go.etcd.io/etcd/server/v3. etcd's own go.mod replaces its sibling modules with
# relative paths, so `go install` refuses it; inside this wrapper module those replaces are ignored
# and the siblings resolve to their published tags. Cached outside the repo, keyed by version.
set -euo pipefail
ETCD_VERSION=${ETCD_VERSION:-v3.6.14}
cd "$(dirname "$0")"
BUILD_NAME=etcd
. ../common.sh
BIN=${BIN:-$CACHE_ROOT/etcd-$ETCD_VERSION}

if "$BIN/etcd" --version 2>/dev/null | grep -q "etcd Version: ${ETCD_VERSION#v}"; then
  log "cache warm: $BIN ($ETCD_VERSION)"
  exit 0
fi
if [ ! -f go.mod ] || ! grep -q "go.etcd.io/etcd/server/v3 $ETCD_VERSION" go.mod; then
  log "resolving go.etcd.io/etcd/server/v3@$ETCD_VERSION (first time only)"
  rm -f go.mod go.sum
  go mod init jupyter-apis.local/etcd-build >/dev/null 2>&1
  quiet go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  quiet go mod tidy
fi
log "downloading modules"
go mod download
total=$(go list -deps go.etcd.io/etcd/server/v3 | wc -l)
log "compiling etcd ($total packages; 1-3 minutes on 2 cores when the Go build cache is cold)"
start=$(date +%s)
mkdir -p "$BIN"
status=0
go_build_with_progress "$total" -trimpath -ldflags="-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3 || status=$?
[ "$status" = 0 ] || { log "go build failed ($status)"; exit "$status"; }
# sed, not head: head would close the pipe early and pipefail would report the SIGPIPE.
"$BIN/etcd" --version | sed -n 1p
log "built etcd into $BIN in $(( $(date +%s) - start ))s"
