#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, transactions enabled) on 127.0.0.1, run from Maven Central jars.
#   tools/kafka/broker.sh start    fetch jars if needed, format, start, wait until it really serves; reuses a
#                                  broker already serving on the port
#   tools/kafka/broker.sh stop     stop the broker this script started (its own pid only)
#   tools/kafka/broker.sh status   exit 0 when a broker serves on the port
# Everything it writes lives under .kafka/ (ignored): libs/, data/, server.properties, broker.pid, broker.log.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${KAFKA_LOCAL_DIR:-$root/.kafka}"
port="${KAFKA_LOCAL_PORT:-9092}"
controller_port="${KAFKA_LOCAL_CONTROLLER_PORT:-9093}"
ready_timeout="${KAFKA_LOCAL_READY_TIMEOUT_SECONDS:-120}"
# Fixed cluster id, as Apache's compose example and testcontainers use: formatting stays idempotent.
cluster_id="4L6g3nShT-eMCtK--X86sw"
pid_file="$home/broker.pid"
log_file="$home/broker.log"
brokers="127.0.0.1:$port"

log() { printf '[kafka] %s\n' "$*" >&2; }

serving() { node "$root/tools/kafka/wait-ready.mjs" --brokers "$brokers" --timeout "${1:-3}" >/dev/null 2>&1; }

own_pid_alive() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q 'kafka.Kafka' "/proc/$pid/cmdline" 2>/dev/null
}

fetch_jars() {
  if ls "$home/libs"/kafka_2.13-*.jar >/dev/null 2>&1; then return; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the broker's jars"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run the broker"; exit 1; }
  log "fetching Apache Kafka's broker classpath from Maven Central (first run only)"
  mkdir -p "$home/libs"
  # Maven's own output (terminal escape codes even with -q) goes to a log, shown only when the fetch fails.
  if ! mvn -q -B -f "$root/tools/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$home/libs" >"$home/maven.log" 2>&1; then
    log "fetching the broker's jars failed:"; cat "$home/maven.log" >&2; exit 1
  fi
}

write_config() {
  mkdir -p "$home/data"
  cat >"$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$home/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
PROPS
  cat >"$home/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
PROPS
}

start() {
  if serving 3; then
    log "reusing the broker already serving on $brokers"
    return
  fi
  if own_pid_alive; then
    log "broker pid $(cat "$pid_file") is starting; waiting for it"
  else
    fetch_jars
    write_config
    local cp="$home/libs/*" log4j="-Dlog4j.configuration=file:$home/log4j.properties"
    java -Xmx256m "$log4j" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$home/server.properties" --ignore-formatted >>"$log_file" 2>&1
    log "starting the broker on $brokers (log: ${log_file#"$root"/})"
    # setsid: the broker must outlive the shell (and the npm process group) that started it.
    setsid nohup java -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      "$log4j" -cp "$cp" kafka.Kafka "$home/server.properties" >>"$log_file" 2>&1 </dev/null &
    echo $! >"$pid_file"
  fi
  if ! node "$root/tools/kafka/wait-ready.mjs" --brokers "$brokers" --timeout "$ready_timeout"; then
    log "the broker did not become ready within ${ready_timeout}s; last lines of its log:"
    tail -n 30 "$log_file" >&2 || true
    exit 1
  fi
}

stop() {
  if ! own_pid_alive; then
    log "no broker started by this script is running"
    rm -f "$pid_file"
    return
  fi
  local pid
  pid="$(cat "$pid_file")"
  log "stopping broker pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; return; }
    sleep 0.5
  done
  log "broker pid $pid ignored SIGTERM for 30s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) serving 3 && log "serving on $brokers" || { log "not serving on $brokers"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
