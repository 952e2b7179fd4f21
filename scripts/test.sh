#!/usr/bin/env bash
# Installs the dependencies, builds (debug, warnings as errors) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh debug
ctest --preset debug -j"$(nproc)"
