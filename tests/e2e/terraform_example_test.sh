#!/usr/bin/env bash
# examples/complete applied by real Terraform against fgform-emulator: apply, an empty plan,
# destroy. Exits 77 (ctest: skipped) when terraform is not installed.
set -euo pipefail
emulator="$1"
provider="$2"
example="$3"

source "$(dirname "$0")/terraform_env.sh"
require_terraform "the complete example was not applied"
make_workdir
export HW_ACCESS_KEY=EXAMPLEAK0000000001 HW_SECRET_KEY=example-secret HW_REGION_NAME=cn-north-4
start_emulator "$emulator"
use_dev_override "$provider"
mkdir "$work/config"
copy_example "$example" "$work/config"
cd "$work/config"

terraform apply -auto-approve -no-color -var "endpoint=$url" >"$work/apply.log" 2>&1 || fail "apply: $(cat "$work/apply.log")"
grep -q "10 added" "$work/apply.log" || fail "apply did not add 10: $(cat "$work/apply.log")"
rc=0
terraform plan -detailed-exitcode -no-color -var "endpoint=$url" >"$work/plan.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "plan after apply is not empty (exit $rc): $(cat "$work/plan.log")"
terraform destroy -auto-approve -no-color -var "endpoint=$url" >"$work/destroy.log" 2>&1 || fail "destroy: $(cat "$work/destroy.log")"
grep -q "10 destroyed" "$work/destroy.log" || fail "destroy did not remove 10: $(cat "$work/destroy.log")"
echo "terraform complete example: 1 passed, 0 failed"
