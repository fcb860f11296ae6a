#!/usr/bin/env bash
# `make bench-ingest`: builds market-data, then runs TickIngestBench (services/market-data, a @QuarkusTest on the test
# kit's in-JVM broker and embedded PostgreSQL) which, in one run, measures the storage path draining a backlog of
# ticks, a naive one-row-INSERT baseline, the bare binary COPY limit and source-to-Kafka latency through capital-sim,
# and prints one summary line:
#   ticks_per_s=… baseline_ticks_per_s=… ratio=… copy_limit_ticks_per_s=… limit_ratio=… heap_max_mb=… src_to_kafka_p99_ms=…
# Knobs: BENCH_TICKS (backlog drained through the real path, 10000000), BENCH_BASELINE_TICKS (30000),
# BENCH_LIMIT_TICKS (as many as BENCH_TICKS), BENCH_BURST_SECONDS (0: off; e.g. 600 for the 10-minute heap run),
# BENCH_BURST_RATE (ticks/s offered during the burst, 250000), BENCH_QUOTE_RATE (1000), BENCH_LATENCY_SECONDS (20),
# BENCH_JVM_OPTS (the bench JVM, which hosts broker and service: "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC").
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "building market-data"
mvnw -q install -DskipTests -pl services/market-data -am > "$LOGS/bench-ingest-build.log" 2>&1 \
  || { tail -30 "$LOGS/bench-ingest-build.log"; die "build failed: see $LOGS/bench-ingest-build.log"; }
say "running the benchmark (about $(( 240 + ${BENCH_BURST_SECONDS:-0} )) s); machine load now: $(cut -d' ' -f1-3 /proc/loadavg)"
mvnw test -pl services/market-data -Dtest=TickIngestBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtickflow.bench=true -Dsurefire.argLine="${BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC}" \
  -Dbench.ticks="${BENCH_TICKS:-10000000}" -Dbench.baselineTicks="${BENCH_BASELINE_TICKS:-30000}" \
  -Dbench.limitTicks="${BENCH_LIMIT_TICKS:-${BENCH_TICKS:-10000000}}" -Dbench.burstSeconds="${BENCH_BURST_SECONDS:-0}" \
  -Dbench.burstRate="${BENCH_BURST_RATE:-250000}" -Dbench.quoteRate="${BENCH_QUOTE_RATE:-1000}" \
  -Dbench.latencySeconds="${BENCH_LATENCY_SECONDS:-20}" > "$LOGS/bench-ingest.log" 2>&1 \
  || { tail -40 "$LOGS/bench-ingest.log"; die "benchmark failed: see $LOGS/bench-ingest.log"; }
grep -E '^(prefill|storage|cpu|wal|heap|burst|naive|binary COPY|source->kafka|ticks_per_s)' "$LOGS/bench-ingest.log"
