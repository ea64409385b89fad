#!/usr/bin/env bash
# Starts the aedpics local stack on a machine with only Java 17: embedded PostgreSQL, a Kafka KRaft broker and the
# e-gen simulator (one infrastructure JVM), then the four services. Ctrl-C (or SIGTERM) stops everything it started.
# See deploy/local/README.md.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: deploy/local/up.sh [--fresh] [--build] [--infra-only] [--services <list>] [--sync]
  --fresh            start with empty data (PostgreSQL, Kafka); logs are kept
  --build            run ./mvnw -DskipTests install first even if everything is built
  --infra-only       start PostgreSQL, Kafka and the e-gen simulator only
  --services <list>  start only these services (comma-separated: sessions,schedules,sync,monitoring)
  --sync             also ask sync-service for a full registry sync once it is ready (it runs one by itself
                     at first start, when the registry is empty)
Ports (env): AEDPICS_SESSIONS_PORT 8081, AEDPICS_SCHEDULES_PORT 8082, AEDPICS_SYNC_PORT 8083,
  AEDPICS_MONITORING_PORT 8084, AEDPICS_PG_PORT 15432, AEDPICS_KAFKA_PORT 19092,
  AEDPICS_KAFKA_CONTROLLER_PORT (Kafka port + 1), AEDPICS_EGEN_PORT 18089, AEDPICS_WEBHOOK_PORT 18090.
Other env: AEDPICS_DATA_DIR (deploy/local/.data), AEDPICS_READY_TIMEOUT (180 s), AEDPICS_JAVA_OPTS (services' JVM),
  AEDPICS_MEASURE_VIEWS=1 (print how long after the sync's commit its events were published and each device view held every device).
EOF
}

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$repo" || exit 1

fresh=false
build=false
infra_only=false
sync=false
selected="sessions,schedules,sync,monitoring"
while (($#)); do
  case "$1" in
    --fresh) fresh=true ;;
    --build) build=true ;;
    --infra-only) infra_only=true ;;
    --sync) sync=true ;;
    --services) shift; selected="${1:-}" ;;
    --services=*) selected="${1#--services=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "up.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

say() { printf '%s\n' "$*"; }
err() { printf 'up.sh: %s\n' "$*" >&2; }

# ---- configuration ---------------------------------------------------------------------------------------------

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java" >/dev/null 2>&1; then
  err "java not found (install Java 17 or set JAVA_HOME)"; exit 1
fi
java_major="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
if [[ -z "$java_major" || "${java_major%%.*}" -lt 17 ]]; then
  err "Java 17 or newer is needed (found ${java_major:-unknown})"; exit 1
fi

all_services=(sessions-service schedules-service sync-service monitoring-service)
declare -A port_var=([sessions-service]=AEDPICS_SESSIONS_PORT [schedules-service]=AEDPICS_SCHEDULES_PORT
                     [sync-service]=AEDPICS_SYNC_PORT [monitoring-service]=AEDPICS_MONITORING_PORT)
declare -A default_port=([sessions-service]=8081 [schedules-service]=8082 [sync-service]=8083 [monitoring-service]=8084)
declare -A port=()
for svc in "${all_services[@]}"; do
  var="${port_var[$svc]}"
  port[$svc]="${!var:-${default_port[$svc]}}"
done

services=()
if [[ $infra_only == false ]]; then
  IFS=',' read -r -a wanted <<<"$selected"
  for w in "${wanted[@]}"; do
    w="${w// /}"; [[ -z "$w" ]] && continue
    [[ "$w" == *-service ]] || w="$w-service"
    if [[ -z "${port_var[$w]:-}" ]]; then
      err "unknown service '$w' in --services (known: sessions, schedules, sync, monitoring)"; exit 2
    fi
    services+=("$w")
  done
  if ((${#services[@]} == 0)); then
    err "--services selects no service (use --infra-only for the infrastructure alone)"; exit 2
  fi
fi

export AEDPICS_PG_PORT="${AEDPICS_PG_PORT:-15432}"
export AEDPICS_WEBHOOK_PORT="${AEDPICS_WEBHOOK_PORT:-18090}"
export AEDPICS_KAFKA_PORT="${AEDPICS_KAFKA_PORT:-19092}"
export AEDPICS_KAFKA_CONTROLLER_PORT="${AEDPICS_KAFKA_CONTROLLER_PORT:-$((AEDPICS_KAFKA_PORT + 1))}"
export AEDPICS_EGEN_PORT="${AEDPICS_EGEN_PORT:-18089}"
data_dir="${AEDPICS_DATA_DIR:-$repo/deploy/local/.data}"
mkdir -p "$data_dir" || { err "cannot create data directory $data_dir"; exit 1; }
data_dir="$(cd "$data_dir" && pwd -P)"
export AEDPICS_DATA_DIR="$data_dir"
log_dir="$data_dir/logs"
ready_timeout="${AEDPICS_READY_TIMEOUT:-180}"

# Every port: a number, unique, and free.
declare -A port_owner=()
check_port() { # <port> <what> <variable>
  local p="$1" what="$2" var="$3"
  if ! [[ "$p" =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then
    err "$var must be a port number (1-65535), was '$p'"; exit 2
  fi
  if [[ -n "${port_owner[$p]:-}" ]]; then
    err "port $p is configured twice: ${port_owner[$p]} and $what"; exit 2
  fi
  port_owner[$p]="$what"
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    err "port $p ($what) is already in use by another process; stop it or set $var to a free port"; exit 1
  fi
}
check_port "$AEDPICS_PG_PORT" PostgreSQL AEDPICS_PG_PORT
check_port "$AEDPICS_KAFKA_PORT" Kafka AEDPICS_KAFKA_PORT
check_port "$AEDPICS_KAFKA_CONTROLLER_PORT" "Kafka controller" AEDPICS_KAFKA_CONTROLLER_PORT
check_port "$AEDPICS_EGEN_PORT" "e-gen simulator" AEDPICS_EGEN_PORT
check_port "$AEDPICS_WEBHOOK_PORT" "webhook receiver" AEDPICS_WEBHOOK_PORT
for svc in "${services[@]}"; do
  check_port "${port[$svc]}" "$svc" "${port_var[$svc]}"
done

# ---- build what is missing -------------------------------------------------------------------------------------

need_build=$build
[[ -d deploy/local/target/classes && -d deploy/local/target/lib ]] || need_build=true
for svc in "${all_services[@]}"; do
  [[ $infra_only == true || -f "$svc/target/quarkus-app/quarkus-run.jar" ]] || need_build=true
done
if [[ $need_build == true ]]; then
  if [[ $infra_only == true ]]; then
    say "building the local infrastructure (./mvnw -B -q -DskipTests -pl deploy/local -am install) ..."
    ./mvnw -B -q -DskipTests -pl deploy/local -am install || { err "build failed"; exit 1; }
  else
    say "building (./mvnw -B -q -DskipTests install) ..."
    ./mvnw -B -q -DskipTests install || { err "build failed"; exit 1; }
  fi
fi
for svc in "${services[@]}"; do
  if [[ ! -f "$svc/target/quarkus-app/quarkus-run.jar" ]]; then
    err "$svc/target/quarkus-app/quarkus-run.jar is missing after the build"; exit 1
  fi
done

# ---- process handling ------------------------------------------------------------------------------------------

infra_pid=""
declare -A svc_pid=()
stopping=false

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# Sends SIGTERM to the given pids, waits up to <timeout> s for all, then SIGKILLs the rest. Reaps them.
stop_pids() { # <timeout> <pid>...
  local timeout="$1"; shift
  local pid i
  for pid in "$@"; do alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
  for ((i = 0; i < timeout * 10; i++)); do
    local any=false
    for pid in "$@"; do alive "$pid" && any=true; done
    [[ $any == false ]] && break
    sleep 0.1
  done
  for pid in "$@"; do
    if alive "$pid"; then
      err "pid $pid did not stop within ${timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
}

# PostgreSQL runs as a daemon (pg_ctl start), not as our child: if the infrastructure JVM had to be killed, make sure
# its server goes too (fast shutdown).
stop_orphaned_postgres() {
  local pidfile="$data_dir/postgres/postmaster.pid" pid i
  [[ -f "$pidfile" ]] || return 0
  pid="$(head -1 "$pidfile" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 0
  grep -q postgres "/proc/$pid/cmdline" 2>/dev/null || return 0
  err "stopping PostgreSQL (pid $pid) left behind"
  kill -INT "$pid" 2>/dev/null
  for ((i = 0; i < 300; i++)); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
}

stop_all() { # <exit code>
  local code="$1"
  [[ $stopping == true ]] && return
  stopping=true
  trap '' INT TERM
  if alive "$nap_pid"; then kill "$nap_pid" 2>/dev/null; wait "$nap_pid" 2>/dev/null; fi
  local pids=() svc
  for svc in "${!svc_pid[@]}"; do pids+=("${svc_pid[$svc]}"); done
  if ((${#pids[@]})); then
    say "stopping services ..."
    stop_pids 30 "${pids[@]}"
  fi
  if [[ -n "$infra_pid" ]]; then
    say "stopping infrastructure (Kafka, PostgreSQL, e-gen simulator) ..."
    stop_pids 60 "$infra_pid"
  fi
  stop_orphaned_postgres
  say "aedpics local stack stopped"
  exit "$code"
}
trap 'stop_all 0' INT TERM

fail() { # <message>
  err "$1"
  stop_all 1
}

tail_log() { # <file>
  say "---- last lines of $1 ----" >&2
  tail -n 40 "$1" >&2
  say "----" >&2
}

# Interruptible sleep: a trapped signal ends `wait` at once.
nap_pid=""
nap() { sleep "$1" & nap_pid=$!; wait "$nap_pid" 2>/dev/null; nap_pid=""; }

# GET or POST over bash's /dev/tcp (no curl needed). Sets http_status and http_body.
http() { # <method> <port> <path> [<bearer token> <json body>]
  local method="$1" p="$2" path="$3" token="${4:-}" body="${5:-}" line headers=true
  http_status=""; http_body=""
  { exec 3<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null || return 1
  {
    printf '%s %s HTTP/1.0\r\nHost: localhost:%s\r\nConnection: close\r\n' "$method" "$path" "$p"
    [[ -n "$token" ]] && printf 'Authorization: Bearer %s\r\n' "$token"
    if [[ -n "$body" ]]; then
      printf 'Content-Type: application/json\r\nContent-Length: %s\r\n' "$(printf '%s' "$body" | wc -c | tr -d ' ')"
    fi
    printf '\r\n%s' "$body"
  } >&3
  if IFS= read -r -t 10 line <&3; then
    http_status="$(printf '%s' "$line" | awk '{print $2}')"
    while IFS= read -r -t 10 line <&3 || [[ -n "$line" ]]; do
      line="${line%$'\r'}"
      if [[ $headers == true ]]; then
        [[ -z "$line" ]] && headers=false
      else
        http_body+="$line"
      fi
    done
  fi
  exec 3<&- 3>&-
  [[ -n "$http_status" ]]
}

# ---- infrastructure --------------------------------------------------------------------------------------------

# From here on, any exit (including an unexpected error) stops what was started.
trap 'stop_all $?' EXIT
mkdir -p "$log_dir"
infra_log="$log_dir/infrastructure.log"
infra_args=()
[[ $fresh == true ]] && infra_args+=(--fresh)
say "starting infrastructure (PostgreSQL :$AEDPICS_PG_PORT, Kafka :$AEDPICS_KAFKA_PORT, e-gen :$AEDPICS_EGEN_PORT; log $infra_log) ..."
"$java" -cp "deploy/local/target/classes:deploy/local/target/lib/*" pics.aed.local.LocalInfrastructure \
  ${infra_args[@]+"${infra_args[@]}"} >"$infra_log" 2>&1 &
infra_pid=$!

deadline=$((SECONDS + ready_timeout))
until grep -qx 'infrastructure ready' "$infra_log" 2>/dev/null; do
  if ! alive "$infra_pid"; then
    wait "$infra_pid" 2>/dev/null; code=$?
    infra_pid=""
    tail_log "$infra_log"
    fail "the infrastructure exited (status $code) before it was ready"
  fi
  ((SECONDS < deadline)) || { tail_log "$infra_log"; fail "the infrastructure was not ready within ${ready_timeout}s"; }
  nap 0.5
done
say "infrastructure ready"

# alert messages already in the webhook log are from an earlier run: show only what arrives from now on
webhook_log="$log_dir/webhook.log"
webhook_seen=0
[[ -f "$webhook_log" ]] && webhook_seen=$(wc -l <"$webhook_log")

# ---- services --------------------------------------------------------------------------------------------------

for svc in "${services[@]}"; do
  say "starting $svc on :${port[$svc]} (log $log_dir/$svc.log) ..."
  # shellcheck disable=SC2086 # AEDPICS_JAVA_OPTS is a list of options
  QUARKUS_HTTP_PORT="${port[$svc]}" \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://localhost:$AEDPICS_PG_PORT/aedpics" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$AEDPICS_PG_PORT/aedpics" \
  QUARKUS_DATASOURCE_USERNAME=aedpics \
  QUARKUS_DATASOURCE_PASSWORD=aedpics \
  KAFKA_BOOTSTRAP_SERVERS="localhost:$AEDPICS_KAFKA_PORT" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="file:$repo/deploy/local/dev-keys/jwt-public.pem" \
  MP_JWT_VERIFY_ISSUER="https://aed.pics/local" \
  MP_JWT_VERIFY_AUDIENCES=aedpics \
  AEDPICS_EGEN_BASE_URL="http://localhost:$AEDPICS_EGEN_PORT" \
  AEDPICS_EGEN_SERVICE_KEY=local-development-key \
  QUARKUS_DATASOURCE_AUDIT_PASSWORD=aedpics_monitor \
  AEDPICS_MONITORING_WEBHOOK_URL="http://localhost:$AEDPICS_WEBHOOK_PORT/hooks/alerts" \
  QUARKUS_PROFILE=local \
    "$java" ${AEDPICS_JAVA_OPTS:-} -jar "$svc/target/quarkus-app/quarkus-run.jar" >"$log_dir/$svc.log" 2>&1 &
  svc_pid[$svc]=$!
done

declare -A ready=() last_status=()
deadline=$((SECONDS + ready_timeout))
while ((${#ready[@]} < ${#services[@]})); do
  for svc in "${services[@]}"; do
    [[ -n "${ready[$svc]:-}" ]] && continue
    if ! alive "${svc_pid[$svc]}"; then
      wait "${svc_pid[$svc]}" 2>/dev/null; code=$?
      unset "svc_pid[$svc]"
      tail_log "$log_dir/$svc.log"
      fail "$svc exited (status $code) before it was ready"
    fi
    http GET "${port[$svc]}" /q/health/ready
    last_status[$svc]="${http_status:-no answer}"
    if [[ "$http_status" == 200 ]]; then
      ready[$svc]=1
      say "$svc ready on :${port[$svc]}"
    fi
  done
  ((${#ready[@]} < ${#services[@]})) || break
  if ((SECONDS >= deadline)); then
    for svc in "${services[@]}"; do
      if [[ -z "${ready[$svc]:-}" ]]; then
        err "$svc is not ready after ${ready_timeout}s (GET /q/health/ready: ${last_status[$svc]:-no answer})"
        tail_log "$log_dir/$svc.log"
      fi
    done
    fail "not every service became ready"
  fi
  nap 1
done

# ---- registry sync ---------------------------------------------------------------------------------------------
# sync-service (profile local: aedpics.sync.full-sync-on-empty-registry) runs a full sync from the simulator by itself
# when the registry is empty, i.e. at first start; --sync asks for another one.

if [[ -n "${svc_pid[sync-service]:-}" && $sync == false ]]; then
  say "sync-service fills an empty registry from the e-gen simulator by itself; runs: GET /api/sync/runs"
fi
if [[ $sync == true && -n "${svc_pid[sync-service]:-}" ]]; then
  token="$("$repo/deploy/local/token.sh" --sub local-up --role service 2>/dev/null)"
  if [[ -n "$token" ]] && http POST "${port[sync-service]}" /api/sync/runs "$token" '{"mode":"full"}'; then
    case "$http_status" in
      202) say "full registry sync from the e-gen simulator started: $http_body" ;;
      409) say "a registry sync is already running: $http_body" ;;
      *) err "could not start the registry sync (POST /api/sync/runs: HTTP $http_status) $http_body" ;;
    esac
  else
    err "could not start the registry sync (sync-service did not answer)"
  fi
fi

# ---- device views ----------------------------------------------------------------------------------------------
# A device the registry holds must be usable everywhere before we say ready: wait until no sync runs, the registry's
# outbox is empty and every consumer group of aed.devices.v1 (each service's device view) has read to its end.

view_groups=()
for svc in "${services[@]}"; do
  if grep -q "group.id=$svc.device-view" "$svc/src/main/resources/application.properties" 2>/dev/null; then
    view_groups+=(--group "$svc.device-view")
  fi
done
if ((${#view_groups[@]})) || [[ -n "${svc_pid[sync-service]:-}" ]]; then
  say "waiting for every device view to catch up with the registry ..."
  "$java" -cp "deploy/local/target/classes:deploy/local/target/lib/*" pics.aed.local.DeviceViewsCaughtUp \
    "$AEDPICS_PG_PORT" "$AEDPICS_KAFKA_PORT" "$ready_timeout" ${AEDPICS_MEASURE_VIEWS:+--measure} \
    ${svc_pid[sync-service]:+--sync-ran} \
    ${view_groups[@]+"${view_groups[@]}"} &
  views_pid=$!
  wait "$views_pid"; code=$?
  ((code == 0)) || fail "the device views did not catch up with the registry within ${ready_timeout}s"
fi

# ---- ready -----------------------------------------------------------------------------------------------------

say ""
say "aedpics local stack"
for svc in "${services[@]}"; do
  p="${port[$svc]}"
  printf '  %-19s API http://localhost:%s/api  swagger http://localhost:%s/q/swagger-ui  metrics http://localhost:%s/q/metrics\n' \
    "$svc" "$p" "$p" "$p"
done
say "  PostgreSQL          postgresql://localhost:$AEDPICS_PG_PORT/aedpics  (user aedpics, password aedpics)"
say "  Kafka               localhost:$AEDPICS_KAFKA_PORT"
say "  e-gen simulator     http://localhost:$AEDPICS_EGEN_PORT/B552657/AEDInfoInqireService/getAedFullDown"
say "  alert webhook       http://localhost:$AEDPICS_WEBHOOK_PORT/hooks/alerts  (messages below as [alert] and in logs/webhook.log)"
say "  data                $data_dir   logs $log_dir"
say ""
say "Mint a development token (roles: inspector, local-admin, regional-admin, master, service):"
say "  deploy/local/token.sh --sub kim --role inspector --sido 서울특별시 --gugun 종로구"
say "  e.g. curl -H \"Authorization: Bearer \$(deploy/local/token.sh --sub kim --role inspector --sido 서울특별시 --gugun 종로구)\" http://localhost:${port[sync-service]}/api/devices"
say "Ctrl-C stops everything."
say "aedpics local stack ready"

# ---- run until stopped -----------------------------------------------------------------------------------------

declare -A reported=()
while true; do
  # monitoring-service's alert messages, as the local webhook receiver got them
  if [[ -f "$webhook_log" ]]; then
    webhook_lines=$(wc -l <"$webhook_log")
    if ((webhook_lines > webhook_seen)); then
      sed -n "$((webhook_seen + 1)),${webhook_lines}p" "$webhook_log" | sed 's/^/[alert] /'
      webhook_seen=$webhook_lines
    fi
  fi
  if ! alive "$infra_pid"; then
    wait "$infra_pid" 2>/dev/null; code=$?
    infra_pid=""
    tail_log "$infra_log"
    fail "the infrastructure exited unexpectedly (status $code)"
  fi
  for svc in "${!svc_pid[@]}"; do
    if [[ -z "${reported[$svc]:-}" ]] && ! alive "${svc_pid[$svc]}"; then
      wait "${svc_pid[$svc]}" 2>/dev/null; code=$?
      reported[$svc]=1
      err "$svc exited unexpectedly (status $code); the rest keeps running. Log: $log_dir/$svc.log"
    fi
  done
  nap 2
done
