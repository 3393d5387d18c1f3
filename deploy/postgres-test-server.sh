#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL server the tests use: loopback only, trust auth on
# loopback, fsync and synchronous_commit on (PostgreSQL's defaults, kept so crash tests mean
# something), data under DIR, database "llmembed". Installs Debian's postgresql if missing.
# initdb refuses root, so the cluster runs as the "postgres" user and DIR is handed to it.
#   deploy/postgres-test-server.sh start DIR [PORT]  -> initdb on first use, then starts; a second
#                                                        start on the same DIR starts it again
#   deploy/postgres-test-server.sh stop DIR          -> fast shutdown of the server in DIR
# Connection string: Host=127.0.0.1;Port=PORT;Database=llmembed;Username=postgres
set -euo pipefail

command_name="${1:-}"
dir="${2:?usage: $0 start|stop DIR [PORT]}"
port="${3:-5432}"
data="$dir/data"

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$found" ]]; then
    echo "PostgreSQL server binaries not found: installing Debian's package" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    found="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$found"
}

# Runs a server binary as the postgres user when we are root (initdb and postgres refuse root).
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command_name" in
  start)
    bin="$(bin_dir)"
    mkdir -p "$dir"
    if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$dir"; fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log"
    fi
    # The socket directory is DIR, so nothing under /var/run is needed.
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on -c synchronous_commit=on" start >/dev/null
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'llmembed'" | grep -q 1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres llmembed
    fi
    ;;
  stop)
    if [[ -f "$data/postmaster.pid" ]]; then
      bin="$(bin_dir)"
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
