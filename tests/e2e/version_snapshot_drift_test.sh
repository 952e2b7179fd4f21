#!/usr/bin/env bash
# A version's snapshot switch (enable_snapshot) turned off out of band, under fgform and under
# real Terraform with our provider, on one emulator: each tool shows it as an in-place update
# (and `fgform drift` reports it), turns it back on with apply (checked on the platform), plans
# nothing after, and imports the version with its switch into an empty plan. The Terraform part
# exits 77 (ctest: skipped) when terraform is not installed, after the fgform part passed.
set -euo pipefail
source "$(dirname "$0")/terraform_env.sh"
start_drift_test E2ESNAPAK0000000001 e2e-snapshot-secret "$@"

write_config() {  # DIR FUNCTION-NAME
  provider_config >"$1/main.tf"
  cat >>"$1/main.tf" <<TF

resource "functiongraph_function" "java" {
  name        = "$2"
  runtime     = "Java11"
  handler     = "com.example.Handler::handle"
  inline_code = "placeholder for a jar"
}

resource "functiongraph_version" "v1" {
  function_urn    = functiongraph_function.java.urn
  version         = "v1"
  enable_snapshot = true
}
TF
}

oob() { "$api" "$@" >"$work/api.log" 2>&1 || fail "out-of-band $1 $2 failed: $(cat "$work/api.log")"; }
plan_shows() { grep -Eq -- "$2" "$1" || fail "plan does not show $2: $(cat "$1")"; }
snapshot_is() {
  "$api" GET "/v2/{project_id}/fgs/functions/$version_urn/snapshots/state" >"$work/state.json" ||
    fail "reading the snapshot state: $(cat "$work/state.json")"
  grep -Eq "\"state\": *\"$1\"" "$work/state.json" ||
    fail "the snapshot is not $1 on the platform: $(cat "$work/state.json")"
}

check_snapshot() {
  local tool="$1" dir="$work/$1"
  cd "$dir"
  run_tool "$tool" "$dir/apply.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool apply: $(cat "$dir/apply.log")"
  grep -q "2 added" "$dir/apply.log" || fail "$tool apply did not add 2: $(cat "$dir/apply.log")"
  version_urn="$(state_attr functiongraph_version.v1 id)"
  snapshot_is enable
  run_tool "$tool" "$dir/plan.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after apply is not empty: $(cat "$dir/plan.log")"

  # 1. Turned off from the console: shown, and turned on again in place.
  oob POST "/v2/{project_id}/fgs/functions/$version_urn/snapshots/disable"
  run_tool "$tool" "$dir/drift.log" plan -detailed-exitcode
  [ "$rc" = 2 ] || fail "$tool plan missed the snapshot turned off (exit $rc): $(cat "$dir/drift.log")"
  plan_shows "$dir/drift.log" "functiongraph_version.v1 will be updated in-place"
  plan_shows "$dir/drift.log" "enable_snapshot += false -> true"
  plan_shows "$dir/drift.log" "0 to add, 1 to change, 0 to destroy"
  if [ "$tool" = fgform ]; then
    rc=0
    "$fgform" drift -format=json >"$dir/drift.json" 2>"$dir/drift.err" || rc=$?
    [ "$rc" = 2 ] || fail "fgform drift exited $rc: $(cat "$dir/drift.err" "$dir/drift.json")"
    python3 - "$dir/drift.json" <<'PY' || fail "fgform drift report: $(cat "$dir/drift.json")"
import json, sys
f = {x["address"]: x for x in json.load(open(sys.argv[1]))["findings"]}
assert list(f) == ["functiongraph_version.v1"], list(f)
assert [a["path"] for a in f["functiongraph_version.v1"]["attributes"]] == ["enable_snapshot"], f
PY
  fi
  run_tool "$tool" "$dir/repair.log" apply -auto-approve
  [ "$rc" = 0 ] || fail "$tool repair: $(cat "$dir/repair.log")"
  grep -q "0 added, 1 changed, 0 destroyed" "$dir/repair.log" ||
    fail "$tool did not switch the snapshot in place: $(cat "$dir/repair.log")"
  snapshot_is enable
  run_tool "$tool" "$dir/plan2.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after the repair is not empty: $(cat "$dir/plan2.log")"
  echo "ok: $tool shows a snapshot turned off by hand and turns it on again in place"

  # 2. Imported by the version URN, the switch with it.
  run_tool "$tool" "$dir/rm.log" state rm functiongraph_version.v1
  [ "$rc" = 0 ] || fail "$tool state rm: $(cat "$dir/rm.log")"
  run_tool "$tool" "$dir/import.log" import functiongraph_version.v1 "$version_urn"
  [ "$rc" = 0 ] || fail "$tool import: $(cat "$dir/import.log")"
  run_tool "$tool" "$dir/plan3.log" plan -detailed-exitcode
  [ "$rc" = 0 ] || fail "$tool plan after import is not empty: $(cat "$dir/plan3.log")"
  echo "ok: $tool imports the version with its snapshot switch into an empty plan"

  run_tool "$tool" "$dir/destroy.log" destroy -auto-approve
  [ "$rc" = 0 ] || fail "$tool destroy: $(cat "$dir/destroy.log")"
  cd "$work"
}

check_under_both_tools write_config check_snapshot snapjava tfsnapjava
echo "version snapshot drift: all checks passed under fgform and terraform"
