#!/usr/bin/env bash
# `make run`: the whole platform on this machine. Builds what is stale, starts the local stack (unless it is up
# already), capital-sim (when no Capital.com credentials are set; it also hosts the Polygon and Alpha Vantage simulators,
# market-data's backup sources) and the five services, then prints a status line every few seconds. Ctrl-C stops
# everything this script started and leaves no process behind.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk

SERVICES=(market-data signals execution alerting backtest)
declare -A PORT=([capital-sim]=18090 [market-data]=18081 [signals]=18082 [execution]=18083 [backtest]=18084
                 [alerting]=18085)
# served by the capital-sim process, each on its own port as the real vendors are other hosts
POLYGON_SIM_PORT=18091
ALPHAVANTAGE_SIM_PORT=18092
STATUS_EVERY="${TICKFLOW_STATUS_EVERY:-5}"
STARTED=()
STARTED_STACK=0

jar_of() { echo "$ROOT/services/$1/target/quarkus-app/quarkus-run.jar"; }

build_if_stale() {
  local svc stale=0
  for svc in capital-sim "${SERVICES[@]}"; do
    local jar; jar=$(jar_of "$svc")
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/services/$svc/src/main" "$ROOT/libs" "$ROOT/pom.xml" \
         -newer "$jar" -type f -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then
      stale=1
    fi
  done
  if [ $stale = 1 ]; then
    say "building (sources changed since the last build)"
    mvnw -q install -DskipTests -pl '!tests/e2e' > "$LOGS/build.log" 2>&1 \
      || { tail -40 "$LOGS/build.log"; die "build failed: see $LOGS/build.log"; }
  fi
}

start_service() {
  local svc="$1"; shift
  port_in_use "${PORT[$svc]}" && die "port ${PORT[$svc]} for $svc is taken by another process"
  # shellcheck disable=SC2046
  env $(grep -v '^#' "$RUN/stack.env" | xargs) "$@" nohup "$JAVA" -Xmx256m -XX:+UseSerialGC \
    -Dquarkus.http.port="${PORT[$svc]}" -jar "$(jar_of "$svc")" > "$LOGS/$svc.out" 2>&1 &
  echo $! > "$PIDS/$svc.pid"
  STARTED+=("$svc")
}

stop_all() {
  trap - INT TERM EXIT
  echo
  local i
  for (( i=${#STARTED[@]}-1; i>=0; i-- )); do stop_pid "${STARTED[$i]}" & done
  wait
  [ $STARTED_STACK = 1 ] && "$ROOT/scripts/stack.sh" down
  say "stopped everything make run started"
  exit 0
}

# sum of a metric's samples in Prometheus text; optional label filter (a regex on the label set)
metric() {
  curl -fs --max-time 2 "http://127.0.0.1:$1/q/metrics" 2>/dev/null \
    | awk -v name="$2" -v filter="${3:-}" '
        /^#/ { next }
        { n = $1; sub(/[{ ].*/, "", n) }
        n == name && (filter == "" || index($0, filter) > 0) {
          v = $0; c = index(v, "} "); v = (c > 0) ? substr(v, c + 2) : substr(v, length(n) + 2)
          split(v, f, " "); s += f[1]     # value, not the optional timestamp after it
        }
        END { printf "%.0f", s }'
}

# the active source of each instrument's merged feed ("none" during a gap)
feed_sources() {
  curl -fs --max-time 2 "http://127.0.0.1:${PORT[market-data]}/q/metrics" 2>/dev/null | awk '
    /^tickflow_market_data_active_source\{/ {
      match($0, /instrument="[^"]+"/); i = substr($0, RSTART + 12, RLENGTH - 13); seen[i] = 1
      if ($NF + 0 == 1) { match($0, /source="[^"]+"/); a[i] = substr($0, RSTART + 8, RLENGTH - 9) } }
    END { for (i in seen) printf "%s=%s ", i, (i in a) ? a[i] : "none" }'
}

pnl() {
  curl -fs --max-time 2 "http://127.0.0.1:${PORT[execution]}/q/metrics" 2>/dev/null | awk '
    /^tickflow_pnl_(realized|unrealized)\{/ {
      match($0, /instrument="[^"]+"/); i = substr($0, RSTART + 12, RLENGTH - 13)
      v = substr($0, index($0, "} ") + 2); split(v, f, " "); p[i] += f[1] }
    END { for (i in p) printf "%s %+.2f  ", i, p[i] }'
}

RUN_STARTED=$(date +%s)
trap stop_all INT TERM EXIT
build_if_stale
"$ROOT/scripts/stack.sh" status > /dev/null 2>&1 || STARTED_STACK=1
"$ROOT/scripts/stack.sh" up   # idempotent: also refreshes the stack's binaries and topics

if [ -z "${CAPITAL_API_KEY:-}" ]; then
  say "no CAPITAL_API_KEY set: trading against capital-sim (simulated Capital.com) on port ${PORT[capital-sim]}"
  # capital-sim starts with an empty account every time, so the ledger must too: a fresh database per run
  # (orders left unresolved by the previous run could never be found at this new simulated broker)
  "$JAVA" -cp "$RUN/lib/*" "$ROOT/scripts/Sql.java" "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" "$PG_USER" \
    "$PG_PASSWORD" "DROP DATABASE IF EXISTS tickflow_sim WITH (FORCE)" "CREATE DATABASE tickflow_sim" \
    || die "could not create the simulation database"
  for port in $POLYGON_SIM_PORT $ALPHAVANTAGE_SIM_PORT; do
    port_in_use "$port" && die "port $port for capital-sim's Polygon/Alpha Vantage simulator is taken by another process"
  done
  start_service capital-sim
  SIMULATED_SOURCES=1
  CAPITAL_ENV=(TICKFLOW_CAPITAL_BASE_URL="http://127.0.0.1:${PORT[capital-sim]}"
               QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/tickflow_sim"
               QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/tickflow_sim")
else
  say "CAPITAL_API_KEY set: trading against ${CAPITAL_BASE_URL:-https://demo-api-capital.backend-capital.com}"
  CAPITAL_ENV=(TICKFLOW_CAPITAL_BASE_URL="${CAPITAL_BASE_URL:-https://demo-api-capital.backend-capital.com}"
               TICKFLOW_CAPITAL_API_KEY="$CAPITAL_API_KEY" TICKFLOW_CAPITAL_IDENTIFIER="${CAPITAL_IDENTIFIER:?set CAPITAL_IDENTIFIER}"
               TICKFLOW_CAPITAL_PASSWORD="${CAPITAL_PASSWORD:?set CAPITAL_PASSWORD}")
fi
if [ ${#STARTED[@]} -gt 0 ]; then
  wait_for capital-sim 60 curl -fs "http://127.0.0.1:${PORT[capital-sim]}/q/health/ready" \
    || die "capital-sim did not become ready: see $LOGS/capital-sim.out"
fi
# market-data's other BTCUSD sources: the real Polygon/Massive and Alpha Vantage when their keys are in the environment
# (market-data reads POLYGON_API_KEY / ALPHAVANTAGE_API_KEY itself), else capital-sim's simulators (market-data's
# defaults). With real Capital.com credentials and no vendor keys there is no simulator to fall back on: Capital.com only.
BTC_SOURCES=capital
MARKET_ENV=()
if [ -n "${POLYGON_API_KEY:-}" ]; then
  MARKET_ENV+=(TICKFLOW_POLYGON_STREAM_URL="${POLYGON_STREAM_URL:-wss://socket.massive.com/crypto}"
               TICKFLOW_POLYGON_REST_URL="${POLYGON_REST_URL:-https://api.massive.com}")
  BTC_SOURCES+=,polygon
elif [ "${SIMULATED_SOURCES:-0}" = 1 ]; then
  BTC_SOURCES+=,polygon
fi
if [ -n "${ALPHAVANTAGE_API_KEY:-}" ]; then
  MARKET_ENV+=(TICKFLOW_ALPHAVANTAGE_BASE_URL="${ALPHAVANTAGE_BASE_URL:-https://www.alphavantage.co}")
  BTC_SOURCES+=,alphavantage
elif [ "${SIMULATED_SOURCES:-0}" = 1 ]; then
  BTC_SOURCES+=,alphavantage
fi
MARKET_ENV+=(TICKFLOW_MARKET_DATA_SOURCES_BTCUSD="$BTC_SOURCES")
say "BTCUSD sources, best first: $BTC_SOURCES"
for svc in "${SERVICES[@]}"; do
  if [ "$svc" = market-data ]; then start_service "$svc" "${CAPITAL_ENV[@]}" "${MARKET_ENV[@]}"
  else start_service "$svc" "${CAPITAL_ENV[@]}"; fi
done
for svc in "${SERVICES[@]}"; do
  wait_for "$svc" 120 curl -fs "http://127.0.0.1:${PORT[$svc]}/q/health/ready" \
    || die "$svc did not become ready within 120 s: see $LOGS/$svc.out"
done

say "all services ready. Logs: $LOGS/<service>.out"
for svc in capital-sim "${SERVICES[@]}"; do
  pid_alive "$svc" && printf '  %-12s http://127.0.0.1:%s  (health /q/health, metrics /q/metrics)\n' "$svc" "${PORT[$svc]}"
done
printf '  %-12s http://127.0.0.1:%s/api/feed (active source per instrument)\n' "feed" "${PORT[market-data]}"
if [ "${SIMULATED_SOURCES:-0}" = 1 ]; then
  printf '  %-12s ws://127.0.0.1:%s/crypto  (POST /sim/streaming/BTC-USD/stop|start)\n' "polygon-sim" "$POLYGON_SIM_PORT"
  printf '  %-12s http://127.0.0.1:%s/query  (POST /sim/streaming/stop|start)\n' "alphavantage" "$ALPHAVANTAGE_SIM_PORT"
fi
printf '  %-12s http://127.0.0.1:%s/api/orders  /api/positions  /api/kill-switch\n' "orders" "${PORT[execution]}"
printf '  %-12s http://127.0.0.1:%s/api/alerts\n' "alerts" "${PORT[alerting]}"
printf '  %-12s http://127.0.0.1:%s/api/backtests (POST a job)\n' "backtests" "${PORT[backtest]}"

last_ticks=0; last_t=$(date +%s); first_fill_reported=0
while true; do
  sleep "$STATUS_EVERY"
  for svc in "${STARTED[@]}"; do pid_alive "$svc" || die "$svc exited: see $LOGS/$svc.out"; done
  now=$(date +%s); ticks=$(metric "${PORT[market-data]}" tickflow_market_data_ticks_total)
  fills=$(metric "${PORT[execution]}" tickflow_fills_total)
  if [ $first_fill_reported = 0 ] && [ "${fills:-0}" -gt 0 ]; then
    say "first fill $(( now - RUN_STARTED )) s after make run started"; first_fill_reported=1
  fi
  rate=$(( (ticks - last_ticks) / (now - last_t > 0 ? now - last_t : 1) )); last_ticks=$ticks; last_t=$now
  printf '%s ticks/s=%s ticks=%s feed: %ssignals=%s orders=%s fills=%s rejects=%s pnl: %s\n' "$(date -u +%H:%M:%S)" \
    "$rate" "$ticks" "$(feed_sources)" "$(metric "${PORT[signals]}" tickflow_signals_total)" \
    "$(metric "${PORT[execution]}" tickflow_orders_total 'status="NEW"')" \
    "$fills" \
    "$(metric "${PORT[execution]}" tickflow_order_rejects_total)" "$(pnl)"
done
