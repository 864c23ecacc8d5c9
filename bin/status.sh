#!/usr/bin/env bash
# Whether the node bin/start.sh --daemon started is running, with LSB's exit codes: 0 running,
# 1 not running but a stale pid file was left (now removed), 3 not running.
# The cluster's state is another command: bin/pacer status.
set -euo pipefail
bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bin/lib.sh
. "$bin/lib.sh"

if pid=$(running_pid); then
  echo "pacer: running (pid $pid); log: var/log/pacer.log"
  exit 0
fi
if [ -f "$pid_file" ]; then
  rm -f "$pid_file"
  echo "pacer: not running (it died: removed the stale pid file; see var/log/pacer.log)"
  exit 1
fi
echo "pacer: not running"
exit 3
