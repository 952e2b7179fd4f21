#!/usr/bin/env bash
# fgform on bad input: each case must give a clear diagnostic (checked by its text, and
# file:line where there is a place to point at), exit non-zero, and leave the state file
# byte-identical (cmp). Cases: a syntax error, an unknown attribute, a wrong type, reference
# cycles (locals, resources), a missing required variable, a corrupt (truncated) state file, a
# state file of a newer format, a lock held by another fgform run (with -lock-timeout), and an
# API failure in the middle of an apply, after which what was created is in the state.
set -euo pipefail
fgform="$1"
emulator="$2"

source "$(dirname "$0")/terraform_env.sh"
make_workdir
holder_pid=""
# Also stop the lock-holding fgform (and close its stdin) when the test ends.
before_cleanup() {
  [ -n "$holder_pid" ] && kill "$holder_pid" 2>/dev/null && wait "$holder_pid" 2>/dev/null
  exec 3>&- 2>/dev/null
  return 0
}
export NO_COLOR=1 HW_ACCESS_KEY=BADINPUTAK0000000001 HW_SECRET_KEY=bad-input-secret HW_REGION_NAME=cn-north-4
start_emulator "$emulator"
export TF_VAR_endpoint="$url"

mkdir "$work/cfg"
cd "$work/cfg"
{
  tf_endpoint_head
  cat <<'EOF'

resource "functiongraph_function" "base" {
  name        = "bad-input-base"
  runtime     = "Python3.9"
  memory_size = 128
  timeout     = 10
  inline_code = "def handler(event, context):\n    return 1\n"
}
EOF
} >main.tf
"$fgform" apply -auto-approve >apply.log 2>&1 || fail "setup apply: $(cat apply.log)"
cp terraform.tfstate "$work/good.tfstate"

# expect_failure NAME PATTERN... -- ARGS: runs `fgform ARGS`, which must exit non-zero, print
# every PATTERN (grep -E) on stdout+stderr, and leave terraform.tfstate and the lock free.
expect_failure() {
  local name="$1"; shift
  local patterns=()
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
  shift
  cp terraform.tfstate "$work/before.tfstate"
  local rc=0
  "$fgform" "$@" </dev/null >"$work/$name.log" 2>&1 || rc=$?
  [ "$rc" != 0 ] || fail "$name: fgform $* succeeded: $(cat "$work/$name.log")"
  for p in "${patterns[@]}"; do
    grep -Eq -- "$p" "$work/$name.log" || fail "$name: no \"$p\" in the output of fgform $*:
$(cat "$work/$name.log")"
  done
  grep -q "panic\|Segmentation\|terminate called" "$work/$name.log" && fail "$name: crashed: $(cat "$work/$name.log")"
  cmp -s "$work/before.tfstate" terraform.tfstate || fail "$name: the state file changed"
  [ ! -e .terraform.tfstate.lock.info ] || fail "$name: lock info left behind"
  echo "ok: $name (exit $rc)"
}

# 1. Syntax error: file and line.
printf 'resource "functiongraph_function" "broken" {\n  name =\n  runtime = "Python3.9"\n}\n' >bad.tf
expect_failure syntax "Error: " "on bad.tf line 2" -- apply -auto-approve
expect_failure syntax-plan "on bad.tf line 2" -- plan
expect_failure syntax-validate "on bad.tf line 2" -- validate

# 2. An attribute the resource does not have.
cat >bad.tf <<'EOF'
resource "functiongraph_function" "extra" {
  name        = "extra"
  runtime     = "Python3.9"
  colour      = "red"
  inline_code = "x"
}
EOF
expect_failure unknown-attribute "Error: Unsupported argument" "on bad.tf line 4" 'named "colour" is not expected' -- apply -auto-approve
expect_failure unknown-attribute-validate "Unsupported argument" "on bad.tf line 4" -- validate

# 3. A string where a number is needed.
cat >bad.tf <<'EOF'
resource "functiongraph_function" "extra" {
  name        = "extra"
  runtime     = "Python3.9"
  memory_size = "lots"
  inline_code = "x"
}
EOF
expect_failure wrong-type "Error: " "on bad.tf line 4" "memory_size" "number" -- apply -auto-approve
cp bad.tf "$work/wrong-type.tf"  # again in case 6

# 4. Cycles: two locals, then two resources.
cat >bad.tf <<'EOF'
locals {
  a = "${local.b}-a"
  b = "${local.a}-b"
}
EOF
expect_failure cycle-locals "Error: Cycle" "local\.a" "local\.b" -- apply -auto-approve
cat >bad.tf <<'EOF'
resource "functiongraph_function" "one" {
  name        = "one"
  runtime     = "Python3.9"
  inline_code = "x"
  description = functiongraph_function.two.urn
}

resource "functiongraph_function" "two" {
  name        = "two"
  runtime     = "Python3.9"
  inline_code = "x"
  description = functiongraph_function.one.urn
}
EOF
expect_failure cycle-resources "Error: Cycle" "functiongraph_function\.one" "functiongraph_function\.two" -- apply -auto-approve

# 5. A required variable with no value, input disabled.
cat >bad.tf <<'EOF'
variable "owner" {
  type = string
}
EOF
expect_failure missing-variable "Error: No value for required variable" 'variable "owner" is not set' -- apply -auto-approve -input=false
expect_failure missing-variable-plan "No value for required variable" "on bad.tf line 1" -- plan -input=false
rm bad.tf

# 6. A truncated state file: refused, left as it is.
head -c 200 "$work/good.tfstate" >terraform.tfstate
expect_failure corrupt-state "Failed to load state|Error loading state|[Ii]nvalid|unexpected end" "terraform.tfstate" -- plan
expect_failure corrupt-state-apply "terraform.tfstate" -- apply -auto-approve
expect_failure corrupt-state-list "terraform.tfstate" -- state list
# The state is read while the configuration is validated; what the state says still comes
# first, and alone: no configuration error is reported over a state that cannot be read.
cp "$work/wrong-type.tf" bad.tf
for cmd in plan drift; do
  expect_failure "corrupt-state-bad-config-$cmd" "terraform.tfstate" -- $cmd
  if grep -q "memory_size" "$work/corrupt-state-bad-config-$cmd.log"; then
    fail "corrupt-state-bad-config-$cmd: a configuration error was reported over the state's:
$(cat "$work/corrupt-state-bad-config-$cmd.log")"
  fi
done
rm bad.tf

# 7. A state file of a newer format version.
python3 - "$work/good.tfstate" >terraform.tfstate <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["version"] = 5
s["terraform_version"] = "9.0.0"
print(json.dumps(s, indent=2))
PY
expect_failure newer-state "newer version" "version 5" -- plan
expect_failure newer-state-apply "newer version" -- apply -auto-approve
cp "$work/good.tfstate" terraform.tfstate

# 8. A held lock: another fgform apply waits at its approval prompt (stdin open, no answer).
sed -i 's/memory_size = 128/memory_size = 256/' main.tf
mkfifo "$work/answer"
"$fgform" apply <"$work/answer" >"$work/holder.log" 2>&1 &
holder_pid=$!
exec 3>"$work/answer"   # the holder's stdin stays open: it waits for an answer
for _ in $(seq 1 300); do grep -q "Enter a value" "$work/holder.log" 2>/dev/null && break; sleep 0.05; done
grep -q "Enter a value" "$work/holder.log" || fail "the lock holder did not reach its prompt: $(cat "$work/holder.log")"
[ -e .terraform.tfstate.lock.info ] || fail "no lock info while an apply waits"
lock_id="$(python3 -c 'import json; print(json.load(open(".terraform.tfstate.lock.info"))["ID"])')"
cp terraform.tfstate "$work/before.tfstate"
start=$(date +%s%N)
rc=0
"$fgform" plan -lock-timeout=1s </dev/null >"$work/lock.log" 2>&1 || rc=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$rc" != 0 ] || fail "plan ran while the state was locked: $(cat "$work/lock.log")"
for p in "Error acquiring the state lock" "Lock Info:" "ID: *$lock_id" "Operation: *(OperationTypeApply|apply)" "Who: *[^ ]+@"; do
  grep -Eq "$p" "$work/lock.log" || fail "lock: no \"$p\" in: $(cat "$work/lock.log")"
done
[ "$elapsed_ms" -ge 900 ] && [ "$elapsed_ms" -lt 15000 ] ||
  fail "lock: -lock-timeout=1s gave up after ${elapsed_ms} ms"
cmp -s "$work/before.tfstate" terraform.tfstate || fail "lock: the state file changed"
rc=0
"$fgform" apply -auto-approve </dev/null >"$work/lock2.log" 2>&1 || rc=$?
[ "$rc" != 0 ] && grep -q "Error acquiring the state lock" "$work/lock2.log" ||
  fail "lock: apply ran while the state was locked: $(cat "$work/lock2.log")"
cmp -s "$work/before.tfstate" terraform.tfstate || fail "lock: the state file changed"
echo "ok: held lock (gave up after ${elapsed_ms} ms)"
# No answer (end of input): the holder cancels and releases the lock; nothing was applied.
exec 3>&-
rc=0
wait "$holder_pid" || rc=$?
holder_pid=""
[ "$rc" = 1 ] && grep -q "Apply cancelled" "$work/holder.log" || fail "the holder, unanswered, exited $rc: $(cat "$work/holder.log")"
[ ! -e .terraform.tfstate.lock.info ] || fail "the cancelled apply left its lock info"
"$fgform" plan -lock-timeout=5s >"$work/after-lock.log" 2>&1 || fail "plan after the holder died: $(cat "$work/after-lock.log")"
sed -i 's/memory_size = 256/memory_size = 128/' main.tf
cmp -s "$work/good.tfstate" terraform.tfstate || fail "lock: the state changed"

# 9. The platform refuses one resource in the middle of an apply: what was created before
# and beside it is in the state; its dependents were not attempted; the exit is non-zero.
cat >api.tf <<'EOF'
resource "functiongraph_function" "ok" {
  name        = "bad-input-ok"
  runtime     = "Python3.9"
  inline_code = "x"
}

resource "functiongraph_version" "v1" {
  function_urn = functiongraph_function.ok.urn
  version      = "v1"
}

# The platform refuses an alias to a version that does not exist (FSS.1052).
resource "functiongraph_alias" "broken" {
  function_urn = functiongraph_function.ok.urn
  name         = "broken"
  version      = "v9"
  depends_on   = [functiongraph_version.v1]
}

resource "functiongraph_trigger" "after_broken" {
  function_urn = functiongraph_alias.broken.alias_urn
  timer {
    name          = "t"
    schedule_type = "Rate"
    schedule      = "5m"
  }
}
EOF
rc=0
"$fgform" apply -auto-approve </dev/null >"$work/api.log" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "apply with a refused resource succeeded: $(cat "$work/api.log")"
grep -q "Error: " "$work/api.log" && grep -q "FSS.1052\|v9" "$work/api.log" ||
  fail "the platform's refusal is not reported: $(cat "$work/api.log")"
grep -Eq 'on api.tf line 13, in resource "functiongraph_alias" "broken"' "$work/api.log" || fail "the refused resource is not named: $(cat "$work/api.log")"
"$fgform" state list >"$work/api-state.txt" || fail "state list after the failed apply"
for want in functiongraph_function.base functiongraph_function.ok functiongraph_version.v1; do
  grep -qx "$want" "$work/api-state.txt" || fail "$want missing from the state after the failed apply: $(cat "$work/api-state.txt")"
done
for unwanted in functiongraph_alias.broken functiongraph_trigger.after_broken; do
  grep -qx "$unwanted" "$work/api-state.txt" && fail "$unwanted in the state after the failed apply"
done
grep -q "after_broken" "$work/api.log" && grep -q "after_broken: Creating" "$work/api.log" &&
  fail "the dependent of the refused resource was attempted"
[ ! -e .terraform.tfstate.lock.info ] || fail "lock info left behind by the failed apply"
# Fixing the configuration finishes the job without recreating anything.
sed -i 's/"v9"/"v1"/' api.tf
"$fgform" apply -auto-approve >"$work/api-fixed.log" 2>&1 || fail "apply after the fix: $(cat "$work/api-fixed.log")"
grep -q "Resources: 2 added, 0 changed, 0 destroyed" "$work/api-fixed.log" ||
  fail "apply after the fix: $(cat "$work/api-fixed.log")"
echo "ok: an API failure mid-apply keeps what was created"

"$fgform" destroy -auto-approve >"$work/destroy.log" 2>&1 || fail "destroy: $(cat "$work/destroy.log")"
echo "fgform bad input: ok"
