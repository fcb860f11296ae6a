#!/usr/bin/env bash
# `make eval-alerts`: alert quality. Replays the labelled scenarios of services/alerting/src/test/resources/alert-eval
# through the alerting service's rules (in-process, the consumers' own code) and deploy/prometheus/rules (promtool),
# prints what fired against what an operator wants, precision and recall per rule and overall, and ends with
# `scenarios=… alerts=… precision=… recall_critical=…`. Fails when precision < 0.95 or a critical alert is missed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
ensure_apt promtool prometheus || die "promtool is missing (Debian/Ubuntu: apt-get install prometheus)"
REPORT="$ROOT/services/alerting/target/alert-eval/report.txt"
rm -f "$REPORT"
say "alert quality: building services/alerting and replaying the scenarios (about a minute)"
rc=0
mvnw -q -pl services/alerting -am test -Dtest=AlertQualityTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsurefire.printSummary=false -DredirectTestOutputToFile=true > "$RUN/logs/eval-alerts.log" 2>&1 || rc=$?
[ -f "$REPORT" ] || { cat "$RUN/logs/eval-alerts.log" >&2; die "no report: the build or the harness failed (log above)"; }
cat "$REPORT"
[ "$rc" -eq 0 ] || die "alert quality below target (precision >= 0.95, recall_critical = 1.0): see above; log in $RUN/logs/eval-alerts.log"
