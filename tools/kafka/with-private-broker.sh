#!/usr/bin/env bash
# Runs a command against a private single-node broker of the given Kafka version, then stops it:
#   tools/kafka/with-private-broker.sh 3.9.1 jest --selectProjects integration
# The broker (tools/kafka/broker.sh) gets free ports and its own data folder under .local/, so the shared broker on
# 9092 is never touched; the command sees KAFKA_BROKERS pointing at it, and KAFKA_LOCAL_VERSION, so that tests which
# start brokers of their own (SASL_SSL, faults) start the same version. The jars are kept in .local/kafka-libs/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PATH="$root/node_modules/.bin:$PATH"
[ $# -ge 2 ] || { echo "usage: $0 <kafka version> <command> [args…]" >&2; exit 2; }
version="$1"
shift

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
port="$(free_port)"
controller_port="$(free_port)"
while [ "$controller_port" = "$port" ]; do controller_port="$(free_port)"; done

export KAFKA_LOCAL_VERSION="$version"
export KAFKA_LOCAL_DIR="$root/.local/kafka-$version-$port"
export KAFKA_LOCAL_LIBS="$root/.local/kafka-libs"
export KAFKA_LOCAL_PORT="$port"
export KAFKA_LOCAL_CONTROLLER_PORT="$controller_port"

stop() {
  bash "$root/tools/kafka/broker.sh" stop || true
  rm -rf "$KAFKA_LOCAL_DIR"
}
trap stop EXIT
bash "$root/tools/kafka/broker.sh" start
export KAFKA_BROKERS="127.0.0.1:$port"
status=0
"$@" || status=$?
exit "$status"
