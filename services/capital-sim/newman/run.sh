#!/usr/bin/env bash
# Conformance check: runs Capital.com's official Postman collection (shared/reference/capital-com-postman) with newman
# against a RUNNING capital-sim, one folder group at a time, and prints which groups pass.
#
#   services/capital-sim/newman/run.sh                  # capital-sim on http://127.0.0.1:18090
#   CAPITAL_SIM_URL=http://127.0.0.1:8080 services/capital-sim/newman/run.sh
#
# Needs curl and node/npx (newman 6 is fetched from the npm registry on first use). Exit code 0 = every group green.
#
# What the script adds around the collection, and why:
# - Fresh tokens per group: the Session folder logs out at its end, so each group starts from its own login
#   (spaced >1 s apart: the simulator enforces Capital.com's 1 login/s per API key).
# - Variables the collection expects but never sets: dealId (an open SILVER position / a SILVER working order created
#   beforehand), accountId (the second account), epic, nodeId.
# - SILVER and NATURALGAS, which the request bodies hard-code, are forced TRADEABLE during the run (admin API) so that the
#   check does not depend on the time of day; the schedule is restored at the end.
# - Two date literals from 2022 that today's API must reject are turned into variables in a temporary copy of the
#   collection: the prices window (history must exist) and a working order's goodTillDate (must be in the future).
#   Nothing else in the collection is changed.
# - --delay-request keeps newman under Capital.com's 10 requests/s per session.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
collection="${CAPITAL_POSTMAN_COLLECTION:-$repo_root/../shared/reference/capital-com-postman/capital.collection.json}"
base_url="${CAPITAL_SIM_URL:-http://127.0.0.1:18090}"
api="$base_url/api/v1"
api_key="${CAPITAL_SIM_API_KEY:-sim-api-key}"
identifier="${CAPITAL_SIM_IDENTIFIER:-sim@tickflow.local}"
password="${CAPITAL_SIM_PASSWORD:-sim-password}"
newman="${NEWMAN:-npx --yes newman@6}"

[[ -f "$collection" ]] || { echo "collection not found: $collection" >&2; exit 2; }
curl -fsS "$api/time" >/dev/null || {
  echo "capital-sim is not answering at $base_url; start it first (./mvnw -pl services/capital-sim quarkus:dev)" >&2
  exit 2
}

work="$(mktemp -d)"
restore_market_hours() {
  for epic in SILVER NATURALGAS; do curl -fsS -X DELETE "$base_url/sim/markets/$epic/status" >/dev/null || true; done
  rm -rf "$work"
}
trap restore_market_hours EXIT

# Reads a JSON document on stdin and prints the value at a JavaScript property path, e.g. '.accounts[1].accountId'.
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(eval("JSON.parse(s)"+process.argv[1])))' "$1"; }

cst=""
security_token=""
login() {
  sleep 1.1
  curl -fsS -D "$work/headers" -o "$work/login.json" -X POST "$api/session" -H "X-CAP-API-KEY: $api_key" \
    -H 'Content-Type: application/json' \
    -d "{\"identifier\":\"$identifier\",\"password\":\"$password\",\"encryptedPassword\":false}"
  cst="$(grep -i '^cst:' "$work/headers" | cut -d' ' -f2 | tr -d '\r')"
  security_token="$(grep -i '^x-security-token:' "$work/headers" | cut -d' ' -f2 | tr -d '\r')"
}
call() { # METHOD PATH [BODY]
  curl -fsS -X "$1" "$api$2" -H "CST: $cst" -H "X-SECURITY-TOKEN: $security_token" -H 'Content-Type: application/json' \
    ${3:+-d "$3"}
}
deal_id_of() { # dealReference -> dealId of the first affected deal
  call GET "/confirms/$1" | json '.affectedDeals[0].dealId'
}

for epic in SILVER NATURALGAS; do
  curl -fsS -X PUT "$base_url/sim/markets/$epic/status" -H 'Content-Type: application/json' -d '{"status":"TRADEABLE"}' >/dev/null
done

node - "$collection" "$work/collection.json" <<'JS'
const fs = require('fs');
const [source, target] = process.argv.slice(2);
const collection = JSON.parse(fs.readFileSync(source, 'utf8'));
const walk = items => items.forEach(item => {
  if (item.item) return walk(item.item);
  const request = item.request;
  if (item.name === 'Historical prices') {
    request.url.query.forEach(q => { if (q.key === 'from') q.value = '{{pricesFrom}}'; if (q.key === 'to') q.value = '{{pricesTo}}'; });
    request.url.raw = request.url.raw.replace(/from=[^&]*/, 'from={{pricesFrom}}').replace(/to=[^&]*/, 'to={{pricesTo}}');
  }
  if (item.name === 'Update working order') {
    request.body.raw = request.body.raw.replace(/"goodTillDate":\s*"[^"]*"/, '"goodTillDate": "{{goodTillDate}}"');
  }
});
walk(collection.item);
fs.writeFileSync(target, JSON.stringify(collection));
JS

utc() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S; }
results=()
failures=0
run_group() { # NAME newman-args...
  local name="$1"; shift
  echo "=== $name"
  if $newman run "$work/collection.json" --reporters cli --delay-request 150 \
      --env-var "url=$api" --env-var "X-CAP-API-KEY=$api_key" --env-var "identifier=$identifier" \
      --env-var "password=$password" --env-var "CST=$cst" --env-var "X-SECURITY-TOKEN=$security_token" "$@"; then
    results+=("PASS  $name")
  else
    results+=("FAIL  $name")
    failures=$((failures + 1))
  fi
}

login
second_account="$(json '.accounts[1].accountId' < "$work/login.json")"
run_group "General, Session" --folder General --folder Session --env-var "accountId=$second_account"

login
run_group "Accounts" --folder Accounts --env-var "dealId=none"

login
position_reference="$(call POST /positions '{"epic":"SILVER","direction":"BUY","size":1}' | json '.dealReference')"
run_group "Trading/Positions" --folder $'\u0420ositions' --env-var "dealId=$(deal_id_of "$position_reference")"

login
order_reference="$(call POST /workingorders '{"epic":"SILVER","direction":"BUY","size":1,"level":20,"type":"LIMIT"}' \
  | json '.dealReference')"
run_group "Trading/Orders, Position/Order confirmation" --folder Orders --folder "Position/Order confirmation" \
  --env-var "dealId=$(deal_id_of "$order_reference")" --env-var "goodTillDate=$(utc '+30 days')"

login
run_group "Markets Info (Markets, Prices, Client Sentiment)" --folder Markets --folder Prices --folder "Client Sentiment" \
  --env-var "epic=SILVER" --env-var "nodeId=hierarchy_v1.commodities_group" \
  --env-var "pricesFrom=$(utc '-1 hour')" --env-var "pricesTo=$(utc 'now')"

echo
echo "Capital.com Postman collection against $base_url (Watchlists: not simulated, not run):"
printf '  %s\n' "${results[@]}"
exit "$failures"
