#!/usr/bin/env bash
# sessions-service benchmark (docs/benchmarks.md): start + complete at N concurrent clients against the running local
# stack, then pgbench running the same statements on a copy of the tables, in the same run; then 500 concurrent starts
# on one device.
#
#   deploy/local/up.sh &                         # the local stack, ready
#   sessions-service/bench/run.sh [clients=100] [seconds=30] [pgbench_clients=20]
#
# Needs pgbench and psql (Debian: apt-get install postgresql-client-15 postgresql-15 for pgbench).
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${1:-100}
seconds=${2:-30}
pg_clients=${3:-20}
warmup=5
base=http://localhost:${AEDPICS_SESSIONS_PORT:-8081}
export PGHOST=localhost PGPORT=${AEDPICS_PG_PORT:-15432} PGUSER=aedpics PGPASSWORD=aedpics PGDATABASE=aedpics
run=$(date +%s)
prefix="B$run"
per_client=2000

curl -sf "$base/q/health/ready" >/dev/null || { echo "sessions-service is not ready at $base: start deploy/local/up.sh" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
echo "== seeding $((clients * (per_client + 100))) devices (prefix $prefix) into the device view"
psql -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO inspection.devices (equipment_serial, sido, gugun, data_status, snapshot)
SELECT '$prefix-' || c || '-' || d, '서울특별시', '중구', 'active',
       jsonb_build_object('equipmentSerial', '$prefix-' || c || '-' || d, 'sido', '서울특별시', 'gugun', '중구',
                          'institution', '중구보건소')
  FROM generate_series(0, $clients - 1) c, generate_series(0, $per_client - 1) d;
INSERT INTO inspection.devices (equipment_serial, sido, gugun, data_status, snapshot)
SELECT '$prefix-paced-' || c || '-' || d, '서울특별시', '중구', 'active',
       jsonb_build_object('equipmentSerial', '$prefix-paced-' || c || '-' || d, 'sido', '서울특별시', 'gugun', '중구',
                          'institution', '중구보건소')
  FROM generate_series(0, $clients - 1) c, generate_series(0, 99) d;
SQL

out=$(mktemp -d)
javac -d "$out" -encoding UTF-8 deploy/local/Token.java sessions-service/bench/SessionsLoad.java
echo "== service: $clients clients, start + complete, ${warmup}s warm-up, ${seconds}s measured"
java -Dfile.encoding=UTF-8 -cp "$out" SessionsLoad pairs "$base" "$clients" "$seconds" "$warmup" "$prefix" "$per_client" \
  | tee "$out/service.txt"

echo "== service, paced: $clients clients each beginning a start + complete every second (below saturation)"
java -Dfile.encoding=UTF-8 -cp "$out" SessionsLoad pairs "$base" "$clients" "$seconds" "$warmup" "$prefix-paced" "$per_client" 1000 \
  | tee "$out/paced.txt"

echo "== baseline: pgbench, $pg_clients connections (the service's pool size), same statements, ${seconds}s"
psql -q -v ON_ERROR_STOP=1 -f sessions-service/bench/baseline-schema.sql
pgbench -n -c "$pg_clients" -j 2 -T "$seconds" -f sessions-service/bench/start-complete.pgbench | tee "$out/pgbench.txt" \
  | grep -E "^(number of (transactions|failed)|latency average|tps)" || true
psql -q -c "DROP SCHEMA bench_baseline CASCADE"

service_pairs=$(sed -n 's/.*pairs\/s=\([0-9.]*\).*/\1/p' "$out/service.txt")
pg_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench.txt" | head -1)
echo "== ratio: service $service_pairs start+complete/s vs pgbench $pg_tps/s = $(awk -v a="$service_pairs" -v b="$pg_tps" 'BEGIN{printf "%.0f%%", 100*a/b}')"

echo "== contention: 500 inspectors start one device at once"
serial="$prefix-contended"
psql -q -c "INSERT INTO inspection.devices (equipment_serial, sido, gugun, data_status, snapshot) VALUES ('$serial', '서울특별시', '중구', 'active', '{}')"
java -Dfile.encoding=UTF-8 -cp "$out" SessionsLoad contention "$base" 500 "$serial"
psql -At -c "SELECT 'open sessions on the contended device: ' || count(*) FROM inspection.sessions WHERE equipment_serial = '$serial' AND status IN ('active','paused')"
rm -rf "$out"
