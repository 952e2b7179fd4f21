#!/usr/bin/env bash
# The main job: install, build, and apply examples/quickstart with fgform against its embedded
# emulator of the platform (embedded_emulator = true: no cloud account; data and state stay in
# examples/quickstart/.fgform and terraform.tfstate). Then plan again: nothing left to do.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release

fgform="$PWD/build/release/engine/cli/fgform"
cd examples/quickstart
"$fgform" init
"$fgform" apply -auto-approve
"$fgform" plan -detailed-exitcode
