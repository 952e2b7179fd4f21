#!/usr/bin/env bash
# Every example in docs/ (generated from schemas/) is valid for real Terraform with our provider:
# all examples together form one configuration that `terraform validate` accepts, so a schema
# change that breaks an example fails here. Exits 77 (ctest: skipped) without terraform.
set -euo pipefail
provider="$1"
docs="$2"

fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIPPED: terraform not found on PATH; the docs examples were not validated"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
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
mkdir "$work/config"
count=0
for page in "$docs"/index.md "$docs"/resources/*.md "$docs"/data-sources/*.md; do
  awk '/^```terraform$/{on=1; next} /^```$/{on=0} on' "$page" >"$work/config/$(basename "$(dirname "$page")")_$(basename "$page" .md).tf"
  count=$((count + 1))
done
(cd "$work/config" && terraform validate -no-color) >"$work/validate.log" 2>&1 || fail "$(cat "$work/validate.log")"
echo "docs examples: $count pages validated by terraform; 1 passed, 0 failed"
