#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
# Needs root: the integration tests make network namespaces of their own (never touching the
# root namespace's firewall or network).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
