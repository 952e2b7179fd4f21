#!/usr/bin/env bash
# Terraform (backend "pg") and fgform take turns on one remote state in PostgreSQL, both ways,
# in the default workspace and in a second one:
#   1. terraform init + apply; fgform plans nothing, applies a change; terraform plans nothing;
#   2. fgform applies a change; terraform plans nothing, applies a change; fgform plans nothing;
#   3. a workspace made by fgform is seen and used by terraform, and the reverse;
#   4. while fgform holds the lock, terraform fails with its lock error (and the reverse).
# Terraform installs the provider from a local unpacked mirror (no network). Exits 77 (ctest:
# skipped) when terraform is not installed; fails when PostgreSQL cannot start.
set -euo pipefail
fgform="$1"
emulator="$2"
provider="$3"
version="$4"  # CMake's PROJECT_VERSION: the provider's version

source "$(dirname "$0")/terraform_env.sh"
source "$(dirname "$0")/postgres_env.sh"
require_terraform "fgform <-> terraform on the pg backend was not tested"
make_workdir
before_cleanup() { stop_postgres; }
start_postgres "$work/pg"
export HW_ACCESS_KEY=PGINTEROPAK000000001 HW_SECRET_KEY=pg-interop HW_REGION_NAME=cn-north-4
export NO_COLOR=1
unset TF_WORKSPACE TF_DATA_DIR TF_LOG TF_LOG_PATH TF_REATTACH_PROVIDERS
start_emulator "$emulator"

# The provider as an unpacked filesystem mirror: terraform init installs it from there and
# never looks at the network (no `direct` installation method).
mirror="$work/mirror/registry.terraform.io/fgform/functiongraph/$version/linux_amd64"
mkdir -p "$mirror"
cp "$provider" "$mirror/terraform-provider-functiongraph_v$version"
cat >"$work/cli.tfrc" <<TFRC
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path = "$work/mirror"
  }
}
TFRC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 HOME="$work"

d="$work/cfg"
mkdir -p "$d"
write_config() {  # $1: memory of f["a"]; $2: the for_each keys
  {
    tf_requires_provider '  backend "pg" {
    schema_name = "tf_interop"
  }'
    echo
    tf_provider_endpoints "\"$url\""
    cat <<EOF

resource "functiongraph_function" "f" {
  for_each    = toset([$2])
  name        = "tfpg-\${terraform.workspace}-\${each.key}"
  runtime     = "Python3.9"
  memory_size = each.key == "a" ? $1 : 128
  timeout     = 10
  inline_code = "def handler(event, context):\n    return 'ok'\n"
}

output "names" {
  value = sort([for f in functiongraph_function.f : f.name])
}
EOF
  } >"$d/main.tf"
}

tf() { rc=0; (cd "$d" && terraform "$@" -no-color -input=false) >"$work/out" 2>&1 || rc=$?; }
# terraform workspace SUB [flags] NAME: -no-color before the name, no -input.
tfws() { rc=0; (cd "$d" && terraform workspace "$1" -no-color "${@:2}") >"$work/out" 2>&1 || rc=$?; }
fg() { rc=0; (cd "$d" && "$fgform" "$@") >"$work/out" 2>&1 || rc=$?; }
ok() { [ "$rc" = 0 ] || fail "$1 (exit $rc): $(cat "$work/out")"; }
no_changes() {  # engine label
  [ "$rc" = 0 ] || fail "$1 plan -detailed-exitcode exited $rc, want 0 (no changes): $(cat "$work/out")"
}

# 1. Terraform first.
write_config 128 '"a"'
tf init; ok "terraform init"
grep -q '"type": "pg"' "$d/.terraform/terraform.tfstate" || fail "terraform init did not record the pg backend"
tf apply -auto-approve; ok "terraform apply"
[ ! -e "$d/terraform.tfstate" ] || fail "terraform wrote a local state with backend pg"
fg plan -detailed-exitcode -no-color; no_changes "fgform (on terraform's state)"
write_config 256 '"a", "b"'
fg apply -auto-approve -no-color; ok "fgform apply of a change"
grep -q "1 added, 1 changed, 0 destroyed" "$work/out" || fail "fgform apply: $(cat "$work/out")"
[ ! -e "$d/terraform.tfstate" ] || fail "fgform wrote a local state with backend pg"
tf plan -detailed-exitcode; no_changes "terraform (after fgform's apply)"
echo "ok: terraform applies, fgform plans nothing and applies, terraform plans nothing"

# 2. The reverse.
write_config 512 '"a", "b", "c"'
tf apply -auto-approve; ok "terraform apply of a change"
grep -q "1 added, 1 changed, 0 destroyed" "$work/out" || fail "terraform apply: $(cat "$work/out")"
fg plan -detailed-exitcode -no-color; no_changes "fgform (after terraform's apply)"
[ "$(cd "$d" && "$fgform" output -json names)" = "$(cd "$d" && terraform output -json names)" ] ||
  fail "outputs differ between the engines"
tf init; ok "terraform init again (fgform must not disturb it)"
echo "ok: terraform applies a change, fgform plans nothing"

# 3. Workspaces, both ways.
fg workspace new fgws; ok "fgform workspace new"
fg apply -auto-approve -no-color; ok "fgform apply in fgws"
tfws show; ok "terraform workspace show"
grep -qx fgws "$work/out" || fail "terraform does not see fgform's selection: $(cat "$work/out")"
tf plan -detailed-exitcode; no_changes "terraform in fgform's workspace"
tfws new tfws; ok "terraform workspace new"
tf apply -auto-approve; ok "terraform apply in tfws"
fg workspace list; ok "fgform workspace list"
printf '  default\n  fgws\n* tfws\n\n' | diff - "$work/out" >/dev/null ||
  fail "fgform workspace list: $(cat "$work/out")"
fg plan -detailed-exitcode -no-color; no_changes "fgform in terraform's workspace"
grep -c '' <<<"$( (cd "$d" && "$fgform" state list) )" | grep -qx 3 || fail "tfws state"
tf destroy -auto-approve; ok "terraform destroy in tfws"
tfws select default; ok "terraform select default"
fg workspace delete tfws; ok "fgform deletes terraform's (empty) workspace"
tfws list; ok "terraform workspace list"
grep -q tfws "$work/out" && fail "terraform still lists tfws: $(cat "$work/out")"
fg workspace select fgws; ok "fgform select fgws"
fg destroy -auto-approve -no-color; ok "fgform destroy in fgws"
fg workspace select default; ok "fgform select default"
tfws delete fgws; ok "terraform deletes fgform's (empty) workspace"
echo "ok: workspaces shared both ways"

# 4. The lock, both ways: a slow emulator keeps the first engine inside its apply.
"$emulator" --listen 127.0.0.1:0 --data "$work/slow-emulator" --latency-ms 3000 \
  >"$work/slow.out" 2>"$work/slow.err" &
slow_pid=$!
before_cleanup() { kill -TERM "$slow_pid" 2>/dev/null || true; stop_postgres; }
slow_url="$(await_url "$work/slow.out" 100)"
[[ "$slow_url" == http://127.0.0.1:* ]] || fail "slow emulator did not start: $(cat "$work/slow.err")"
url="$slow_url"
write_config 512 '"a", "b", "c"'
wait_for_lock() {
  for _ in $(seq 1 200); do
    [ "$(pg_psql -c "select count(*) from pg_locks where locktype = 'advisory' and granted")" -gt 0 ] && return 0
    sleep 0.05
  done
  fail "no advisory lock appeared"
}
(cd "$d" && "$fgform" plan -no-color) >"$work/holder.log" 2>&1 &
holder=$!
wait_for_lock
tf plan -lock-timeout=0s
[ "$rc" != 0 ] || fail "terraform planned while fgform held the lock: $(cat "$work/out")"
grep -q "Error acquiring the state lock" "$work/out" || fail "terraform's lock error: $(cat "$work/out")"
wait "$holder" || true
(cd "$d" && terraform plan -no-color -input=false) >"$work/holder.log" 2>&1 &
holder=$!
wait_for_lock
fg plan -no-color -lock-timeout=0s
[ "$rc" != 0 ] || fail "fgform planned while terraform held the lock: $(cat "$work/out")"
grep -q "Error acquiring the state lock" "$work/out" || fail "fgform's lock error: $(cat "$work/out")"
grep -q "Workspace is already locked: default" "$work/out" || fail "fgform's lock error: $(cat "$work/out")"
wait "$holder" || true
echo "ok: each engine refuses the state while the other holds its lock"

grep -rqF "$PG_TEST_PASSWORD" "$work/out" "$work/holder.log" && fail "a password was printed"
echo "fgform and terraform on the pg backend: ok"
