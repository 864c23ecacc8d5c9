# Shared by bin/start.sh, bin/stop.sh and bin/status.sh (sourced, not run): where the daemon's pid
# file and logs are, and whether the pid in the file is a live Pacer node.
PACER_HOME="${PACER_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export PACER_HOME
var_dir="$PACER_HOME/var"
pid_file="$var_dir/pacer.pid"
log_dir="$var_dir/log"

# Is this pid a Pacer node? A live pid alone is not enough: after a reboot or a crash the pid in a
# stale file may belong to anything. (While bin/pacer starts it is still the bash script.)
is_pacer() {
  local args
  args=$(ps -o args= -p "$1" 2>/dev/null) || return 1
  [[ "$args" == *"dev.pacer.cli.Main node"* || "$args" == *"bin/pacer node"* ]]
}

# Prints the pid of the running daemon; fails if the pid file is absent or stale.
running_pid() {
  local pid
  [ -f "$pid_file" ] || return 1
  pid=$(tr -dc '0-9' <"$pid_file")
  [ -n "$pid" ] && is_pacer "$pid" || return 1
  echo "$pid"
}
