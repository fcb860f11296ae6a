#!/usr/bin/env bash
# `make bench-e2e`: builds the services, then runs EndToEndLatencyBench (tests/e2e), which starts a broker, a
# database, capital-sim and market-data/signals/execution as processes, and prints one summary line:
#   ticks_per_s=… orders=… p50_ms=… p99_ms=… max_ms=… transport_p99_ms=… overhead_ratio=…
# Knobs: BENCH_RATE (quotes/s, 1000), BENCH_EVERY_N (order every Nth tick, 500), BENCH_SECONDS (60).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "building the services"
mvnw -q install -DskipTests -pl '!tests/e2e' > "$LOGS/bench-build.log" 2>&1 \
  || { tail -30 "$LOGS/bench-build.log"; die "build failed: see $LOGS/bench-build.log"; }
say "running the benchmark (about $(( ${BENCH_SECONDS:-60} + 90 )) s)"
mvnw verify -pl tests/e2e -Dit.test=EndToEndLatencyBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtickflow.bench=true -Dbench.rate="${BENCH_RATE:-1000}" -Dbench.everyN="${BENCH_EVERY_N:-500}" \
  -Dbench.seconds="${BENCH_SECONDS:-60}" > "$LOGS/bench-e2e.log" 2>&1 \
  || { tail -40 "$LOGS/bench-e2e.log"; die "benchmark failed: see $LOGS/bench-e2e.log"; }
grep -E '^(hop|transport|unmatched_orders|ticks_per_s)' "$LOGS/bench-e2e.log"
