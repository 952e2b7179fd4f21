#!/usr/bin/env bash
# examples/complete applied by real Terraform against fgform-emulator: apply, an empty plan,
# destroy. Exits 77 (ctest: skipped) when terraform is not installed.
set -euo pipefail
emulator="$1"
provider="$2"
example="$3"

fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIPPED: terraform not found on PATH; the complete example was not applied"
  exit 77
fi

work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill -TERM "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

export HW_ACCESS_KEY=EXAMPLEAK0000000001 HW_SECRET_KEY=example-secret HW_REGION_NAME=cn-north-4
"$emulator" --listen 127.0.0.1:0 --data "$work/emulator" >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$work/emulator.out" ] && break; sleep 0.05; done
url="$(head -n1 "$work/emulator.out")"
url="${url#listening on }"

provider_dir="$(cd "$(dirname "$provider")" && pwd)"
cat >"$work/cli.tfrc" <<TFRC
disable_checkpoint = true
provider_installation {
  dev_overrides {
    "registry.terraform.io/fgform/functiongraph" = "$provider_dir"
  }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 HOME="$work"
unset TF_LOG TF_LOG_PATH TF_LOG_PROVIDER TF_REATTACH_PROVIDERS
mkdir "$work/config"
cp "$example"/*.tf "$work/config/"
cd "$work/config"

terraform apply -auto-approve -no-color -var "endpoint=$url" >"$work/apply.log" 2>&1 || fail "apply: $(cat "$work/apply.log")"
grep -q "10 added" "$work/apply.log" || fail "apply did not add 10: $(cat "$work/apply.log")"
rc=0
terraform plan -detailed-exitcode -no-color -var "endpoint=$url" >"$work/plan.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "plan after apply is not empty (exit $rc): $(cat "$work/plan.log")"
terraform destroy -auto-approve -no-color -var "endpoint=$url" >"$work/destroy.log" 2>&1 || fail "destroy: $(cat "$work/destroy.log")"
grep -q "10 destroyed" "$work/destroy.log" || fail "destroy did not remove 10: $(cat "$work/destroy.log")"
echo "terraform complete example: 1 passed, 0 failed"
