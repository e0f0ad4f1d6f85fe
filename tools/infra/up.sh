#!/usr/bin/env bash
# Brings up what the services and tests need: development certificates and tokens, PostgreSQL (and the project's
# databases) and a Kafka broker.
# Honours DATABASE_URL, TEST_DATABASE_URL and KAFKA_BROKERS (from the environment or .env); otherwise local.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The project's Node (node_modules/.bin/node, Node 24; ADR 0022) when it is installed, whatever the machine has.
PATH="$root/node_modules/.bin:$PATH"
if [ -f "$root/.env" ]; then set -a; . "$root/.env"; set +a; fi

"$root/tools/certs/generate.sh"
"$root/tools/credentials/generate.sh"
"$root/tools/infra/ensure-postgres.sh"
if [ -n "${KAFKA_BROKERS:-}" ]; then
  node "$root/tools/kafka/wait-ready.mjs" --brokers "$KAFKA_BROKERS" --timeout "${KAFKA_READY_TIMEOUT_SECONDS:-60}"
else
  "$root/tools/kafka/broker.sh" start
fi
