# Sourced by the build scripts (after they set BUILD_NAME): the cache location, quiet go commands,
# log lines, and a go build that reports progress every 100 packages.
CACHE_ROOT=${JUPYTER_APIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jupyter-apis}
export GOFLAGS=${GOFLAGS:--buildvcs=false} CGO_ENABLED=0

# Runs a go command, printing its output only when it fails.
quiet() { local out; out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }; }
log() { printf '[%s-build %s] %s\n' "$BUILD_NAME" "$(date +%H:%M:%S)" "$*"; }

# go_build_with_progress TOTAL ARGS...: `go build -v ARGS` with a line per 100 compiled packages.
go_build_with_progress() {
  local total=$1 start
  shift
  start=$(date +%s)
  go build -v "$@" 2>&1 |
    awk -v total="$total" -v start="$start" -v name="$BUILD_NAME" '
      /^#|: error|cannot find|undefined:/ { print; fflush(); next }
      { n++ }
      n % 100 == 0 { printf "[%s-build] compiled %d/%d packages (%ds)\n", name, n, total, systime() - start; fflush() }'
  return "${PIPESTATUS[0]}"
}
