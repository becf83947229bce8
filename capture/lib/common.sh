# shellcheck shell=bash
# Shared helpers for the capture scripts (sourced, not run): messages, the
# dry-run switch, and the lifecycle of a serving process (start in its own
# process group with its log kept, wait for /health, stop the whole group).

# Where the capture scripts live, whatever the caller's directory.
CAPTURE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CAPTURE_DIR
# The Python that runs the helpers (the server's Python, for package facts).
PYTHON=${PYTHON:-python3}
# 1 when --dry-run was given: print every command, run none.
DRY_RUN=${DRY_RUN:-0}
# PID of the server process group started by start_server, empty when none.
SERVER_PID=""

# Print a progress line on stderr.
say() { printf '%s: %s\n' "${TOOL_NAME:-capture}" "$*" >&2; }

# Print an error on stderr and exit 2.
die() {
  printf '%s: error: %s\n' "${TOOL_NAME:-capture}" "$*" >&2
  exit 2
}

# Quote a command the way a shell would read it back: plain words as they
# are, anything else in single quotes.
quoted() {
  local out="" arg q="'"
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
      out+="$arg "
    else
      out+="$q${arg//$q/$q\\$q$q}$q "
    fi
  done
  printf '%s' "${out% }"
}

# Run a command, or print it under --dry-run.
run() {
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ %s\n' "$(quoted "$@")"
    return 0
  fi
  "$@"
}

# Check that a flag has a value: need_value FLAG "$#".
need_value() { [[ $2 -ge 2 ]] || die "$1 needs a value (see --help)"; }

# Start a server command line (a shell string, run with exec so the tracer
# wrapper or the server itself is the process-group leader) with its output
# appended to LOG. Extra environment assignments come first: start_server LOG
# [VAR=value ...] -- WRAPPER... (the last word of the wrapper is the server
# shell string).
start_server() {
  local log=$1
  shift
  local -a envs=()
  while [[ $# -gt 0 && $1 != "--" ]]; do
    envs+=("$1")
    shift
  done
  shift
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ %s >>%s 2>&1 &\n' "$(quoted env "${envs[@]}" setsid "$@")" "$(printf '%q' "$log")"
    SERVER_PID=dry-run
    return 0
  fi
  printf '==== %s: server start %s ====\n%s\n' "${TOOL_NAME:-capture}" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(quoted "$@")" >>"$log"
  env "${envs[@]}" setsid "$@" >>"$log" 2>&1 </dev/null &
  SERVER_PID=$!
  say "server started (pid $SERVER_PID), log $log"
}

# Wait until URL/health answers 200, the server exits, or TIMEOUT seconds pass.
wait_healthy() {
  local base=$1 timeout=$2
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ wait for %s/health (up to %ss)\n' "$base" "$timeout"
    return 0
  fi
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if [[ -n $SERVER_PID ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
      say "server exited before it became healthy"
      return 1
    fi
    if "$PYTHON" "$CAPTURE_DIR/lib/decode_load.py" --health "$base" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  say "server not healthy after ${timeout}s"
  return 1
}

# Stop the server's process group: SIGINT, then SIGTERM, then SIGKILL, and
# wait for the leader (tracers write their output when the server exits).
stop_server() {
  local grace=${1:-60}
  [[ -n $SERVER_PID ]] || return 0
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ kill -INT -- -<server pgid>; wait up to %ss\n' "$grace"
    SERVER_PID=""
    return 0
  fi
  local pid=$SERVER_PID sig
  SERVER_PID=""
  for sig in INT TERM KILL; do
    kill -s "$sig" -- "-$pid" 2>/dev/null || break
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null || break
    say "server still running after SIG$sig; escalating"
  done
  wait "$pid" 2>/dev/null || true
}

# The tensor-parallel size a server command line asks for, or 1.
tp_of() {
  local re='(--tensor-parallel-size|--tp-size|--tp|-tp)[= ]+([0-9]+)'
  if [[ $1 =~ $re ]]; then printf '%s' "${BASH_REMATCH[2]}"; else printf '1'; fi
}
