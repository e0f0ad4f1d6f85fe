#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, transactions enabled) on 127.0.0.1, run from Maven Central jars.
#   tools/kafka/broker.sh start    fetch jars if needed, format, start, wait until it really serves; reuses a
#                                  broker already serving on the port
#   tools/kafka/broker.sh stop     stop the broker this script started (its own pid only)
#   tools/kafka/broker.sh status   exit 0 when a broker serves on the port
# Everything it writes lives under .kafka/ (ignored): libs/, data/, server.properties, broker.pid, broker.log.
#
# Secured listeners beside PLAINTEXT (which stays: inter-broker traffic, and a super user for set-up), for tests of
# Kafka security on a private broker (KAFKA_LOCAL_DIR of its own; a new data folder, since users are added when it
# is formatted):
#   KAFKA_LOCAL_SASL_SSL_PORT  a SASL_SSL listener: SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN over TLS
#   KAFKA_LOCAL_SSL_PORT       an SSL listener that requires a client certificate chained to the operator CA
#   KAFKA_LOCAL_SASL_USERS     its users, name:password,… (letters, digits, . _ -)
#   KAFKA_LOCAL_ACLS=true      an authorizer: SASL and certificate principals get only what ACLs allow
#   KAFKA_LOCAL_TLS_KEYSTORE   PEM key store (key, then certificate; default .local/certs/kafka-broker.pem)
#   KAFKA_LOCAL_TLS_TRUSTSTORE PEM CA of client certificates (default .local/certs/operator-ca.crt)
# KAFKA_LOCAL_LIBS names another folder for the jars (default: libs/ under KAFKA_LOCAL_DIR), so that private
# brokers share one copy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${KAFKA_LOCAL_DIR:-$root/.kafka}"
port="${KAFKA_LOCAL_PORT:-9092}"
controller_port="${KAFKA_LOCAL_CONTROLLER_PORT:-9093}"
ready_timeout="${KAFKA_LOCAL_READY_TIMEOUT_SECONDS:-120}"
# Fixed cluster id, as Apache's compose example and testcontainers use: formatting stays idempotent.
cluster_id="4L6g3nShT-eMCtK--X86sw"
sasl_ssl_port="${KAFKA_LOCAL_SASL_SSL_PORT:-}"
ssl_port="${KAFKA_LOCAL_SSL_PORT:-}"
sasl_users="${KAFKA_LOCAL_SASL_USERS:-}"
acls="${KAFKA_LOCAL_ACLS:-false}"
keystore="${KAFKA_LOCAL_TLS_KEYSTORE:-$root/.local/certs/kafka-broker.pem}"
truststore="${KAFKA_LOCAL_TLS_TRUSTSTORE:-$root/.local/certs/operator-ca.crt}"
libs="${KAFKA_LOCAL_LIBS:-$home/libs}"
pid_file="$home/broker.pid"
log_file="$home/broker.log"
brokers="127.0.0.1:$port"

log() { printf '[kafka] %s\n' "$*" >&2; }

# The PLAINTEXT listener, whatever the apps' own Kafka security settings say.
ready() { env -u KAFKA_TLS -u KAFKA_SASL_MECHANISM node "$root/tools/kafka/wait-ready.mjs" --brokers "$brokers" "$@"; }

serving() { ready --timeout "${1:-3}" >/dev/null 2>&1; }

own_pid_alive() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q 'kafka.Kafka' "/proc/$pid/cmdline" 2>/dev/null
}

fetch_jars() {
  if ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1; then return; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the broker's jars"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run the broker"; exit 1; }
  log "fetching Apache Kafka's broker classpath from Maven Central (first run only)"
  mkdir -p "$libs" "$home"
  # Maven's own output (terminal escape codes even with -q) goes to a log, shown only when the fetch fails.
  if ! mvn -q -B -f "$root/tools/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" >"$home/maven.log" 2>&1; then
    log "fetching the broker's jars failed:"; cat "$home/maven.log" >&2; exit 1
  fi
}

secured() { [ -n "$sasl_ssl_port$ssl_port" ]; }

write_config() {
  mkdir -p "$home/data"
  local listeners="PLAINTEXT://127.0.0.1:$port" map="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  if [ -n "$sasl_ssl_port" ]; then
    listeners="$listeners,SASL_SSL://127.0.0.1:$sasl_ssl_port"
    map="$map,SASL_SSL:SASL_SSL"
  fi
  if [ -n "$ssl_port" ]; then
    listeners="$listeners,SSL://127.0.0.1:$ssl_port"
    map="$map,SSL:SSL"
  fi
  cat >"$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=$listeners,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=$listeners
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=$map
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
  if secured; then write_security_config >>"$home/server.properties"; fi
  cat >"$home/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
PROPS
}

# Users as name:password pairs, checked so that they cannot break the JAAS and --add-scram syntaxes.
each_user() { # callback
  local entry
  IFS=',' read -ra entries <<<"$sasl_users"
  for entry in "${entries[@]}"; do
    [[ "$entry" =~ ^([A-Za-z0-9._-]+):([A-Za-z0-9._-]+)$ ]] || { log "KAFKA_LOCAL_SASL_USERS: bad entry"; exit 2; }
    "$1" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  done
}

write_security_config() {
  local plain_users=""
  plain_user() { plain_users="$plain_users user_$1=\"$2\""; }
  [ -n "$sasl_users" ] && each_user plain_user
  cat <<PROPS
ssl.keystore.type=PEM
ssl.keystore.location=$keystore
ssl.truststore.type=PEM
ssl.truststore.location=$truststore
listener.name.ssl.ssl.client.auth=required
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$plain_users;
PROPS
  if [ "$acls" = true ]; then
    # The PLAINTEXT and CONTROLLER listeners authenticate nobody: ANONYMOUS is the broker itself and set-up.
    printf 'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\nsuper.users=User:ANONYMOUS\n'
  fi
}

# --add-scram arguments for the format step (SCRAM users live in the cluster metadata from its first record).
scram_arguments=()
scram_user() {
  scram_arguments+=(--add-scram "SCRAM-SHA-512=[name=$1,password=$2]" --add-scram "SCRAM-SHA-256=[name=$1,password=$2]")
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
    local cp="$libs/*" log4j="-Dlog4j.configuration=file:$home/log4j.properties"
    if [ -n "$sasl_users" ]; then each_user scram_user; fi
    java -Xmx256m "$log4j" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$home/server.properties" --ignore-formatted "${scram_arguments[@]}" >>"$log_file" 2>&1
    log "starting the broker on $brokers (log: ${log_file#"$root"/})"
    # setsid: the broker must outlive the shell (and the npm process group) that started it.
    setsid nohup java -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      "$log4j" -cp "$cp" kafka.Kafka "$home/server.properties" >>"$log_file" 2>&1 </dev/null &
    echo $! >"$pid_file"
  fi
  if ! ready --timeout "$ready_timeout"; then
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
