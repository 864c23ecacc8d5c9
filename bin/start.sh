#!/usr/bin/env bash
# Runs a Pacer node; bin/start.sh --help tells how.
set -euo pipefail
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<'EOF'
Usage: bin/start.sh [--daemon] [--demo] [-c FILE]
Runs a Pacer node.

  (no --daemon)    In the foreground, logging to standard output; Ctrl-C or SIGTERM stops it
                   gracefully (running collections finish within shutdown.grace).
  --daemon         In the background, in a session of its own: pid in var/pacer.pid, log in
                   var/log/pacer.log. bin/stop.sh stops it gracefully, bin/status.sh tells
                   whether it runs.
  --demo           Also load the seed's 20 demo items (item0..item19, every 10 s) when the
                   history table is empty.
  -c, --config FILE
                   Configuration file (default: $PACER_CONFIG, else conf/pacer.properties).
  -h, --help       Show this help.

Every key of the configuration can be set by a PACER_<KEY> environment variable instead
(db.url: PACER_DB_URL). Exit code 1: the node could not start or is already running;
2: a wrong option.
EOF
}

usage_error() {
  echo "pacer: error: $1" >&2
  echo "(bin/start.sh --help describes the options)" >&2
  exit 2
}

daemon=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --daemon) daemon=true ;;
    --demo | --config=*) args+=("$1") ;;
    -c | --config)
      [ $# -gt 1 ] || usage_error "$1 needs a FILE"
      args+=("$1" "$2")
      shift ;;
    *) usage_error "unknown option '$1'" ;;
  esac
  shift
done
if ! $daemon; then
  exec "$bin/pacer" node ${args[@]+"${args[@]}"}
fi

# shellcheck source=bin/lib.sh
. "$bin/lib.sh"
mkdir -p "$log_dir"
exec 9>"$var_dir/pacer.lock"
command -v flock >/dev/null && flock 9  # two starts at once: one checks and starts, then the other

if pid=$(running_pid); then
  echo "pacer: error: already running (pid $pid); bin/stop.sh stops it" >&2
  exit 1
fi
rm -f "$pid_file"
# Builds the distribution first if needed, here in the foreground where a failed build shows.
"$bin/pacer" --version >/dev/null

# Only what this start appends to the log counts below.
log_offset=$(stat -c %s "$log_dir/pacer.log" 2>/dev/null || echo 0)
# Its own session, so the terminal's hang-up or Ctrl-C never reaches it; the JVM's own output
# (before logging starts, or a crash) goes to pacer.out, every log line to pacer.log.
PACER_OPTS="${PACER_OPTS:-} -Dpacer.log=file -Dpacer.log.dir=$log_dir" \
  setsid "$bin/pacer" node ${args[@]+"${args[@]}"} >>"$log_dir/pacer.out" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" >"$pid_file"

# A bad configuration or a port in use ends it within seconds: report that here, not later.
for _ in $(seq 1 100); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pid_file"
    echo "pacer: error: the node exited at start; the end of var/log/pacer.out and var/log/pacer.log:" >&2
    tail -n 20 "$log_dir/pacer.out" >&2 || true
    tail -n 20 "$log_dir/pacer.log" >&2 2>/dev/null || true
    exit 1
  fi
  if tail -c +$((log_offset + 1)) "$log_dir/pacer.log" 2>/dev/null | grep -q "Node .* is up"; then
    echo "pacer: started (pid $pid); log: var/log/pacer.log"
    exit 0
  fi
  sleep 0.2
done
echo "pacer: started (pid $pid), still starting (waiting for the database?); log: var/log/pacer.log"
