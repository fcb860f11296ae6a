#!/usr/bin/env bash
# `make bench-backtest`: builds the backtest service, then runs BacktestEngineBench (services/backtest; a plain JUnit
# harness on the test kit's embedded PostgreSQL) which, in one run, times the engine with the reference ma-crossover
# over in-memory ticks, the bare-loop limit over the same primitive arrays, PostgreSQL -> engine through the worker's
# path, and a 200-set sweep on one worker thread vs two, and prints one summary line:
#   engine_ticks_per_s_per_core=… bare_loop_ticks_per_s=… engine_vs_bare=… pg_ticks_per_s=… sweep_speedup_2_workers=… heap_max_mb=…
# Knobs: BENCH_TICKS (in-memory ticks, 4000000), BENCH_PG_TICKS (stored ticks, 2000000), BENCH_SWEEP_TICKS (500000),
# BENCH_SWEEP_SETS (200), BENCH_JVM_OPTS ("-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC": a heap touched once at start-up, as a
# long-running worker's is, so the engine's journal writes do not pay first-touch page faults). Run it on a quiet machine: it prints the load.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "building backtest"
mvnw -q install -DskipTests -pl services/backtest -am > "$LOGS/bench-backtest-build.log" 2>&1 \
  || { tail -30 "$LOGS/bench-backtest-build.log"; die "build failed: see $LOGS/bench-backtest-build.log"; }
say "running the benchmark (about 2 min); machine load now: $(cut -d' ' -f1-3 /proc/loadavg)"
mvnw test -pl services/backtest -Dtest=BacktestEngineBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtickflow.bench=true -Dsurefire.argLine="${BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC}" \
  -Dbench.ticks="${BENCH_TICKS:-4000000}" -Dbench.pgTicks="${BENCH_PG_TICKS:-2000000}" \
  -Dbench.sweepTicks="${BENCH_SWEEP_TICKS:-500000}" -Dbench.sweepSets="${BENCH_SWEEP_SETS:-200}" \
  > "$LOGS/bench-backtest.log" 2>&1 \
  || { tail -40 "$LOGS/bench-backtest.log"; die "benchmark failed: see $LOGS/bench-backtest.log"; }
grep -E '^(bench: |engine_ticks_per_s_per_core)' "$LOGS/bench-backtest.log"
