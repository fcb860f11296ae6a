# Tickflow: `make` lists the targets. Every target finds a JDK >= 21 itself and installs what it needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.PHONY: help run test test-deploy eval-alerts chaos-orders bench-orders build up down status logs bench-e2e bench-ingest bench-backtest clean clean-stack

#== Main
run: ## Build what is stale, start the local stack, capital-sim and all five services; Ctrl-C stops all of it
	@scripts/run.sh

test: ## The whole test suite: unit, integration (real Kafka + PostgreSQL) and end-to-end
	@scripts/test.sh

eval-alerts: ## Alert quality: labelled scenarios through the alerting service and Prometheus rules, precision/recall
	@source scripts/common.sh && find_jdk && scripts/eval-alerts.sh

test-deploy: ## Check docker-compose.yml, the Kubernetes manifests, the Helm chart and the workflows (no cluster needed)
	@scripts/test-deploy.sh

#== Build
build: ## Compile and package every module (tests skipped)
	@source scripts/common.sh && find_jdk && mvnw install -DskipTests

#== Local stack (Kafka in KRaft mode + PostgreSQL, no Docker; data in .run/)
up: ## Start Kafka and PostgreSQL (idempotent; waits until both are healthy)
	@scripts/stack.sh up

down: ## Stop Kafka and PostgreSQL (data is kept)
	@scripts/stack.sh down

status: ## Show whether Kafka and PostgreSQL are up
	@scripts/stack.sh status

logs: ## Follow the stack's and the services' logs
	@scripts/stack.sh logs

#== Benchmarks
bench-e2e: ## Quote-to-order latency over the real path vs a bare two-hop Kafka pass-through
	@scripts/bench-e2e.sh

bench-ingest: ## Ticks/s Kafka -> PostgreSQL: real path vs naive INSERTs vs bare COPY; heap; source-to-Kafka latency
	@scripts/bench-ingest.sh

bench-backtest: ## Backtest engine ticks/s per core vs a bare loop, from PostgreSQL, a 200-set sweep on 1 vs 2 workers; heap
	@scripts/bench-backtest.sh

bench-orders: ## Order placement latency: execution's pooled path vs a naive client vs a bare POST, same run
	@scripts/bench-orders.sh

chaos-orders: ## 10,000 order intents under broker faults and a kill -9 of execution: no duplicate, nothing lost
	@scripts/chaos-orders.sh

#== Housekeeping
clean: ## Delete build output
	@source scripts/common.sh && find_jdk && mvnw -q clean

clean-stack: down ## Stop the stack and delete its data and binaries (.run/)
	@rm -rf .run

help: ## This list
	@awk 'BEGIN {FS = ":.*## "} /^#==/ {printf "\n\033[1m%s\033[0m\n", substr($$0, 5)} \
	     /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
