# A private PostgreSQL server for tests; sourced, not run.
#   start_postgres DIR   initdb + pg_ctl in DIR (created), listening on 127.0.0.1 at a free port
#                        and on a unix socket in DIR; sets PG_CONN_STR (exported, with a dummy
#                        password the trust authentication ignores: tests check it never shows),
#                        PG_TEST_PASSWORD, pg_port. Fails the test, saying why, when the server
#                        cannot start.
#   stop_postgres        stops it (immediate); safe to call twice.
# initdb refuses to run as root: as root the server runs as `nobody`, in a directory it owns.

pg_bin_dir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  return 1
}

pg_dir=""
pg_user=""
pg_as() {  # runs a command as the server's user
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$pg_user" -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  local bin port tries
  bin="$(pg_bin_dir)" || { echo "FAIL: PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql-15 (scripts/install-deps.sh)" >&2; exit 1; }
  pg_dir="$1"
  mkdir -p "$pg_dir"
  if [ "$(id -u)" -eq 0 ]; then
    pg_user=nobody
    # Every directory above must be searchable by the server's user.
    local d="$pg_dir"
    while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d="$(dirname "$d")"; done
    chown "$pg_user" "$pg_dir"
  else
    pg_user="$(id -un)"
  fi
  pg_as "$bin/initdb" -D "$pg_dir/data" -U "$pg_user" --auth=trust --no-sync -E UTF8 \
    --locale=C >"$pg_dir/initdb.log" 2>&1 ||
    { echo "FAIL: initdb failed: $(cat "$pg_dir/initdb.log")" >&2; exit 1; }
  for tries in 1 2 3 4 5; do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if pg_as "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c max_connections=50" \
        start >"$pg_dir/pg_ctl.log" 2>&1; then
      pg_port="$port"
      PG_TEST_PASSWORD="pw-never-printed-7d1f"
      export PG_CONN_STR="postgres://$pg_user:$PG_TEST_PASSWORD@127.0.0.1:$port/postgres?sslmode=disable"
      pg_started=1
      return 0
    fi
    grep -q "already in use" "$pg_dir/server.log" 2>/dev/null || break
  done
  echo "FAIL: PostgreSQL did not start: $(cat "$pg_dir/pg_ctl.log" "$pg_dir/server.log" 2>/dev/null)" >&2
  exit 1
}

pg_started=""
stop_postgres() {
  [ -n "$pg_started" ] || return 0
  pg_started=""
  pg_as "$(pg_bin_dir)/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

# psql against the test server (for checks), when psql is installed.
pg_psql() {
  psql "$PG_CONN_STR" -v ON_ERROR_STOP=1 -At "$@"
}
