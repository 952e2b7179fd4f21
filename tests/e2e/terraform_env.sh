# Shared setup of the end-to-end tests (Terraform's and fgform's); sourced, not run.
#   require_terraform "what did not run"   exit 77 (ctest: skipped) with a clear line when absent
#   make_workdir                           $work, removed on exit (with the emulator, if started;
#                                          a before_cleanup function, if defined, runs first)
#   start_emulator EMULATOR                starts it on a free loopback port; sets $url
#   await_url OUT TRIES                    the URL a server announced as its first line
#                                          ("listening on URL") in OUT, polled TRIES x 50 ms
#   use_dev_override PROVIDER              Terraform runs PROVIDER offline (no init, no network)
#   copy_example SRC DEST                  the files of example SRC that git tracks (or, outside
#                                          a checkout, all but state and tool data) into DEST
#   provider_config                        prints the terraform block that requires our provider
#                                          and a provider block pointing every service at $url
#   run_tool TOOL LOG COMMAND ARGS...      fgform ($fgform) or terraform, in the current
#                                          directory, output in LOG; sets $rc to the exit code
#   state_attr ADDRESS ATTRIBUTE           an attribute of a resource in ./terraform.tfstate
#   start_drift_test AK SK FGFORM EMULATOR API PROVIDER
#                                          the common start of a drift test (see below)
#   check_under_both_tools WRITE CHECK FG-NAME TF-NAME
#                                          a drift test's check under fgform, then under terraform

fail() { echo "FAIL: $*" >&2; exit 1; }

require_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    echo "SKIPPED: terraform not found on PATH; $1"
    exit 77
  fi
}

emulator_pid=""
make_workdir() {
  work="$(mktemp -d)"
  trap 'cleanup_workdir' EXIT
}
cleanup_workdir() {
  if declare -F before_cleanup >/dev/null; then before_cleanup || true; fi
  if [ -n "$emulator_pid" ]; then
    kill -TERM "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  fi
  rm -rf "$work"
}

# FGFORM_EMULATOR_FLAGS: more flags for the emulator (e.g. --strict-put), for test variants.
start_emulator() {
  # A second start in one test must not read the first one's announcement.
  rm -f "$work/emulator.out" "$work/emulator.err"
  # shellcheck disable=SC2086  # the flags are words on purpose
  "$1" --listen 127.0.0.1:0 --data "$work/emulator" ${FGFORM_EMULATOR_FLAGS:-} \
    >"$work/emulator.out" 2>"$work/emulator.err" &
  emulator_pid=$!
  url="$(await_url "$work/emulator.out" 400)"  # 20 s: slow starts happen on a loaded machine
  [[ "$url" == http://127.0.0.1:* ]] || fail "emulator did not start: $(cat "$work/emulator.err")"
}

await_url() {
  local line
  for _ in $(seq 1 "$2"); do [ -s "$1" ] && break; sleep 0.05; done
  line="$(head -n1 "$1")"
  echo "${line#listening on }"
}

use_dev_override() {
  local provider_dir
  provider_dir="$(cd "$(dirname "$1")" && pwd)"
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
}

# A test must start from the example as committed: a quickstart run in the same checkout leaves
# terraform.tfstate, .fgform/ and .terraform/ there, which would make the test's first apply
# "no changes" (issue 10, item 5).
copy_example() {
  local src="$1" dest="$2" f
  mkdir -p "$dest"
  if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    while IFS= read -r -d '' f; do
      mkdir -p "$dest/$(dirname "$f")"
      cp "$src/$f" "$dest/$f"
    done < <(git -C "$src" ls-files -z -- .)
  else
    (cd "$src" && find . -type f ! -path './.fgform/*' ! -path './.terraform/*' \
       ! -name '*.tfstate' ! -name '*.tfstate.*' ! -name '.terraform.tfstate.lock.info' \
       ! -name 'terraform.tfstate.d' -print0) |
      while IFS= read -r -d '' f; do
        mkdir -p "$dest/$(dirname "$f")"
        cp "$src/$f" "$dest/$f"
      done
  fi
  [ -n "$(ls -A "$dest")" ] || fail "no files copied from $src"
}

# The configuration every e2e test starts from: our provider, every service on the emulator.
provider_config() {
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
}

# One command line for both tools: Terraform takes its flags right after the (sub)command,
# before the arguments; fgform takes them anywhere.
run_tool() {
  local tool="$1" log="$2"
  shift 2
  rc=0
  if [ "$tool" = fgform ]; then
    "$fgform" "$@" >"$log" 2>&1 || rc=$?
  elif [ "$1" = state ]; then
    terraform state "$2" -no-color "${@:3}" >"$log" 2>&1 || rc=$?
  elif [ "$1" = output ]; then
    terraform output -no-color "${@:2}" >"$log" 2>&1 || rc=$?
  else
    terraform "$1" -no-color -input=false "${@:2}" >"$log" 2>&1 || rc=$?
  fi
}

state_attr() {
  python3 - "$1" "$2" <<'PY'
import json, sys
kind, name = sys.argv[1].split(".", 1)
s = json.load(open("terraform.tfstate"))
print(next(r["instances"][0]["attributes"][sys.argv[2]]
           for r in s["resources"] if r["type"] == kind and r["name"] == name))
PY
}

# Pieces of the main.tf files the tests write, printed to stdout for the caller to put together
# (blank lines between them are the caller's):
#   tf_requires_provider [LINES]   the terraform block requiring this provider; LINES (a backend
#                                  block, say) go inside it after required_providers
#   tf_endpoint_variable           variable "endpoint" (a string)
#   tf_provider_endpoints EXPR     the provider block with every endpoint at EXPR (var.endpoint,
#                                  or a quoted URL)
#   tf_endpoint_head               all three, for a configuration on var.endpoint
tf_requires_provider() {
  cat <<'TF'
terraform {
  required_providers {
    functiongraph = {
      source = "fgform/functiongraph"
    }
  }
TF
  if [ "$#" -gt 0 ]; then printf '%s\n' "$1"; fi
  echo "}"
}

tf_endpoint_variable() {
  cat <<'TF'
variable "endpoint" {
  type = string
}
TF
}

tf_provider_endpoints() {
  cat <<TF
provider "functiongraph" {
  endpoints {
    functiongraph = $1
    iam           = $1
    vpc           = $1
  }
}
TF
}

tf_endpoint_head() {
  tf_requires_provider
  echo
  tf_endpoint_variable
  echo
  tf_provider_endpoints var.endpoint
}

# The common start of the drift tests, called with the access key pair and the script's four
# arguments: sets $fgform, $emulator, $api (fgform-api: out-of-band changes, as a colleague with
# the console would make them) and $provider, makes $work, exports the credentials and
# NO_COLOR, starts the emulator and points fgform at it ($FGFORM_ENDPOINT).
start_drift_test() {  # ACCESS-KEY SECRET-KEY FGFORM EMULATOR API PROVIDER
  fgform="$3"
  emulator="$4"
  api="$5"
  provider="$6"
  make_workdir
  export NO_COLOR=1 HW_ACCESS_KEY="$1" HW_SECRET_KEY="$2" HW_REGION_NAME=cn-north-4
  unset TF_CLI_CONFIG_FILE
  start_emulator "$emulator"
  export FGFORM_ENDPOINT="$url"
}

# A drift test's checks, first under fgform, then under Terraform with our provider: WRITE DIR
# NAME writes the configuration into DIR with its function named NAME (FG-NAME, TF-NAME), and
# CHECK TOOL runs the checks in $work/TOOL. Without terraform the test exits 77 (ctest: skipped)
# after the fgform part passed.
check_under_both_tools() {  # WRITE CHECK FG-NAME TF-NAME
  local write="$1" check="$2"
  mkdir "$work/fgform"
  "$write" "$work/fgform" "$3"
  (cd "$work/fgform" && "$fgform" init >/dev/null) || fail "fgform init"
  "$check" fgform

  if ! command -v terraform >/dev/null 2>&1; then
    echo "SKIPPED: the fgform part passed; terraform not found on PATH, so its part did not run"
    exit 77
  fi
  use_dev_override "$provider"
  mkdir "$work/terraform"
  "$write" "$work/terraform" "$4"
  "$check" terraform
}
