#!/usr/bin/env bash
# `make chaos-orders`: 10,000 order intents through execution into capital-sim with a quarter of the order requests
# hit by faults and a kill -9 + restart of execution half way (tests/e2e ChaosOrdersBench). Ends with
#   orders=… faults=… duplicates=0 lost=0 unresolved=0 p99_resolve_ms=…
# Knobs: CHAOS_INTENTS (10000), CHAOS_PER_SECOND (40), CHAOS_RATE (0.25), CHAOS_SEED (7).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "building the services"
mvnw -q install -DskipTests -pl '!tests/e2e,!tests/deploy' > "$LOGS/chaos-build.log" 2>&1 \
  || { tail -30 "$LOGS/chaos-build.log"; die "build failed: see $LOGS/chaos-build.log"; }
say "running the fault-injection run (about $(( ${CHAOS_INTENTS:-10000} / ${CHAOS_PER_SECOND:-40} + 90 )) s)"
mvnw verify -pl tests/e2e -Dit.test=ChaosOrdersBench -Dsurefire.failIfNoSpecifiedTests=false -Dtickflow.chaos=true \
  -Dchaos.intents="${CHAOS_INTENTS:-10000}" -Dchaos.perSecond="${CHAOS_PER_SECOND:-40}" \
  -Dchaos.rate="${CHAOS_RATE:-0.25}" -Dchaos.seed="${CHAOS_SEED:-7}" > "$LOGS/chaos-orders.log" 2>&1 \
  || { grep -E '^(intents|orders)=' "$LOGS/chaos-orders.log"; tail -40 "$LOGS/chaos-orders.log"; die "chaos run failed: see $LOGS/chaos-orders.log"; }
grep -E '^(intents|orders)=' "$LOGS/chaos-orders.log"
