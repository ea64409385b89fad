#!/usr/bin/env bash
# schedules-service benchmark (docs/benchmarks.md): a nationwide monthly plan for every device of the registry, end to
# end (request until the last schedule's event is on Kafka: the relay deletes an outbox row only once the broker
# acknowledged it), against a plain INSERT … SELECT of the same rows into a table with the same exclusion constraint,
# in the same run; then 500 concurrent creates on one device.
#
#   AEDPICS_JAVA_OPTS=-Xmx256m deploy/local/up.sh --fresh &     # the local stack, ready (it runs a full sync)
#   schedules-service/bench/run.sh [month=next month]
#
# Needs psql and curl. Each run deletes the bench month's planned schedules first (only this month, only plans).
set -euo pipefail
cd "$(dirname "$0")/../.."
base=http://localhost:${AEDPICS_SCHEDULES_PORT:-8082}
export PGHOST=localhost PGPORT=${AEDPICS_PG_PORT:-15432} PGUSER=aedpics PGPASSWORD=aedpics PGDATABASE=aedpics
month=${1:-$(TZ=Asia/Seoul date -d "$(TZ=Asia/Seoul date +%Y-%m-15) +1 month" +%Y-%m)}

curl -sf "$base/q/health/ready" >/dev/null || { echo "schedules-service is not ready at $base: start deploy/local/up.sh" >&2; exit 1; }
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
echo "== load before: $(uptime)"

registry=$(psql -At -c "SELECT count(*) FROM registry.devices")
echo "== waiting for schedules-service's device view to hold the registry's $registry devices"
until [[ $(psql -At -c "SELECT count(*) FROM scheduling.devices") -ge $registry ]]; do sleep 1; done
active=$(psql -At -c "SELECT count(*) FROM scheduling.devices WHERE data_status = 'active'")

echo "== clearing month $month"
psql -q -v ON_ERROR_STOP=1 <<SQL
DELETE FROM scheduling.schedules WHERE plan_id IN (SELECT id FROM scheduling.plans WHERE month = '$month-01');
DELETE FROM scheduling.plans WHERE month = '$month-01';
SQL
until [[ $(psql -At -c "SELECT count(*) FROM scheduling.outbox") -eq 0 ]]; do sleep 1; done

token=$(deploy/local/token.sh --sub bench-master --role master)
echo "== nationwide plan for $month: $active active devices, perDay 200"
t0=$(date +%s%N)
answer=$(curl -sf -X POST "$base/api/schedules/plans" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"month\": \"$month\", \"sido\": null, \"assigneeId\": \"bench-national\", \"perDay\": 200}")
t1=$(date +%s%N)
until [[ $(psql -At -c "SELECT count(*) FROM scheduling.outbox") -eq 0 ]]; do sleep 0.05; done
t2=$(date +%s%N)
echo "   answer: $answer"
plan=$(sed -n 's/.*"planId":"\([^"]*\)".*/\1/p' <<<"$answer")
created=$(psql -At -c "SELECT count(*) FROM scheduling.schedules WHERE plan_id = '$plan'")
request_ms=$(( (t1 - t0) / 1000000 ))
total_ms=$(( (t2 - t0) / 1000000 ))
echo "   request answered in ${request_ms} ms; all $created events on Kafka after ${total_ms} ms"
echo "   load after: $(uptime)"

echo "== baseline: INSERT … SELECT of the same $created rows into a table with the same exclusion constraint"
baseline_ms=$(psql -v plan="$plan" -f schedules-service/bench/baseline.sql 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
echo "   baseline ${baseline_ms} ms"
echo "== ratio: plan end to end / baseline = $(awk -v a="$total_ms" -v b="$baseline_ms" 'BEGIN{printf "%.1f", a/b}') x;" \
  "request alone / baseline = $(awk -v a="$request_ms" -v b="$baseline_ms" 'BEGIN{printf "%.1f", a/b}') x"

echo "== contention: 500 concurrent creates on one device, times spread over an hour"
serial=$(psql -At -c "SELECT equipment_serial FROM scheduling.devices WHERE data_status = 'active' ORDER BY equipment_serial LIMIT 1")
psql -q -c "DELETE FROM scheduling.schedules WHERE equipment_serial = '$serial' AND created_by = 'bench-master' AND plan_id IS NULL"
java -Dfile.encoding=UTF-8 schedules-service/bench/ContendedCreates.java "$base" "$token" "$serial" 500
psql -At -c "SELECT 'live schedules of the device created by the race: ' || count(*) FROM scheduling.schedules WHERE equipment_serial = '$serial' AND created_by = 'bench-master' AND plan_id IS NULL AND status <> 'cancelled'"
echo "== load at the end: $(uptime)"
