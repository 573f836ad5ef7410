#!/usr/bin/env bash
# Installs every Debian package that hostwall needs to build, test and run.
# Safe to run again: apt-get skips what is already installed, groupadd is guarded.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config
  # libraries
  libexpected-dev nlohmann-json3-dev libcli11-dev zlib1g-dev
  libnftables-dev libnftnl-dev libmnl-dev
  libnetfilter-log-dev libnetfilter-conntrack-dev
  libbpf-dev clang llvm bpftool
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # runtime and the test lab
  nftables iproute2 util-linux procps iputils-ping netcat-openbsd socat conntrack
  # desktop notifications of the Security Alert (gdbus), and a private bus for their test
  libglib2.0-bin dbus-daemon dbus-bin
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Members of this group may change the firewall through the control socket.
getent group hostwall >/dev/null || groupadd --system hostwall
