#!/usr/bin/env bash
# Installs the dependencies, builds (debug, warnings as errors), builds the fuzz targets (clang,
# ASan/UBSan: their smoke runs are tests of the suite, docs/fuzzing.md) and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh debug
bash scripts/build.sh fuzz
ctest --preset debug -j"$(nproc)"
