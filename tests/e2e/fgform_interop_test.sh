#!/usr/bin/env bash
# State interoperability between fgform and real Terraform (with our provider), against one
# fgform-emulator, on a configuration with most resource types (agency, VPC, subnet,
# dependency, functions with for_each, version, alias, triggers, async settings, a data source):
#   1. from an empty state both engines plan the same changes (address + actions + reason);
#   2. fgform applies -> the state names registry.terraform.io/fgform/functiongraph and
#      `terraform plan -detailed-exitcode` exits 0 on it;
#   3. a config edit (memory change, a new for_each instance, a resource removed from the config,
#      a new resource): same planned changes in both; terraform applies it and
#      `fgform plan -detailed-exitcode` exits 0 on Terraform's state; fgform destroys it;
#   4. a fresh state applied by terraform -> `fgform plan -detailed-exitcode` exits 0, and
#      terraform destroys what is left.
# Exits 77 (ctest: skipped) when terraform is not installed.
set -euo pipefail
fgform="$1"
emulator="$2"
provider="$3"

source "$(dirname "$0")/terraform_env.sh"
require_terraform "fgform <-> terraform state interoperability was not tested"
make_workdir
export HW_ACCESS_KEY=INTEROPAK00000000001 HW_SECRET_KEY=interop-secret HW_REGION_NAME=cn-north-4
export NO_COLOR=1
start_emulator "$emulator"
use_dev_override "$provider"
export TF_VAR_endpoint="$url"

# The configuration. $1: memory of functiongraph_function.api; $2: the for_each keys (HCL list
# body); $3: "v1" (timer trigger) or "v2" (no timer trigger, async settings instead).
write_config() {
  local dir="$1" memory="$2" workers="$3" variant="$4"
  mkdir -p "$dir"
  {
    tf_endpoint_head
    cat <<EOF

locals {
  workers = toset([$workers])
}

resource "functiongraph_agency" "fgs" {
  name                   = "fgs-interop"
  delegated_service_name = "op_svc_cff"
  description            = "interop test"
  project_roles          = ["VPC Administrator"]
}

resource "functiongraph_vpc" "main" {
  name = "interop"
  cidr = "192.168.0.0/16"
}

resource "functiongraph_subnet" "functions" {
  vpc_id     = functiongraph_vpc.main.id
  name       = "functions"
  cidr       = "192.168.10.0/24"
  gateway_ip = "192.168.10.1"
}

resource "functiongraph_dependency" "lib" {
  name        = "interop-lib"
  runtime     = "Python3.9"
  link        = "https://interop-bucket.obs.cn-north-4.myhuaweicloud.com/lib.zip"
  description = "shared code"
}

resource "functiongraph_function" "api" {
  name        = "interop-api"
  runtime     = "Python3.9"
  handler     = "index.handler"
  memory_size = $memory
  timeout     = 30
  inline_code = "def handler(event, context):\n    return 'api'\n"

  agency                 = functiongraph_agency.fgs.name
  vpc_id                 = functiongraph_vpc.main.id
  subnet_id              = functiongraph_subnet.functions.id
  dependency_version_ids = [functiongraph_dependency.lib.version_id]

  environment = {
    STAGE = "test"
  }
  tags = {
    app = "interop"
  }
}

resource "functiongraph_function" "worker" {
  for_each    = local.workers
  name        = "interop-worker-\${each.key}"
  runtime     = "Python3.9"
  memory_size = 128
  timeout     = 10
  inline_code = "def handler(event, context):\n    return '\${each.key}'\n"
}

resource "functiongraph_version" "v1" {
  function_urn = functiongraph_function.api.urn
  version      = "v1"
  description  = "first release"
}

resource "functiongraph_alias" "prod" {
  function_urn = functiongraph_function.api.urn
  name         = "prod"
  version      = functiongraph_version.v1.version
}

resource "functiongraph_trigger" "http" {
  function_urn = functiongraph_alias.prod.alias_urn
  apig {
    group_id = "api-group-0001"
    api_name = "interop_api"
    auth     = "NONE"
    protocol = "HTTPS"
  }
}

data "functiongraph_function" "api" {
  name = functiongraph_function.api.name
}

output "api_urn" {
  value = functiongraph_function.api.urn
}

output "read_back_memory" {
  value = data.functiongraph_function.api.memory_size
}
EOF
  } >"$dir/main.tf"
  if [ "$variant" = v1 ]; then
    cat >"$dir/extra.tf" <<'EOF'
resource "functiongraph_trigger" "nightly" {
  function_urn = functiongraph_function.api.id
  status       = "ACTIVE"
  timer {
    name          = "nightly"
    schedule_type = "Cron"
    schedule      = "0 0 2 * * *"
  }
}
EOF
  else
    cat >"$dir/extra.tf" <<'EOF'
resource "functiongraph_async_invoke_config" "api" {
  function_urn                   = functiongraph_function.api.id
  max_async_event_age_in_seconds = 3600
  max_async_retry_attempts       = 2
}
EOF
  fi
}

# (address, actions, action_reason) of every resource change, one per line, sorted, from the
# JSON form of a saved plan (`show -json PLANFILE`, the same command in both engines).
changes_of() {
  python3 - "$1" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
rows = []
for rc in plan.get("resource_changes", []):
    actions = rc["change"]["actions"]
    if actions == ["no-op"]:
        continue
    rows.append("%s %s %s" % (rc["address"], ",".join(actions), rc.get("action_reason", "-")))
print("\n".join(sorted(rows)))
PY
}

# Plans $1 (a directory) with both engines against its current state and compares.
compare_plans() {
  local dir="$1" what="$2"
  (cd "$dir"
   terraform plan -no-color -input=false -out="$work/tf.plan" >"$work/tf-plan.log" 2>&1 ||
     fail "$what: terraform plan: $(cat "$work/tf-plan.log")"
   terraform show -json "$work/tf.plan" >"$work/tf-plan.json" 2>"$work/tf-show.err" ||
     fail "$what: terraform show -json: $(cat "$work/tf-show.err")"
   "$fgform" plan -no-color -out="$work/fg.plan" >"$work/fg-plan.log" 2>&1 ||
     fail "$what: fgform plan: $(cat "$work/fg-plan.log")"
   "$fgform" show -json "$work/fg.plan" >"$work/fg-plan.json" 2>"$work/fg-show.err" ||
     fail "$what: fgform show -json: $(cat "$work/fg-show.err")")
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/fg-plan.json" 2>/dev/null ||
    fail "$what: fgform show -json did not print one JSON document: $(head -c 2000 "$work/fg-plan.json")"
  changes_of "$work/tf-plan.json" >"$work/tf-changes.txt"
  changes_of "$work/fg-plan.json" >"$work/fg-changes.txt"
  [ -s "$work/tf-changes.txt" ] || fail "$what: terraform planned no changes: $(cat "$work/tf-plan.log")"
  diff -u "$work/tf-changes.txt" "$work/fg-changes.txt" >"$work/changes.diff" ||
    fail "$what: fgform plans other changes than terraform (- terraform, + fgform):
$(cat "$work/changes.diff")"
  echo "ok: $what: same $(wc -l <"$work/tf-changes.txt") changes planned"
}

# Every resource in a state file belongs to our provider, under its registry address.
check_provider_address() {
  python3 - "$1" <<'PY' || fail "provider address in $1"
import json, sys
st = json.load(open(sys.argv[1]))
want = 'provider["registry.terraform.io/fgform/functiongraph"]'
bad = [r for r in st["resources"] if r["provider"] != want]
assert st["version"] == 4 and st["resources"] and not bad, bad or st
PY
}

plan_exit() {  # engine dir -> prints the -detailed-exitcode status; log in $work/<engine>-exit.log
  local engine="$1" dir="$2" rc=0
  if [ "$engine" = terraform ]; then
    (cd "$dir" && terraform plan -detailed-exitcode -no-color -input=false) >"$work/$engine-exit.log" 2>&1 || rc=$?
  else
    (cd "$dir" && "$fgform" plan -detailed-exitcode -no-color) >"$work/$engine-exit.log" 2>&1 || rc=$?
  fi
  echo "$rc"
}

a="$work/a"
write_config "$a" 128 '"x", "y"' v1

# 1. From an empty state.
compare_plans "$a" "empty state"

# 2. fgform applies; terraform reads its state and sees nothing to do.
(cd "$a" && "$fgform" apply -auto-approve -no-color) >"$work/fg-apply.log" 2>&1 ||
  fail "fgform apply: $(cat "$work/fg-apply.log")"
grep -q "Apply complete! Resources: 11 added, 0 changed, 0 destroyed." "$work/fg-apply.log" ||
  fail "fgform apply summary: $(cat "$work/fg-apply.log")"
check_provider_address "$a/terraform.tfstate"
rc="$(plan_exit terraform "$a")"
[ "$rc" = 0 ] || fail "terraform plan on fgform's state exited $rc, want 0: $(cat "$work/terraform-exit.log")"
echo "ok: terraform plans no changes on the state fgform wrote"
rc="$(plan_exit fgform "$a")"
[ "$rc" = 0 ] || fail "fgform plan after its own apply exited $rc: $(cat "$work/fgform-exit.log")"
# Both engines print this state the same way, byte for byte (`show`, human form).
(cd "$a" && terraform show -no-color) >"$work/tf-show.txt" 2>"$work/tf-show.err" ||
  fail "terraform show: $(cat "$work/tf-show.err")"
(cd "$a" && "$fgform" show -no-color) >"$work/fg-show.txt" 2>"$work/fg-show.err" ||
  fail "fgform show: $(cat "$work/fg-show.err")"
diff -u "$work/tf-show.txt" "$work/fg-show.txt" >"$work/show.diff" ||
  fail "fgform show differs from terraform show: $(head -c 3000 "$work/show.diff")"
echo "ok: fgform show prints the state exactly as terraform show does"

# 3. Edit: memory 128 -> 256 (update), worker "y" gone and "z" new, the timer trigger removed
# from the configuration, async settings added.
write_config "$a" 256 '"x", "z"' v2
compare_plans "$a" "after a config edit"
(cd "$a" && terraform apply -auto-approve -no-color -input=false) >"$work/tf-apply.log" 2>&1 ||
  fail "terraform apply of the edit: $(cat "$work/tf-apply.log")"
grep -q "2 added, 1 changed, 2 destroyed" "$work/tf-apply.log" ||
  fail "terraform apply of the edit: $(cat "$work/tf-apply.log")"
check_provider_address "$a/terraform.tfstate"
rc="$(plan_exit fgform "$a")"
[ "$rc" = 0 ] || fail "fgform plan on terraform's state exited $rc, want 0: $(cat "$work/fgform-exit.log")"
echo "ok: fgform plans no changes on the state terraform updated"
(cd "$a" && "$fgform" destroy -auto-approve -no-color) >"$work/fg-destroy.log" 2>&1 ||
  fail "fgform destroy: $(cat "$work/fg-destroy.log")"
grep -q "Destroy complete! Resources: 11 destroyed." "$work/fg-destroy.log" ||
  fail "fgform destroy summary: $(cat "$work/fg-destroy.log")"
rc="$(plan_exit terraform "$a")"
[ "$rc" = 2 ] || fail "terraform plan after fgform destroy exited $rc, want 2: $(cat "$work/terraform-exit.log")"

# 4. A fresh state written by terraform; fgform reads it and sees nothing to do.
b="$work/b"
write_config "$b" 512 '"p"' v1
(cd "$b" && terraform apply -auto-approve -no-color -input=false) >"$work/tf-apply-b.log" 2>&1 ||
  fail "terraform apply: $(cat "$work/tf-apply-b.log")"
grep -q "Resources: 10 added" "$work/tf-apply-b.log" || fail "terraform apply: $(cat "$work/tf-apply-b.log")"
rc="$(plan_exit fgform "$b")"
[ "$rc" = 0 ] || fail "fgform plan on terraform's state exited $rc, want 0: $(cat "$work/fgform-exit.log")"
[ "$(cd "$b" && "$fgform" output -raw read_back_memory)" = 512 ] || fail "fgform output on terraform's state"
echo "ok: fgform plans no changes on the state terraform wrote"
(cd "$b" && terraform destroy -auto-approve -no-color -input=false) >"$work/tf-destroy-b.log" 2>&1 ||
  fail "terraform destroy: $(cat "$work/tf-destroy-b.log")"
echo "fgform interop: plans compared twice, each engine reads the other's state: ok"
