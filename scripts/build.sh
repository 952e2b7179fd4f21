#!/usr/bin/env bash
# Configures and builds fgform with CMake + Ninja into build/<preset> (debug, release, or fuzz:
# the libFuzzer targets only, with clang).
set -euo pipefail
preset="${1:-release}"
cd "$(dirname "$0")/.."
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -- -j"$(nproc)"
