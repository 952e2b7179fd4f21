#!/usr/bin/env bash
# fgform saved plans on examples/quickstart (embedded emulator): plan -out, show, apply PLAN
# without a prompt, and every way a saved plan is refused: stale state, changed configuration,
# a changed -var, a damaged file, a state file given as a plan.
set -euo pipefail
fgform="$1"
example="$2"
source "$(dirname "$0")/terraform_env.sh"
make_workdir
copy_example "$example" "$work"
cd "$work"
export NO_COLOR=1
expect_fail() {  # expect_fail OUTFILE PATTERN CMD...: the command fails and says PATTERN
  local out="$1" pattern="$2"
  shift 2
  if "$@" >"$out" 2>&1; then cat "$out"; fail "accepted: $*"; fi
  grep -q "$pattern" "$out" || { cat "$out"; fail "no \"$pattern\" from: $*"; }
}

"$fgform" init >/dev/null
set +e
"$fgform" plan -out=create.tfplan -detailed-exitcode >plan.txt 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || { cat plan.txt; fail "plan -out exited $rc, want 2"; }
grep -q 'Saved the plan to: create.tfplan' plan.txt || { cat plan.txt; fail "no saved-plan note"; }
grep -q 'fgform apply "create.tfplan"' plan.txt || { cat plan.txt; fail "no apply hint"; }
[ "$(stat -c %a create.tfplan)" = 600 ] || fail "plan file is not owner-only"
[ ! -e terraform.tfstate ] || fail "plan wrote state"

# show renders the saved plan, in both forms.
"$fgform" show create.tfplan >show.txt
grep -q "Plan: 2 to add, 0 to change, 0 to destroy." show.txt || { cat show.txt; fail "show PLAN"; }
"$fgform" show -json create.tfplan >show.json
grep -q '"resource_changes"' show.json || { cat show.json; fail "show -json PLAN"; }
grep -q '"functiongraph_function.hello"' show.json || fail "show -json PLAN lacks the function"

# A state file, a damaged plan and a missing file are refused clearly.
expect_fail missing.txt 'does not exist' "$fgform" apply no-such.tfplan
head -c 200 create.tfplan >truncated.tfplan
expect_fail trunc.txt 'truncated' "$fgform" apply truncated.tfplan

# apply PLAN: no prompt (stdin is closed), exactly the planned changes.
"$fgform" apply create.tfplan </dev/null >apply.txt 2>&1 || { cat apply.txt; fail "apply PLAN"; }
grep -q "Apply complete! Resources: 2 added, 0 changed, 0 destroyed." apply.txt || { cat apply.txt; fail "apply summary"; }
expect_fail state-as-plan.txt 'state file, not a saved plan' "$fgform" apply terraform.tfstate

# The same plan again: the state moved on.
before="$(sha256sum terraform.tfstate)"
expect_fail stale.txt 'Saved plan is stale' "$fgform" apply create.tfplan
[ "$before" = "$(sha256sum terraform.tfstate)" ] || fail "a refused plan changed the state"

# A plan with a variable: repeating it is fine, changing it is refused.
"$fgform" plan -var memory_size=256 -out=update.tfplan >/dev/null 2>&1 || fail "plan update"
expect_fail var.txt "Can't change variable when applying a saved plan" \
  "$fgform" apply -var memory_size=512 update.tfplan
# A configuration edit after planning invalidates the plan.
cp main.tf main.tf.orig
printf '\n# an edit\n' >>main.tf
expect_fail cfg.txt 'Saved plan does not match the configuration' "$fgform" apply update.tfplan
cp main.tf.orig main.tf
"$fgform" apply -var memory_size=256 update.tfplan >apply2.txt 2>&1 || { cat apply2.txt; fail "apply update PLAN"; }
grep -q "0 added, 1 changed, 0 destroyed" apply2.txt || { cat apply2.txt; fail "update summary"; }
set +e
"$fgform" plan -detailed-exitcode -var memory_size=256 >plan3.txt 2>&1; rc=$?
set -e
[ "$rc" = 0 ] || { cat plan3.txt; fail "plan after applying the saved update exited $rc, want 0"; }

# A saved destroy plan.
"$fgform" plan -destroy -var memory_size=256 -out=destroy.tfplan >/dev/null 2>&1 || fail "plan -destroy -out"
"$fgform" apply destroy.tfplan >destroy.txt 2>&1 || { cat destroy.txt; fail "apply destroy PLAN"; }
grep -q "Destroy complete! Resources: 2 destroyed." destroy.txt || { cat destroy.txt; fail "destroy summary"; }
[ -z "$("$fgform" state list)" ] || fail "state not empty after the saved destroy"
echo "fgform saved plans: plan -out, show, apply PLAN, stale/config/var/damaged refusals: ok"
