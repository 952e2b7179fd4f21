#!/usr/bin/env bash
# fgform end to end on examples/quickstart with its embedded emulator: apply, an empty plan,
# an in-place update, state rm + import + an empty plan, bad input that changes nothing, and
# destroy leaving nothing behind.
set -euo pipefail
fgform="$1"
example="$2"
source "$(dirname "$0")/terraform_env.sh"
make_workdir
copy_example "$example" "$work"
cd "$work"
export NO_COLOR=1

"$fgform" init >/dev/null
"$fgform" validate >validate.txt 2>&1 || { cat validate.txt; fail "validate"; }
"$fgform" apply -auto-approve >apply.txt 2>&1 || { cat apply.txt; fail "first apply"; }
grep -q "Apply complete! Resources: 2 added, 0 changed, 0 destroyed." apply.txt || { cat apply.txt; fail "apply summary"; }
grep -q "embedded_emulator = true" apply.txt || fail "the embedded emulator was not announced"

# show: each object as Terraform prints it, a resource block with its attributes, then outputs.
"$fgform" show >show.txt
grep -q '^# functiongraph_function.hello:$' show.txt || { cat show.txt; fail "show: no object header"; }
grep -q '^resource "functiongraph_function" "hello" {$' show.txt || { cat show.txt; fail "show: no resource block"; }
grep -q '^    memory_size  *= 128$' show.txt || { cat show.txt; fail "show: no memory_size line"; }
grep -q '^Outputs:$' show.txt || { cat show.txt; fail "show: no outputs"; }

set +e
"$fgform" plan -detailed-exitcode >plan.txt 2>&1; rc=$?
set -e
[ "$rc" = 0 ] || { cat plan.txt; fail "plan right after apply exited $rc, want 0"; }

set +e
"$fgform" plan -detailed-exitcode -var memory_size=256 >plan2.txt 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || { cat plan2.txt; fail "plan with a change exited $rc, want 2"; }
grep -q "memory_size *= 128 -> 256" plan2.txt || { cat plan2.txt; fail "update not shown"; }
"$fgform" apply -auto-approve -var memory_size=256 >apply2.txt 2>&1 || { cat apply2.txt; fail "update apply"; }
grep -q "0 added, 1 changed, 0 destroyed" apply2.txt || { cat apply2.txt; fail "update summary"; }

# -json: every stdout line is one UI-stream object; plan ends with its change summary, and
# errors are diagnostic lines too. apply -json needs -auto-approve (or a saved plan).
set +e
"$fgform" plan -json -var memory_size=512 >plan.jsonl 2>/dev/null; rc=$?
set -e
[ "$rc" = 0 ] || { cat plan.jsonl; fail "plan -json exited $rc"; }
if grep -qv '^{"@level":' plan.jsonl; then cat plan.jsonl; fail "plan -json wrote a non-JSON line"; fi
# Two conditions on one line with awk, not `grep | grep -q`: under pipefail the first grep dies
# of SIGPIPE when the second exits at its first match, and the check fails at random.
lines_with() { awk -v a="$2" -v b="$3" 'index($0, a) && index($0, b) { n++ } END { exit n == 0 }' "$1"; }
awk 'NR == 1 { exit index($0, "\"type\":\"version\"") == 0 }' plan.jsonl ||
  fail "plan -json does not start with the version"
lines_with plan.jsonl '"type":"planned_change"' '"action":"update"' || { cat plan.jsonl; fail "no planned_change update line"; }
grep -q '"type":"change_summary"' plan.jsonl || fail "no change_summary line"
grep -q '"type":"refresh_complete"' plan.jsonl || fail "no refresh_complete line"
if "$fgform" apply -json >apply-json.txt 2>&1; then fail "apply -json without -auto-approve ran"; fi
lines_with apply-json.txt '"type":"diagnostic"' 'Plan file or auto-approve required' || { cat apply-json.txt; fail "apply -json diagnostic"; }

# A value the validation rule refuses: error, exit 1, state untouched.
before="$(sha256sum terraform.tfstate)"
if "$fgform" plan -var memory_size=130 >bad.txt 2>&1; then fail "memory_size=130 accepted"; fi
grep -q "memory_size must be one of" bad.txt || { cat bad.txt; fail "validation message"; }
[ "$before" = "$(sha256sum terraform.tfstate)" ] || fail "state changed on a failed plan"

# Syntax error: file:line in the diagnostic, exit 1.
cp main.tf main.tf.orig
printf 'resource "functiongraph_function" "broken" {\n  name = \n}\n' >broken.tf
if "$fgform" plan >syntax.txt 2>&1; then fail "syntax error accepted"; fi
grep -q "broken.tf line 2" syntax.txt || { cat syntax.txt; fail "syntax diagnostic has no location"; }
rm broken.tf

# Forget the function, import it back, and the plan is empty again.
urn="$("$fgform" output -raw function_urn)"
"$fgform" state rm functiongraph_function.hello >state-rm.txt || fail "state rm exited non-zero"
grep -q "Removed functiongraph_function.hello" state-rm.txt || fail "state rm: $(cat state-rm.txt)"
"$fgform" import -var memory_size=256 functiongraph_function.hello "$urn" >import.txt 2>&1 || { cat import.txt; fail "import"; }
set +e
"$fgform" plan -detailed-exitcode -var memory_size=256 >plan3.txt 2>&1; rc=$?
set -e
[ "$rc" = 0 ] || { cat plan3.txt; fail "plan after import exited $rc, want 0"; }

"$fgform" destroy -auto-approve -var memory_size=256 >destroy.txt 2>&1 || { cat destroy.txt; fail "destroy"; }
grep -q "Destroy complete! Resources: 2 destroyed." destroy.txt || { cat destroy.txt; fail "destroy summary"; }
[ -z "$("$fgform" state list)" ] || fail "state not empty after destroy"
echo "fgform quickstart: apply, empty plan, update, bad input, import, destroy: ok"
