#!/usr/bin/env bash
# functiongraph_function_event changed and deleted out of band, under fgform and under real
# Terraform with our provider, on one emulator: each sees the platform's content and name in its
# next plan (repaired in place) and in `fgform drift`, recreates a deleted event, and imports one
# by `<function URN>/<event name>` into an empty plan. The new project-wide resource and data
# sources (async status log, triggers, runtime types, quotas) ride along: their reads must keep
# the plan empty, and destroying the status log only warns. The Terraform part exits 77 (ctest:
# skipped) when terraform is not installed, after the fgform part passed.
set -euo pipefail
source "$(dirname "$0")/terraform_env.sh"
start_drift_test E2EEVENTAK000000001 e2e-event-secret "$@"

write_config() {  # DIR FUNCTION-NAME
  provider_config >"$1/main.tf"
  cat >>"$1/main.tf" <<TF

resource "functiongraph_function" "hello" {
  name        = "$2"
  runtime     = "Python3.9"
  inline_code = "def handler(event, context):\\n    return event\\n"
}

resource "functiongraph_function_event" "smoke" {
  function_urn = functiongraph_function.hello.urn
  name         = "smoke"
  content      = base64encode(jsonencode({ key = "value" }))
}

resource "functiongraph_async_status_log" "this" {}

resource "functiongraph_trigger" "nightly" {
  function_urn = functiongraph_function.hello.id
  timer {
    name          = "nightly"
    schedule_type = "Rate"
    schedule      = "1d"
  }
}

data "functiongraph_function_triggers" "timers" {
  function_urn = functiongraph_trigger.nightly.function_urn
  type         = "TIMER"
}

data "functiongraph_runtime_types" "all" {}

# Read after the function exists, so its use counts it.
data "functiongraph_quotas" "this" {
  depends_on = [functiongraph_function.hello]
}

output "timer_count" {
  value = length(data.functiongraph_function_triggers.timers.triggers)
}

output "has_python39" {
  value = contains(data.functiongraph_runtime_types.all.types[*].type, "Python3.9")
}

output "function_quota_used" {
  value = one([for q in data.functiongraph_quotas.this.quotas : q.used if q.type == "fgs_func_num"])
}

output "status_log_group" {
  value = functiongraph_async_status_log.this.group_name
}
TF
}

oob() { "$api" "$@" >"$work/api.log" 2>&1 || fail "out-of-band $1 $2 failed: $(cat "$work/api.log")"; }
# plan_shows LOG PATTERN: the plan in LOG contains PATTERN (grep -E).
plan_shows() { grep -Eq -- "$2" "$1" || fail "plan does not show $2: $(cat "$1")"; }
new_content="$(printf '{"key":"changed by hand"}' | base64 -w0)"
wanted_content="$(printf '{"key":"value"}' | base64 -w0)"

# check_events TOOL: the event's whole out-of-band story under one tool, in its own directory.
check_events() {
  local tool="$1" dir="$work/$1" urn event_id
  cd "$dir"
  run_tool "$tool" "$dir/apply.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool apply: $(cat "$dir/apply.log")"
  grep -q "4 added" "$dir/apply.log" || fail "$tool apply did not add 4: $(cat "$dir/apply.log")"
  run_tool "$tool" "$dir/plan.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after apply is not empty: $(cat "$dir/plan.log")"
  run_tool "$tool" "$dir/out.log" output -json
  python3 - "$dir/out.log" <<'PY' || fail "$tool outputs: $(cat "$dir/out.log")"
import json, sys
o = {k: v["value"] for k, v in json.load(open(sys.argv[1])).items()}
assert o["timer_count"] == 1 and o["has_python39"] is True, o
assert o["function_quota_used"] >= 1 and o["status_log_group"].startswith("function-async-log-group-"), o
PY

  urn="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(next(r["instances"][0]["attributes"]["urn"] for r in s["resources"] if r["type"]=="functiongraph_function"))' terraform.tfstate)"
  event_id="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(next(r["instances"][0]["attributes"]["id"] for r in s["resources"] if r["type"]=="functiongraph_function_event"))' terraform.tfstate)"
  [ -n "$urn" ] && [ -n "$event_id" ] || fail "$tool: no function URN or event ID in the state"

  # 1. Renamed and rewritten from the console: shown as the platform has it, put back in place.
  oob PUT "/v2/{project_id}/fgs/functions/$urn/events/$event_id" \
    "{\"name\":\"renamed-by-hand\",\"content\":\"$new_content\"}"
  run_tool "$tool" "$dir/drift.log" plan -detailed-exitcode
  [ "$rc" = 2 ] || fail "$tool plan missed the event changed by hand (exit $rc): $(cat "$dir/drift.log")"
  plan_shows "$dir/drift.log" "functiongraph_function_event.smoke will be updated in-place"
  plan_shows "$dir/drift.log" "name *= \"renamed-by-hand\" -> \"smoke\""
  plan_shows "$dir/drift.log" "content *= \"$new_content\" -> \"$wanted_content\""
  plan_shows "$dir/drift.log" "0 to add, 1 to change, 0 to destroy"
  if [ "$tool" = fgform ]; then
    rc=0
    "$fgform" drift -format=json >"$dir/drift.json" 2>"$dir/drift.err" || rc=$?
    [ "$rc" = 2 ] || fail "fgform drift exited $rc: $(cat "$dir/drift.err" "$dir/drift.json")"
    python3 - "$dir/drift.json" <<'PY' || fail "fgform drift report: $(cat "$dir/drift.json")"
import json, sys
j = json.load(open(sys.argv[1]))
f = {x["address"]: x for x in j["findings"]}
e = f["functiongraph_function_event.smoke"]
assert e["kind"] == "changed", e
assert {a["path"] for a in e["attributes"]} == {"name", "content"}, e["attributes"]
assert list(f) == ["functiongraph_function_event.smoke"], list(f)
PY
  fi
  run_tool "$tool" "$dir/repair.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool repair: $(cat "$dir/repair.log")"
  "$api" GET "/v2/{project_id}/fgs/functions/$urn/events/$event_id" >"$dir/event.json"
  grep -q "\"content\": *\"$wanted_content\"" "$dir/event.json" && grep -q '"name": *"smoke"' "$dir/event.json" ||
    fail "$tool did not put the event back: $(cat "$dir/event.json")"
  run_tool "$tool" "$dir/plan2.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after the repair is not empty: $(cat "$dir/plan2.log")"
  echo "ok: $tool shows an event changed by hand and puts it back in place"

  # 2. Deleted from the console: created again.
  oob DELETE "/v2/{project_id}/fgs/functions/$urn/events/$event_id"
  run_tool "$tool" "$dir/deleted.log" plan -detailed-exitcode
  [ "$rc" = 2 ] || fail "$tool plan missed the deleted event (exit $rc): $(cat "$dir/deleted.log")"
  plan_shows "$dir/deleted.log" "functiongraph_function_event.smoke will be created"
  run_tool "$tool" "$dir/recreate.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool recreate: $(cat "$dir/recreate.log")"
  echo "ok: $tool creates an event deleted by hand again"

  # 3. Imported by <function URN>/<event name> (and the status log by the project ID).
  run_tool "$tool" "$dir/rm.log" state rm functiongraph_function_event.smoke functiongraph_async_status_log.this
  [ "$rc" = 0 ] || fail "$tool state rm: $(cat "$dir/rm.log")"
  run_tool "$tool" "$dir/import.log" import functiongraph_function_event.smoke "$urn/smoke"
  [ "$rc" = 0 ] || fail "$tool import of the event: $(cat "$dir/import.log")"
  local pid
  pid="$(echo "$urn" | cut -d: -f4)"
  run_tool "$tool" "$dir/import2.log" import functiongraph_async_status_log.this "$pid"
  [ "$rc" = 0 ] || fail "$tool import of the status log: $(cat "$dir/import2.log")"
  run_tool "$tool" "$dir/plan3.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after import is not empty: $(cat "$dir/plan3.log")"
  echo "ok: $tool imports the event by function URN and name, then plans nothing"

  run_tool "$tool" "$dir/destroy.log" destroy -auto-approve
  [ "$rc" = 0 ] || fail "$tool destroy: $(cat "$dir/destroy.log")"
  grep -q "Asynchronous status logs stay enabled" "$dir/destroy.log" ||
    fail "$tool destroy did not warn that the status log stays: $(cat "$dir/destroy.log")"
  "$api" GET "/v2/{project_id}/fgs/functions/async-status-log-detail" >"$dir/log.json" ||
    fail "the status log was disabled by destroy: $(cat "$dir/log.json")"
  grep -q "$HW_SECRET_KEY" "$dir"/*.log && fail "the secret key appeared in $tool's output"
  echo "ok: $tool destroys; the status log only warns"
  cd "$work"
}

check_under_both_tools write_config check_events hello tfhello
echo "function event drift: all checks passed under fgform and terraform"
