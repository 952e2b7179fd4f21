#!/usr/bin/env bash
# The main job: install, build, start fgform-emulator on a free loopback port with its data
# under .fgform/emulator, and run a signed request sequence against it (fgform-smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release

bin=build/release
data=.fgform/emulator
mkdir -p "$data"
export HW_ACCESS_KEY="${HW_ACCESS_KEY:-QUICKSTARTAK0000001}"
export HW_SECRET_KEY="${HW_SECRET_KEY:-quickstart-secret-key}"
export HW_REGION_NAME="${HW_REGION_NAME:-cn-north-4}"

out="$(mktemp)"
"$bin/emulator/fgform-emulator" --listen 127.0.0.1:0 --data "$data" >"$out" &
emulator_pid=$!
trap 'kill -TERM "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.05; done
line="$(head -n1 "$out")"
echo "quickstart: using the local emulator, not a cloud account: $line (data in $data)"
export FGFORM_ENDPOINT="${line#listening on }"
"$bin/examples/fgform-smoke"
