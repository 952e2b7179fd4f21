#!/usr/bin/env bash
# fgform against input written to break it (issue 12): every case must end in diagnostics with a
# file and line where there is one, a normal exit (never 134/139: no crash, no uncaught
# exception), bounded output, and the right result. Sizes are the ones that used to crash or
# take tens of seconds; ctest's TIMEOUT is the only clock.
#   1. template directives nested 20,000 deep, in a .tf heredoc and in a .tfvars file
#   2. a 20 KB file of random bytes: a few diagnostics, not one per byte
#   3. format("%.1000000000f", 1), regexall("(a|a)*b", ...), regex on 200 KB
#   4. locals { x = local.x }
#   5. 8,000 chained locals and a 40,000-step index chain: evaluated, and correctly; 8,000
#      locals each wrapping the previous one in a list: refused past 1,000 levels (it was a
#      stack overflow), and 1,000 levels accepted
#   6. a whitespace-only state file: refused, left as it is
#   7. a tainted instance: planned as a replacement, replaced by apply
#   8. state list / state show take -no-color
set -euo pipefail
fgform="$1"
emulator="$2"

source "$(dirname "$0")/terraform_env.sh"
make_workdir
export NO_COLOR=1 HW_ACCESS_KEY=HOSTILEINPUTAK000001 HW_SECRET_KEY=hostile-input-secret HW_REGION_NAME=cn-north-4

# run NAME EXPECTED_RC ARGS...: runs fgform in the current directory; its output goes to
# $work/NAME.log. Fails on a crash or on another exit code.
run() {
  local name="$1" want="$2"; shift 2
  local rc=0
  "$fgform" "$@" </dev/null >"$work/$name.log" 2>&1 || rc=$?
  [ "$rc" -lt 128 ] || fail "$name: fgform $* crashed (exit $rc): $(head -c 2000 "$work/$name.log")"
  grep -q "terminate called\|Segmentation\|Aborted" "$work/$name.log" &&
    fail "$name: crashed: $(head -c 2000 "$work/$name.log")"
  [ "$rc" = "$want" ] || fail "$name: fgform $* exited $rc, not $want: $(head -c 4000 "$work/$name.log")"
  echo "ok: $name (exit $rc)"
}
expect_in() {  # NAME PATTERN...: every pattern (grep -E) is in $work/NAME.log
  local name="$1"; shift
  for p in "$@"; do
    grep -Eq -- "$p" "$work/$name.log" || fail "$name: no \"$p\" in: $(head -c 4000 "$work/$name.log")"
  done
}

nested() {  # OPEN CLOSE N: N nested directives around "x"
  python3 -c 'import sys; o, c, n = sys.argv[1], sys.argv[2], int(sys.argv[3]); print(o * n + "x" + c * n)' "$@"
}

# ---- 1. nested template directives ------------------------------------------------------
mkdir "$work/deep" && cd "$work/deep"
{ echo 'variable "v" {'; echo '  type    = string'; echo '  default = ""'; echo '}'
  echo 'locals {'; echo '  t = <<EOT'; nested '%{if true}' '%{endif}' 20000; echo 'EOT'; echo '}'
} >main.tf
run deep-heredoc 1 validate
expect_in deep-heredoc "Nesting too deep" "on main.tf line 7"
{ echo 'variable "v" {'; echo '  type = string'; echo '}'; echo 'output "v" {'; echo '  value = var.v'; echo '}'; } >main.tf
{ printf 'v = "'; nested '%{for i in [1]}' '%{endfor}' 20000 | tr -d '\n'; echo '"'; } >deep.tfvars
run deep-tfvars 1 plan -var-file=deep.tfvars
expect_in deep-tfvars "Nesting too deep" "deep.tfvars"

# ---- 2. a file of garbage -----------------------------------------------------------------
mkdir "$work/garbage" && cd "$work/garbage"
python3 -c 'import random, sys; r = random.Random(12); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(20000)))' >garbage.tf
run garbage 1 validate
expect_in garbage "Error: " "Too many errors" "more errors in garbage.tf are not shown"
size=$(wc -c <"$work/garbage.log")
[ "$size" -lt 1000000 ] || fail "garbage: $size bytes of output for a 20 KB file"
echo "   ($size bytes of output)"

# ---- 3. functions on hostile arguments ----------------------------------------------------
mkdir "$work/functions" && cd "$work/functions"
cat >main.tf <<'EOF'
output "x" {
  value = format("%.1000000000f", 1)
}
EOF
run format-width 1 plan
expect_in format-width "Error: " "a width, precision or argument index may be at most 1000000" "on main.tf line 2"
cat >main.tf <<'EOF'
locals {
  long = replace(format("%200000s", ""), " ", "x")
}
output "backtracking" {
  value = length(regexall("(a|a)*b", join("", [for i in range(40) : "a"])))
}
output "long_match" {
  value = length(regex("(x+)y", "${local.long}y")[0])
}
output "long_replace" {
  value = length(replace(local.long, "/x/", "ab"))
}
EOF
run regex 0 plan
expect_in regex 'backtracking += 0' 'long_match += 200000' 'long_replace += 400000'

# ---- 4. a local that refers to itself --------------------------------------------------------
mkdir "$work/selfref" && cd "$work/selfref"
printf 'locals {\n  x = local.x\n}\n' >main.tf
run self-reference 1 validate
expect_in self-reference "Error: Self-referencing local value" "Local value local.x cannot use its own result" "on main.tf line 2"

# ---- 5. scale: long chains of locals and of index steps -------------------------------------
mkdir "$work/scale" && cd "$work/scale"
python3 - <<'EOF'
n = 8000
with open("locals.tf", "w") as f:
    f.write("locals {\n  l0 = 0\n")
    for i in range(1, n):
        f.write(f"  l{i} = local.l{i - 1} + 1\n")
    f.write("}\n")
    f.write(f'output "last" {{\n  value = local.l{n - 1}\n}}\n')
steps = "[0]" * 40000
with open("index.tf", "w") as f:
    f.write('locals {\n  a = [[["deep"]]]\n}\n')
    f.write(f'output "chain" {{\n  value = try(local.a{steps}, "fallback")\n}}\n')
    f.write('output "short" {\n  value = local.a[0][0][0]\n}\n')
EOF
run scale 0 plan
expect_in scale 'last += 7999' 'chain += "fallback"' 'short += "deep"'

mkdir "$work/nest" && cd "$work/nest"
nested_locals() {  # N: locals l0 = [1], l1 = [local.l0], ... and an output of the last one's length
  python3 - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
with open("main.tf", "w") as f:
    f.write("locals {\n  l0 = [1]\n")
    for i in range(1, n):
        f.write(f"  l{i} = [local.l{i - 1}]\n")
    f.write("}\n")
    f.write(f'output "last" {{\n  value = length(local.l{n - 1})\n}}\n')
EOF
}
nested_locals 8000
run nest-deep 1 plan
expect_in nest-deep "Error: Value nested too deeply" "on main.tf line 1002" "more than 1000 levels deep"
nested_locals 1000
run nest-limit 0 plan
expect_in nest-limit 'last += 1'

# ---- 6. a whitespace-only state file -------------------------------------------------------
mkdir "$work/wsstate" && cd "$work/wsstate"
printf 'output "o" {\n  value = 1\n}\n' >main.tf
printf '  \n\t\n' >terraform.tfstate
cp terraform.tfstate "$work/ws.before"
run ws-state 1 plan
expect_in ws-state "Unsupported state file format" "could not be parsed as JSON: syntax error at byte offset 5" "does not have a \"version\" attribute"
cmp -s terraform.tfstate "$work/ws.before" || fail "ws-state: the state file was changed"

# ---- 7. a tainted instance ------------------------------------------------------------------
start_emulator "$emulator"
export TF_VAR_endpoint="$url"
mkdir "$work/taint" && cd "$work/taint"
{
  tf_endpoint_head
  cat <<'EOF'

resource "functiongraph_function" "t" {
  name        = "hostile-taint"
  runtime     = "Python3.9"
  memory_size = 128
  timeout     = 10
  inline_code = "def handler(event, context):\n    return 1\n"
}
EOF
} >main.tf
run taint-setup 0 apply -auto-approve
# As Terraform leaves it when a create succeeded and a later step failed.
python3 - <<'EOF'
import json
s = json.load(open("terraform.tfstate"))
s["resources"][0]["instances"][0]["status"] = "tainted"
s["serial"] += 1
json.dump(s, open("terraform.tfstate", "w"), indent=2)
EOF
run taint-plan 2 plan -detailed-exitcode
expect_in taint-plan "functiongraph_function.t is tainted, so must be replaced" "-/\+ resource" "Plan: 1 to add, 0 to change, 1 to destroy"
run taint-state-list 0 state list -no-color
expect_in taint-state-list "^functiongraph_function.t$"
run taint-state-show 0 state show -no-color functiongraph_function.t
expect_in taint-state-show "functiongraph_function.t"
run taint-apply 0 apply -auto-approve
expect_in taint-apply "1 added, 0 changed, 1 destroyed"
grep -q '"tainted"' terraform.tfstate && fail "taint-apply: the new object is still tainted"
run taint-replan 0 plan -detailed-exitcode
expect_in taint-replan "No changes"
run taint-destroy 0 destroy -auto-approve

echo "PASS: fgform hostile input"
