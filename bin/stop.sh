#!/usr/bin/env bash
# Stops the node bin/start.sh --daemon started: SIGTERM, so running collections finish (up to
# shutdown.grace) and the node leaves the cluster; SIGKILL if it is still running after the bound
# (default 60 s; the other nodes then recover its runs).
#   bin/stop.sh [--timeout SECONDS]
set -euo pipefail
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bin/lib.sh
. "$bin/lib.sh"

usage_error() {
  echo "pacer: error: $1" >&2
  echo "usage: bin/stop.sh [--timeout SECONDS]" >&2
  exit 2
}

timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help)
      echo "usage: bin/stop.sh [--timeout SECONDS]"
      echo "Stops the node bin/start.sh --daemon started: SIGTERM, so running collections finish,"
      echo "then SIGKILL if it still runs after SECONDS (default 60)."
      exit 0 ;;
    --timeout)
      [ $# -gt 1 ] || usage_error "--timeout needs a number of seconds"
      timeout="$2"
      shift 2 ;;
    *) usage_error "unknown option '$1'" ;;
  esac
done
[[ "$timeout" =~ ^[0-9]+$ ]] || usage_error "--timeout takes whole seconds, not '$timeout'"

if ! pid=$(running_pid); then
  if [ -f "$pid_file" ]; then
    rm -f "$pid_file"
    echo "pacer: not running (removed a stale pid file)"
  else
    echo "pacer: not running"
  fi
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 1 $((timeout * 5))); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pid_file"
    echo "pacer: stopped (pid $pid)"
    exit 0
  fi
  sleep 0.2
done
echo "pacer: still running after ${timeout} s; killing pid $pid (other nodes recover its runs)" >&2
kill -KILL "$pid" 2>/dev/null || true
while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
rm -f "$pid_file"
echo "pacer: killed (pid $pid)"
