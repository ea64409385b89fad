#!/usr/bin/env bash
# monitoring-service audits benchmark (docs/benchmarks.md "monitoring audits"): every audit query and the readiness
# roll-up over a national registry with a year of schedules, assignments, sessions and inspections, each timed alone
# and all together as one evaluation cycle, against one full scan of the year's sessions in the same run.
#
#   monitoring-service/bench/audits.sh [devices=81464] [months=12] [repeats=5]
#
# Self-contained: a fresh embedded PostgreSQL 17 (no local stack needed), every schema migrated with its service's
# real migrations, the data generated in SQL (bench/generate.sql). Takes a few minutes, most of it generating data.
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file="$PWD/monitoring-service/target/bench.classpath"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
echo "== load before: $(uptime)"
MAVEN_OPTS=-Xmx1g ./mvnw -B -ntp -q -o -pl monitoring-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" -Dspotless.check.skip=true
cp="monitoring-service/target/classes:$(cat "$cp_file")"
java -Xmx512m -cp "$cp" monitoring-service/bench/AuditsBench.java "${1:-81464}" "${2:-12}" "${3:-5}"
echo "== load after: $(uptime)"
