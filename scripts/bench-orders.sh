#!/usr/bin/env bash
# `make bench-orders`: runs OrderPlacementBench (services/execution): the execution service in-process against
# capital-sim on the test kit's Kafka broker and PostgreSQL (durable settings: fsync and synchronous_commit on), and
# prints, for the same signals at the same steady rate, the pooled service path, a naive new-connection-and-session
# client and a bare pooled POST, ending with one summary line:
#   naive_p50_ms=… naive_p99_ms=… pooled_p50_ms=… pooled_p99_ms=… raw_http_p50_ms=… overhead_p99_us=… ratio=…
# Knobs: BENCH_ORDERS (300 per path), BENCH_RATE (orders/s, 5), BENCH_WARMUP (100), BENCH_RTT_MS (1, modelled network
# round trip per request), BENCH_HANDSHAKE_MS (2 x RTT, modelled TCP+TLS set-up of a new connection).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "building what the benchmark needs"
mvnw -q install -DskipTests -pl services/execution -am > "$LOGS/bench-orders-build.log" 2>&1 \
  || { tail -30 "$LOGS/bench-orders-build.log"; die "build failed: see $LOGS/bench-orders-build.log"; }
orders=${BENCH_ORDERS:-300}
rate=${BENCH_RATE:-5}
say "running the benchmark (about $(( 3 * orders / rate + 60 )) s)"
mvnw verify -pl services/execution -Dtest=OrderPlacementBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtickflow.bench=true -Dtickflow.test.pg.durable=true -Dbench.orders="$orders" -Dbench.rate="$rate" \
  -Dbench.warmup="${BENCH_WARMUP:-100}" -Dbench.rttMs="${BENCH_RTT_MS:-1}" \
  -Dbench.handshakeMs="${BENCH_HANDSHAKE_MS:-$(( 2 * ${BENCH_RTT_MS:-1} ))}" > "$LOGS/bench-orders.log" 2>&1 \
  || { tail -40 "$LOGS/bench-orders.log"; die "benchmark failed: see $LOGS/bench-orders.log"; }
grep -E '^(network|pooled|naive|raw_http|overhead|db_commit) ' "$LOGS/bench-orders.log"
grep -E '^naive_p50_ms=' "$LOGS/bench-orders.log"
