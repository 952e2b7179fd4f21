#!/usr/bin/env bash
# No-op plan and apply at scale: fgform and Terraform + our provider on N synthetic functions
# against fgform-emulator (issue 4). Run with -h for the options; results go to stdout.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/engine_bench.sh [options]

Generates a configuration of N functiongraph_function resources (one resource block each,
distinct names, 2 lines of inline Python), starts fgform-emulator on a free loopback port
with a fresh data directory and the chosen injected latency, creates everything once, then
measures a no-op `plan -detailed-exitcode` and a no-op `apply -auto-approve`.

  -n N          number of functions (default 100)
  -l MS         latency the emulator injects before answering each API request (default 0)
  -e ENGINES    fgform, terraform or both (default both). With both, fgform creates the
                functions and Terraform then plans and applies on fgform's state file (the
                same objects and the same configuration: state interoperability at scale).
  -c ENGINE     which engine creates the functions (default: fgform when it is measured,
                else terraform); the creating apply is reported as step "create"
  -b DIR        build directory holding the binaries (default build/release)
  --fgform PATH, --emulator PATH, --provider PATH
                the binaries themselves, when not at their places under -b
  -p N          -parallelism for both engines (default 10, the default of both)
  -w DIR        keep all files in DIR (config, state, logs, emulator data); default: a
                temporary directory removed at exit
  --check       smoke test: also fail unless every plan is empty, every apply changes
                nothing and leaves N instances in state (and fgform, the serial as it was),
                and every step made at least one API call
  -h, --help    this text

Output, one line per measured step, tab-separated:
  engine  n  latency_ms  step  wall_s  cpu_s  peak_rss_mb  api_calls  [provider_rss_mb  provider_starts]
wall_s, cpu_s (user + system, with the processes the command waited for: for Terraform, its
provider) and peak_rss_mb come from GNU time (/usr/bin/time) around the engine command.
peak_rss_mb is that of the largest process among the command and those it waited for: for
Terraform, terraform itself, as provider_rss_mb shows: the largest of the provider processes
the command started (each is run under GNU time by a small wrapper).
api_calls is the change of "total" in the emulator's GET /_emulator/stats over the step:
every API request that reached the emulator, signed or not (with -w, the change per route
is kept in DIR/logs/ENGINE-STEP.routes, and each command's output in DIR/logs/ENGINE-STEP.log).

Examples:
  bench/engine_bench.sh -n 1000 -l 20
  bench/engine_bench.sh -n 10000 -e fgform
USAGE
}

n=100
latency=0
engines=both
creator=""
build_dir=""
parallelism=10
keep_dir=""
check=0
fgform=""
emulator=""
provider=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    -l) latency="$2"; shift 2 ;;
    -e) engines="$2"; shift 2 ;;
    -c) creator="$2"; shift 2 ;;
    -b) build_dir="$2"; shift 2 ;;
    -p) parallelism="$2"; shift 2 ;;
    -w) keep_dir="$2"; shift 2 ;;
    --fgform) fgform="$2"; shift 2 ;;
    --emulator) emulator="$2"; shift 2 ;;
    --provider) provider="$2"; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "engine_bench: unknown argument: $1 (see -h)" >&2; exit 2 ;;
  esac
done

fail() { echo "engine_bench: FAIL: $*" >&2; exit 1; }
[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || fail "-n wants a positive number"
[[ "$latency" =~ ^[0-9]+$ ]] || fail "-l wants milliseconds"
[[ "$parallelism" =~ ^[0-9]+$ ]] && [ "$parallelism" -ge 1 ] || fail "-p wants a positive number"
case "$engines" in fgform|terraform|both) ;; *) fail "-e wants fgform, terraform or both" ;; esac
if [ -z "$creator" ]; then
  if [ "$engines" = terraform ]; then creator=terraform; else creator=fgform; fi
fi
case "$creator" in fgform|terraform) ;; *) fail "-c wants fgform or terraform" ;; esac

root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${build_dir:-$root/build/release}"
abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }  # commands run elsewhere
fgform="$(abs "${fgform:-$build_dir/engine/cli/fgform}")"
emulator="$(abs "${emulator:-$build_dir/emulator/fgform-emulator}")"
provider="$(abs "${provider:-$build_dir/provider/plugin/terraform-provider-functiongraph}")"
gnu_time=/usr/bin/time

[ -x "$emulator" ] || fail "no $emulator (build it first)"
[ -x "$gnu_time" ] || fail "GNU time is missing (apt-get install time; scripts/install-deps.sh)"
uses() { [ "$engines" = both ] || [ "$engines" = "$1" ] || [ "$creator" = "$1" ]; }
if uses fgform; then [ -x "$fgform" ] || fail "no $fgform (build it first)"; fi
if uses terraform; then
  [ -x "$provider" ] || fail "no $provider (build it first)"
  command -v terraform >/dev/null || fail "terraform is not on PATH"
fi

# --- work directory and emulator ---------------------------------------------------------
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then
    kill -TERM "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [ -z "$keep_dir" ]; then rm -rf "$work"; fi
}
if [ -n "$keep_dir" ]; then
  mkdir -p "$keep_dir"
  work="$(cd "$keep_dir" && pwd)"
  rm -rf "$work/emulator" "$work/config" "$work/logs" "$work/tfdata" "$work/provider"
else
  work="$(mktemp -d)"
fi
trap cleanup EXIT
mkdir -p "$work/config" "$work/logs"

export HW_ACCESS_KEY=BENCHAK000000000001 HW_SECRET_KEY=bench-secret HW_REGION_NAME=cn-north-4
export NO_COLOR=1
"$emulator" --listen 127.0.0.1:0 --data "$work/emulator" --latency-ms "$latency" \
  >"$work/logs/emulator.out" 2>"$work/logs/emulator.err" &
emulator_pid=$!
for _ in $(seq 1 200); do [ -s "$work/logs/emulator.out" ] && break; sleep 0.05; done
url="$(head -n1 "$work/logs/emulator.out")"
url="${url#listening on }"
[[ "$url" == http://127.0.0.1:* ]] || fail "emulator did not start: $(cat "$work/logs/emulator.err")"

stats() { curl -sf "$url/_emulator/stats" >"$1" || fail "GET /_emulator/stats failed"; }
# calls_between BEFORE AFTER ROUTES_FILE: prints the change of "total"; writes the change per
# route to ROUTES_FILE.
calls_between() {
  python3 - "$@" <<'PY'
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:3])
with open(sys.argv[3], "w") as out:
    for route, count in sorted(after["routes"].items()):
        delta = count - before["routes"].get(route, 0)
        if delta:
            out.write(f"{delta}\t{route}\n")
print(after["total"] - before["total"])
PY
}

# --- the configuration -------------------------------------------------------------------
{
  cat <<HCL
terraform {
  required_providers {
    functiongraph = {
      source = "fgform/functiongraph"
    }
  }
}

provider "functiongraph" {
  region = "cn-north-4"
  endpoints {
    functiongraph = "$url"
    iam           = "$url"
    vpc           = "$url"
  }
}
HCL
  # One block per function: the graph, the parser and the state all see N resources.
  awk -v n="$n" 'BEGIN {
    for (i = 1; i <= n; i++) {
      printf "\nresource \"functiongraph_function\" \"f%05d\" {\n", i
      printf "  name        = \"bench-%05d\"\n", i
      printf "  runtime     = \"Python3.9\"\n"
      printf "  handler     = \"index.handler\"\n"
      printf "  memory_size = 128\n"
      printf "  timeout     = 15\n"
      printf "  inline_code = \"def handler(event, context):\\n    return %d\\n\"\n", i
      printf "}\n"
    }
  }'
} >"$work/config/main.tf"

# Terraform runs the freshly built provider offline through dev_overrides, from a directory
# where a wrapper runs it under GNU time, so each provider process reports its peak RSS.
if uses terraform; then
  mkdir -p "$work/provider"
  cat >"$work/provider/terraform-provider-functiongraph" <<WRAP
#!/bin/sh
exec "$gnu_time" -a -o "$work/logs/provider-rss" -f "%M" "$provider" "\$@"
WRAP
  chmod +x "$work/provider/terraform-provider-functiongraph"
  cat >"$work/cli.tfrc" <<TFRC
disable_checkpoint = true
provider_installation {
  dev_overrides {
    "registry.terraform.io/fgform/functiongraph" = "$work/provider"
  }
  direct {}
}
TFRC
  export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
  export TF_DATA_DIR="$work/tfdata"
  unset TF_LOG TF_LOG_PATH TF_LOG_PROVIDER TF_REATTACH_PROVIDERS
fi

mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# --- measuring one step ------------------------------------------------------------------
# run_step ENGINE STEP EXPECT_RC CHECK_REGEX COMMAND...: runs COMMAND in the config directory
# under GNU time, prints the result line, and checks the exit code and (with --check) output.
run_step() {
  local engine="$1" step="$2" want_rc="$3" want="$4"
  shift 4
  local log="$work/logs/$engine-$step.log" timing="$work/logs/$engine-$step.time"
  : >"$work/logs/provider-rss"
  local rc=0
  stats "$work/logs/stats-before.json"
  (cd "$work/config" && "$gnu_time" -o "$timing" -f "%e %M %U %S" "$@") >"$log" 2>&1 || rc=$?
  stats "$work/logs/stats-after.json"
  [ "$rc" = "$want_rc" ] || fail "$engine $step exited $rc, want $want_rc; log: $(tail -n 30 "$log")"
  local wall rss_kb user sys calls
  read -r wall rss_kb user sys <"$timing"
  calls="$(calls_between "$work/logs/stats-before.json" "$work/logs/stats-after.json" \
    "$work/logs/$engine-$step.routes")"
  local line
  line="$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$engine" "$n" "$latency" "$step" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$(mb "$rss_kb")" "$calls")"
  if [ "$engine" = terraform ]; then
    local starts max_kb
    starts="$(grep -c '^[0-9]' "$work/logs/provider-rss" || true)"
    max_kb="$(sort -n "$work/logs/provider-rss" | tail -n1)"
    line="$line$(printf '\t%s\t%s' "$(mb "${max_kb:-0}")" "$starts")"
  fi
  echo "$line"
  if [ "$check" = 1 ]; then
    grep -Eq "$want" "$log" || fail "$engine $step: no line matching '$want'; log: $(tail -n 30 "$log")"
    [ "$calls" -gt 0 ] || fail "$engine $step made no API call"
  fi
}

# serial and number of resource instances of the state file
state_summary() {
  python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["serial"], sum(len(r["instances"]) for r in s["resources"]))' "$work/config/terraform.tfstate"
}
# check_noop_apply ENGINE COMMAND...: run_step for a no-op apply, checking the state with --check
check_noop_apply() {
  local engine="$1" before after
  shift
  before="$(state_summary)"
  run_step "$engine" apply 0 "$unchanged" "$@"
  after="$(state_summary)"
  [ "$check" = 1 ] || return 0
  [ "${after#* }" = "$n" ] || fail "the state has ${after#* } instances, want $n"
  # Terraform moves the serial when the state it read differs from the one it would write, so
  # this also checks that fgform writes state exactly as Terraform would (sensitive_attributes
  # with the schema's sensitive attributes, dependencies in Terraform's form).
  [ "$before" = "$after" ] || fail "$engine apply changed the state: serial and instances $before -> $after"
}

created="Apply complete! Resources: $n added, 0 changed, 0 destroyed"
unchanged="Apply complete! Resources: 0 added, 0 changed, 0 destroyed"
empty_plan="No changes\\. Your infrastructure matches the configuration"
par="-parallelism=$parallelism"

printf 'engine\tn\tlatency_ms\tstep\twall_s\tcpu_s\tpeak_rss_mb\tapi_calls\tprovider_rss_mb\tprovider_starts\n'
if [ "$creator" = fgform ]; then
  (cd "$work/config" && "$fgform" init >"$work/logs/fgform-init.log" 2>&1) || fail "fgform init"
  run_step fgform create 0 "$created" "$fgform" apply -auto-approve "$par"
else
  run_step terraform create 0 "$created" terraform apply -auto-approve -input=false -no-color "$par"
fi
grep -q "$created" "$work/logs/$creator-create.log" || fail "$creator did not create $n functions"

if [ "$engines" != terraform ]; then
  run_step fgform plan 0 "$empty_plan" "$fgform" plan -detailed-exitcode "$par"
  check_noop_apply fgform "$fgform" apply -auto-approve "$par"
fi
if [ "$engines" != fgform ]; then
  run_step terraform plan 0 "$empty_plan" \
    terraform plan -detailed-exitcode -input=false -no-color "$par"
  check_noop_apply terraform terraform apply -auto-approve -input=false -no-color "$par"
fi
