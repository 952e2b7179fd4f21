#!/usr/bin/env bash
# terraform-provider-functiongraph as Terraform runs it: Terraform starts the binary through a
# dev_overrides CLI configuration (no registry, no init, no network), completes the go-plugin
# handshake with AutoMTLS and without TLS, validates a configuration and reads the provider
# schema. Also checks what a person running the binary by hand sees.
# Exits 77 (ctest: skipped) when terraform is not installed.
set -euo pipefail
provider="$1"

source "$(dirname "$0")/terraform_env.sh"

# --- Run by hand: friendly message on stderr, nothing on stdout, exit 1. ----------------------
hand_out="$(mktemp)"
hand_err="$(mktemp)"
trap 'rm -f "$hand_out" "$hand_err"' EXIT
rc=0
env -u TF_PLUGIN_MAGIC_COOKIE "$provider" >"$hand_out" 2>"$hand_err" || rc=$?
[ "$rc" -eq 1 ] || fail "run by hand: exit code $rc, expected 1"
[ ! -s "$hand_out" ] || fail "run by hand: wrote to stdout: $(cat "$hand_out")"
grep -q "Terraform provider plugin" "$hand_err" || fail "run by hand: message was '$(cat "$hand_err")'"
rc=0
TF_PLUGIN_MAGIC_COOKIE=wrong "$provider" >"$hand_out" 2>"$hand_err" || rc=$?
[ "$rc" -eq 1 ] || fail "wrong cookie: exit code $rc, expected 1"
echo "ok: run by hand prints the plugin message and exits 1"

require_terraform "the provider's Terraform e2e test did not run"
before_cleanup() { rm -f "$hand_out" "$hand_err"; }
make_workdir
# Terraform must never reach the network: no checkpoint, no registry (dev_overrides needs no
# init), and a HOME of our own so no user configuration leaks in.
use_dev_override "$provider"
unset TF_DISABLE_PLUGIN_TLS
export TF_DATA_DIR="$work/data"
# The plugin makes its socket directory under TMPDIR: a private one lets us check that it is
# removed without seeing other tests' directories.
mkdir "$work/tmp"
export TMPDIR="$work/tmp"

mkdir "$work/config"
{
  tf_requires_provider
  cat <<'TF'

provider "functiongraph" {
  region = "cn-north-4"
}
TF
} >"$work/config/main.tf"

# Not `terraform version | head -n1`: head exits after one line, terraform may then die of
# SIGPIPE while writing the rest, and pipefail turned that into a silent failure of this test.
tf_version="$(terraform version)"
echo "${tf_version%%$'\n'*}"

run_terraform() {
  local mode="$1"
  local log="$work/$mode.log"
  (
    cd "$work/config"
    TF_LOG=trace TF_LOG_PATH="$log" terraform validate -no-color >"$work/$mode.validate" 2>&1
  ) || fail "$mode: terraform validate failed: $(cat "$work/$mode.validate")"
  grep -q "The configuration is valid" "$work/$mode.validate" ||
    fail "$mode: unexpected validate output: $(cat "$work/$mode.validate")"
  echo "ok ($mode): terraform validate: $(grep 'The configuration is valid' "$work/$mode.validate")"

  (cd "$work/config" && terraform providers schema -json >"$work/$mode.schema.json" 2>"$work/$mode.schema.err") ||
    fail "$mode: terraform providers schema failed: $(cat "$work/$mode.schema.err")"
  python3 - "$work/$mode.schema.json" <<'PY' || fail "$mode: provider schema is not as expected"
import json, sys
schemas = json.load(open(sys.argv[1]))["provider_schemas"]
provider = schemas["registry.terraform.io/fgform/functiongraph"]["provider"]["block"]
attrs = provider["attributes"]
assert attrs["secret_key"].get("sensitive") is True, "secret_key is not sensitive"
assert attrs["security_token"].get("sensitive") is True, "security_token is not sensitive"
assert attrs["region"]["type"] == "string" and attrs["region"].get("optional") is True
assert attrs["insecure"]["type"] == "bool" and attrs["max_retries"]["type"] == "number"
endpoints = provider["block_types"]["endpoints"]
assert endpoints["nesting_mode"] == "single", endpoints["nesting_mode"]
assert set(endpoints["block"]["attributes"]) == {"functiongraph", "iam", "vpc"}
print("ok: schema has", len(attrs), "provider attributes; secret_key sensitive; endpoints single")
PY
  echo "ok ($mode): terraform providers schema -json"

  # What the transport did, from Terraform's own log.
  grep -q "using plugin: version=5" "$log" || fail "$mode: protocol 5 was not negotiated"
  grep -q "plugin server listening: .*address=$TMPDIR/fgform-plugin-[^ ]*/plugin.sock" "$log" ||
    fail "$mode: the plugin did not listen on a Unix socket under TMPDIR"
  if [ "$mode" = "mtls" ]; then
    grep -q "configuring client automatic mTLS" "$log" || fail "mtls: Terraform did not use AutoMTLS"
  else
    if grep -q "configuring client automatic mTLS" "$log"; then fail "plaintext: AutoMTLS was on"; fi
  fi
  if grep -q "plugin failed to exit gracefully" "$log"; then
    fail "$mode: the plugin did not exit after Shutdown"
  fi
  grep -q "plugin exited" "$log" || fail "$mode: no 'plugin exited' in Terraform's log"
  echo "ok ($mode): $(grep -c 'plugin exited' "$log") plugin process(es) started and exited cleanly"
}

run_terraform mtls
TF_DISABLE_PLUGIN_TLS=1 run_terraform plaintext

# No socket directory may outlive the plugin processes.
leftovers="$(find "$TMPDIR" -maxdepth 1 -name 'fgform-plugin-*' | wc -l)"
[ "$leftovers" -eq 0 ] || fail "$leftovers socket directories left behind"
echo "terraform plugin e2e: passed (AutoMTLS and plaintext)"
