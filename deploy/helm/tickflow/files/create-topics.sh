#!/usr/bin/env bash
# Creates every topic in topics.txt ("name partitions" lines) and its dead-letter topic <name>.dlq (1 partition)
# unless it exists. Idempotent; safe to run on every deploy. Runs inside the apache/kafka image: the kafka-init
# one-shot of docker-compose.yml and the kafka-topics Job on Kubernetes (kustomize and Helm).
#   KAFKA_BOOTSTRAP_SERVERS   required, e.g. kafka:9092
#   TOPICS_FILE               default: topics.txt beside this script
#   TOPIC_REPLICATION_FACTOR  default 1 (3 in production)
#   TOPIC_MIN_INSYNC_REPLICAS optional, e.g. 2 in production
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS}"
topics_file="${TOPICS_FILE:-$(dirname "$0")/topics.txt}"
replication="${TOPIC_REPLICATION_FACTOR:-1}"
kafka_topics=/opt/kafka/bin/kafka-topics.sh
# the Kafka scripts write their logs under LOG_DIR: keep them off a read-only root file system
export LOG_DIR="${LOG_DIR:-/tmp/kafka-logs}"

extra=()
if [ -n "${TOPIC_MIN_INSYNC_REPLICAS:-}" ]; then extra=(--config "min.insync.replicas=$TOPIC_MIN_INSYNC_REPLICAS"); fi

existing=""
for attempt in $(seq 1 60); do
  if existing=$("$kafka_topics" --bootstrap-server "$bootstrap" --list 2>/dev/null); then break; fi
  if [ "$attempt" = 60 ]; then echo "Kafka at $bootstrap is not reachable" >&2; exit 1; fi
  echo "waiting for Kafka at $bootstrap ($attempt)"
  sleep 2
done

created=0
present=0
while read -r name partitions _; do
  case "$name" in '' | '#'*) continue ;; esac
  for spec in "$name:$partitions" "$name.dlq:1"; do
    topic="${spec%:*}"
    count="${spec##*:}"
    if grep -qxF "$topic" <<<"$existing"; then
      present=$((present + 1))
      continue
    fi
    "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
      --partitions "$count" --replication-factor "$replication" "${extra[@]}"
    created=$((created + 1))
  done
done <"$topics_file"
echo "topics: $created created, $present already present"
