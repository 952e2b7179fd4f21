#!/usr/bin/env bash
# examples/complete applied by fgform against fgform-emulator (the example's provider block
# takes the emulator's URL through var.endpoint): apply, an empty plan, an in-place update,
# `state rm` + `import` + an empty plan for several resource types, destroy leaving nothing in
# the state nor on the platform. No Terraform needed.
set -euo pipefail
fgform="$1"
emulator="$2"
api="$3"
example="$4"

source "$(dirname "$0")/terraform_env.sh"
make_workdir
export NO_COLOR=1 HW_ACCESS_KEY=EXAMPLEAK0000000002 HW_SECRET_KEY=example-secret HW_REGION_NAME=cn-north-4
start_emulator "$emulator"
export FGFORM_ENDPOINT="$url"
mkdir "$work/config"
copy_example "$example" "$work/config"
cd "$work/config"
v=(-var "endpoint=$url")

plan_exit() {
  local rc=0
  "$fgform" plan -detailed-exitcode -no-color "${v[@]}" >"$work/plan.log" 2>&1 || rc=$?
  echo "$rc"
}

"$fgform" init >/dev/null || fail "init"
"$fgform" validate >"$work/validate.log" 2>&1 || fail "validate: $(cat "$work/validate.log")"
"$fgform" apply -auto-approve "${v[@]}" >"$work/apply.log" 2>&1 || fail "apply: $(cat "$work/apply.log")"
grep -q "Apply complete! Resources: 10 added, 0 changed, 0 destroyed." "$work/apply.log" ||
  fail "apply did not add 10: $(cat "$work/apply.log")"
[ "$(plan_exit)" = 0 ] || fail "plan after apply is not empty: $(cat "$work/plan.log")"
echo "ok: apply, empty plan"

# An in-place update of the function (memory, description) and the async settings.
sed -i 's/memory_size = 256/memory_size = 512/; s/description = "Serves the API"/description = "Serves the API, bigger"/; s/max_async_retry_attempts       = 2/max_async_retry_attempts       = 1/' main.tf
rc="$(plan_exit)"
[ "$rc" = 2 ] || fail "plan of the update exited $rc: $(cat "$work/plan.log")"
grep -q "functiongraph_function.api will be updated in-place" "$work/plan.log" &&
  grep -q "memory_size *= 256 -> 512" "$work/plan.log" &&
  grep -q "Plan: 0 to add, 2 to change, 0 to destroy." "$work/plan.log" ||
  fail "update plan: $(cat "$work/plan.log")"
"$fgform" apply -auto-approve "${v[@]}" >"$work/apply2.log" 2>&1 || fail "update apply: $(cat "$work/apply2.log")"
grep -q "Resources: 0 added, 2 changed, 0 destroyed." "$work/apply2.log" || fail "update apply: $(cat "$work/apply2.log")"
[ "$(plan_exit)" = 0 ] || fail "plan after the update is not empty: $(cat "$work/plan.log")"
"$api" GET "/v2/{project_id}/fgs/functions/$("$fgform" output -raw function_urn)/config" >"$work/config.json"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["memory_size"] == 512, c' "$work/config.json" ||
  fail "the platform does not have the new memory size: $(cat "$work/config.json")"
echo "ok: in-place update"

# Forget, import back, plan empty: one resource of several types.
for addr in functiongraph_function.api functiongraph_vpc.main functiongraph_subnet.functions \
            functiongraph_agency.fgs functiongraph_alias.prod functiongraph_version.v1 \
            functiongraph_trigger.nightly functiongraph_async_invoke_config.api \
            functiongraph_reserved_instances.prod; do
  # The import ID is the id attribute, except for triggers: <function URN>/<type>/<trigger ID>.
  id="$("$fgform" state show "$addr" | python3 -c '
import json, sys
a = json.loads(sys.stdin.read().split("\n", 1)[1])
print("%s/TIMER/%s" % (a["function_urn"], a["id"]) if sys.argv[1].startswith("functiongraph_trigger.") else a["id"])' "$addr")"
  "$fgform" state rm "$addr" >"$work/rm.log" 2>&1 || fail "state rm $addr: $(cat "$work/rm.log")"
  "$fgform" state list | grep -qx "$addr" && fail "$addr still in the state after state rm"
  "$fgform" import "${v[@]}" "$addr" "$id" >"$work/import.log" 2>&1 || fail "import $addr $id: $(cat "$work/import.log")"
  grep -q "Import successful!" "$work/import.log" || fail "import $addr: $(cat "$work/import.log")"
  [ "$(plan_exit)" = 0 ] || fail "plan after importing $addr ($id) is not empty: $(cat "$work/plan.log")"
done
echo "ok: state rm + import + empty plan"

"$fgform" destroy -auto-approve "${v[@]}" >"$work/destroy.log" 2>&1 || fail "destroy: $(cat "$work/destroy.log")"
grep -q "Destroy complete! Resources: 10 destroyed." "$work/destroy.log" || fail "destroy did not remove 10: $(cat "$work/destroy.log")"
[ -z "$("$fgform" state list)" ] || fail "state not empty after destroy"
"$api" GET '/v2/{project_id}/fgs/functions' >"$work/functions.json"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["functions"]; assert not f, f' "$work/functions.json" ||
  fail "functions left on the platform: $(cat "$work/functions.json")"
"$api" GET '/v1/{project_id}/vpcs' >"$work/vpcs.json"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["vpcs"]; assert not v, v' "$work/vpcs.json" ||
  fail "VPCs left on the platform: $(cat "$work/vpcs.json")"
echo "fgform complete example: apply, empty plan, update, import, destroy: ok"
