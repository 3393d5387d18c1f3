#!/usr/bin/env bash
# Runs every test: starts a throwaway loopback Redis and PostgreSQL (installed with apt when missing)
# for the Redis- and PostgreSQL-backed tests, installs Debian's chromium for the console's browser test and promtool (prometheus) for the metrics lint when missing, validates the Kubernetes manifests against their schemas, runs
# `dotnet test LLMEmbed.sln` (built in parallel, then one test assembly at a time: the load, failure and
# walkthrough tests measure latencies, and three assemblies at once on 2 cores made "refused at once" take
# seconds), and stops what it started whatever the outcome.
# Extra arguments go to dotnet test (e.g. ./test.sh --filter "Category!=Failure" skips the
# multi-process failure tests, about 4 minutes; their measured windows are printed at the end).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

port="${LLMEMBED_TEST_REDIS_PORT:-6379}"
redis_dir="$(mktemp -d -t llmembed-test-redis.XXXXXX)"
pg_port="${LLMEMBED_TEST_POSTGRES_PORT:-55432}"
pg_dir="$(mktemp -d -t llmembed-test-postgres.XXXXXX)"
windows=tests/LLMEmbed.Failure.Tests/TestResults/failure-windows.txt
rm -f "$windows"
cleanup() {
  deploy/redis-test-server.sh stop "$redis_dir" || true
  deploy/postgres-test-server.sh stop "$pg_dir" || true
  rm -rf "$redis_dir" "$pg_dir"
}
trap cleanup EXIT
deploy/redis-test-server.sh start "$redis_dir" "$port"
export LLMEMBED_TEST_REDIS="127.0.0.1:${port}"
# PostgreSQL (Debian's postgresql, installed by the script when missing): initdb in a temp dir owned
# by the postgres user, loopback only, trust auth, database "llmembed".
deploy/postgres-test-server.sh start "$pg_dir" "$pg_port"
export LLMEMBED_TEST_POSTGRES="Host=127.0.0.1;Port=${pg_port};Database=llmembed;Username=postgres"

# The tenant console's browser test drives Debian's chromium headless through Playwright, which
# must not download a browser of its own. Installed with apt when missing; the test fails without it.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# The metrics test lints /metrics with promtool, from Debian's prometheus package (the server it
# also brings is not started).
if ! command -v promtool >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
fi

# The Python client's tests (clients/python, run against a real host by PythonClientTests) use Debian's grpcio and protobuf.
if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-grpcio python3-protobuf
fi

bash tests/k8s-validate/validate.sh

log="$(mktemp -t llmembed-test-log.XXXXXX)"
set +e
dotnet build LLMEmbed.sln -v q -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [[ "$status" == 0 ]]; then
  dotnet test LLMEmbed.sln --no-build -m:1 "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
fi
set -e
# The failure tests' measured error windows, shown in the CI log whatever the outcome.
if [[ -f "$windows" ]]; then echo "==== failure tests: measured windows ($windows)"; cat "$windows"; fi
# One closing line over every test assembly: "tests: N passed, N failed, N skipped".
awk '/(Passed|Failed)!  - Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
