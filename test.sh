#!/usr/bin/env bash
# Runs every test. Starts a throwaway loopback Redis for the Redis-backed tests (installing
# redis-server with apt when missing and running as root) and always stops it again.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

REDIS_PORT="${LLMEMBED_TEST_REDIS_PORT:-6391}"
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing redis-server" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null
  else
    echo "test.sh: redis-server is missing; install it (apt-get install redis-server) and rerun" >&2
    exit 1
  fi
fi
REDIS_DIR="$(mktemp -d)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --appendonly yes --dir "$REDIS_DIR" \
  --save "" --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
cleanup() {
  if [ -f "$REDIS_DIR/redis.pid" ]; then kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$REDIS_DIR"
}
trap cleanup EXIT
for _ in $(seq 1 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
export LLMEMBED_TEST_REDIS="127.0.0.1:${REDIS_PORT}"

dotnet test LLMEmbed.sln "$@"
