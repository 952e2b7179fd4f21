#!/usr/bin/env bash
# `terraform init` installs the released provider as a user would, with no dev_overrides:
#   1. from the filesystem mirror: init, the lock file's h1 hash equals the one release.sh
#      published, `terraform providers lock -fs-mirror` accepts it, then examples/complete is
#      applied against the emulator, planned empty and destroyed;
#   2. from the network mirror served over HTTPS on loopback (a throwaway CA given to Terraform
#      with SSL_CERT_FILE): init verifies the package against the published hashes and records
#      the published h1, `providers lock -net-mirror` finds nothing to change;
#   3. a tampered zip is refused with a checksum error, in both mirrors;
#   4. a version constraint that no release meets is refused.
# Exits 77 (ctest: skipped) without terraform.
set -euo pipefail
emulator="$1"
build_dir="$2"
example="$3"
version="$4"  # CMake's PROJECT_VERSION: what the release must be
root="$(cd "$(dirname "$0")/../.." && pwd)"

source "$(dirname "$0")/terraform_env.sh"
require_terraform "terraform init from the release mirrors was not tested"
make_workdir
server_pid=""
before_cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; }
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 HOME="$work"
unset TF_LOG TF_LOG_PATH TF_LOG_PROVIDER TF_REATTACH_PROVIDERS TF_PLUGIN_CACHE_DIR TF_CLI_CONFIG_FILE
export HW_ACCESS_KEY=EXAMPLEAK0000000001 HW_SECRET_KEY=example-secret HW_REGION_NAME=cn-north-4
terraform version -json >"$work/tf-version.json"
echo "terraform: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["terraform_version"])' "$work/tf-version.json")"

platform="linux_$(dpkg --print-architecture)"
provider="terraform-provider-functiongraph"
bash "$root/packaging/release.sh" -build-dir="$build_dir" -out="$work/dist" >"$work/release.log" 2>&1 ||
  fail "release.sh: $(cat "$work/release.log")"
fs_mirror="$work/dist/filesystem-mirror"
net_mirror="$work/dist/network-mirror"
published="$net_mirror/registry.terraform.io/fgform/functiongraph/$version.json"
published_h1="$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["archives"][sys.argv[2]]; print([h for h in a["hashes"] if h.startswith("h1:")][0])' "$published" "$platform")"
checks=0
pass() { checks=$((checks + 1)); }

new_config() {  # new_config DIR: examples/complete, as a user would copy it
  mkdir -p "$1"
  copy_example "$example" "$1"
  grep -q 'version = "~> ' "$1/main.tf" || fail "examples/complete has no version constraint"
}
cli_config() {  # cli_config FILE BLOCK
  printf 'disable_checkpoint = true\nprovider_installation {\n%s\n}\n' "$2" >"$1"
}
lock_hashes() { grep -o '"\(h1\|zh\):[^"]*"' "$1/.terraform.lock.hcl" | tr -d '"' | sort; }
# init_from NAME BLOCK: a CLI configuration NAME.tfrc installing by BLOCK, a fresh copy of the
# example in $work/NAME (the current directory afterwards), and `terraform init` there into
# $work/NAME-init.log; fails with the log when init fails.
init_from() {
  cli_config "$work/$1.tfrc" "$2"
  export TF_CLI_CONFIG_FILE="$work/$1.tfrc"
  new_config "$work/$1"
  cd "$work/$1"
  terraform init -no-color -input=false >"$work/$1-init.log" 2>&1 || fail "init ($1): $(cat "$work/$1-init.log")"
}

# --- 1. The filesystem mirror. ---------------------------------------------------------------
init_from fs "  filesystem_mirror {
    path    = \"$fs_mirror\"
    include = [\"registry.terraform.io/fgform/*\"]
  }"
grep -q "Installing fgform/functiongraph v$version" "$work/fs-init.log" ||
  fail "init did not install v$version: $(cat "$work/fs-init.log")"
grep -q "Terraform has been successfully initialized" "$work/fs-init.log" || fail "init: $(cat "$work/fs-init.log")"
[ -x ".terraform/providers/registry.terraform.io/fgform/functiongraph/$version/$platform/${provider}_v$version" ] ||
  fail "the provider is not in .terraform/providers"
grep -q "version *= \"$version\"" .terraform.lock.hcl || fail "lock file: $(cat .terraform.lock.hcl)"
grep -q 'constraints *= "~> ' .terraform.lock.hcl || fail "lock file lacks the constraint: $(cat .terraform.lock.hcl)"
lock_hashes . | grep -qx "$published_h1" ||
  fail "the lock file's h1 is not the published $published_h1: $(cat .terraform.lock.hcl)"
pass
cp .terraform.lock.hcl "$work/fs-lock.before"
terraform providers lock -no-color -fs-mirror="$fs_mirror" -platform="$platform" >"$work/fs-lock.log" 2>&1 ||
  fail "providers lock -fs-mirror: $(cat "$work/fs-lock.log")"
grep -q "found no need for changes" "$work/fs-lock.log" ||
  fail "providers lock -fs-mirror wanted changes: $(cat "$work/fs-lock.log")"
cmp -s .terraform.lock.hcl "$work/fs-lock.before" || fail "providers lock rewrote the lock file"
pass

start_emulator "$emulator"
terraform apply -auto-approve -no-color -input=false -var "endpoint=$url" >"$work/apply.log" 2>&1 ||
  fail "apply: $(cat "$work/apply.log")"
grep -q "10 added" "$work/apply.log" || fail "apply did not add 10: $(cat "$work/apply.log")"
rc=0
terraform plan -detailed-exitcode -no-color -input=false -var "endpoint=$url" >"$work/plan.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "plan after apply is not empty (exit $rc): $(cat "$work/plan.log")"
terraform destroy -auto-approve -no-color -input=false -var "endpoint=$url" >"$work/destroy.log" 2>&1 ||
  fail "destroy: $(cat "$work/destroy.log")"
grep -q "10 destroyed" "$work/destroy.log" || fail "destroy did not remove 10: $(cat "$work/destroy.log")"
pass

# --- 2. The network mirror over HTTPS. -------------------------------------------------------
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=fgform test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout ca.key -out ca.pem >/dev/null 2>&1 || fail "could not make a CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout server.key -out server.csr >/dev/null 2>&1 || fail "could not make a server key"
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
  -out server.pem >/dev/null 2>&1 || fail "could not sign the server certificate"
python3 "$root/tests/e2e/https_static_server.py" "$net_mirror" server.pem server.key \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
mirror_url="$(await_url "$work/server.out" 400)"  # python starts slowly on a loaded machine
[[ "$mirror_url" == https://127.0.0.1:* ]] || fail "mirror server did not start: $(cat "$work/server.err")"
export SSL_CERT_FILE="$work/ca.pem"
init_from net "  network_mirror {
    url     = \"$mirror_url\"
    include = [\"registry.terraform.io/fgform/*\"]
  }"
grep -q "Installed fgform/functiongraph v$version (verified checksum)" "$work/net-init.log" ||
  fail "init did not install v$version with a verified checksum: $(cat "$work/net-init.log")"
lock_hashes . | grep -qx "$published_h1" || fail "lock lacks the published h1: $(cat .terraform.lock.hcl)"
pass
terraform providers lock -no-color -net-mirror="$mirror_url" -platform="$platform" >"$work/net-lock.log" 2>&1 ||
  fail "providers lock -net-mirror: $(cat "$work/net-lock.log")"
grep -q "found no need for changes" "$work/net-lock.log" ||
  fail "providers lock -net-mirror wanted changes: $(cat "$work/net-lock.log")"
lock_hashes . | grep -qx "$published_h1" || fail "providers lock dropped the h1 hash"
terraform validate -no-color >"$work/net-validate.log" 2>&1 || fail "validate: $(cat "$work/net-validate.log")"
pass

# --- 3. Tampered archives are refused. -------------------------------------------------------
tamper() {  # tamper ZIP: the same files, one byte more in the binary
  local d
  d="$(mktemp -d -p "$work")"
  unzip -q "$1" -d "$d"
  printf '\0' >>"$d/${provider}_v$version"
  rm "$1"
  (cd "$d" && zip -q -X "$1" -- *)
}
tamper "$fs_mirror/registry.terraform.io/fgform/functiongraph/${provider}_${version}_${platform}.zip"
export TF_CLI_CONFIG_FILE="$work/fs.tfrc"
cd "$work/fs"
rm -rf .terraform
if terraform init -no-color -input=false >"$work/fs-tampered.log" 2>&1; then
  fail "init accepted a tampered zip from the filesystem mirror"
fi
grep -qi "checksum" "$work/fs-tampered.log" || fail "no checksum error: $(cat "$work/fs-tampered.log")"
pass

tamper "$net_mirror/registry.terraform.io/fgform/functiongraph/${provider}_${version}_${platform}.zip"
export TF_CLI_CONFIG_FILE="$work/net.tfrc"
new_config "$work/net-fresh"   # no lock file: only the mirror's published hashes stand guard
cd "$work/net-fresh"
if terraform init -no-color -input=false >"$work/net-tampered.log" 2>&1; then
  fail "init accepted a tampered zip from the network mirror"
fi
grep -qi "checksum" "$work/net-tampered.log" || fail "no checksum error: $(cat "$work/net-tampered.log")"
pass

# --- 4. A constraint no release meets. -------------------------------------------------------
new_config "$work/too-new"
cd "$work/too-new"
sed -i 's/version = "~> [0-9.]*"/version = ">= 99.0"/' main.tf
if terraform init -no-color -input=false >"$work/too-new.log" 2>&1; then
  fail "init accepted >= 99.0"
fi
grep -q "no available releases match the given constraints" "$work/too-new.log" ||
  fail "unclear constraint error: $(cat "$work/too-new.log")"
pass
echo "terraform init from the release mirrors: $checks passed, 0 failed"
