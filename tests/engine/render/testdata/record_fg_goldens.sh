#!/usr/bin/env bash
# Records the fg_* goldens of tests/engine/render/functiongraph_golden_test.cpp with real
# Terraform: `terraform` on PATH (the goldens were made with v1.11.4) drives
# terraform-provider-functiongraph (through dev_overrides, offline: no init, no network) against
# fgform-emulator listening on a free loopback port, in a temporary directory.
#
#   tests/engine/render/testdata/record_fg_goldens.sh PROVIDER EMULATOR FGFORM_API
#
# (RECORD_FG_KEEP=1 keeps the temporary directory, with Terraform's raw output, for a look.)
# E.g., from the top of a checkout built with the debug preset:
#
#   tests/engine/render/testdata/record_fg_goldens.sh \
#     build/debug/provider/plugin/terraform-provider-functiongraph \
#     build/debug/emulator/fgform-emulator build/debug/examples/fgform-api
#
# For each scenario it writes, next to this script:
#   fg_NAME.json  `terraform show -json` of the saved plan, with only format_version,
#                 planned_values, resource_changes / resource_drift, output_changes, errored,
#                 applyable and complete kept (indent 1, no final newline)
#   fg_NAME.txt   the `terraform plan -no-color` text (TF_IN_AUTOMATION=1) without the warning
#                 that dev_overrides are in effect and without the progress lines
#                 ("...: Refreshing state...", "...: Preparing import...") before the plan;
#                 it starts with the blank line before the plan and ends with the plan (a "───"
#                 rule and what follows it, if printed, are left out)
# In one workspace, in this order:
#   fg_create         a function with environment, sensitive_environment and tags; then applied
#   fg_update         memory_size, description, environment and sensitive_environment changed
#   fg_replace        name changed (forces replacement)
#   fg_drift_refresh  `plan -refresh-only` after the function's tag was changed with fgform-api
#   fg_destroy        `plan -destroy` (of the drifted function)
#   (then a VPC, a subnet and an agency are added and the function is given VPC access; applied)
#   fg_mounts_add     two mount blocks added; then applied
#   fg_mounts_change  both mount blocks changed
#   fg_mounts_remove  the second mount block removed
#   fg_import         an `import` block for a VPC made with fgform-api, configured differently
# Only the steps marked "applied" are applied; the other plans are only saved and shown.
# IDs, URNs and timestamps differ from run to run; the tests do not depend on them.
# Needs bash, python3 and terraform; the only traffic is to the emulator on 127.0.0.1.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 PROVIDER EMULATOR FGFORM_API" >&2
  exit 2
fi
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
provider="$(abspath "$1")"
emulator="$(abspath "$2")"
api="$(abspath "$3")"
out="$(cd "$(dirname "$0")" && pwd)"
for f in "$provider" "$emulator" "$api"; do
  [ -x "$f" ] || { echo "not an executable: $f" >&2; exit 2; }
done
[ "$(basename "$provider")" = terraform-provider-functiongraph ] ||
  { echo "the provider must be named terraform-provider-functiongraph: $provider" >&2; exit 2; }
command -v terraform >/dev/null || { echo "terraform is not on PATH" >&2; exit 2; }

work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill -TERM "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null; fi
  if [ -n "${RECORD_FG_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Terraform runs the provider from its directory, offline.
cat >"$work/cli.tfrc" <<TFRC
disable_checkpoint = true
provider_installation {
  dev_overrides {
    "registry.terraform.io/fgform/functiongraph" = "$(dirname "$provider")"
  }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 HOME="$work"
unset TF_LOG TF_LOG_PATH TF_LOG_PROVIDER TF_REATTACH_PROVIDERS TF_DATA_DIR TF_WORKSPACE
export HW_ACCESS_KEY=RENDERGOLDENAK000001 HW_SECRET_KEY=render-golden-secret HW_REGION_NAME=cn-north-4
unset HW_PROJECT_ID
tf_version="$(terraform version -json | python3 -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])')"
[ "$tf_version" = 1.11.4 ] || echo "warning: the goldens were made with Terraform 1.11.4, this is $tf_version" >&2

# The emulator, on a free loopback port; it announces "listening on URL" as its first line.
"$emulator" --listen 127.0.0.1:0 --data "$work/emulator" >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$work/emulator.out" ] && break; sleep 0.05; done
url="$(head -n1 "$work/emulator.out")"
url="${url#listening on }"
[[ "$url" == http://127.0.0.1:* ]] || fail "emulator did not start: $(cat "$work/emulator.err")"

export FGFORM_ENDPOINT="$url"   # for fgform-api

mkdir "$work/config" "$work/goldens"
cd "$work/config"

# write_config: main.tf from these settings.
name=hello memory=128 description="" env='KEEP = "k", STAGE = "prod"' token=s1
network=0 import_id="" mounts=()
write_config() {
  {
    cat <<TF
terraform {
  required_providers {
    functiongraph = { source = "fgform/functiongraph" }
  }
}

provider "functiongraph" {
  endpoints {
    functiongraph = "$url"
    iam           = "$url"
    vpc           = "$url"
  }
}

TF
    if [ "$network" = 1 ]; then
      cat <<'TF'
resource "functiongraph_vpc" "main" {
  name = "functions"
  cidr = "192.168.0.0/16"
}

resource "functiongraph_subnet" "a" {
  vpc_id     = functiongraph_vpc.main.id
  name       = "functions-a"
  cidr       = "192.168.1.0/24"
  gateway_ip = "192.168.1.1"
}

resource "functiongraph_agency" "vpc_access" {
  name                   = "fgs-vpc-access"
  delegated_service_name = "op_svc_cff"
  project_roles          = ["VPC Administrator"]
}

TF
    fi
    cat <<TF
resource "functiongraph_function" "hello" {
  name        = "$name"
  runtime     = "Python3.9"
  handler     = "index.handler"
  memory_size = $memory
  timeout     = 30
  inline_code = "def handler(event, context):\\n    return 'hello'\\n"
TF
    cat <<TF
  description = "$description"
  environment = { $env }
  sensitive_environment = { TOKEN = "$token" }
  tags = {
    team = "platform"
  }
TF
    if [ "$network" = 1 ]; then
      cat <<'TF'
  agency    = functiongraph_agency.vpc_access.name
  vpc_id    = functiongraph_vpc.main.id
  subnet_id = functiongraph_subnet.a.id
TF
    fi
    local m
    for m in "${mounts[@]}"; do
      cat <<TF

  mount {
    type        = "sfs"
    resource_id = "$m"
    share_path  = "/share/$m"
    local_path  = "/mnt/$m"
  }
TF
    done
    cat <<'TF'
}

output "fn_id" {
  value = functiongraph_function.hello.id
}
TF
    if [ -n "$import_id" ]; then
      cat <<TF

import {
  to = functiongraph_vpc.imp
  id = "$import_id"
}

resource "functiongraph_vpc" "imp" {
  name        = "imp"
  cidr        = "10.0.0.0/16"
  description = "managed"
}
TF
    fi
  } >main.tf
}

# golden NAME [PLAN ARGS]: plans, saves the plan, and writes fg_NAME.json and fg_NAME.txt.
golden() {
  local g="$1"
  shift
  terraform plan -no-color -input=false -out="$work/$g.tfplan" "$@" >"$work/$g.plan.out" \
    2>"$work/$g.plan.err" || fail "terraform plan for $g: $(cat "$work/$g.plan.out" "$work/$g.plan.err")"
  cat "$work/$g.plan.err" >&2
  terraform show -json "$work/$g.tfplan" >"$work/$g.show.json" ||
    fail "terraform show -json for $g"
  python3 - "$work/$g.show.json" "$work/goldens/fg_$g.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
keep = ("format_version", "planned_values", "resource_changes", "resource_drift",
        "output_changes", "errored", "applyable", "complete")
kept = {k: plan[k] for k in keep if k in plan}
with open(sys.argv[2], "w") as f:
    f.write(json.dumps(kept, indent=1))
PY
  python3 - "$work/$g.plan.out" "$work/goldens/fg_$g.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# Terraform's warning that dev_overrides are in effect (it names this machine's directory).
warning = re.compile(r"\nWarning: Provider development overrides are in effect\n.*?\nreleases\.\n",
                     re.S)
text, n = warning.subn("", text, count=1)
if n != 1:
    sys.exit("no dev_overrides warning in the plan output")
lines = text.split("\n")
# The progress lines come first, then a blank line that starts the plan.
start = 0
while start < len(lines) and lines[start] != "":
    if not re.match(r"^\S+: (Refreshing state|Preparing import|Reading|Read complete)", lines[start]):
        sys.exit("unexpected line before the plan: %r" % lines[start])
    start += 1
# The plan ends at the rule before "Saved the plan to: ..." (not printed under TF_IN_AUTOMATION).
end = next((i for i in range(start, len(lines)) if re.fullmatch("─+", lines[i])), len(lines))
open(sys.argv[2], "w").write("\n".join(lines[start:end]).rstrip("\n") + "\n")
PY
  echo "planned fg_$g"
}
apply() {
  terraform apply -no-color -input=false -auto-approve >"$work/apply.out" 2>&1 ||
    fail "terraform apply: $(cat "$work/apply.out")"
}
state_attr() {  # ADDRESS ATTRIBUTE
  terraform show -json | python3 -c '
import json, sys
state = json.load(sys.stdin)
for r in state["values"]["root_module"]["resources"]:
    if r["address"] == sys.argv[1]:
        print(r["values"][sys.argv[2]])' "$1" "$2"
}

# The function alone.
write_config
golden create
apply

name=hello memory=256 description=updated env='KEEP = "k", NEW = "n", STAGE = "dev"' token=s2
write_config
golden update

name=hello2 memory=128 description="" env='KEEP = "k", STAGE = "prod"' token=s1
write_config
golden replace

# A tag changed by hand, as with the console.
name=hello
write_config
hello_urn="$(state_attr functiongraph_function.hello id)"
"$api" POST "/v2/{project_id}/functions/$hello_urn/tags/create" \
  '{"tags":[{"key":"team","value":"changed-by-hand"}]}' >"$work/api.out" 2>&1 ||
  fail "changing the tag: $(cat "$work/api.out")"
golden drift_refresh -refresh-only
golden destroy -destroy

# VPC access for the function (this also puts the tag back); then its mounts.
network=1
write_config
apply
mounts=(a b)
write_config
golden mounts_add
apply
mounts=(b c)
write_config
golden mounts_change
mounts=(a)
write_config
golden mounts_remove

# A VPC made by hand, imported into a configuration that describes it differently.
mounts=(a b)
"$api" POST "/v1/{project_id}/vpcs" '{"vpc":{"name":"imp","cidr":"10.0.0.0/16","description":"by hand"}}' \
  >"$work/vpc.json" 2>"$work/api.err" || fail "creating the VPC to import: $(cat "$work/api.err")"
import_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["vpc"]["id"])' "$work/vpc.json")"
write_config
golden import

# Only a complete recording replaces the goldens.
cp "$work"/goldens/fg_* "$out/"
files=("$work"/goldens/fg_*)
echo "wrote ${#files[@]} files to $out"
