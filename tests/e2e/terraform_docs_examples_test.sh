#!/usr/bin/env bash
# Every example in docs/ (generated from schemas/) is valid for real Terraform with our provider:
# all examples together form one configuration that `terraform validate` accepts, so a schema
# change that breaks an example fails here. Exits 77 (ctest: skipped) without terraform.
set -euo pipefail
provider="$1"
docs="$2"

source "$(dirname "$0")/terraform_env.sh"
require_terraform "the docs examples were not validated"
make_workdir
use_dev_override "$provider"
mkdir "$work/config"
count=0
for page in "$docs"/index.md "$docs"/resources/*.md "$docs"/data-sources/*.md; do
  awk '/^```terraform$/{on=1; next} /^```$/{on=0} on' "$page" >"$work/config/$(basename "$(dirname "$page")")_$(basename "$page" .md).tf"
  count=$((count + 1))
done
(cd "$work/config" && terraform validate -no-color) >"$work/validate.log" 2>&1 || fail "$(cat "$work/validate.log")"
echo "docs examples: $count pages validated by terraform; 1 passed, 0 failed"
