#!/usr/bin/env bash
# The fgform-emulator binary as users run it: first stdout line, flags, a signed request
# sequence, persistence across restarts, clean exit on SIGTERM, and bad flags.
set -euo pipefail
emulator="$1"
smoke="$2"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export HW_ACCESS_KEY=E2EAK HW_SECRET_KEY=e2e-secret HW_REGION_NAME=cn-north-4

start() {
  "$emulator" --listen 127.0.0.1:0 --data "$work/data" --project-id 0a1b2c3d4e5f40718293a4b5c6d7e8f9 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/out" ] && break
    sleep 0.05
  done
  line="$(head -n1 "$work/out")"
  [[ "$line" =~ ^listening\ on\ http://127\.0\.0\.1:[0-9]+$ ]] || fail "first line was '$line'"
  export FGFORM_ENDPOINT="${line#listening on }"
}

stop() {
  kill -TERM "$pid"
  local rc=0
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" -eq 0 ] || fail "emulator exited with $rc on SIGTERM"
  grep -q "stopping on signal" "$work/err" || fail "no stop message"
}

# Not `--help | grep -q`: grep exits at its first match, a later write of the help text then
# dies of SIGPIPE, and pipefail turns that into a failure of this test under load.
"$emulator" --help >"$work/help" || fail "--help exited non-zero"
grep -q -- "--fail-status" "$work/help" || fail "--help does not list --fail-status"
if "$emulator" --data "$work/x" --access-key a --secret-key b --fail-status 404 2>"$work/bad"; then
  fail "a bad --fail-status was accepted"
fi
grep -q "429, 500 or 503" "$work/bad" || fail "bad flag message: $(cat "$work/bad")"

start
"$smoke" --keep >"$work/smoke1" || { cat "$work/smoke1"; fail "smoke sequence failed"; }
stop
grep -q "0 failed" "$work/smoke1" || fail "smoke output: $(cat "$work/smoke1")"

# Everything the first run created is still there after a restart: creating again conflicts.
start
"$smoke" >"$work/smoke2" || true
grep -q "FSS.1061" "$work/smoke2" || fail "restart lost data: $(cat "$work/smoke2")"
stop
echo "emulator binary e2e: 1 passed, 0 failed"
