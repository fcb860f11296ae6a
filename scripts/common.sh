#!/usr/bin/env bash
# Shared by the project's scripts: where things live, which JDK, small helpers. Source it, don't run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${TICKFLOW_RUN_DIR:-$ROOT/.run}"
LOGS="$RUN/logs"
PIDS="$RUN/pids"
mkdir -p "$LOGS" "$PIDS"

KAFKA_PORT="${TICKFLOW_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${TICKFLOW_KAFKA_CONTROLLER_PORT:-59093}"
PG_PORT="${TICKFLOW_PG_PORT:-55432}"
PG_USER=tickflow
PG_PASSWORD=tickflow
PG_DB=tickflow

say() { printf '\033[1m[tickflow]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[tickflow] error:\033[0m %s\n' "$*" >&2; exit 1; }

# A JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm. Exports JAVA_HOME and JAVA.
find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c" JAVA="$c/bin/java"
      return 0
    fi
  done
  die "Tickflow needs a JDK 21 or newer (found none in JAVA_HOME or /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME."
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ensure_apt COMMAND PACKAGE: installs PACKAGE from Debian's apt when COMMAND is missing (once per script run
# updates the index). TICKFLOW_SKIP_INSTALL=1 (or the older TICKFLOW_DEPLOY_SKIP_INSTALL=1) only reports the gap.
apt_updated=0
ensure_apt() {
  command -v "$1" > /dev/null && return 0
  [ "${TICKFLOW_SKIP_INSTALL:-${TICKFLOW_DEPLOY_SKIP_INSTALL:-0}}" = 1 ] && return 1
  say "installing $2 (apt)"
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq > /dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" > /dev/null
}

mvnw() { (cd "$ROOT" && ./mvnw -B -ntp "$@"); }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds or the time is up.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# stop_pid NAME: SIGTERM, wait up to 30 s, then SIGKILL.
stop_pid() {
  local name="$1" pid
  pid_alive "$name" || { rm -f "$PIDS/$name.pid"; return 0; }
  pid=$(cat "$PIDS/$name.pid")
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for "$name to stop" 30 bash -c "! kill -0 $pid"; then
    say "$name did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDS/$name.pid"
}
