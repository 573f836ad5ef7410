#!/usr/bin/env bash
# Installs, builds, and runs hostwalld protecting the host of a demo lab (tests/lab/lab.sh),
# then shows real traffic from the lab's peers meeting the Windows XP SP2 firewall. Everything
# it creates is removed on exit, even after a failure; the root namespace is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh

lab=tests/lab/lab.sh
prefix=hw-demo-$$
work=$(mktemp -d /tmp/hostwall-demo-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$lab" down "$prefix"
  rm -rf "$work"
}
trap cleanup EXIT

"$lab" up "$prefix"
"$lab" exec "$prefix" host build/src/hostwalld --state-dir "$work/state" \
  --socket "$work/hostwalld.sock" --log-dir "$work/log" 2>"$work/hostwalld.stderr" &
pids+=($!)
for port in 445 8080; do
  "$lab" exec "$prefix" host build/tests/hw_probe serve "$port" 120 &
  pids+=($!)
done
for _ in $(seq 100); do [ -S "$work/hostwalld.sock" ] && break; sleep 0.05; done

export HOSTWALL_SOCKET="$work/hostwalld.sock"
netsh() { echo "+ hostwall netsh firewall $*"; build/src/hostwall netsh firewall "$@"; }
probe() {  # probe ROLE KIND ADDRESS [PORT]
  local result=dropped
  if [ "$2" = ping ]; then
    "$lab" exec "$prefix" "$1" ping -n -q -c1 -W0.4 "$3" >/dev/null && result=answered
  else
    "$lab" exec "$prefix" "$1" build/tests/hw_probe "$2" "$3" "$4" 400 && result=answered
  fi
  printf '    %-4s -> %-16s %-5s %-5s %s\n' "$1" "$3" "$2" "${4:-}" "$result"
}

netsh set logging droppedpackets=enable connections=enable
echo "== The XP SP2 defaults: everything unsolicited is dropped, silently"
probe lan tcp 10.61.1.1 445; probe lan ping 10.61.1.1; probe far tcp 10.61.2.1 8080

echo "== File and Printer Sharing: open to the local subnet only, and echo comes with TCP 445"
netsh set service type=fileandprint mode=enable
probe lan tcp 10.61.1.1 445; probe lan tcp fd61:1::1 445; probe lan ping 10.61.1.1
probe far tcp 10.61.2.1 445

echo "== A port opening for the migration console's status updates, from one far computer"
netsh add portopening TCP 8080 "Alter-Ego status" ENABLE CUSTOM 10.61.3.2
probe far tcp 10.61.2.1 8080; probe lan tcp 10.61.1.1 8080

echo "== A program exception: the console's server may listen on any port; a copy of it may not"
mkdir -p "$work/bin"
cp build/tests/hw_probe "$work/bin/console-server"
cp build/tests/hw_probe "$work/bin/copy-of-server"
netsh add allowedprogram program="$work/bin/console-server" name="Migration console"
"$lab" exec "$prefix" host "$work/bin/console-server" serve 7000 60 &
pids+=($!)
"$lab" exec "$prefix" host "$work/bin/copy-of-server" serve 7001 60 &
pids+=($!)
sleep 0.3
probe far tcp 10.61.2.1 7000; probe far udp 10.61.2.1 7000; probe far tcp 10.61.2.1 7001
echo "+ hostwall diagnose"
build/src/hostwall diagnose | grep -E "Proto|console|copy-of|netsh"

echo "== Don't allow exceptions: every exception closes at once"
netsh set opmode mode=enable exceptions=disable
probe lan tcp 10.61.1.1 445; probe far tcp 10.61.2.1 8080
netsh set opmode mode=enable exceptions=enable

netsh show state
echo "== pfirewall.log: what was dropped and opened, and what would let the drops in"
sed -n '1,4p;$p' "$work/log/pfirewall.log"
build/src/hostwall log summary --top 3
build/src/hostwall log suggest --top 2
echo "== A command with a mistake is refused and changes nothing"
build/src/hostwall netsh firewall add portopening TCP 80 || echo "(exit status $?)"
echo "== The table in the kernel (one inet table, ports in one verdict map)"
"$lab" exec "$prefix" host nft list table inet hostwall | sed -n '1,12p;/map ports/,/}/p'
