#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server (see postgres_env.sh) and PG_CONN_STR set;
# exits with the command's status. For tests of the pg backend that need a real server.
set -euo pipefail
source "$(dirname "$0")/postgres_env.sh"
base="$(mktemp -d)"
trap 'stop_postgres; rm -rf "$base"' EXIT
start_postgres "$base/pg"
"$@"
