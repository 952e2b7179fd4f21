#!/usr/bin/env bash
# The APIC, GeminiDB Mongo and generic ({type, event_data}) triggers changed out of band, under
# fgform and under real Terraform with our provider, on one emulator: each tool shows what the
# console changed (status, and a polling setting of the generic trigger's event_data) as an
# in-place update in its next plan and in `fgform drift`, puts it back with apply (checked on
# the platform), plans nothing after, and imports each trigger: APIC and generic into an empty
# plan, GeminiDB Mongo (whose password the platform never returns) into one in-place update that
# sets the password, then an empty plan. The Terraform part exits 77 (ctest: skipped) when
# terraform is not installed, after the fgform part passed.
set -euo pipefail
source "$(dirname "$0")/terraform_env.sh"
start_drift_test E2ETRIGAK0000000001 e2e-trigger-secret "$@"
mongo_password="e2e-mongo-very-secret"

write_config() {  # DIR FUNCTION-NAME
  provider_config >"$1/main.tf"
  cat >>"$1/main.tf" <<TF

variable "mongo_password" {
  type      = string
  sensitive = true
  default   = "$mongo_password"
}

resource "functiongraph_function" "hello" {
  name        = "$2"
  runtime     = "Python3.9"
  inline_code = "def handler(event, context):\\n    return event\\n"
}

resource "functiongraph_trigger" "apic" {
  function_urn = functiongraph_function.hello.id
  status       = "ACTIVE"
  apic {
    instance_id = "roma-instance-1"
    group_id    = "api-group-1"
    api_name    = "hello_api"
  }
}

resource "functiongraph_trigger" "mongo" {
  function_urn = functiongraph_function.hello.id
  status       = "ACTIVE"
  geminidb_mongo {
    instance_id     = "gaussmongo-1"
    db_name         = "orders"
    collection_name = "events"
    db_password     = var.mongo_password
  }
}

# A DIS stream through the generic block: its polling settings are what the update call takes.
resource "functiongraph_trigger" "generic" {
  function_urn = functiongraph_function.hello.id
  status       = "ACTIVE"
  generic {
    type = "DIS"
    event_data = jsonencode({
      stream_name        = "clicks"
      sharditerator_type = "TRIM_HORIZON"
      max_fetch_bytes    = 2048
      polling_interval   = 30000
      polling_unit       = "ms"
      is_serial          = "true"
    })
  }
}
TF
}

oob() { "$api" "$@" >"$work/api.log" 2>&1 || fail "out-of-band $1 $2 failed: $(cat "$work/api.log")"; }
# plan_shows LOG PATTERN: the plan in LOG contains PATTERN (grep -E).
plan_shows() { grep -Eq -- "$2" "$1" || fail "plan does not show $2: $(cat "$1")"; }
# trigger_is TYPE ID PYTHON-CONDITION: the trigger as the platform has it (`t`) satisfies it.
trigger_is() {
  "$api" GET "/v2/{project_id}/fgs/triggers/$urn/$1/$2" >"$work/trigger.json" ||
    fail "reading trigger $2: $(cat "$work/trigger.json")"
  python3 - "$work/trigger.json" "$3" <<'PY' || fail "trigger $2 on the platform: $(cat "$work/trigger.json")"
import json, sys
t = json.load(open(sys.argv[1]))
assert eval(sys.argv[2]), sys.argv[2]
PY
}

# check_triggers TOOL: the whole out-of-band story under one tool, in its own directory.
check_triggers() {
  local tool="$1" dir="$work/$1" apic_id mongo_id generic_id
  cd "$dir"
  run_tool "$tool" "$dir/apply.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool apply: $(cat "$dir/apply.log")"
  grep -q "4 added" "$dir/apply.log" || fail "$tool apply did not add 4: $(cat "$dir/apply.log")"
  run_tool "$tool" "$dir/plan.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after apply is not empty: $(cat "$dir/plan.log")"

  urn="$(state_attr functiongraph_trigger.apic function_urn)"
  apic_id="$(state_attr functiongraph_trigger.apic id)"
  mongo_id="$(state_attr functiongraph_trigger.mongo id)"
  generic_id="$(state_attr functiongraph_trigger.generic id)"
  [ -n "$urn" ] && [ -n "$apic_id" ] && [ -n "$mongo_id" ] && [ -n "$generic_id" ] ||
    fail "$tool: a function URN or trigger ID is missing from the state"

  # 1. From the console: all three disabled, the stream read in bigger batches.
  oob PUT "/v2/{project_id}/fgs/triggers/$urn/APIC/$apic_id" '{"trigger_status":"DISABLED"}'
  oob PUT "/v2/{project_id}/fgs/triggers/$urn/GAUSSMONGO/$mongo_id" '{"trigger_status":"DISABLED"}'
  oob PUT "/v2/{project_id}/fgs/triggers/$urn/DIS/$generic_id" \
    '{"trigger_status":"DISABLED","event_data":{"max_fetch_bytes":4096}}'
  run_tool "$tool" "$dir/drift.log" plan -detailed-exitcode
  [ "$rc" = 2 ] || fail "$tool plan missed the triggers changed by hand (exit $rc): $(cat "$dir/drift.log")"
  local t
  for t in apic mongo generic; do
    plan_shows "$dir/drift.log" "functiongraph_trigger.$t will be updated in-place"
  done
  [ "$(grep -Ec 'status += "DISABLED" -> "ACTIVE"' "$dir/drift.log")" = 3 ] ||
    fail "$tool plan does not put the three statuses back: $(cat "$dir/drift.log")"
  plan_shows "$dir/drift.log" "max_fetch_bytes.* 4096 -> 2048"
  plan_shows "$dir/drift.log" "0 to add, 3 to change, 0 to destroy"
  grep -q "$mongo_password" "$dir/drift.log" && fail "$tool printed the GeminiDB password"
  if [ "$tool" = fgform ]; then
    rc=0
    "$fgform" drift -format=json >"$dir/drift.json" 2>"$dir/drift.err" || rc=$?
    [ "$rc" = 2 ] || fail "fgform drift exited $rc: $(cat "$dir/drift.err" "$dir/drift.json")"
    python3 - "$dir/drift.json" <<'PY' || fail "fgform drift report: $(cat "$dir/drift.json")"
import json, sys
j = json.load(open(sys.argv[1]))
f = {x["address"]: x for x in j["findings"]}
assert sorted(f) == ["functiongraph_trigger.apic", "functiongraph_trigger.generic",
                     "functiongraph_trigger.mongo"], list(f)
for address, finding in f.items():
    assert finding["kind"] == "changed", finding
    paths = {a["path"] for a in finding["attributes"]}
    assert "status" in paths, (address, paths)
assert any(p.startswith("generic") for p in {a["path"] for a in f["functiongraph_trigger.generic"]["attributes"]}), f
PY
  fi
  run_tool "$tool" "$dir/repair.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool repair: $(cat "$dir/repair.log")"
  grep -q "0 added, 3 changed, 0 destroyed" "$dir/repair.log" ||
    fail "$tool repair did not change the three in place: $(cat "$dir/repair.log")"
  trigger_is APIC "$apic_id" 't["trigger_status"] == "ACTIVE"'
  trigger_is GAUSSMONGO "$mongo_id" 't["trigger_status"] == "ACTIVE"'
  trigger_is DIS "$generic_id" 't["trigger_status"] == "ACTIVE" and t["event_data"]["max_fetch_bytes"] == 2048'
  run_tool "$tool" "$dir/plan2.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after the repair is not empty: $(cat "$dir/plan2.log")"
  echo "ok: $tool shows APIC, GeminiDB Mongo and generic triggers changed by hand and puts them back in place"

  # 2. Imported: APIC into its block, the DIS trigger into generic (by /generic), and the
  # GeminiDB Mongo trigger, whose password the platform never returns: the first plan sets it
  # in place (no replacement), the apply has the platform check it, and then nothing is left.
  run_tool "$tool" "$dir/rm.log" state rm functiongraph_trigger.apic functiongraph_trigger.generic \
    functiongraph_trigger.mongo
  [ "$rc" = 0 ] || fail "$tool state rm: $(cat "$dir/rm.log")"
  run_tool "$tool" "$dir/import1.log" import functiongraph_trigger.apic "$urn/APIC/$apic_id"
  [ "$rc" = 0 ] || fail "$tool import of the APIC trigger: $(cat "$dir/import1.log")"
  run_tool "$tool" "$dir/import2.log" import functiongraph_trigger.generic "$urn/DIS/$generic_id/generic"
  [ "$rc" = 0 ] || fail "$tool import of the generic trigger: $(cat "$dir/import2.log")"
  run_tool "$tool" "$dir/import3.log" import functiongraph_trigger.mongo "$urn/GAUSSMONGO/$mongo_id"
  [ "$rc" = 0 ] || fail "$tool import of the GeminiDB Mongo trigger: $(cat "$dir/import3.log")"
  run_tool "$tool" "$dir/plan3.log" plan -detailed-exitcode
  [ "$rc" = 2 ] || fail "$tool plan after import does not set the password (exit $rc): $(cat "$dir/plan3.log")"
  plan_shows "$dir/plan3.log" "functiongraph_trigger.mongo will be updated in-place"
  plan_shows "$dir/plan3.log" "db_password += \(sensitive value\)"
  plan_shows "$dir/plan3.log" "0 to add, 1 to change, 0 to destroy"
  grep -Eq "must be replaced|forces replacement" "$dir/plan3.log" &&
    fail "$tool plans a replacement after the import: $(cat "$dir/plan3.log")"
  run_tool "$tool" "$dir/apply3.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool apply after import: $(cat "$dir/apply3.log")"
  grep -q "0 added, 1 changed, 0 destroyed" "$dir/apply3.log" ||
    fail "$tool did not set the password in place: $(cat "$dir/apply3.log")"
  [ "$(state_attr functiongraph_trigger.mongo id)" = "$mongo_id" ] || fail "$tool replaced the trigger"
  run_tool "$tool" "$dir/plan4.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after the import's apply is not empty: $(cat "$dir/plan4.log")"
  echo "ok: $tool imports the three triggers; the password is set in place once, then nothing"

  run_tool "$tool" "$dir/destroy.log" destroy -auto-approve
  [ "$rc" = 0 ] || fail "$tool destroy: $(cat "$dir/destroy.log")"
  grep -q "$mongo_password" "$dir"/*.log && fail "the GeminiDB password appeared in $tool's output"
  grep -q "$HW_SECRET_KEY" "$dir"/*.log && fail "the secret key appeared in $tool's output"
  cd "$work"
}

check_under_both_tools write_config check_triggers trighello tftrighello
echo "trigger types drift: all checks passed under fgform and terraform"
