#!/usr/bin/env bash
# Installs, builds, and runs hostwalld in a demo lab namespace of its own, then shows a short
# netsh session against it. Everything it creates is removed on exit, even after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh

host=hw-demo-host-$$
peer=hw-demo-peer-$$
work=$(mktemp -d /tmp/hostwall-demo-XXXXXX)
daemon_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  ip netns del "$host" 2>/dev/null || true
  ip netns del "$peer" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$host"
ip netns add "$peer"
ip link add lan0 netns "$host" type veth peer name lan0 netns "$peer"
ip -n "$host" addr add 10.61.1.1/24 dev lan0
ip -n "$peer" addr add 10.61.1.2/24 dev lan0
for ns in "$host" "$peer"; do ip -n "$ns" link set lo up; ip -n "$ns" link set lan0 up; done

ip netns exec "$host" build/src/hostwalld --state-dir "$work/state" --socket "$work/hostwalld.sock" \
  --log-dir "$work/log" 2>"$work/hostwalld.stderr" &
daemon_pid=$!
for _ in $(seq 100); do [ -S "$work/hostwalld.sock" ] && break; sleep 0.05; done

export HOSTWALL_SOCKET="$work/hostwalld.sock"
run() { echo "+ hostwall $*"; build/src/hostwall "$@"; }
run netsh firewall show state
run netsh firewall add portopening TCP 445 "Service Firewall" ENABLE ALL
run netsh firewall set service type=fileandprint mode=enable profile=all
run netsh firewall add allowedprogram program=/opt/alter-ego/console name="Alter-Ego Console"
run netsh firewall set icmpsetting type = 8 mode = enable interface = lan0
run netsh firewall show portopening
run netsh firewall show state
echo "+ hostwall netsh firewall add portopening TCP 80   (no name: refused, nothing changes)"
build/src/hostwall netsh firewall add portopening TCP 80 || echo "(exit code $?)"
run status
