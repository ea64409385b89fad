#!/usr/bin/env bash
# Live stream benchmark (docs/benchmarks.md): latency from the event's hand-over to Kafka to its receipt by every one
# of N SSE subscribers of GET /api/monitoring/events, with the service's heap and CPU. Not a test.
#
#   ./mvnw -B -q -DskipTests -pl deploy/local,monitoring-service -am package    # the jars (once)
#   deploy/local/up.sh --infra-only &                                          # PostgreSQL + Kafka, ready
#   monitoring-service/bench/live-latency.sh                                   # 100 then 1000 subscribers
#
# It starts monitoring-service itself (heap AEDPICS_BENCH_HEAP, default -Xmx256m) on AEDPICS_MONITORING_PORT and stops
# it at the end, with alert evaluation off (only the stream is measured). Environment: AEDPICS_PG_PORT, AEDPICS_KAFKA_PORT, AEDPICS_MONITORING_PORT (the local stack's),
# AEDPICS_BENCH_SUBSCRIBERS (100,1000), AEDPICS_BENCH_RATE (events/s, 20), AEDPICS_BENCH_SECONDS (30).
set -euo pipefail
cd "$(dirname "$0")/../.."
pg=${AEDPICS_PG_PORT:-15432}
kafka=${AEDPICS_KAFKA_PORT:-19092}
port=${AEDPICS_MONITORING_PORT:-8084}
base=http://localhost:$port
jar=monitoring-service/target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || { echo "$jar is missing: ./mvnw -B -q -DskipTests -pl deploy/local,monitoring-service -am package" >&2; exit 1; }

log=$(mktemp -t live-bench-monitoring.XXXXXX.log)
QUARKUS_HTTP_PORT=$port \
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://localhost:$pg/aedpics" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$pg/aedpics" \
QUARKUS_DATASOURCE_USERNAME=aedpics QUARKUS_DATASOURCE_PASSWORD=aedpics \
KAFKA_BOOTSTRAP_SERVERS="localhost:$kafka" \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="file:$PWD/deploy/local/dev-keys/jwt-public.pem" \
MP_JWT_VERIFY_ISSUER="https://aed.pics/local" MP_JWT_VERIFY_AUDIENCES=aedpics \
QUARKUS_DATASOURCE_AUDIT_PASSWORD="${AEDPICS_MONITOR_PASSWORD:-aedpics_monitor}" \
AEDPICS_MONITORING_EVALUATE_EVERY=off \
QUARKUS_PROFILE=local \
  java ${AEDPICS_BENCH_HEAP:--Xmx256m} -jar "$jar" >"$log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT

for _ in $(seq 1 180); do
  curl -sf "$base/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $service 2>/dev/null || { echo "monitoring-service died; see $log" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 1
done
curl -sf "$base/q/health/ready" >/dev/null || { echo "monitoring-service not ready; see $log" >&2; exit 1; }

token=$(deploy/local/token.sh --sub bench --role master)
echo "== $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD);" \
     "monitoring-service ${AEDPICS_BENCH_HEAP:--Xmx256m}; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "monitoring-service/target/quarkus-app/lib/main/*" monitoring-service/bench/LiveLatency.java \
  "$base" "$token" "localhost:$kafka" "${AEDPICS_BENCH_SUBSCRIBERS:-100,1000}" \
  "${AEDPICS_BENCH_RATE:-20}" "${AEDPICS_BENCH_SECONDS:-30}"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
