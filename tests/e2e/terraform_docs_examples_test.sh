#!/usr/bin/env bash
# Every example in docs/ (generated from schemas/) works for real Terraform with our provider:
# together the examples form one configuration, which is applied against fgform-emulator in two
# steps: first every resource page (with docs/index.md's provider block, pointed at the emulator
# by an override file), then the data-source pages too, which read what the first step made.
# After that the plan is empty and destroy removes everything. A schema change that breaks an
# example fails here. Exits 77 (ctest: skipped) without terraform.
set -euo pipefail
provider="$1"
docs="$2"
emulator="$3"

source "$(dirname "$0")/terraform_env.sh"
require_terraform "the docs examples were not applied"
make_workdir
export HW_ACCESS_KEY=EXAMPLEAK0000000001 HW_SECRET_KEY=example-secret HW_REGION_NAME=cn-north-4
start_emulator "$emulator"
use_dev_override "$provider"
mkdir "$work/config"
cd "$work/config"

example_of() {  # example_of PAGE: the page's ```terraform block, into a .tf file of its own
  awk '/^```terraform$/{on=1; next} /^```$/{on=0} on' "$1" \
    >"$(basename "$(dirname "$1")")_$(basename "$1" .md).tf"
}
example_of "$docs/index.md"
resources=0
for page in "$docs"/resources/*.md; do
  example_of "$page"
  resources=$((resources + 1))
done
# What the examples point at from outside the configuration: a dependency package.
printf 'placeholder package for the docs example\n' >requests.txt
python3 -c 'import zipfile; zipfile.ZipFile("requests.zip", "w").write("requests.txt")'
tf_provider_endpoints "\"$url\"" >emulator_override.tf

tf() {  # tf LOG ARGS...: run terraform, fail with its output
  local log="$work/$1"
  shift
  terraform "$@" -no-color -input=false >"$log" 2>&1 || fail "terraform $*: $(cat "$log")"
}
tf resources.log apply -auto-approve
grep -q "Apply complete! Resources: [1-9][0-9]* added, 0 changed, 0 destroyed" "$work/resources.log" ||
  fail "applying the resource examples added nothing: $(cat "$work/resources.log")"

data_sources=0
for page in "$docs"/data-sources/*.md; do
  example_of "$page"
  data_sources=$((data_sources + 1))
done
tf data.log apply -auto-approve
grep -q "Apply complete! Resources: 0 added, 0 changed, 0 destroyed" "$work/data.log" ||
  fail "the data-source examples changed resources: $(cat "$work/data.log")"
for page in "$docs"/data-sources/*.md; do
  name="functiongraph_$(basename "$page" .md)"
  grep -q "data.$name\.[a-z_]*: Read complete" "$work/data.log" ||
    fail "data source $name was not read: $(cat "$work/data.log")"
done

rc=0
terraform plan -detailed-exitcode -no-color -input=false >"$work/plan.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "plan after applying the examples is not empty (exit $rc): $(cat "$work/plan.log")"
tf destroy.log destroy -auto-approve
grep -q "Destroy complete!" "$work/destroy.log" || fail "destroy: $(cat "$work/destroy.log")"
echo "docs examples: $resources resource and $data_sources data-source pages applied; 1 passed, 0 failed"
