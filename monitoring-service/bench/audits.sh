#!/usr/bin/env bash
# monitoring-service audits benchmark (docs/benchmarks.md "monitoring-service: audits and the readiness roll-up"):
# every audit query and the readiness roll-up alone, then the whole evaluation cycle as the service runs it (its own
# AlertEvaluator: every audit at once, the alert rules and their transitions, with the national roll-up alongside),
# over a national registry with a year of schedules, assignments, sessions and inspections, against one full scan of
# the year's sessions in the same run.
#
#   monitoring-service/bench/audits.sh [devices=81464] [months=12] [repeats=5]
#
# Self-contained: an embedded PostgreSQL 17 (no local stack needed), every schema migrated with its service's real
# migrations, the data generated in SQL (bench/generate.sql). The data directory is kept
# (monitoring-service/target/bench-pg/DEVICESxMONTHS, or AEDPICS_BENCH_DATA): the first run generates (minutes; a
# quarter of an hour under load), later runs reuse it and apply only the migrations that are new, so figures before
# and after a change come from the same rows. Delete the directory for fresh data. Query plans:
# monitoring-service/target/bench-plans.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file="$PWD/monitoring-service/target/bench.classpath"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
echo "== load before: $(uptime)"
MAVEN_OPTS=-Xmx1g ./mvnw -B -ntp -q -o -pl monitoring-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" -Dspotless.check.skip=true
# The run reads a snapshot of the compiled classes and resources, so that a build started meanwhile (tests of this
# worktree) cannot change what it runs halfway.
snapshot=monitoring-service/target/bench-snapshot
rm -rf "$snapshot" && mkdir -p "$snapshot"
cp=""
n=0
for entry in "$PWD/monitoring-service/target/classes" $(tr ':' ' ' <"$cp_file"); do
  if [[ -d $entry ]]; then
    n=$((n + 1)) && cp -r "$entry" "$snapshot/$n" && entry="$PWD/$snapshot/$n"
  fi
  cp="${cp:+$cp:}$entry"
done
echo "== load after the build: $(uptime)"
java -Xmx512m -cp "$cp" monitoring-service/bench/AuditsBench.java "${1:-81464}" "${2:-12}" "${3:-5}"
echo "== load after: $(uptime)"
