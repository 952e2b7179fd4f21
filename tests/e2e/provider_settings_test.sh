#!/usr/bin/env bash
# Issue 13 item 5 end to end: real Terraform and fgform, with our provider, against one
# fgform-emulator, take their credentials from a KooCLI shared config file and profile, assume an
# agency (IAM's temporary credentials, then every request signed with them), and tag a function
# with the provider's default_tags and enterprise project:
#   1. shared_config_file + profile (no HW_ACCESS_KEY / HW_SECRET_KEY set): terraform creates the
#      agency; a profile that is not in the file fails, naming the file and the profile;
#   2. HW_SHARED_CONFIG_FILE + HW_PROFILE + assume_role + default_tags + enterprise_project_id:
#      terraform's plan shows the merged tags_all, applies, the emulator holds the merged tags
#      and the enterprise project, the second plan is empty; a default_tags change plans an
#      update of tags_all alone and applies;
#   3. fgform on that state plans nothing, applies one more function the same way, and both
#      engines then plan nothing;
#   4. no secret (the profile's SK, the temporary keys) is in any output or in the state.
# Exits 77 (ctest: skipped) when terraform is not installed.
set -euo pipefail
fgform="$1"
emulator="$2"
provider="$3"
api="$4"

source "$(dirname "$0")/terraform_env.sh"
require_terraform "provider settings (shared config, assume_role, default_tags) were not tested"
make_workdir
export NO_COLOR=1
readonly ak=SETTINGSAK0000000001 sk=settings-secret-key-do-not-print
HW_ACCESS_KEY=$ak HW_SECRET_KEY=$sk start_emulator "$emulator"
use_dev_override "$provider"
unset HW_ACCESS_KEY HW_SECRET_KEY HW_SECURITY_TOKEN HW_REGION_NAME HW_PROJECT_ID HW_DOMAIN_ID \
  HW_PROFILE HW_SHARED_CONFIG_FILE HW_CLOUD HW_ENTERPRISE_PROJECT_ID 2>/dev/null || true
export TF_VAR_endpoint="$url"

# KooCLI's format. The current profile's keys are wrong: only "e2e" works.
cat >"$work/hcloud.json" <<EOF2
{
  "current": "default",
  "language": "en",
  "profiles": [
    {"name": "default", "mode": "AKSK", "accessKeyId": "WRONGAK0000000000001",
     "secretAccessKey": "wrong", "region": "cn-north-4"},
    {"name": "e2e", "mode": "AKSK", "accessKeyId": "$ak", "secretAccessKey": "$sk",
     "securityToken": "", "region": "cn-north-4", "projectId": "", "domainId": ""}
  ]
}
EOF2

provider_head() {
  tf_requires_provider
  echo
  tf_endpoint_variable
}

# 1. The agency to assume, created with the profile's own keys.
mkdir -p "$work/agency"
{ provider_head; cat <<EOF2

provider "functiongraph" {
  shared_config_file = "$work/hcloud.json"
  profile            = "e2e"
  endpoints {
    functiongraph = var.endpoint
    iam           = var.endpoint
    vpc           = var.endpoint
  }
}

resource "functiongraph_agency" "deployer" {
  name                  = "deployer"
  delegated_domain_name = "fgform-emulator"
  description           = "assumed by the e2e test"
}
EOF2
} >"$work/agency/main.tf"
(cd "$work/agency" && terraform apply -auto-approve -no-color -input=false) >"$work/agency.log" 2>&1 ||
  fail "terraform apply with shared_config_file + profile: $(cat "$work/agency.log")"
echo "ok: terraform authenticated from the shared config file's profile"

sed -i 's/profile            = "e2e"/profile            = "staging"/' "$work/agency/main.tf"
if (cd "$work/agency" && terraform plan -no-color -input=false) >"$work/badprofile.log" 2>&1; then
  fail "a profile missing from the file was accepted: $(cat "$work/badprofile.log")"
fi
grep -q "hcloud.json" "$work/badprofile.log" && grep -q '"staging"' "$work/badprofile.log" ||
  fail "the error does not name the file and the profile: $(cat "$work/badprofile.log")"
echo "ok: a missing profile is refused, naming the file and the profile"

# 2. Functions as the agency, with default tags and an enterprise project.
export HW_SHARED_CONFIG_FILE="$work/hcloud.json" HW_PROFILE=e2e
write_functions() {  # $1: default team tag; $2: extra resources
  { provider_head; cat <<EOF2

provider "functiongraph" {
  enterprise_project_id = "eps-e2e"
  default_tags = {
    team = "$1"
    env  = "dev"
  }
  assume_role {
    agency_name = "deployer"
    domain_name = "fgform-emulator"
    duration    = 3600
  }
  endpoints {
    functiongraph = var.endpoint
    iam           = var.endpoint
    vpc           = var.endpoint
  }
}

resource "functiongraph_function" "api" {
  name        = "settings-api"
  runtime     = "Python3.9"
  inline_code = "def handler(event, context):\n    return 'ok'\n"
  tags = {
    env = "prod"
  }
}
$2
EOF2
  } >"$work/fn/main.tf"
}
mkdir -p "$work/fn"
write_functions core ""
curl -s -X DELETE "$url/_emulator/stats" >/dev/null
(cd "$work/fn" && terraform plan -no-color -input=false -out="$work/fn.plan") >"$work/plan1.log" 2>&1 ||
  fail "terraform plan with assume_role: $(cat "$work/plan1.log")"
(cd "$work/fn" && terraform show -json "$work/fn.plan") >"$work/plan1.json"
python3 - "$work/plan1.json" <<'PY' || fail "the plan does not show the merged tags: $(cat "$work/plan1.log")"
import json, sys
plan = json.load(open(sys.argv[1]))
after = [rc for rc in plan["resource_changes"] if rc["address"] == "functiongraph_function.api"][0]["change"]["after"]
assert after["tags"] == {"env": "prod"}, after["tags"]
assert after["tags_all"] == {"env": "prod", "team": "core"}, after["tags_all"]
assert after["enterprise_project_id"] == "eps-e2e", after["enterprise_project_id"]
PY
(cd "$work/fn" && terraform apply -no-color -input=false "$work/fn.plan") >"$work/apply1.log" 2>&1 ||
  fail "terraform apply with assume_role: $(cat "$work/apply1.log")"
stats="$(curl -s "$url/_emulator/stats")"
python3 - "$stats" <<'PY' || fail "assume_role was not used as expected: $stats"
import json, sys
s = json.loads(sys.argv[1])
assert s["routes"].get("POST /v3.0/OS-CREDENTIAL/securitytokens", 0) >= 1, s
assert s["auth_failures"] == 0, s
PY

export FGFORM_ENDPOINT="$url" HW_ACCESS_KEY=$ak HW_SECRET_KEY=$sk HW_REGION_NAME=cn-north-4
urn="$("$api" GET "/v2/{project_id}/fgs/functions?maxitems=100" |
  python3 -c 'import json,sys; print([f["func_urn"] for f in json.load(sys.stdin)["functions"] if f["func_name"] == "settings-api"][0])')"
live_tags() {  # $1: URN -> "k=v,k=v" sorted
  "$api" GET "/v2/{project_id}/functions/$1/tags" |
    python3 -c 'import json,sys; print(",".join(sorted(t["key"]+"="+t["value"] for t in json.load(sys.stdin)["tags"])))'
}
[ "$(live_tags "$urn")" = "env=prod,team=core" ] || fail "the function's tags: $(live_tags "$urn")"
project="$("$api" GET "/v2/{project_id}/fgs/functions/$urn/config" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["enterprise_project_id"])')"
[ "$project" = eps-e2e ] || fail "the function's enterprise project is $project"
unset FGFORM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME
echo "ok: terraform applied as the agency; the function carries default_tags and the project"

plan_exit() {  # engine -> the -detailed-exitcode status; log in $work/<engine>-exit.log
  local rc=0
  if [ "$1" = terraform ]; then
    (cd "$work/fn" && terraform plan -detailed-exitcode -no-color -input=false) >"$work/$1-exit.log" 2>&1 || rc=$?
  else
    (cd "$work/fn" && "$fgform" plan -detailed-exitcode -no-color) >"$work/$1-exit.log" 2>&1 || rc=$?
  fi
  echo "$rc"
}
[ "$(plan_exit terraform)" = 0 ] || fail "second terraform plan is not empty: $(cat "$work/terraform-exit.log")"
echo "ok: the second terraform plan is empty (tags from default_tags are no diff)"

write_functions platform ""
[ "$(plan_exit terraform)" = 2 ] || fail "a default_tags change planned nothing: $(cat "$work/terraform-exit.log")"
grep -q 'tags_all' "$work/terraform-exit.log" && grep -q '"platform"' "$work/terraform-exit.log" ||
  fail "the plan does not show tags_all changing: $(cat "$work/terraform-exit.log")"
grep -q 'must be replaced' "$work/terraform-exit.log" && fail "default_tags replaced the function"
(cd "$work/fn" && terraform apply -auto-approve -no-color -input=false) >"$work/apply2.log" 2>&1 ||
  fail "terraform apply of the default_tags change: $(cat "$work/apply2.log")"
export FGFORM_ENDPOINT="$url" HW_ACCESS_KEY=$ak HW_SECRET_KEY=$sk HW_REGION_NAME=cn-north-4
[ "$(live_tags "$urn")" = "env=prod,team=platform" ] || fail "tags after the change: $(live_tags "$urn")"
unset FGFORM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME
echo "ok: a default_tags change is an in-place update of tags_all"

# 3. fgform with the same provider block, on Terraform's state.
[ "$(plan_exit fgform)" = 0 ] || fail "fgform plans changes on terraform's state: $(cat "$work/fgform-exit.log")"
write_functions platform '
resource "functiongraph_function" "worker" {
  name        = "settings-worker"
  runtime     = "Python3.9"
  inline_code = "def handler(event, context):\n    return 1\n"
}'
(cd "$work/fn" && "$fgform" apply -auto-approve -no-color) >"$work/fg-apply.log" 2>&1 ||
  fail "fgform apply with assume_role: $(cat "$work/fg-apply.log")"
export FGFORM_ENDPOINT="$url" HW_ACCESS_KEY=$ak HW_SECRET_KEY=$sk HW_REGION_NAME=cn-north-4
worker="$("$api" GET "/v2/{project_id}/fgs/functions?maxitems=100" |
  python3 -c 'import json,sys; print([f["func_urn"] for f in json.load(sys.stdin)["functions"] if f["func_name"] == "settings-worker"][0])')"
[ "$(live_tags "$worker")" = "env=dev,team=platform" ] || fail "fgform's function tags: $(live_tags "$worker")"
unset FGFORM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME
[ "$(plan_exit fgform)" = 0 ] || fail "second fgform plan is not empty: $(cat "$work/fgform-exit.log")"
[ "$(plan_exit terraform)" = 0 ] || fail "terraform plans changes after fgform: $(cat "$work/terraform-exit.log")"
echo "ok: fgform applies as the agency with default_tags; both engines then plan nothing"

# 4. Secrets: the profile's SK and the emulator's temporary secrets appear nowhere.
secrets="$sk $(python3 - "$work/emulator/emulator.db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select body from docs where kind = 'temporary_credential'").fetchall()
assert rows, "the emulator issued no temporary credentials"
for (body,) in rows:
    doc = json.loads(body)
    print(doc["secret"], doc["securitytoken"])
PY
)" || fail "cannot read the temporary credentials the emulator issued"
for s in $secrets; do
  if grep -rl -- "$s" "$work"/*.log "$work/fn" "$work/agency" 2>/dev/null | grep -q .; then
    fail "a secret was written to $(grep -rl -- "$s" "$work"/*.log "$work/fn" "$work/agency" | head -1)"
  fi
done
echo "ok: no secret in any output or state"
(cd "$work/fn" && terraform destroy -auto-approve -no-color -input=false) >"$work/destroy.log" 2>&1 ||
  fail "terraform destroy: $(cat "$work/destroy.log")"
echo "PASS"
