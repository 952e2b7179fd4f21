#!/usr/bin/env bash
# fgform apply killed with SIGKILL in the middle of creating functions, then run again: the
# next apply adopts what the killed one created but never recorded (issue 12, item 3), so there
# is no orphan, no duplicate and no 409 "already exists".
#
#   fgform_crash_recovery_test.sh FGFORM EMULATOR API [FUNCTIONS KILLS LATENCY_MS]
#
# Part 1 (deterministic): with 1.5 s of emulator latency, the apply is killed right after the
# platform made the function (its POST was handled) and before fgform recorded it. The next
# apply says "Adopted ..." and converges; the function exists once.
# Part 2 (the acceptance run, smaller by default): FUNCTIONS functions at LATENCY_MS, an apply
# killed KILLS times at spread-out moments, each time resumed from the state it left; then a
# final apply. Prints one result line: functions on the platform, in the state, adoptions.
set -euo pipefail
fgform="$1"
emulator="$2"
api="$3"
functions="${4:-30}"
kills="${5:-3}"
latency="${6:-50}"

source "$(dirname "$0")/terraform_env.sh"
make_workdir
export NO_COLOR=1 HW_ACCESS_KEY=E2ECRASHAK000000001 HW_SECRET_KEY=e2e-crash-secret HW_REGION_NAME=cn-north-4
unset TF_CLI_CONFIG_FILE

write_config() {  # $1: function count
  {
    provider_config
    echo
    cat <<TF
resource "functiongraph_function" "f" {
  count       = $1
  name        = "crash-\${count.index}"
  runtime     = "Python3.9"
  memory_size = 256
  timeout     = 30
  inline_code = "def handler(event, context):\\n    return 1\\n"
  tags = {
    team = "platform"
  }
}
TF
  } >main.tf
}

platform_functions() {  # how many functions the platform has
  "$api" GET "/v2/{project_id}/fgs/functions?maxitems=400" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("functions") or []))'
}

route_count() {  # $1: route name in /_emulator/stats
  curl -s "$url/_emulator/stats" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["routes"].get(sys.argv[1], 0))' "$1"
}

# --- Part 1: killed between the create and its record --------------------------------------
FGFORM_EMULATOR_FLAGS="--latency-ms 1500" start_emulator "$emulator"
export FGFORM_ENDPOINT="$url"
mkdir "$work/one" && cd "$work/one"
write_config 1
"$fgform" init >/dev/null
"$fgform" apply -auto-approve >apply1.txt 2>&1 &
apply_pid=$!
create_route="POST /v2/{project_id}/fgs/functions"
for _ in $(seq 1 400); do
  [ "$(route_count "$create_route")" -ge 1 ] && break
  sleep 0.05
done
[ "$(route_count "$create_route")" -ge 1 ] || { kill -9 "$apply_pid"; cat apply1.txt; fail "the create never came"; }
sleep 0.5  # the POST is handled at once; the next call (configuration) waits 1.5 s
kill -9 "$apply_pid"
wait "$apply_pid" 2>/dev/null || true
[ "$(platform_functions)" = 1 ] || fail "the killed apply did not create the function"
grep -q '"fgform_pending_creates"\|set_pending' terraform.tfstate .terraform.tfstate.fgform-journal 2>/dev/null ||
  fail "no pending-create record survived the kill"

"$fgform" apply -auto-approve >apply2.txt 2>&1 || { cat apply2.txt; fail "the apply after the kill failed"; }
grep -q 'Adopted an object created by an interrupted run' apply2.txt || { cat apply2.txt; fail "no adoption line"; }
grep -q 'functiongraph_function.f\[0\]' apply2.txt || { cat apply2.txt; fail "the adoption does not name the address"; }
if grep -qi 'already exists' apply2.txt; then cat apply2.txt; fail "409 after the kill"; fi
[ "$(platform_functions)" = 1 ] || fail "a second function was created"
[ "$("$fgform" state list | grep -c '^functiongraph_function.f')" = 1 ] || fail "state does not hold the function"
grep -q fgform_pending_creates terraform.tfstate && fail "the pending record stayed after the adoption"
# Adopted and brought to the configuration: nothing left to do.
set +e
"$fgform" plan -detailed-exitcode >plan1.txt 2>&1; rc=$?
set -e
[ "$rc" = 0 ] || { cat plan1.txt; fail "plan after the adoption exited $rc, want 0 (no changes)"; }
kill -TERM "$emulator_pid" && wait "$emulator_pid" 2>/dev/null || true
emulator_pid=""

# --- Part 2: many functions, killed at several moments -------------------------------------
rm -rf "$work/emulator"
FGFORM_EMULATOR_FLAGS="--latency-ms $latency" start_emulator "$emulator"
export FGFORM_ENDPOINT="$url"
mkdir "$work/many" && cd "$work/many"
write_config "$functions"
"$fgform" init >/dev/null
adoptions=0
for k in $(seq 1 "$kills"); do
  "$fgform" apply -auto-approve -parallelism=10 >"kill$k.txt" 2>&1 &
  apply_pid=$!
  # Spread the kills over the run: each waits until more of the functions exist.
  target=$(( functions * k / (kills + 1) ))
  for _ in $(seq 1 1200); do
    [ "$(platform_functions)" -ge "$target" ] && break
    kill -0 "$apply_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -9 "$apply_pid" 2>/dev/null || true
  wait "$apply_pid" 2>/dev/null || true
  n=$(grep -c 'Adopted an object created by an interrupted run' "kill$k.txt" || true)
  adoptions=$((adoptions + n))
  if grep -qi 'already exists' "kill$k.txt"; then cat "kill$k.txt"; fail "409 in run $k"; fi
done
"$fgform" apply -auto-approve -parallelism=10 >final.txt 2>&1 || { cat final.txt; fail "the final apply failed"; }
n=$(grep -c 'Adopted an object created by an interrupted run' final.txt || true)
adoptions=$((adoptions + n))
on_platform="$(platform_functions)"
in_state="$("$fgform" state list | grep -c '^functiongraph_function.f')"
echo "RESULT functions=$functions kills=$kills latency_ms=$latency on_platform=$on_platform in_state=$in_state adoptions=$adoptions"
[ "$on_platform" = "$functions" ] || fail "$on_platform functions on the platform, want $functions (orphans or duplicates)"
[ "$in_state" = "$functions" ] || fail "$in_state functions in the state, want $functions"
set +e
"$fgform" plan -detailed-exitcode >plan2.txt 2>&1; rc=$?
set -e
[ "$rc" = 0 ] || { cat plan2.txt; fail "plan after recovery exited $rc, want 0"; }
echo "PASS: crash recovery"
