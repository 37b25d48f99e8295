# A private Docker engine for tests (sourced by scripts/test-docker.sh).
#
#   engine_start <dir>   containerd + dockerd with every path under <dir>;
#                        exports DOCKER_HOST for this process only
#   engine_stop          stops exactly those two processes (by PID), then
#                        removes the interfaces and iptables rules they made
#
# Never the default socket: other test suites on the same host choose their
# PostgreSQL by probing /var/run/docker.sock, so a daemon there would change
# them. Docker's host-wide traces (bridges, iptables chains, ip_forward) are
# recorded before the start and put back after the stop.

ENGINE_DIR=""
ENGINE_CONTAINERD_PID=""
ENGINE_DOCKERD_PID=""

# Running: neither gone nor a zombie waiting for this shell to reap it.
engine_running() {
  local state
  state="$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" && [ "$state" != Z ]
}

engine_wait_socket() { # <socket> <pid> <name> <log>
  for _ in $(seq 1 120); do
    [ -S "$1" ] && return 0
    if ! engine_running "$2"; then
      echo "test-docker: $3 exited during start-up; its log ($4):" >&2
      tail -n 30 "$4" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "test-docker: $3 did not open $1 within 60 s; its log ($4):" >&2
  tail -n 30 "$4" >&2
  return 1
}

engine_start() {
  ENGINE_DIR="$1"
  mkdir -p "$ENGINE_DIR"/{containerd/root,containerd/state,containerd/opt,data,exec,client}
  ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort >"$ENGINE_DIR/links.before"
  iptables-save >"$ENGINE_DIR/iptables.before"
  cat /proc/sys/net/ipv4/ip_forward >"$ENGINE_DIR/ip_forward.before"

  cat >"$ENGINE_DIR/containerd.toml" <<EOF
version = 2
root = "$ENGINE_DIR/containerd/root"
state = "$ENGINE_DIR/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$ENGINE_DIR/containerd.sock"
[ttrpc]
  address = "$ENGINE_DIR/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$ENGINE_DIR/containerd/opt"
EOF
  containerd --config "$ENGINE_DIR/containerd.toml" --address "$ENGINE_DIR/containerd.sock" \
    --root "$ENGINE_DIR/containerd/root" --state "$ENGINE_DIR/containerd/state" >"$ENGINE_DIR/containerd.log" 2>&1 &
  ENGINE_CONTAINERD_PID=$!
  engine_wait_socket "$ENGINE_DIR/containerd.sock" "$ENGINE_CONTAINERD_PID" containerd "$ENGINE_DIR/containerd.log" || return 1

  # deprecated-key-path: otherwise dockerd 20.10 writes its trust key to /etc/docker/key.json.
  printf '{"deprecated-key-path": "%s"}\n' "$ENGINE_DIR/key.json" >"$ENGINE_DIR/daemon.json"
  dockerd -H "unix://$ENGINE_DIR/docker.sock" --data-root "$ENGINE_DIR/data" --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$ENGINE_DIR/docker.pid" --containerd "$ENGINE_DIR/containerd.sock" \
    --config-file "$ENGINE_DIR/daemon.json" >"$ENGINE_DIR/dockerd.log" 2>&1 &
  ENGINE_DOCKERD_PID=$!
  engine_wait_socket "$ENGINE_DIR/docker.sock" "$ENGINE_DOCKERD_PID" dockerd "$ENGINE_DIR/dockerd.log" || return 1
  export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock" DOCKER_CONFIG="$ENGINE_DIR/client"
}

engine_stop_pid() { # <pid> <name>
  [ -n "$1" ] && engine_running "$1" || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 60); do
    if ! engine_running "$1"; then
      wait "$1" 2>/dev/null || true
      return 0
    fi
    sleep 0.5
  done
  echo "test-docker: $2 ($1) ignored SIGTERM for 30 s; sending SIGKILL" >&2
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Puts the filter and nat tables back as they were before dockerd started:
# a table the snapshot has is restored from it; one it lacks (dockerd
# created it) is emptied, its policies reset to ACCEPT, and dropped where
# the nft tool exists (iptables-nft cannot drop a table).
engine_restore_iptables() { # <snapshot>
  local table chain
  for table in filter nat; do
    grep -q "^\*$table\$" "$1" && continue
    iptables -w -t "$table" -F 2>/dev/null || continue
    iptables -w -t "$table" -X
    for chain in $(iptables -w -t "$table" -S | awk '$1 == "-P" {print $2}'); do iptables -w -t "$table" -P "$chain" ACCEPT; done
    if command -v nft >/dev/null; then nft delete table ip "$table" 2>/dev/null || true; fi
  done
  if [ -s "$1" ]; then iptables-restore -w <"$1" || echo "test-docker: could not restore iptables from $1" >&2; fi
}

engine_stop() {
  [ -n "$ENGINE_DIR" ] || return 0
  # Clean up as much as possible whatever fails (the caller may run set -e).
  local -
  set +e +o pipefail
  # Containers first, so their shims and docker-proxy processes end with them.
  if [ -n "$ENGINE_DOCKERD_PID" ] && engine_running "$ENGINE_DOCKERD_PID"; then
    local ids
    ids="$("${DOCKER:-docker}" ps -aq 2>/dev/null || true)"
    [ -z "$ids" ] || "${DOCKER:-docker}" rm -f $ids >/dev/null 2>&1 || true
    "${DOCKER:-docker}" network prune -f >/dev/null 2>&1 || true
  fi
  engine_stop_pid "$ENGINE_DOCKERD_PID" dockerd
  engine_stop_pid "$ENGINE_CONTAINERD_PID" containerd
  # Interfaces that appeared while the engine ran (docker0, br-*, veth*).
  ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort >"$ENGINE_DIR/links.after"
  comm -13 "$ENGINE_DIR/links.before" "$ENGINE_DIR/links.after" | while read -r link; do
    ip link delete "$link" 2>/dev/null || true
  done
  engine_restore_iptables "$ENGINE_DIR/iptables.before"
  cat "$ENGINE_DIR/ip_forward.before" >/proc/sys/net/ipv4/ip_forward 2>/dev/null || true
  # Mounts under the data root (overlay, shm, netns) must go before the folder can.
  awk -v dir="$ENGINE_DIR/" 'index($2, dir) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$ENGINE_DIR"
  ENGINE_DIR=""
}
