#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, in a temporary folder on a free loopback port, with
# trust authentication and no fsync (its data is worth nothing).
#   eval "$(scripts/postgres.sh start)"   prints the exports REEL_TEST_POSTGRES_URL and REEL_TEST_POSTGRES_DIR
#   scripts/postgres.sh start durable     the same with PostgreSQL's default fsync and synchronous commits (benchmarks)
#   scripts/postgres.sh stop DIR          stops that cluster and removes its folder
set -euo pipefail
bin=/usr/lib/postgresql/15/bin

# Debian's postgres refuses to run as root: as root, the cluster is the postgres user's.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    folder=$(mktemp -d "${TMPDIR:-/tmp}/reel-postgres.XXXXXX")
    [ "$(id -u)" -ne 0 ] || chown postgres "$folder"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$folder/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$folder/initdb.log"
    # Every store and server test has a database, and each store a pool of up to 20 connections: room for them all
    # (500 ran out once, and the store tests waited out their 30 s of retries).
    unsafe="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${2:-}" != durable ] || unsafe=""
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 30 start -o \
      "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=1500 $unsafe" >/dev/null
    echo "export REEL_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export REEL_TEST_POSTGRES_DIR=$folder"
    ;;
  stop)
    folder=${2:?the folder that start printed}
    [ -d "$folder/data" ] && as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate -w -t 30 stop >/dev/null || true
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start [durable] | stop DIR" >&2
    exit 2
    ;;
esac
