#!/usr/bin/env bash
# fgform's workspaces and its pg backend against a private PostgreSQL and fgform-emulator:
#   1. local workspaces: new/select/list/delete (refusals included), states kept apart in
#      terraform.tfstate.d/NAME, terraform.workspace in the configuration;
#   2. errors: unknown backend type, unreachable server (no password shown);
#   3. init -migrate-state from local (default + a workspace) to pg, refused without it and
#      over a non-empty remote state without -force-copy;
#   4. pg workspaces: new/list/select/delete, one row per workspace;
#   5. two concurrent applies on pg: the second fails with the lock message or waits with
#      -lock-timeout, nothing is lost;
#   6. kill -9 of an fgform holding the lock: the next run gets the lock.
# Fails (does not skip) when PostgreSQL cannot start.
set -euo pipefail
fgform="$1"
emulator="$2"

source "$(dirname "$0")/terraform_env.sh"
source "$(dirname "$0")/postgres_env.sh"
make_workdir
slow_pid=""
before_cleanup() {
  if [ -n "$slow_pid" ]; then kill -TERM "$slow_pid" 2>/dev/null || true; fi
  stop_postgres
}
start_postgres "$work/pg"
export HW_ACCESS_KEY=PGTESTAK000000000001 HW_SECRET_KEY=pg-secret HW_REGION_NAME=cn-north-4
export NO_COLOR=1
unset TF_WORKSPACE TF_DATA_DIR
start_emulator "$emulator"
fast_url="$url"

# $1 dir, $2 endpoint, $3 backend block ("" = local), $4 function keys (HCL list body)
write_config() {
  mkdir -p "$1"
  {
    tf_requires_provider "  $3"
    echo
    tf_provider_endpoints "\"$2\""
    cat <<EOF

resource "functiongraph_function" "f" {
  for_each    = toset([$4])
  name        = "pg-\${terraform.workspace}-\${each.key}"
  runtime     = "Python3.9"
  memory_size = 128
  timeout     = 10
  inline_code = "def handler(event, context):\n    return 'ok'\n"
}
EOF
  } >"$1/main.tf"
}

fg() {  # dir, args...: runs fgform in dir; output in $work/out, status in $rc
  local dir="$1"
  shift
  rc=0
  (cd "$dir" && "$fgform" "$@") >"$work/out" 2>&1 || rc=$?
}
expect_ok() { [ "$rc" = 0 ] || fail "$1 (exit $rc): $(cat "$work/out")"; }
# Diagnostics wrap long lines: texts are looked for with line breaks read as spaces.
flat() { tr '\n' ' ' <"$work/out" | tr -s ' '; }
expect_out() { flat | grep -qF -- "$2" || fail "$1: missing \"$2\" in: $(cat "$work/out")"; }
expect_fail() {
  [ "$rc" != 0 ] || fail "$1: expected a failure: $(cat "$work/out")"
  expect_out "$1" "$2"
}
state_count() {  # dir -> number of instances in the selected workspace's state
  (cd "$1" && "$fgform" state list) | grep -c . || true
}

# 1. Local workspaces.
l="$work/local"
write_config "$l" "$fast_url" "" '"a"'
fg "$l" apply -auto-approve; expect_ok "local apply (default)"
fg "$l" workspace show; expect_ok "workspace show"; expect_out "workspace show" "default"
fg "$l" workspace new dev; expect_ok "workspace new dev"
expect_out "workspace new" 'Created and switched to workspace "dev"!'
[ "$(cat "$l/.terraform/environment")" = dev ] || fail "workspace new did not select dev"
[ -d "$l/terraform.tfstate.d/dev" ] || fail "no terraform.tfstate.d/dev"
fg "$l" plan -detailed-exitcode; [ "$rc" = 2 ] || fail "plan in a new workspace should add (exit $rc): $(cat "$work/out")"
expect_out "plan in dev" "functiongraph_function.f[\"a\"] will be created"
fg "$l" apply -auto-approve; expect_ok "apply in dev"
grep -q '"name": "pg-dev-a"' "$l/terraform.tfstate.d/dev/terraform.tfstate" ||
  fail "dev state is not in terraform.tfstate.d/dev or lacks terraform.workspace"
grep -q '"name": "pg-default-a"' "$l/terraform.tfstate" || fail "default state changed by dev"
fg "$l" workspace list; expect_ok "workspace list"
printf '  default\n* dev\n\n' | diff - "$work/out" >/dev/null || fail "workspace list: $(cat "$work/out")"
fg "$l" workspace new dev; expect_fail "new of an existing workspace" 'Workspace "dev" already exists'
fg "$l" workspace new 'bad/name'; expect_fail "invalid name" 'is not allowed'
fg "$l" workspace delete dev; expect_fail "delete the current workspace" 'is your active workspace'
fg "$l" workspace select nope; expect_fail "select a missing workspace" "Workspace \"nope\" doesn't exist."
fg "$l" workspace select default; expect_ok "select default"; expect_out "select" 'Switched to workspace "default".'
fg "$l" plan -detailed-exitcode; expect_ok "default plans nothing after dev's apply"
fg "$l" workspace delete dev; expect_fail "delete a non-empty workspace" "Workspace is not empty"
expect_out "delete refusal" 'functiongraph_function.f["a"]'
TF_WORKSPACE=dev "$fgform" -chdir="$l" workspace show | grep -qx dev || fail "TF_WORKSPACE is not honoured"
fg "$l" workspace delete -force dev; expect_ok "delete -force"
expect_out "delete -force" 'Deleted workspace "dev"!'
expect_out "delete -force" 'WARNING: "dev" was non-empty.'
[ ! -d "$l/terraform.tfstate.d/dev" ] || fail "deleted workspace directory is still there"
fg "$l" workspace select -or-create qa; expect_ok "select -or-create"
expect_out "select -or-create" 'Created and switched to workspace "qa"!'
fg "$l" workspace delete default; expect_fail "delete default" "Cannot delete the default workspace"
fg "$l" workspace -help; expect_ok "workspace -help"; expect_out "workspace -help" "select"
fg "$l" workspace delete -help; expect_ok "workspace delete -help"; expect_out "delete -help" "-force"
"$fgform" -help | grep -q "workspace" || fail "fgform -help does not list workspace"
echo "ok: local workspaces"

# 2. Errors.
e="$work/errors"
write_config "$e" "$fast_url" 'backend "s3" {}' '"a"'
fg "$e" init; expect_fail "unknown backend" "fgform supports the local and pg backends"
fg "$e" plan; expect_fail "unknown backend (plan)" "fgform supports the local and pg backends"
write_config "$e" "$fast_url" 'backend "pg" {
    conn_str = "postgres://tf:'"$PG_TEST_PASSWORD"'@127.0.0.1:1/tf?sslmode=disable"
  }' '"a"'
fg "$e" init; expect_fail "unreachable server" "Failed to configure the pg backend"
expect_out "unreachable server" "Cannot connect to PostgreSQL"
fg "$e" plan; expect_fail "unreachable server (plan)" "Cannot connect to PostgreSQL"
! grep -qF "$PG_TEST_PASSWORD" "$work/out" || fail "the password was printed: $(cat "$work/out")"
echo "ok: unknown backend and unreachable server are clear errors, no password shown"

# 3. init -migrate-state: local (default + stage) -> pg.
m="$work/migrate"
write_config "$m" "$fast_url" "" '"m"'
fg "$m" apply -auto-approve; expect_ok "migrate: local apply default"
fg "$m" workspace new stage; expect_ok "migrate: new stage"
fg "$m" apply -auto-approve; expect_ok "migrate: local apply stage"
cp "$m/terraform.tfstate" "$work/default.tfstate"
write_config "$m" "$fast_url" 'backend "pg" {
    schema_name = "fg_migrate"
  }' '"m"'
fg "$m" init; expect_fail "init without -migrate-state" "fgform init -migrate-state"
fg "$m" init -migrate-state; expect_ok "init -migrate-state"
expect_out "migrate" 'Migrated workspace "default"'
expect_out "migrate" 'Migrated workspace "stage"'
[ ! -s "$m/terraform.tfstate" ] || fail "local state not emptied after migration"
[ -s "$m/terraform.tfstate.backup" ] || fail "no backup of the migrated local state"
fg "$m" plan -detailed-exitcode; expect_ok "plan on the migrated stage state"
fg "$m" workspace select default; expect_ok "migrate: select default"
fg "$m" plan -detailed-exitcode; expect_ok "plan on the migrated default state"
[ "$(pg_psql -c "select count(*) from fg_migrate.states where data like '%pg-stage-m%' and name = 'stage'")" = 1 ] ||
  fail "stage state not in fg_migrate.states"
cp "$work/default.tfstate" "$m/terraform.tfstate"
fg "$m" init -migrate-state; expect_fail "migrate over a non-empty remote state" "-force-copy"
fg "$m" init -migrate-state -force-copy; expect_ok "init -migrate-state -force-copy"
echo "ok: init -migrate-state copies local workspaces to pg"

# 4. pg workspaces.
p="$work/pgws"
pg_backend='backend "pg" {
    schema_name = "fg_ws"
  }'
write_config "$p" "$fast_url" "$pg_backend" '"w"'
fg "$p" init; expect_ok "pg init"
expect_out "pg init" 'Successfully configured the backend "pg"!'
fg "$p" apply -auto-approve; expect_ok "pg apply default"
fg "$p" workspace new dev; expect_ok "pg workspace new"
[ ! -d "$p/terraform.tfstate.d" ] || fail "pg workspace created a local directory"
fg "$p" apply -auto-approve; expect_ok "pg apply dev"
fg "$p" workspace list; expect_ok "pg workspace list"
printf '  default\n* dev\n\n' | diff - "$work/out" >/dev/null || fail "pg workspace list: $(cat "$work/out")"
[ "$(pg_psql -c "select string_agg(name, ',' order by name) from fg_ws.states")" = "default,dev" ] ||
  fail "pg rows: $(pg_psql -c 'select name from fg_ws.states')"
[ "$(pg_psql -c "select count(*) from fg_ws.states where name = 'dev' and data like '%pg-dev-w%' and data not like '%pg-default-w%'")" = 1 ] ||
  fail "dev's row does not hold (only) dev's state"
fg "$p" workspace select default; expect_ok "pg select default"
fg "$p" workspace delete dev; expect_fail "pg delete non-empty" "Workspace is not empty"
fg "$p" workspace select dev; expect_ok "pg select dev"
fg "$p" destroy -auto-approve; expect_ok "pg destroy dev"
fg "$p" workspace select default; expect_ok "pg select default again"
fg "$p" workspace delete dev; expect_ok "pg delete dev"
[ "$(pg_psql -c "select count(*) from fg_ws.states where name = 'dev'")" = 0 ] || fail "dev row not deleted"
fg "$p" plan -detailed-exitcode; expect_ok "pg default untouched"
echo "ok: pg workspaces"

# 5. Two concurrent applies on pg, against a slow emulator (every API answer waits 1 s).
"$emulator" --listen 127.0.0.1:0 --data "$work/slow-emulator" --latency-ms 1000 \
  >"$work/slow.out" 2>"$work/slow.err" &
slow_pid=$!
slow_url="$(await_url "$work/slow.out" 100)"
[[ "$slow_url" == http://127.0.0.1:* ]] || fail "slow emulator did not start: $(cat "$work/slow.err")"
c="$work/concurrent"
write_config "$c" "$slow_url" 'backend "pg" {
    schema_name = "fg_lock"
  }' '"one"'
fg "$c" init; expect_ok "concurrent: init"
fg "$c" apply -auto-approve; expect_ok "concurrent: first state"  # the workspace row exists now
write_config "$c" "$slow_url" 'backend "pg" {
    schema_name = "fg_lock"
  }' '"one", "two", "three"'
advisory_locks() { pg_psql -c "select count(*) from pg_locks where locktype = 'advisory' and granted"; }
wait_for_lock() {
  for _ in $(seq 1 200); do [ "$(advisory_locks)" -gt 0 ] && return 0; sleep 0.05; done
  fail "no advisory lock appeared: $(cat "$work/first.log")"
}
(cd "$c" && "$fgform" apply -auto-approve) >"$work/first.log" 2>&1 &
first=$!
wait_for_lock
rc=0
(cd "$c" && "$fgform" apply -auto-approve) >"$work/out" 2>&1 || rc=$?
expect_fail "second apply while locked" "Error acquiring the state lock"
expect_out "second apply" "Workspace is already locked: default"
expect_out "second apply" "Lock Info:"
rc=0
(cd "$c" && "$fgform" apply -auto-approve -lock-timeout=120s) >"$work/waiter.log" 2>&1 &
waiter=$!
wait "$first" || fail "first apply: $(cat "$work/first.log")"
grep -q "Apply complete! Resources: 2 added" "$work/first.log" || fail "first apply: $(cat "$work/first.log")"
wait "$waiter" || fail "waiting apply: $(cat "$work/waiter.log")"
grep -q "No changes." "$work/waiter.log" ||
  fail "the waiting apply did not see the first apply's state: $(cat "$work/waiter.log")"
[ "$(state_count "$c")" = 3 ] || fail "state lost instances: $( (cd "$c" && "$fgform" state list) )"
echo "ok: concurrent applies on pg: the second fails with the lock message or waits; nothing lost"

# 6. kill -9 of the holder releases the lock.
write_config "$c" "$slow_url" 'backend "pg" {
    schema_name = "fg_lock"
  }' '"one", "two", "three", "four"'
(cd "$c" && exec "$fgform" apply -auto-approve) >"$work/killed.log" 2>&1 &
victim=$!
wait_for_lock
kill -9 "$victim"
wait "$victim" 2>/dev/null || true
fg "$c" plan -lock-timeout=10s; expect_ok "the next run after kill -9 gets the lock"
fg "$c" apply -auto-approve; expect_ok "apply after kill -9"
[ "$(state_count "$c")" = 4 ] || fail "after kill -9 and a new apply: $( (cd "$c" && "$fgform" state list) )"
echo "ok: kill -9 of the lock holder releases the lock"

cat "$work"/*.log "$work/out" | grep -qF "$PG_TEST_PASSWORD" && fail "a password was printed"
echo "fgform pg backend and workspaces: ok"
