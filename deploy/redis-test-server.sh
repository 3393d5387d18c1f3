#!/usr/bin/env bash
# Starts or stops the throwaway Redis server the tests use: loopback only, append-only
# persistence on, data under a temporary directory. Installs Debian's redis-server if missing.
#   deploy/redis-test-server.sh start DIR [PORT]   -> prints nothing; writes DIR/redis.pid
#   deploy/redis-test-server.sh stop DIR           -> stops exactly the server whose pid is in DIR/redis.pid
set -euo pipefail

command_name="${1:-}"
dir="${2:?usage: $0 start|stop DIR [PORT]}"
port="${3:-6379}"

case "$command_name" in
  start)
    if ! command -v redis-server >/dev/null 2>&1; then
      echo "redis-server not found: installing Debian's package" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      # Not ours (no pid file written), so "stop" will leave it alone.
      echo "a Redis server already answers on 127.0.0.1:$port; using it" >&2
      exit 0
    fi
    mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes \
      --appendonly yes --dir "$dir" --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 1 50); do
      if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then exit 0; fi
      sleep 0.1
    done
    echo "Redis did not answer on 127.0.0.1:$port within 5 s; log:" >&2
    cat "$dir/redis.log" >&2 || true
    exit 1
    ;;
  stop)
    if [[ -f "$dir/redis.pid" ]]; then
      pid="$(cat "$dir/redis.pid")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
