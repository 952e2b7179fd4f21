#!/usr/bin/env bash
# fgform with modules, count, for_each and -target/-replace, against fgform-emulator:
#   module.pool (count = 2) with a for_each resource inside, module.svc (for_each over a set)
#   with a count resource and a for_each resource inside, a root alias using a module output.
#   apply; empty plan; a for_each key change (adds and destroys with full instance addresses);
#   -target on one module instance plans only it; -target on a root resource plans it and its
#   dependencies in a module; -replace of one instance; destroy leaves nothing in the state nor
#   on the platform (checked with fgform-api).
set -euo pipefail
fgform="$1"
emulator="$2"
api="$3"

source "$(dirname "$0")/terraform_env.sh"
make_workdir
export NO_COLOR=1 HW_ACCESS_KEY=MODULESAK00000000001 HW_SECRET_KEY=modules-secret HW_REGION_NAME=cn-north-4
start_emulator "$emulator"
export TF_VAR_endpoint="$url" FGFORM_ENDPOINT="$url"

mkdir -p "$work/cfg/modules/svc" "$work/cfg/modules/pool"
cd "$work/cfg"
{
  tf_requires_provider
  echo
  tf_endpoint_variable
  cat <<'EOF'

variable "sites" {
  type    = set(string)
  default = ["a", "b"]
}

variable "pool_memory" {
  type    = number
  default = 128
}

EOF
  tf_provider_endpoints var.endpoint
  cat <<'EOF'

module "pool" {
  source = "./modules/pool"
  count  = 2
  prefix = "pool${count.index}"
  memory = var.pool_memory
}

module "m" {
  source   = "./modules/svc"
  for_each = var.sites
  name     = each.key
}

resource "functiongraph_alias" "front" {
  function_urn = module.m["a"].urn
  name         = "front"
  version      = "latest"
}

output "pool_names" {
  value = flatten(module.pool[*].names)
}
EOF
} >main.tf
# One module declares its provider requirement (as Terraform wants), the other relies on the default.
{
  tf_requires_provider
  cat <<'EOF'

variable "name" {
  type = string
}

resource "functiongraph_function" "f" {
  count       = 1
  name        = "svc-${var.name}-${count.index}"
  runtime     = "Python3.9"
  memory_size = 128
  inline_code = "def handler(event, context):\n    return '${var.name}'\n"
}

resource "functiongraph_version" "v" {
  for_each     = toset(["v1"])
  function_urn = functiongraph_function.f[0].urn
  version      = each.key
}

output "urn" {
  value = functiongraph_function.f[0].urn
}
EOF
} >modules/svc/main.tf
cat >modules/pool/main.tf <<'EOF'
variable "prefix" {
  type = string
}

variable "memory" {
  type = number
}

resource "functiongraph_function" "w" {
  for_each    = toset(["p", "q"])
  name        = "${var.prefix}-${each.key}"
  runtime     = "Python3.9"
  memory_size = var.memory
  inline_code = "def handler(event, context):\n    return '${each.key}'\n"
}

output "names" {
  value = [for f in functiongraph_function.w : f.name]
}
EOF

# "address actions" of every change `fgform plan ARGS` plans (from `show -json` of the saved
# plan), sorted, no-ops left out.
plan_changes() {
  local out="$work/plan.json"
  "$fgform" plan -out="$work/saved.plan" "$@" >"$work/plan.err" 2>&1 || fail "fgform plan $*: $(cat "$work/plan.err")"
  "$fgform" show -json "$work/saved.plan" >"$out" 2>"$work/plan.err" || fail "fgform show -json: $(cat "$work/plan.err")"
  python3 - "$out" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
rows = sorted("%s %s" % (rc["address"], ",".join(rc["change"]["actions"]))
              for rc in plan.get("resource_changes", []) if rc["change"]["actions"] != ["no-op"])
print("\n".join(rows))
PY
}
expect_changes() {  # NAME EXPECTED -- ARGS
  local name="$1" want="$2"; shift 3
  local got
  got="$(plan_changes "$@")"
  [ "$got" = "$want" ] || fail "$name: fgform plan $* planned
$got
want
$want"
  echo "ok: $name"
}
plan_exit() {
  local rc=0
  "$fgform" plan -detailed-exitcode "$@" >"$work/plan.log" 2>&1 || rc=$?
  echo "$rc"
}

# Apply: 2 pools x 2 + 2 sites x (function + version) + the alias.
"$fgform" apply -auto-approve >"$work/apply.log" 2>&1 || fail "apply: $(cat "$work/apply.log")"
grep -q "Apply complete! Resources: 9 added, 0 changed, 0 destroyed." "$work/apply.log" ||
  fail "apply summary: $(cat "$work/apply.log")"
# Dependencies are recorded as Terraform records them: configuration addresses without
# instance keys, across modules (the alias reaches module.m's function through an output).
"$fgform" state pull >"$work/pulled.json"
python3 - "$work/pulled.json" <<'PY' || fail "state dependencies are not in Terraform's form"
import json, sys
st = json.load(open(sys.argv[1]))
deps = {}
for r in st["resources"]:
    addr = (r["module"] + "." if r.get("module") else "") + r["type"] + "." + r["name"]
    for i in r["instances"]:
        for d in i.get("dependencies", []):
            assert "[" not in d, (addr, d)
        deps.setdefault(addr, set()).update(i.get("dependencies", []))
assert "module.m.functiongraph_function.f" in deps["functiongraph_alias.front"], deps
assert "module.m.functiongraph_function.f" in deps['module.m["a"].functiongraph_version.v'], deps
PY
"$fgform" state list >"$work/list.txt"
cat >"$work/want-list.txt" <<'EOF'
functiongraph_alias.front
module.m["a"].functiongraph_function.f[0]
module.m["a"].functiongraph_version.v["v1"]
module.m["b"].functiongraph_function.f[0]
module.m["b"].functiongraph_version.v["v1"]
module.pool[0].functiongraph_function.w["p"]
module.pool[0].functiongraph_function.w["q"]
module.pool[1].functiongraph_function.w["p"]
module.pool[1].functiongraph_function.w["q"]
EOF
diff <(sort "$work/list.txt") "$work/want-list.txt" >/dev/null || fail "state list after apply:
$(cat "$work/list.txt")"
[ "$("$fgform" output -json pool_names)" = '["pool0-p","pool0-q","pool1-p","pool1-q"]' ] ||
  fail "pool_names output: $("$fgform" output -json pool_names)"
[ "$(plan_exit)" = 0 ] || fail "plan after apply is not empty: $(cat "$work/plan.log")"
echo "ok: apply, then an empty plan"

# Change the for_each keys: b goes, c comes.
sites='sites=["a","c"]'
expect_changes "for_each key change" 'module.m["b"].functiongraph_function.f[0] delete
module.m["b"].functiongraph_version.v["v1"] delete
module.m["c"].functiongraph_function.f[0] create
module.m["c"].functiongraph_version.v["v1"] create' -- -var "$sites"
"$fgform" plan -var "$sites" >"$work/human.log" 2>&1 || fail "plan: $(cat "$work/human.log")"
grep -q '# module.m\["c"\].functiongraph_function.f\[0\] will be created' "$work/human.log" &&
  grep -q '# module.m\["b"\].functiongraph_version.v\["v1"\] will be destroyed' "$work/human.log" &&
  grep -q "Plan: 2 to add, 0 to change, 2 to destroy." "$work/human.log" ||
  fail "human plan of the key change: $(cat "$work/human.log")"

grep -q '# (because module.m\["b"\] is not in configuration)' "$work/human.log" ||
  fail "the reason for deleting module.m[\"b\"] is not shown: $(cat "$work/human.log")"

# -target one module instance: it, and (as Terraform does) what is left of module instances
# that no longer exist of the resources it targets; not the pool's pending updates.
expect_changes "-target module instance" 'module.m["b"].functiongraph_function.f[0] delete
module.m["b"].functiongraph_version.v["v1"] delete
module.m["c"].functiongraph_function.f[0] create
module.m["c"].functiongraph_version.v["v1"] create' -- -var "$sites" -var pool_memory=256 '-target=module.m["c"]'
expect_changes "-target module instance with count" 'module.pool[1].functiongraph_function.w["p"] update
module.pool[1].functiongraph_function.w["q"] update' -- -var "$sites" -var pool_memory=256 '-target=module.pool[1]'
expect_changes "-target one instance in a module" 'module.pool[0].functiongraph_function.w["q"] update' \
  -- -var pool_memory=256 '-target=module.pool[0].functiongraph_function.w["q"]'
# -target a root resource: it and every instance of what it depends on through a module
# output (the function in each module.m instance), not the module's versions nor the pool.
sed -i 's/memory_size = 128/memory_size = 256/' modules/svc/main.tf
expect_changes "-target with dependencies in a module" 'module.m["a"].functiongraph_function.f[0] update
module.m["b"].functiongraph_function.f[0] update' -- -var pool_memory=256 -target=functiongraph_alias.front
sed -i 's/memory_size = 256/memory_size = 128/' modules/svc/main.tf
sed -i 's/module.m\["a"\].urn/module.m["c"].urn/' main.tf
expect_changes "-target with a new dependency in a module" 'functiongraph_alias.front delete,create
module.m["b"].functiongraph_function.f[0] delete
module.m["c"].functiongraph_function.f[0] create' -- -var "$sites" -target=functiongraph_alias.front
sed -i 's/module.m\["c"\].urn/module.m["a"].urn/' main.tf

# A targeted apply changes only the target; the rest is still pending afterwards.
"$fgform" apply -auto-approve -var pool_memory=256 '-target=module.pool[1]' >"$work/apply-t.log" 2>&1 ||
  fail "targeted apply: $(cat "$work/apply-t.log")"
grep -q "Resources: 0 added, 2 changed, 0 destroyed." "$work/apply-t.log" ||
  fail "targeted apply summary: $(cat "$work/apply-t.log")"
expect_changes "after the targeted apply" 'module.pool[0].functiongraph_function.w["p"] update
module.pool[0].functiongraph_function.w["q"] update' -- -var pool_memory=256
"$fgform" apply -auto-approve -var "$sites" -var pool_memory=256 >"$work/apply2.log" 2>&1 || fail "apply: $(cat "$work/apply2.log")"
grep -q "Resources: 2 added, 2 changed, 2 destroyed." "$work/apply2.log" || fail "apply summary: $(cat "$work/apply2.log")"
[ "$(plan_exit -var 'sites=["a","c"]' -var pool_memory=256)" = 0 ] || fail "plan after the key change is not empty: $(cat "$work/plan.log")"
echo "ok: the key change applied, plan empty"

# -replace one instance inside a module instance.
expect_changes "-replace" 'module.pool[1].functiongraph_function.w["p"] delete,create' \
  -- -var "$sites" -var pool_memory=256 '-replace=module.pool[1].functiongraph_function.w["p"]'
"$fgform" plan -out="$work/replace.plan" -var "$sites" -var pool_memory=256 '-replace=module.pool[1].functiongraph_function.w["p"]' >/dev/null
"$fgform" show -json "$work/replace.plan" >"$work/replace.json"
python3 - "$work/replace.json" <<'PY' || fail "-replace: action_reason"
import json, sys
rc = [c for c in json.load(open(sys.argv[1]))["resource_changes"] if c["change"]["actions"] != ["no-op"]]
assert rc[0]["action_reason"] == "replace_by_request", rc[0]
PY
"$fgform" apply -auto-approve -var "$sites" -var pool_memory=256 '-replace=module.pool[1].functiongraph_function.w["p"]' >"$work/replace.log" 2>&1 ||
  fail "apply -replace: $(cat "$work/replace.log")"
grep -q "Resources: 1 added, 0 changed, 1 destroyed." "$work/replace.log" || fail "apply -replace: $(cat "$work/replace.log")"
[ "$(plan_exit -var "$sites" -var pool_memory=256)" = 0 ] || fail "plan after -replace is not empty: $(cat "$work/plan.log")"
echo "ok: -replace applied, plan empty"

# Destroy: nothing in the state, no function left on the platform.
"$fgform" destroy -auto-approve -var "$sites" -var pool_memory=256 >"$work/destroy.log" 2>&1 || fail "destroy: $(cat "$work/destroy.log")"
grep -q "Destroy complete! Resources: 9 destroyed." "$work/destroy.log" || fail "destroy: $(cat "$work/destroy.log")"
[ -z "$("$fgform" state list)" ] || fail "state not empty after destroy: $("$fgform" state list)"
"$api" GET '/v2/{project_id}/fgs/functions' >"$work/functions.json" || fail "fgform-api: $(cat "$work/functions.json")"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["functions"]; assert not f, f' "$work/functions.json" ||
  fail "functions left on the platform: $(cat "$work/functions.json")"
echo "fgform modules, count, for_each, -target, -replace: ok"
