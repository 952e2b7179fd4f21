#!/usr/bin/env bash
# Formats every corpus file with the real `terraform fmt -` and with fgform-fmt, and diffs the
# two outputs (and exit codes). Exits 77 (CTest: skipped) when terraform is not installed.
set -u
fmt_bin=$1
corpus=$2

if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform not found, skipped"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Keep Terraform quiet and offline: no CLI configuration, no checkpoint calls.
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1

failed=0
total=0
for f in "$corpus"/*.tf; do
  total=$((total + 1))
  name=$(basename "$f")
  terraform fmt -no-color - <"$f" >"$work/want" 2>/dev/null
  want_rc=$?
  "$fmt_bin" -no-color - <"$f" >"$work/got" 2>/dev/null
  got_rc=$?
  if [ "$want_rc" != "$got_rc" ]; then
    echo "FAIL $name: exit code $got_rc, terraform fmt exits $want_rc"
    failed=$((failed + 1))
  elif ! cmp -s "$work/want" "$work/got"; then
    echo "FAIL $name: output differs from terraform fmt"
    diff -u "$work/want" "$work/got" | head -40
    failed=$((failed + 1))
  fi
done

echo "$((total - failed)) of $total corpus files identical to terraform fmt"
[ "$failed" -eq 0 ]
