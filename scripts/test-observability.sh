#!/usr/bin/env bash
# Tests of the observability configuration (deploy/prometheus, deploy/alertmanager, deploy/grafana):
#   - yamllint (relaxed) on every YAML file, promtool check config / check rules
#   - promtool test rules on every deploy/prometheus/tests/*_test.yml
#   - amtool check-config, routing assertions (deploy/alertmanager/tests/routes.txt) and inhibition cases
#     (deploy/alertmanager/tests/inhibitions.json) against a throw-away Alertmanager on 127.0.0.1
#   - dashboards: valid JSON, unique panel ids, provisioned datasource uids; every metric used by a dashboard or a
#     rule is in deploy/prometheus/known-metrics.txt, recorded by a rule, or a standard family; every alert has the
#     required labels and annotations, a runbook section and firing and quiet unit tests.
# Installs promtool, amtool, Alertmanager and yamllint from Debian packages when they are missing (needs root).
# Prints a summary and exits non-zero when anything fails. Called by `make test`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROM="$ROOT/deploy/prometheus"
AM="$ROOT/deploy/alertmanager"
GRAFANA="$ROOT/deploy/grafana"

# ---------------------------------------------------------------------------------------------------------- tools
alertmanager_bin() { command -v alertmanager || command -v prometheus-alertmanager || true; }

install_tools() {
  local packages=()
  command -v python3 >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
  command -v promtool >/dev/null || packages+=(prometheus)
  if ! command -v amtool >/dev/null || [[ -z "$(alertmanager_bin)" ]]; then packages+=(prometheus-alertmanager); fi
  command -v yamllint >/dev/null || packages+=(yamllint)
  ((${#packages[@]})) || return 0
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)   # GitHub's runners: passwordless sudo
    else
      echo "error: missing ${packages[*]} (promtool, amtool, alertmanager, yamllint); installing them needs root." >&2
      echo "       Run as root, or first: sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
      exit 1
    fi
  fi
  echo "== installing ${packages[*]} (apt)"
  # On a host with systemd the prometheus packages enable their daemons; only the command-line tools are used here.
  if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$TMP/apt.log" 2>&1; then
    cat "$TMP/apt.log" >&2
    echo "error: installing ${packages[*]} failed" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------------------- steps
TMP="$(mktemp -d)"
AM_PID=""
cleanup() {
  if [[ -n "$AM_PID" ]]; then kill "$AM_PID" 2>/dev/null || true; wait "$AM_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

FAILED=()
PASSED=0
# step TITLE COMMAND...: runs the command; its output is shown when it fails, else only its `summary:` lines.
step() {
  local title=$1
  shift
  if "$@" >"$TMP/out" 2>&1; then
    PASSED=$((PASSED + 1))
    printf '  ok    %s\n' "$title"
    sed -n 's/^summary: /        /p' "$TMP/out"
  else
    FAILED+=("$title")
    printf '  FAIL  %s\n' "$title"
    sed 's/^/        /' "$TMP/out"
  fi
}

yaml_files() {
  find "$PROM" "$AM" "$GRAFANA/provisioning" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort
}

lint_yaml() {
  local files
  mapfile -t files < <(yaml_files)
  yamllint -d relaxed --no-warnings "${files[@]}"
}

check_rules() {
  local rc=0
  promtool check rules "$PROM"/rules/*.yml >"$TMP/check-rules" 2>&1 || rc=1
  cat "$TMP/check-rules"
  echo "summary: $(awk '/SUCCESS: [0-9]+ rules found/ {n += $2} END {print n}' "$TMP/check-rules") rules"
  return "$rc"
}

test_rules() {
  local file rc=0 n=0
  for file in "$PROM"/tests/*_test.yml; do
    n=$((n + 1))
    (cd "$PROM/tests" && promtool test rules "$(basename "$file")") || rc=1
  done
  echo "summary: $n test files"
  return "$rc"
}

# Each line of routes.txt: `receiver[,receiver...] | label=value label=value ...`
test_routes() {
  local line receivers labels rc=0 n=0 got
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "${line// /}" || "$line" == \#* ]] && continue
    receivers="$(echo "${line%%|*}" | xargs)"
    labels="$(echo "${line#*|}" | xargs)"
    n=$((n + 1))
    # shellcheck disable=SC2086 # labels are separate words on purpose
    if ! got="$(amtool config routes test --config.file="$AM/alertmanager.yml" \
      --verify.receivers="$receivers" $labels 2>&1)"; then
      echo "route of {$labels}: expected $receivers, got: $got"
      rc=1
    fi
  done <"$AM/tests/routes.txt"
  echo "summary: $n route assertions"
  return "$rc"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

test_inhibitions() {
  local port bin
  bin="$(alertmanager_bin)"
  port="$(free_port)"
  # The real config with the receivers' webhooks pointed at a closed local port: nothing is sent anywhere.
  sed "s#http://alerting:18085/#http://127.0.0.1:9/#" "$AM/alertmanager.yml" >"$TMP/alertmanager.yml"
  "$bin" --config.file="$TMP/alertmanager.yml" --storage.path="$TMP/am-data" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address= --log.level=error >"$TMP/am.log" 2>&1 &
  AM_PID=$!
  if ! python3 - "$port" "$AM/tests/inhibitions.json" <<'PY'; then
import json, sys, time, urllib.request
port, cases_file = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}/api/v2"

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        text = resp.read()
        return json.loads(text) if text else None

for _ in range(100):
    try:
        call("GET", "/status")
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("alertmanager did not start")

def post(alerts, resolved=False):
    now = time.time()
    ends = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60 if resolved else now + 3600))
    call("POST", "/alerts", [{"labels": a, "endsAt": ends} for a in alerts])

def key(labels):
    return tuple(sorted(labels.items()))

cases = json.load(open(cases_file))
failures = 0
for case in cases:
    targets = case.get("inhibited", []) + case.get("not_inhibited", [])
    everything = case["firing"] + targets
    post(everything)
    want = {key(a): True for a in case.get("inhibited", [])}
    want.update({key(a): False for a in case.get("not_inhibited", [])})
    deadline = time.time() + 10
    while True:
        alerts = call("GET", "/alerts?active=true&inhibited=true")
        got = {key(a["labels"]): bool(a["status"]["inhibitedBy"]) for a in alerts}
        wrong = [k for k, v in want.items() if got.get(k) is not v]
        if not wrong or time.time() > deadline:
            break
        time.sleep(0.2)
    for k in wrong:
        failures += 1
        print(f"{case['name']}: {dict(k)} should {'' if want[k] else 'not '}be inhibited")
    post(everything, resolved=True)
    # resolved alerts stop inhibiting once Alertmanager has seen them resolved
    deadline = time.time() + 10
    while call("GET", "/alerts?active=true") and time.time() < deadline:
        time.sleep(0.2)
print(f"summary: {len(cases)} inhibition cases")
sys.exit(1 if failures else 0)
PY
    cat "$TMP/am.log"
    return 1
  fi
  kill "$AM_PID" 2>/dev/null || true
  wait "$AM_PID" 2>/dev/null || true
  AM_PID=""
}

check_conventions() {
  python3 - "$ROOT" <<'PY'
"""Dashboards, metric names, alert conventions, runbook sections and unit-test coverage."""
import glob, json, os, re, sys

ROOT = sys.argv[1]
PROM = os.path.join(ROOT, "deploy/prometheus")
GRAFANA = os.path.join(ROOT, "deploy/grafana")
STANDARD_EXACT = {"up"}
STANDARD_PREFIXES = ("jvm_", "http_server_", "process_", "system_", "kafka_")
SUFFIXES = ("_bucket", "_count", "_sum", "_max")  # of histograms/timers, for a listed name not ending in _total
errors = []


def rel(path):
    return os.path.relpath(path, ROOT)


# ---- a small YAML reader: block mappings and sequences, plain and quoted one-line scalars, block scalars (| >),
# one-line flow collections. Anything else (anchors, tags, multi-line plain or quoted scalars) is an error, so a
# file it cannot read fails loudly instead of being checked wrongly.
class YamlError(Exception):
    pass


def load_yaml(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    state = {"pos": 0}

    def fail(msg):
        raise YamlError(f"{rel(path)}:{state['pos'] + 1}: {msg}")

    def uncomment(s):
        quote = None
        for i, c in enumerate(s):
            if quote:
                if c == quote:
                    quote = None
            elif c in "'\"" and (i == 0 or s[i - 1] in " [{,:"):
                quote = c
            elif c == "#" and (i == 0 or s[i - 1] in " \t"):
                return s[:i].rstrip()
        return s.rstrip()

    def skip():
        while state["pos"] < len(lines):
            text = uncomment(lines[state["pos"]])
            if text.strip() and text.strip() != "---":
                return True
            state["pos"] += 1
        return False

    def indent(i):
        line = lines[i]
        return len(line) - len(line.lstrip(" "))

    def node(min_indent):
        if not skip() or indent(state["pos"]) < min_indent:
            return None
        ind = indent(state["pos"])
        text = uncomment(lines[state["pos"]]).strip()
        return seq(ind) if text == "-" or text.startswith("- ") else mapping(ind)

    def seq(ind):
        items = []
        while skip() and indent(state["pos"]) == ind:
            text = uncomment(lines[state["pos"]]).strip()
            if not (text == "-" or text.startswith("- ")):
                break
            rest = text[1:].strip()
            if not rest:
                state["pos"] += 1
                items.append(node(ind + 1))
            elif re.match(r"""^("[^"]*"|'[^']*'|[^\s'"\[{][^:]*?):(\s|$)""", rest) and not rest.startswith(("[", "{")):
                lines[state["pos"]] = " " * (ind + 2) + rest
                items.append(mapping(ind + 2))
            else:
                state["pos"] += 1
                items.append(inline(rest))
                no_continuation(ind)
        return items

    def no_continuation(ind):
        if skip() and indent(state["pos"]) > ind:
            fail("unsupported multi-line scalar or bad indentation")

    def mapping(ind):
        result = {}
        while skip() and indent(state["pos"]) == ind:
            text = uncomment(lines[state["pos"]]).strip()
            if text.startswith("- "):
                break
            m = re.match(r"""^("[^"]*"|'[^']*'|[^\s'"][^:]*?):(?:\s+(.*))?$""", text)
            if not m:
                fail(f"expected 'key: value', got {text!r}")
            key, value = m.group(1), (m.group(2) or "").strip()
            if key[0] in "'\"":
                key = key[1:-1]
            if key in result:
                fail(f"duplicate key {key!r}")
            if key == "<<":
                fail("merge keys are not supported")
            state["pos"] += 1
            if not value:
                nested = skip() and (indent(state["pos"]) > ind or (
                    indent(state["pos"]) == ind and uncomment(lines[state["pos"]]).strip().startswith("- ")))
                if nested:
                    result[key] = node(indent(state["pos"]))
                else:
                    result[key] = None
            elif value[0] in "|>":
                result[key] = block_scalar(value, ind)
            else:
                result[key] = inline(value)
                no_continuation(ind)
        return result

    def block_scalar(header, ind):
        if not re.fullmatch(r"[|>][-+]?", header):
            fail(f"unsupported block scalar header {header!r}")
        body, block_indent = [], None
        while state["pos"] < len(lines):
            line = lines[state["pos"]]
            if line.strip():
                if block_indent is None:
                    block_indent = indent(state["pos"])
                    if block_indent <= ind:
                        break
                if indent(state["pos"]) < block_indent:
                    break
                body.append(line[block_indent:])
            else:
                body.append("")
            state["pos"] += 1
        while body and not body[-1]:
            body.pop()
        if header[0] == "|":
            text = "\n".join(body)
        else:
            text, para = "", []
            for line in body + [""]:
                if line:
                    para.append(line)
                else:
                    text += (" ".join(para) + "\n") if para else "\n"
                    para = []
            text = text.rstrip("\n")
        return text if header.endswith("-") else text + "\n"

    def inline(value):
        if value[0] in "&*!":
            fail("anchors, aliases and tags are not supported")
        parsed, rest = flow(value, 0)
        if value[rest:].strip():
            fail(f"cannot read {value!r}")
        return parsed

    def flow(s, i, in_flow=False):
        while i < len(s) and s[i] == " ":
            i += 1
        if i < len(s) and s[i] in "[{":
            close = "]" if s[i] == "[" else "}"
            items = [] if close == "]" else {}
            i += 1
            while True:
                while i < len(s) and s[i] in " ,":
                    i += 1
                if i < len(s) and s[i] == close:
                    return items, i + 1
                if i >= len(s):
                    fail(f"unterminated flow collection in {s!r}")
                item, i = flow(s, i, True)
                if close == "}":
                    while i < len(s) and s[i] == " ":
                        i += 1
                    if i >= len(s) or s[i] != ":":
                        fail(f"expected ':' in {s!r}")
                    value, i = flow(s, i + 1, True)
                    items[item] = value
                else:
                    items.append(item)
        if i < len(s) and s[i] == '"':
            j = i + 1
            while j < len(s) and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            if j >= len(s):
                fail(f"unterminated string in {s!r}")
            return json.loads(s[i:j + 1]), j + 1
        if i < len(s) and s[i] == "'":
            j = i + 1
            while True:
                j = s.find("'", j)
                if j < 0:
                    fail(f"unterminated string in {s!r}")
                if s[j + 1:j + 2] == "'":
                    j += 2
                    continue
                return s[i + 1:j].replace("''", "'"), j + 1
        stop = re.compile(r"(,|\]|\}|:(\s|$))" if in_flow else r"$")
        m = stop.search(s, i)
        end = m.start() if m else len(s)
        return s[i:end].strip(), end

    doc = node(0)
    if skip():
        fail("unexpected content")
    return doc


def load(path):
    try:
        return load_yaml(path)
    except YamlError as e:
        errors.append(str(e))
        return None


# ---- metric names in PromQL
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "atan2", "inf", "nan"}


def metric_names(expr):
    e = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|`[^`]*`', '""', expr)  # strings
    e = re.sub(r"\$\{[^}]*\}|\$\w+", "1", e)                                   # Grafana variables
    e = re.sub(r"\{[^}]*\}", "", e)                                             # label matchers
    e = re.sub(r"\[[^\]]*\]", "", e)                                            # ranges, subqueries
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = set()
    for m in re.finditer(r"(?<![\w.:])[a-zA-Z_:][\w:]*", e):
        name = m.group(0)
        if name.lower() in KEYWORDS or re.match(r"\s*\(", e[m.end():]):
            continue
        names.add(name)
    return names


known = set()
known_file = os.path.join(PROM, "known-metrics.txt")
for n, line in enumerate(open(known_file), 1):
    name = line.split("#")[0].strip()
    if not name:
        continue
    if not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", name) or name in known:
        errors.append(f"{rel(known_file)}:{n}: bad or duplicate metric name {name!r}")
    known.add(name)

# ---- rules
recorded, alerts, uses = set(), {}, []  # uses: (where, expr)
rule_count = 0
rule_files = sorted(glob.glob(os.path.join(PROM, "rules", "*.yml")))
runbooks_path = os.path.join(ROOT, "docs/runbooks.md")
runbook_sections = set()
if os.path.exists(runbooks_path):
    runbook_sections = set(re.findall(r"^## (\S+)\s*$", open(runbooks_path).read(), re.M))
for path in rule_files:
    doc = load(path) or {}
    for group in doc.get("groups") or []:
        for rule in group.get("rules") or []:
            rule_count += 1
            where = f"{rel(path)} group {group.get('name')} {'record' if 'record' in rule else 'alert'} " \
                    f"{rule.get('record') or rule.get('alert')}"
            uses.append((where, rule.get("expr") or ""))
            if "record" in rule:
                recorded.add(rule["record"])
                continue
            name = rule.get("alert")
            alerts.setdefault(name, 0)
            alerts[name] += 1
            labels, annotations = rule.get("labels") or {}, rule.get("annotations") or {}
            if labels.get("severity") not in ("critical", "warning", "info"):
                errors.append(f"{where}: label severity must be critical, warning or info")
            kept = re.search(r"\bservice\b", rule.get("expr") or "") or any(  # by (service), or a service_*: record
                "service" in name.split(":")[0].split("_") for name in metric_names(rule.get("expr") or ""))
            if "service" not in labels and not kept:
                errors.append(f"{where}: no label service (static, or kept from the series by the expression)")
            for key in ("summary", "description", "runbook_url"):
                if not annotations.get(key):
                    errors.append(f"{where}: annotation {key} missing")
            if annotations.get("runbook_url") != f"docs/runbooks.md#{name.lower()}":
                errors.append(f"{where}: runbook_url must be docs/runbooks.md#{name.lower()}")
            if name not in runbook_sections:
                errors.append(f"{where}: docs/runbooks.md has no section '## {name}'")
for section in sorted(runbook_sections - set(alerts)):
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", section):  # kebab-case sections are the alerting service's rules
        errors.append(f"docs/runbooks.md: section '## {section}' is not an alert in deploy/prometheus/rules")

# ---- unit tests: every alert needs a case where it fires and one where it does not
fires, quiet, test_groups, assertions = set(), set(), 0, 0
test_files = sorted(glob.glob(os.path.join(PROM, "tests", "*_test.yml")))
for path in test_files:
    doc = load(path) or {}
    for group in doc.get("tests") or []:
        test_groups += 1
        for case in group.get("alert_rule_test") or []:
            assertions += 1
            (fires if case.get("exp_alerts") else quiet).add(case.get("alertname"))
        assertions += len(group.get("promql_expr_test") or [])
for name in sorted(alerts):
    if name not in fires:
        errors.append(f"alert {name}: no unit test in deploy/prometheus/tests where it fires")
    if name not in quiet:
        errors.append(f"alert {name}: no unit test in deploy/prometheus/tests where it does not fire")

# ---- Grafana provisioning and dashboards
datasource_uids = {}
for path in sorted(glob.glob(os.path.join(GRAFANA, "provisioning/datasources/*.yml"))):
    for ds in (load(path) or {}).get("datasources") or []:
        datasource_uids[ds.get("uid")] = (ds.get("type"), ds.get("url"))
for uid, (kind, url) in {"prometheus": ("prometheus", "http://prometheus:9090"),
                         "jaeger": ("jaeger", "http://jaeger:16686")}.items():
    if datasource_uids.get(uid) != (kind, url):
        errors.append(f"deploy/grafana/provisioning/datasources: expected {kind} datasource uid {uid} at {url}, "
                      f"got {datasource_uids.get(uid)}")
providers = [p for path in glob.glob(os.path.join(GRAFANA, "provisioning/dashboards/*.yml"))
             for p in ((load(path) or {}).get("providers") or [])]
if not any(p.get("type") == "file" for p in providers):
    errors.append("deploy/grafana/provisioning/dashboards: no file provider")

dashboard_uids, panel_count = {}, 0


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise ValueError(f"duplicate keys {sorted(dupes)}")
    return dict(pairs)


def check_datasource(where, ds):
    if ds is None:
        return
    if not isinstance(ds, dict) or "uid" not in ds:
        errors.append(f"{where}: datasource must be {{type, uid}}, got {ds!r}")
    elif ds["uid"] == "-- Grafana --":
        pass
    elif ds["uid"] not in datasource_uids:
        errors.append(f"{where}: datasource uid {ds['uid']!r} is not provisioned")


dashboard_files = sorted(glob.glob(os.path.join(GRAFANA, "dashboards/*.json")))
for path in dashboard_files:
    name = rel(path)
    text = open(path, encoding="utf-8").read()
    try:
        dash = json.loads(text, object_pairs_hook=no_duplicate_keys)
    except ValueError as e:
        errors.append(f"{name}: invalid JSON: {e}")
        continue
    if "${DS" in text or "__inputs" in dash:
        errors.append(f"{name}: uses ${{DS...}} / __inputs; reference datasource uids directly")
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in dash:
            errors.append(f"{name}: no {key}")
    if dash.get("uid") in dashboard_uids:
        errors.append(f"{name}: uid {dash.get('uid')} also used by {dashboard_uids[dash.get('uid')]}")
    dashboard_uids[dash.get("uid")] = name
    if not isinstance(dash.get("schemaVersion"), int) or dash["schemaVersion"] < 36:
        errors.append(f"{name}: schemaVersion must be >= 36 (Grafana 10)")
    for var in (dash.get("templating") or {}).get("list", []):
        where = f"{name} variable {var.get('name')}"
        check_datasource(where, var.get("datasource"))
        if var.get("type") == "query":
            query = var.get("query")
            query = query.get("query", "") if isinstance(query, dict) else (query or "")
            m = re.fullmatch(r"\s*label_values\((.*),\s*\w+\s*\)\s*", query) or \
                re.fullmatch(r"\s*query_result\((.*)\)\s*", query)
            if m:
                uses.append((where, m.group(1)))
            elif not re.fullmatch(r"\s*label_values\(\s*\w+\s*\)\s*", query):
                errors.append(f"{where}: unsupported variable query {query!r}")
    ids = {}
    panels = list(dash.get("panels") or [])
    while panels:
        panel = panels.pop(0)
        panels.extend(panel.get("panels") or [])
        panel_count += 1
        where = f"{name} panel {panel.get('id')} {panel.get('title')!r}"
        if not isinstance(panel.get("id"), int):
            errors.append(f"{where}: id must be an integer")
        elif panel["id"] in ids:
            errors.append(f"{where}: id {panel['id']} also used by panel {ids[panel['id']]!r}")
        ids[panel.get("id")] = panel.get("title")
        if "gridPos" not in panel:
            errors.append(f"{where}: no gridPos")
        check_datasource(where, panel.get("datasource"))
        refs = set()
        for target in panel.get("targets") or []:
            check_datasource(where, target.get("datasource"))
            if target.get("refId") in refs:
                errors.append(f"{where}: duplicate refId {target.get('refId')}")
            refs.add(target.get("refId"))
            if (target.get("datasource") or panel.get("datasource") or {}).get("uid") == "prometheus":
                if not (target.get("expr") or "").strip():
                    errors.append(f"{where}: target {target.get('refId')} has no expr")
                uses.append((where, target.get("expr") or ""))
        if panel.get("type") != "row" and not panel.get("targets") and panel.get("type") != "text":
            errors.append(f"{where}: no targets")

# ---- every metric name is known, recorded or standard
checked = set()
for where, expr in uses:
    for metric in sorted(metric_names(expr)):
        checked.add(metric)
        base_ok = any(metric.endswith(s) and metric[:-len(s)] in known and not metric[:-len(s)].endswith("_total")
                      for s in SUFFIXES)
        if metric in known or base_ok or metric in recorded or metric in STANDARD_EXACT \
                or metric.startswith(STANDARD_PREFIXES):
            continue
        errors.append(f"{where}: unknown metric {metric} (not in deploy/prometheus/known-metrics.txt, "
                      f"not recorded by a rule, not a standard family)")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"summary: rules: {rule_count} in {len(rule_files)} files ({len(recorded)} recording, "
      f"{sum(alerts.values())} alerting = {len(alerts)} alert names)")
print(f"summary: unit tests: {test_groups} test groups, {assertions} assertions in {len(test_files)} files; "
      f"every alert has firing and quiet cases")
print(f"summary: dashboards: {len(dashboard_files)} with {panel_count} panels; "
      f"{len(checked)} distinct metric names checked")
PY
}

# ---------------------------------------------------------------------------------------------------------- main
install_tools
version() { "$1" --version 2>&1 | awk -v tool="$1" 'NR == 1 {print tool, $3}'; }
echo "== observability config ($(version promtool), $(version amtool))"
step "yamllint -d relaxed ($(yaml_files | wc -l) files)" lint_yaml
step "promtool check config deploy/prometheus/prometheus.yml" promtool check config "$PROM/prometheus.yml"
step "promtool check rules deploy/prometheus/rules/*.yml" check_rules
step "promtool test rules deploy/prometheus/tests/*_test.yml" test_rules
step "amtool check-config deploy/alertmanager/alertmanager.yml" amtool check-config "$AM/alertmanager.yml"
step "amtool config routes test (deploy/alertmanager/tests/routes.txt)" test_routes
step "Alertmanager inhibitions (deploy/alertmanager/tests/inhibitions.json)" test_inhibitions
step "dashboards, metric names, alert conventions, runbooks, test coverage" check_conventions

if ((${#FAILED[@]})); then
  printf '== FAILED: %d of %d steps\n' "${#FAILED[@]}" "$((PASSED + ${#FAILED[@]}))"
  printf '   - %s\n' "${FAILED[@]}"
  exit 1
fi
printf '== OK: all %d steps passed\n' "$PASSED"
