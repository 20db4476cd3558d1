# Shared by the lab scripts (sourced, not run). Bash; needs root.
#
# A lab is identified by its name prefix (namespaces <prefix>-pve, <prefix>-101, ...) and its
# directory (state, PIDs, logs, configs, PKI, lab.json). Everything a lab creates is recorded in
# <dir>/state and <dir>/pids so that 'down' removes exactly that and nothing else.

set -euo pipefail

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${DTLAB_PYTHON:-/usr/bin/python3}
[[ -x $PYTHON ]] || PYTHON=$(command -v python3 || true)
CMD_TIMEOUT=${DTLAB_CMD_TIMEOUT:-20}

PREFIX=${DTLAB_PREFIX:-dtlab}
SUBNET=${DTLAB_SUBNET:-10.213.0.0/24}
TTL=${DTLAB_TTL:-2h}
DIR=${DTLAB_DIR:-}
PURGE=0
ARGS=()

say() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { say "$*"; exit 1; }

# Runs a command bounded in time.
t() { timeout --kill-after=5 "$CMD_TIMEOUT" "$@"; }

# Re-executes the calling script under an overall time limit (once). After the limit, or Ctrl-C,
# the script gets TERM (INT) and up to TEARDOWN_GRACE seconds for its teardown before KILL: a
# teardown cut short would leave namespaces and daemons behind.
TEARDOWN_GRACE=90
bound_script() {
  local limit=$1; shift
  if [[ -z ${DTLAB_BOUNDED:-} ]]; then
    export DTLAB_BOUNDED=1
    exec timeout --kill-after="$TEARDOWN_GRACE" "$limit" "$0" "$@"
  fi
}

parse_common_args() {
  while (($#)); do
    case $1 in
      --prefix) PREFIX=$2; shift 2 ;;
      --prefix=*) PREFIX=${1#*=}; shift ;;
      --dir) DIR=$2; shift 2 ;;
      --dir=*) DIR=${1#*=}; shift ;;
      --subnet) SUBNET=$2; shift 2 ;;
      --subnet=*) SUBNET=${1#*=}; shift ;;
      --ttl) TTL=$2; shift 2 ;;
      --ttl=*) TTL=${1#*=}; shift ;;
      --purge) PURGE=1; shift ;;
      -h|--help) usage; exit 0 ;;
      --) shift; ARGS+=("$@"); break ;;
      -*) die "unknown option $1 (see --help)" ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
  [[ $PREFIX =~ ^[a-z][a-z0-9]{1,11}$ ]] \
    || die "--prefix must be 2-12 lower-case letters or digits, starting with a letter (was '$PREFIX')"
  DIR=${DIR:-/tmp/droptrace-lab/$PREFIX}
  [[ $DIR == /* && $DIR != / ]] || die "--dir must be an absolute path other than / (was '$DIR')"
  HV_NS=$PREFIX-pve
  STATE=$DIR/state
}

# The lifetime of the lab's daemons: a duration for timeout(1), but not 0 (which timeout takes as
# "no limit": lab daemons must end by themselves).
require_ttl() {
  [[ $TTL =~ ^[0-9]+(\.[0-9]+)?[smhd]?$ && ! $TTL =~ ^0*(\.0*)?[smhd]?$ ]] \
    || die "--ttl must be a duration above zero as for timeout(1), such as 90m or 2h (was '$TTL')"
}

require_root() {
  [[ $(id -u) -eq 0 ]] || die "the lab needs root (network namespaces, bridges, netfilter)"
}

require_tools() {
  local missing=() tool
  for tool in ip bridge iptables-nft-restore nft dnsmasq openssl nc curl timeout setsid ss getent; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [[ -n $PYTHON && -x $PYTHON ]] || missing+=(python3)
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (Debian: iproute2 iptables nftables dnsmasq-base openssl netcat-openbsd curl python3)"
}

# state file: KEY=VALUE lines
state_get() {
  [[ -f $STATE ]] || return 0
  sed -n "s/^$1=//p" "$STATE" | tail -n 1
}

state_set() {
  local key=$1 value=$2
  mkdir -p "$DIR"
  touch "$STATE"
  if grep -q "^$key=" "$STATE"; then
    sed -i "s|^$key=.*|$key=$value|" "$STATE"
  else
    printf '%s=%s\n' "$key" "$value" >>"$STATE"
  fi
}

ns_exists() { [[ -e /run/netns/$1 ]]; }

ns_inode() { stat -L -c %i "/run/netns/$1" 2>/dev/null || true; }

# Is namespace $1 one this lab created? (its name and its inode are recorded in the state)
ns_is_ours() {
  local ns=$1 recorded
  ns_exists "$ns" || return 1
  recorded=$(state_get "NSINODE_${ns//-/_}")
  [[ -n $recorded && $recorded == "$(ns_inode "$ns")" ]]
}

# Is process $1 inside namespace $2 (by the namespace's inode)?
pid_in_ns() {
  local pid=$1 ns=$2 link
  link=$(readlink "/proc/$pid/ns/net" 2>/dev/null) || return 1
  [[ $link == "net:[$(ns_inode "$ns")]" ]]
}

pid_alive() {
  local pid=$1 stat
  stat=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $stat != Z && $stat != X ]]
}

# Stops recorded daemons ("PID NS NAME" triples): each only if it is still inside the lab
# namespace it was started in. All get TERM at once, then (bounded) KILL for any that linger.
stop_pids() {
  local -a pending=()
  local pid ns name i entry
  while read -r pid ns name; do
    [[ -n $pid ]] || continue
    pid_alive "$pid" || continue
    if ! pid_in_ns "$pid" "$ns"; then
      say "not stopping PID $pid ($name): it is not inside lab namespace $ns"
      continue
    fi
    kill -TERM "$pid" 2>/dev/null || true
    pending+=("$pid $name")
  done
  for ((i = 0; i < 50 && ${#pending[@]} > 0; i++)); do
    local -a still=()
    for entry in "${pending[@]}"; do
      pid_alive "${entry%% *}" && still+=("$entry")
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} == 0)) || sleep 0.1
  done
  for entry in "${pending[@]+"${pending[@]}"}"; do
    say "PID ${entry%% *} (${entry#* }) ignored TERM; killing it"
    kill -KILL "${entry%% *}" 2>/dev/null || true
  done
}

stop_pid() { printf '%s %s %s\n' "$1" "$2" "$3" | stop_pids; }

# Starts a daemon in a namespace, bounded by the lab's TTL (or $DAEMON_TTL), and records its PID.
# The PID is that of 'timeout', which runs inside the namespace and passes signals on to the
# daemon. Output goes to <dir>/logs/<name>.log (or $DAEMON_OUT).
start_daemon() {
  local name=$1 ns=$2; shift 2
  local out=${DAEMON_OUT:-$DIR/logs/$name.log}
  mkdir -p "$DIR/pids" "$DIR/logs"
  setsid ip netns exec "$ns" timeout --kill-after=5 "${DAEMON_TTL:-$TTL}" "$@" \
    </dev/null >>"$out" 2>&1 &
  local pid=$!
  printf '%s %s %s\n' "$pid" "$ns" "$name" >"$DIR/pids/$name.pid"
}

# Waits (bounded) until a TCP or UDP port listens inside a namespace.
wait_listening() {
  local ns=$1 proto=$2 port=$3 name=$4 i flag=-Hltn
  [[ $proto == udp ]] && flag=-Hlun
  for ((i = 0; i < 100; i++)); do
    if [[ -n $(t ip netns exec "$ns" ss "$flag" "sport = :$port" 2>/dev/null) ]]; then
      return 0
    fi
    sleep 0.1
  done
  say "--- $DIR/logs/$name.log"; tail -n 20 "$DIR/logs/$name.log" >&2 || true
  die "$name did not start listening on $proto/$port in $ns"
}

# Lab namespaces as recorded in the state (or as they would be named, if there is no state).
lab_namespaces() {
  local recorded
  recorded=$(state_get NAMESPACES)
  if [[ -n $recorded ]]; then
    echo "$recorded"
  fi
}

# Tears down everything the state records: daemons (logger first, so it writes its stop lines),
# strays inside lab namespaces, the namespaces, the per-namespace resolv.conf.
teardown() {
  local f pid ns name namespaces
  namespaces=$(lab_namespaces)
  if [[ -d $DIR/pids ]]; then
    # The trace monitor and the logger first (the logger writes its stop lines), then the rest.
    for f in "$DIR/pids/trace-monitor.pid" "$DIR/pids/pvefw-logger.pid"; do
      if [[ -f $f ]]; then stop_pids <"$f"; fi
      rm -f "$f"
    done
    { cat "$DIR"/pids/*.pid 2>/dev/null || true; } | stop_pids
    rm -f "$DIR"/pids/*.pid
  fi
  for ns in $namespaces; do
    ns_is_ours "$ns" || continue
    for pid in $(t ip netns pids "$ns" 2>/dev/null || true); do
      say "stopping stray PID $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60)) inside $ns"
      printf '%s %s stray\n' "$pid" "$ns"
    done | stop_pids
  done
  for ns in $namespaces; do
    if ns_is_ours "$ns"; then
      t ip netns del "$ns" || say "could not delete namespace $ns"
    elif ns_exists "$ns"; then
      say "namespace $ns exists but is not this lab's (other inode): left alone"
      continue # its /etc/netns files too
    fi
    if [[ -f /etc/netns/$ns/resolv.conf && $(state_get RESOLV) == 1 ]]; then
      rm -f "/etc/netns/$ns/resolv.conf"
      rmdir "/etc/netns/$ns" 2>/dev/null || true
    fi
  done
  [[ -f $STATE ]] && state_set STATUS down
  return 0
}
