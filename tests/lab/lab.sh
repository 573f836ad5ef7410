#!/usr/bin/env bash
# The hostwall test lab: network namespaces wired as a small site, for real packets.
#
#   lab.sh up PREFIX      create the lab; every namespace is named PREFIX-<role>
#   lab.sh down PREFIX    remove it (safe to run twice, and after a failed `up`)
#   lab.sh exec PREFIX ROLE CMD...   run CMD in a role's namespace
#
# Roles and addresses (the only ones the lab uses):
#   host    lan0 10.61.1.1/24 fd61:1::1/64   wan0 10.61.2.1/24, default via 10.61.2.2
#   lan     lan0 10.61.1.2/24 fd61:1::2/64   (same link as host: local subnet)
#   router  wan0 10.61.2.2/24                far0 10.61.3.1/24, forwarding on, 10.61.1.0/24 via host
#   far     far0 10.61.3.2/24, default via 10.61.3.1 (two hops away: not local subnet)
set -euo pipefail

usage() { echo "usage: $0 up|down PREFIX | exec PREFIX ROLE CMD..." >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1 prefix=$2
case "$prefix" in *[!A-Za-z0-9_-]* | "") echo "bad prefix '$prefix'" >&2; exit 2 ;; esac
ns() { echo "$prefix-$1"; }

down() {
  for role in host lan router far; do ip netns del "$(ns "$role")" 2>/dev/null || true; done
}

up() {
  down
  trap 'down' ERR
  for role in host lan router far; do
    ip netns add "$(ns "$role")"
    ip -n "$(ns "$role")" link set lo up
    # No duplicate address detection: IPv6 is usable as soon as the links are up.
    ip netns exec "$(ns "$role")" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
      net.ipv6.conf.default.accept_dad=0
  done
  ip link add lan0 netns "$(ns host)" type veth peer name lan0 netns "$(ns lan)"
  ip link add wan0 netns "$(ns host)" type veth peer name wan0 netns "$(ns router)"
  ip link add far0 netns "$(ns router)" type veth peer name far0 netns "$(ns far)"

  ip -n "$(ns host)" addr add 10.61.1.1/24 dev lan0
  ip -n "$(ns host)" addr add fd61:1::1/64 dev lan0 nodad
  ip -n "$(ns host)" addr add 10.61.2.1/24 dev wan0
  ip -n "$(ns lan)" addr add 10.61.1.2/24 dev lan0
  ip -n "$(ns lan)" addr add fd61:1::2/64 dev lan0 nodad
  ip -n "$(ns router)" addr add 10.61.2.2/24 dev wan0
  ip -n "$(ns router)" addr add 10.61.3.1/24 dev far0
  ip -n "$(ns far)" addr add 10.61.3.2/24 dev far0

  for pair in host:lan0 host:wan0 lan:lan0 router:wan0 router:far0 far:far0; do
    ip -n "$(ns "${pair%%:*}")" link set "${pair#*:}" up
  done
  ip -n "$(ns host)" route add default via 10.61.2.2
  ip -n "$(ns far)" route add default via 10.61.3.1
  ip -n "$(ns router)" route add 10.61.1.0/24 via 10.61.2.1
  ip netns exec "$(ns router)" sysctl -qw net.ipv4.ip_forward=1
  trap - ERR
}

case "$action" in
  up) up ;;
  down) down ;;
  exec)
    [ $# -ge 4 ] || usage
    role=$3; shift 3
    exec ip netns exec "$(ns "$role")" "$@"
    ;;
  *) usage ;;
esac
