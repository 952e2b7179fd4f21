#!/usr/bin/env bash
# fgform-docgen's command line: help flags print the usage and write nothing, unknown flags and
# missing or extra folders are refused with exit 1, and --check / -- work as documented.
set -euo pipefail
docgen="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

for flag in --help -help -h; do
  rc=0
  "$docgen" "$flag" >out 2>err || rc=$?
  [ "$rc" -eq 0 ] || fail "$flag exited $rc"
  grep -q '^usage: fgform-docgen' out || fail "$flag printed no usage: $(cat out)"
  grep -q -- '--check' out || fail "$flag does not describe --check"
  [ ! -s err ] || fail "$flag wrote to stderr: $(cat err)"
  [ -z "$(ls -A . | grep -v -e '^out$' -e '^err$')" ] || fail "$flag wrote files: $(ls -A)"
done

"$docgen" --version >out || fail "--version exited non-zero"
grep -Eq '^fgform-docgen [0-9]+\.[0-9]+\.[0-9]+' out || fail "--version printed '$(cat out)'"

expect_refusal() {  # expect_refusal MESSAGE ARGS...
  local message="$1"; shift
  local rc=0
  "$docgen" "$@" >out 2>err || rc=$?
  [ "$rc" -eq 1 ] || fail "'$*' exited $rc, not 1"
  grep -qF -- "$message" err || fail "'$*' said: $(cat err)"
  grep -q '^usage: fgform-docgen' err || fail "'$*' printed no usage on stderr"
  [ -z "$(ls -A . | grep -v -e '^out$' -e '^err$')" ] || fail "'$*' wrote files: $(ls -A)"
}
expect_refusal "unknown flag --bogus" --bogus docs
expect_refusal "unknown flag -x" -x
expect_refusal "DOCS_DIR is missing"
expect_refusal "DOCS_DIR is missing" --check
expect_refusal "more than one DOCS_DIR" a b

# Generation, then --check on what was generated, then --check on a stale page.
"$docgen" docs >out 2>err || fail "generation failed: $(cat err)"
[ -f docs/index.md ] && [ -d docs/resources ] || fail "no pages were written"
"$docgen" --check docs 2>err || fail "--check after generation failed: $(cat err)"
echo "stale" >>docs/index.md
rc=0
"$docgen" --check docs 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "--check on a stale page exited $rc"
grep -q 'stale: docs/index.md' err || fail "--check did not name the stale page: $(cat err)"

# "--" lets a folder start with '-'.
"$docgen" -- -odd >out 2>err || fail "'-- -odd' failed: $(cat err)"
[ -f ./-odd/index.md ] || fail "'-- -odd' did not write into ./-odd"
echo "docgen command line: 1 passed, 0 failed"
