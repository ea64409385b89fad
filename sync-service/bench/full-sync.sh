#!/usr/bin/env bash
# sync-service benchmark (docs/benchmarks.md): full syncs of the simulator's 81,464-device feed through HTTP, end to
# end (simulator → StAX → validation → COPY staging → the apply transaction with the outbox events), then a no-change
# incremental run (twice), then the baseline in the same run: PostgreSQL COPY of the same rows into a plain table.
#
#   AEDPICS_JAVA_OPTS=-Xmx256m deploy/local/up.sh --fresh &     # the local stack, heap capped, ready
#   sync-service/bench/full-sync.sh                             # AEDPICS_BENCH_FULL_RUNS=3 full syncs by default
#
# It empties registry.devices before each full sync (local data only). Needs psql; Linux (/proc, for the quiet wait).
set -euo pipefail
cd "$(dirname "$0")/../.."
base=http://localhost:${AEDPICS_SYNC_PORT:-8083}
export PGHOST=localhost PGPORT=${AEDPICS_PG_PORT:-15432} PGUSER=aedpics PGPASSWORD=aedpics PGDATABASE=aedpics
token=$(deploy/local/token.sh --sub bench --role service)
egen=http://localhost:${AEDPICS_EGEN_PORT:-18089}
log=${AEDPICS_DATA_DIR:-deploy/local/.data}/logs/sync-service.log
applied_ms() { grep -o 'applied it in one transaction in [0-9]* ms' "$log" 2>/dev/null | tail -1 | grep -o '[0-9]*' || echo "?"; }

curl -sf "$base/q/health/ready" >/dev/null || { echo "sync-service is not ready at $base: start deploy/local/up.sh" >&2; exit 1; }
heap=$(ps -o args= -C java | grep sync-service | grep -o -- '-Xmx[^ ]*' || echo "default")
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD); sync-service heap $heap"

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

wait_idle() {
  for _ in $(seq 1 600); do
    running=$(psql -Atc "SELECT count(*) FROM registry.sync_runs WHERE status = 'running'")
    [[ $running == 0 ]] && return 0
    sleep 1
  done
  echo "a run is still running after 10 minutes" >&2; exit 1
}

# A measured run starts only when the stack is back to its own idle: the previous run's events all published, and the
# Java and PostgreSQL processes together at most their idle baseline (measured once, before the first run, over 10 s:
# the median CPU ticks per second, times 1.5, plus 3 ticks of slack) for 3 s in a row. A fixed "5 % of a core" never
# held on a busy or shared machine (the services' own timers, the other helpers' builds) and cost 5 minutes a run.
# (the other services' device views consume every device event a run publishes; table statistics reach pg_stat late,
# so CPU is the surer sign; processes come and go while /proc is read: a vanished one is not an error)
java_pg_cpu_ticks() { (cat /proc/[0-9]*/stat 2>/dev/null || true) | awk '$2 ~ /java|postgres/ {t += $14 + $15} END {print t}'; }
outbox_empty() {
  for _ in $(seq 1 600); do
    [[ $(psql -Atc "SELECT count(*) FROM registry.outbox") == 0 ]] && return 0
    sleep 0.5
  done
}
idle_ticks_per_second() {
  local last now samples=()
  last=$(java_pg_cpu_ticks)
  for _ in $(seq 1 10); do
    sleep 1
    now=$(java_pg_cpu_ticks)
    samples+=($((now - last)))
    last=$now
  done
  printf '%s\n' "${samples[@]}" | median
}
quiet_threshold=
wait_quiet() {
  outbox_empty
  local quiet=0 last now
  last=$(java_pg_cpu_ticks)
  for _ in $(seq 1 300); do
    sleep 1
    now=$(java_pg_cpu_ticks)
    if (( now - last <= quiet_threshold )); then quiet=$((quiet + 1)); else quiet=0; fi
    last=$now
    [[ $quiet -ge 3 ]] && return 0
  done
  echo "the stack did not return to its idle baseline within 5 minutes; measuring anyway" >&2
}

run() {
  local mode=$1
  wait_quiet
  local id
  id=$(curl -sf -X POST "$base/api/sync/runs" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"mode\": \"$mode\"}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  wait_idle
  psql -At -F' ' -c "SELECT status, round(extract(epoch FROM finished_at - started_at)::numeric, 2), fetched, inserted,
                            updated, unchanged, rejected, missing FROM registry.sync_runs WHERE id = '$id'"
}

writes() {
  psql -Atc "SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE schemaname = 'registry' AND relname = 'devices'"
}

outbox_empty
idle=$(idle_ticks_per_second)
quiet_threshold=$(awk -v i="$idle" 'BEGIN{printf "%d", i * 1.5 + 3}')
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); idle stack: $idle CPU ticks/s (java+postgres), quiet at <= $quiet_threshold"

full_runs=${AEDPICS_BENCH_FULL_RUNS:-3}
echo "== full sync into an empty registry, $full_runs times (status seconds fetched inserted updated unchanged rejected missing)"
full_seconds=()
for _ in $(seq 1 "$full_runs"); do
  wait_idle
  wait_quiet
  psql -q -c "TRUNCATE registry.devices"
  full=$(run full); echo "$full"
  echo "  of which the apply transaction: $(applied_ms) ms"
  full_seconds+=("$(echo "$full" | awk '{print $2}')")
  published_start=$(date +%s.%N)
  outbox_empty
  awk -v s="$published_start" -v e="$(date +%s.%N)" 'BEGIN{printf "  all device events on Kafka %.1f s after the run committed\n", e-s}'
done

sleep 1   # statistics are flushed asynchronously
before=$(writes)
echo "== no-change incremental run"
incremental=$(run incremental); echo "$incremental"
incremental_again=$(run incremental); echo "$incremental_again (again)"
sleep 1
after=$(writes)
echo "device row writes during the incremental run: $((after - before))"

echo "== slow feed: every page 300 ms late and 5 % of the devices changed (status seconds fetched inserted updated unchanged rejected missing)"
curl -sf -X POST "$egen/simulator/faults?slowMillis=300&changeShare=0.05" >/dev/null
slow=$(run full); echo "$slow"
echo "  of which the apply transaction (database work only): $(applied_ms) ms"
curl -sf -X POST "$egen/simulator/faults?slowMillis=0&changeShare=0" >/dev/null   # not reset: the stack serves its deliberate invalid records
restored=$(run full); echo "$restored (the healthy feed again)"
echo "  apply transaction: $(applied_ms) ms"

echo "== baseline: COPY of the same rows into a plain table, 3 times"
tmp=$(mktemp)
psql -q -c "\\copy (SELECT * FROM registry.devices) TO '$tmp' WITH (FORMAT csv)"
copy_ms=()
for _ in 1 2 3; do
  psql -q -c "DROP TABLE IF EXISTS public.bench_copy_baseline" 2>/dev/null
  psql -q -c "CREATE TABLE public.bench_copy_baseline (LIKE registry.devices)"
  copy_ms+=("$(psql -At -c "\\timing on" -c "\\copy public.bench_copy_baseline FROM '$tmp' WITH (FORMAT csv)" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')")
done
rows=$(psql -Atc "SELECT count(*) FROM public.bench_copy_baseline")
psql -q -c "DROP TABLE public.bench_copy_baseline"
# for reading the figures only (the ratio uses the plain table): the same COPY into a table with the registry's indexes
psql -q -c "CREATE TABLE public.bench_copy_baseline (LIKE registry.devices INCLUDING ALL)"
indexed_ms=$(psql -At -c "\\timing on" -c "\\copy public.bench_copy_baseline FROM '$tmp' WITH (FORMAT csv)" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
psql -q -c "DROP TABLE public.bench_copy_baseline"
rm -f "$tmp"
full_median=$(printf '%s\n' "${full_seconds[@]}" | median)
copy_median=$(printf '%s\n' "${copy_ms[@]}" | median)
echo "COPY of $rows rows: ${copy_ms[*]} ms (into a table with the registry's indexes: ${indexed_ms} ms)"
echo "full syncs: ${full_seconds[*]} s"
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v f="$full_median" -v c="$copy_median" 'BEGIN{printf "== ratio of the medians: full sync %.2f s / COPY %.2f s = %.1fx\n", f, c/1000, f/(c/1000)}'
