#!/usr/bin/env bash
# A real multi-process LLMEmbed cluster on loopback, sharing one Redis or PostgreSQL server:
#   silo1, silo2  backbone hosts (Silo:BackboneHost=true)
#   silo3         no backbones; also the gateway (its HTTP/gRPC endpoint is the front door)
# Usage: deploy/local-cluster.sh up|down|status|restart SILO|clean
#   up      builds the host if needed, starts Redis if none answers (or, with
#           LLMEMBED_CLUSTER_PROVIDER=postgres, a throwaway PostgreSQL unless LLMEMBED_POSTGRES names
#           one; the schema is applied with `LLMEmbed.Host schema apply`), starts the three silos,
#           waits until each answers /healthz, prints where the gateway listens
#   down    stops exactly the processes `up` started (pids in the run directory); data is kept
#   status  shows each recorded process and whether it answers
#   restart SILO  stops that silo if it still runs (e.g. after a kill -9 it does not), starts it
#           again on its ports and waits until it answers; it rejoins the cluster
#   clean   down, then removes the run directory (logs and Redis/PostgreSQL data)
# Every Orleans link is mutual TLS under a throwaway CA made with openssl in the run directory (tls/).
# Environment: LLMEMBED_CLUSTER_DIR (run directory, default .cache/local-cluster),
# LLMEMBED_HOST_DLL (built host), LLMEMBED_REDIS_PORT (6379), LLMEMBED_CLUSTER_PROVIDER (redis |
# postgres), LLMEMBED_POSTGRES (an Npgsql connection string; empty: a throwaway server in the run
# directory on LLMEMBED_POSTGRES_PORT, 55433, which the postgres user must be able to reach).
# Other LLMEMBED_* variables (e.g. model paths) pass through to every silo.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
run_dir="${LLMEMBED_CLUSTER_DIR:-$repo/.cache/local-cluster}"
host_dll="${LLMEMBED_HOST_DLL:-$repo/src/LLMEmbed.Host/bin/Debug/net10.0/LLMEmbed.Host.dll}"
redis_port="${LLMEMBED_REDIS_PORT:-6379}"
provider="${LLMEMBED_CLUSTER_PROVIDER:-redis}"
pg_port="${LLMEMBED_POSTGRES_PORT:-55433}"
pg_connection="${LLMEMBED_POSTGRES:-Host=127.0.0.1;Port=$pg_port;Database=llmembed;Username=postgres}"
case "$provider" in redis|postgres) ;; *) echo "LLMEMBED_CLUSTER_PROVIDER must be redis or postgres, got '$provider'" >&2; exit 2 ;; esac
pid_file="$run_dir/pids"
cluster_id="${LLMEMBED_CLUSTER_ID:-llmembed-local}"

# name silo-port gateway-port http-port backbone-host gateway-role
silos=(
  "silo1 11111 30000 5081 true false"
  "silo2 11112 30001 5082 true false"
  "silo3 11113 30002 5080 false true"
)
grpc_url="http://127.0.0.1:5000"

admin_key() { # the gateway needs one: LLMEMBED_ADMIN_KEY, else one generated into the run directory
  if [[ -z "${LLMEMBED_ADMIN_KEY:-}" ]]; then
    local file="$run_dir/admin.key"
    if [[ ! -s "$file" ]]; then (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$file"); fi
    export LLMEMBED_ADMIN_KEY="$(cat "$file")"
  fi
}

cluster_tls() { # a throwaway CA and one certificate it signs for every silo (Cluster:Tls, mutual TLS on the Orleans links)
  local dir="$run_dir/tls"
  if [[ -s "$dir/silo.pfx" && -s "$dir/ca.pem" ]]; then return; fi
  mkdir -p "$dir"
  (
    umask 077
    cd "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=llmembed local cluster CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=llmembed silo" -keyout silo.key -out silo.csr 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' > silo.ext
    openssl x509 -req -in silo.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile silo.ext -out silo.pem 2>/dev/null
    openssl pkcs12 -export -inkey silo.key -in silo.pem -passout pass: -out silo.pfx
    rm -f silo.csr silo.ext
  )
  echo "tls: a throwaway CA and silo certificate in $dir (Cluster:Tls)"
}

is_ours() { # pid -> true if it is alive and still runs our host dll (guards against pid reuse)
  local pid="$1"
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$host_dll"
}

wait_healthy() { # name url pid
  local name="$1" url="$2" pid="$3"
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; last log lines:" >&2
      tail -n 20 "$run_dir/$name.log" >&2
      return 1
    fi
    if curl -fsS -m 1 "$url/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$name did not answer $url/healthz within 60 s (log: $run_dir/$name.log)" >&2
  return 1
}

start_silo() { # name silo-port gateway-port http-port backbone-host gateway-role; appends "name pid url" to the pid file
  local name="$1" silo_port="$2" gateway_port="$3" http_port="$4" backbone="$5" gateway="$6"
  admin_key
  (
    cd "$run_dir"
    LLMEMBED_Cluster__Provider="$provider" \
    LLMEMBED_Cluster__ClusterId="$cluster_id" \
    LLMEMBED_Cluster__ServiceId="$cluster_id" \
    LLMEMBED_Cluster__SiloPort="$silo_port" \
    LLMEMBED_Cluster__GatewayPort="$gateway_port" \
    LLMEMBED_Cluster__AdvertisedIPAddress=127.0.0.1 \
    LLMEMBED_Cluster__Tls__CertificatePath="$run_dir/tls/silo.pfx" \
    LLMEMBED_Cluster__Tls__CaCertificatePath="$run_dir/tls/ca.pem" \
    LLMEMBED_Storage__Provider="$provider" \
    LLMEMBED_Redis__ConnectionString="127.0.0.1:$redis_port" \
    LLMEMBED_Postgres__ConnectionString="$pg_connection" \
    LLMEMBED_Silo__BackboneHost="$backbone" \
    LLMEMBED_Roles__Gateway="$gateway" \
    LLMEMBED_Gateway__Listen="$grpc_url" \
    LLMEMBED_Telemetry__Console=false \
    LLMEMBED_Telemetry__ServiceName="llmembed-$name" \
    LLMEMBED_Telemetry__OperatorUrls="http://127.0.0.1:$((http_port + 4384))" \
    nohup dotnet "$host_dll" --urls "http://127.0.0.1:$http_port" >> "$run_dir/$name.log" 2>&1 < /dev/null &
    echo "$name $! http://127.0.0.1:$http_port" >> "$pid_file"
  )
}

start_postgres() { # a throwaway server unless LLMEMBED_POSTGRES names one; then Orleans' schema, idempotently
  if [[ -z "${LLMEMBED_POSTGRES:-}" ]]; then
    "$repo/deploy/postgres-test-server.sh" start "$run_dir/postgres" "$pg_port"
    echo "postgres $(head -n 1 "$run_dir/postgres/data/postmaster.pid") 127.0.0.1:$pg_port" >> "$pid_file"
    echo "postgres: started on 127.0.0.1:$pg_port (data in $run_dir/postgres)"
  fi
  dotnet "$host_dll" schema apply "--Postgres:ConnectionString=$pg_connection"
}

up() {
  if [[ -s "$pid_file" ]]; then
    echo "a cluster is recorded in $pid_file; run '$0 down' first" >&2
    exit 1
  fi
  mkdir -p "$run_dir"
  cluster_tls
  if [[ ! -f "$host_dll" ]]; then
    echo "building the host ..."
    dotnet build "$repo/src/LLMEmbed.Host" -v quiet -nologo >/dev/null
  fi

  if [[ "$provider" == postgres ]]; then
    start_postgres
  elif redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
    echo "redis: using the server already on 127.0.0.1:$redis_port"
  else
    "$repo/deploy/redis-test-server.sh" start "$run_dir/redis" "$redis_port"
    echo "redis $(cat "$run_dir/redis/redis.pid") 127.0.0.1:$redis_port" >> "$pid_file"
    echo "redis: started on 127.0.0.1:$redis_port (append-only, data in $run_dir/redis)"
  fi

  for spec in "${silos[@]}"; do
    start_silo $spec
  done

  local failed=0
  while read -r name pid url; do
    [[ "$name" == redis || "$name" == postgres ]] && continue
    if wait_healthy "$name" "$url" "$pid"; then echo "$name: pid $pid, $url"; else failed=1; fi
  done < "$pid_file"
  if [[ "$failed" -ne 0 ]]; then
    echo "start-up failed; stopping what was started" >&2
    down
    exit 1
  fi
  echo "gateway: gRPC $grpc_url (silo3; admin key: \$LLMEMBED_ADMIN_KEY or $run_dir/admin.key)"
  echo "logs: $run_dir/*.log   stop: $0 down"
}

down() {
  if [[ ! -s "$pid_file" ]]; then
    echo "no cluster recorded in $pid_file"
    return 0
  fi
  # Silos first (SIGTERM: graceful leave, state flushed), Redis last.
  local silo_pids=()
  while read -r name pid _; do
    [[ "$name" == redis || "$name" == postgres ]] && continue
    if is_ours "$pid"; then kill -TERM "$pid"; silo_pids+=("$pid"); echo "$name: stopping pid $pid"; fi
  done < "$pid_file"
  for pid in "${silo_pids[@]}"; do
    for _ in $(seq 1 70); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then echo "pid $pid did not stop in 35 s; killing it" >&2; kill -KILL "$pid"; fi
  done
  if grep -q '^redis ' "$pid_file"; then
    "$repo/deploy/redis-test-server.sh" stop "$run_dir/redis"
    echo "redis: stopped"
  fi
  if grep -q '^postgres ' "$pid_file"; then
    "$repo/deploy/postgres-test-server.sh" stop "$run_dir/postgres"
    echo "postgres: stopped"
  fi
  rm -f "$pid_file"
}

restart() { # name: stop that silo if it runs (SIGTERM, then SIGKILL after 35 s), start it again on its ports
  local target="${1:?usage: $0 restart silo1|silo2|silo3}" spec found=""
  for spec in "${silos[@]}"; do [[ "${spec%% *}" == "$target" ]] && found="$spec"; done
  [[ -n "$found" ]] || { echo "unknown silo '$target'; known: silo1 silo2 silo3" >&2; exit 2; }
  [[ -s "$pid_file" ]] || { echo "no cluster recorded in $pid_file; run '$0 up' first" >&2; exit 1; }
  local name pid rest
  while read -r name pid rest; do
    [[ "$name" == "$target" ]] || continue
    if is_ours "$pid"; then
      kill -TERM "$pid"; echo "$name: stopping pid $pid"
      for _ in $(seq 1 70); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; echo "$name: killed pid $pid"; fi
    fi
  done < "$pid_file"
  grep -v "^$target " "$pid_file" > "$pid_file.tmp" || true
  mv "$pid_file.tmp" "$pid_file"
  start_silo $found
  read -r name pid rest < <(grep "^$target " "$pid_file")
  wait_healthy "$name" "$rest" "$pid"
  echo "$name: pid $pid, $rest (restarted)"
}

status() {
  if [[ ! -s "$pid_file" ]]; then
    echo "no cluster recorded in $pid_file"
    return 0
  fi
  while read -r name pid where; do
    if [[ "$name" == redis ]]; then
      if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then echo "redis: pid $pid, up"; else echo "redis: pid $pid, not answering"; fi
    elif [[ "$name" == postgres ]]; then
      if kill -0 "$pid" 2>/dev/null; then echo "postgres: pid $pid, up ($where)"; else echo "postgres: pid $pid, not running"; fi
    elif ! is_ours "$pid"; then
      echo "$name: pid $pid, not running"
    elif curl -fsS -m 1 "$where/healthz" >/dev/null 2>&1; then
      echo "$name: pid $pid, $where healthy"
    else
      echo "$name: pid $pid, $where not answering"
    fi
  done < "$pid_file"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  restart) restart "${2:-}" ;;
  clean) down; rm -rf "$run_dir" ;;
  *) echo "usage: $0 up|down|status|restart SILO|clean" >&2; exit 2 ;;
esac
