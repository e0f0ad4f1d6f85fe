#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, transactions enabled) on 127.0.0.1, run from Maven Central jars.
#   tools/kafka/broker.sh start    fetch jars if needed, format, start, wait until it really serves; reuses a
#                                  broker already serving on the port
#   tools/kafka/broker.sh stop     stop the broker this script started (its own pid only)
#   tools/kafka/broker.sh status   exit 0 when a broker serves on the port
# Everything it writes lives under .kafka/ (ignored): libs/<version>/, data/, server.properties, broker.pid,
# broker.log, and data.version (the Kafka version that formatted data/).
#
# KAFKA_LOCAL_VERSION picks the broker: 4.4.0 (default) or 3.9.1, the two lines the project supports (ADR 0022).
# A data folder formatted by 3.9 is upgraded in place by a 4.4 broker (Kafka supports that); one formatted by a
# newer version than asked for is refused, since Kafka cannot go back.
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
# KAFKA_LOCAL_LIBS names another folder for the jars (default: libs/ under KAFKA_LOCAL_DIR; one sub-folder per
# version), so that private brokers share one copy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The project's Node (node_modules/.bin/node, Node 24) when it is installed, whatever the machine has.
PATH="$root/node_modules/.bin:$PATH"
version="${KAFKA_LOCAL_VERSION:-4.4.0}"
case "$version" in
  4.4.0) profile=kafka-4 ;;
  3.9.1) profile=kafka-3.9 ;;
  *) printf '[kafka] KAFKA_LOCAL_VERSION: 4.4.0 or 3.9.1, not %s\n' "$version" >&2; exit 2 ;;
esac
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
libs="${KAFKA_LOCAL_LIBS:-$home/libs}/$version"
pid_file="$home/broker.pid"
log_file="$home/broker.log"
version_file="$home/data.version"
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
  if [ -f "$libs/kafka_2.13-$version.jar" ]; then return; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the broker's jars"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run the broker"; exit 1; }
  log "fetching Apache Kafka $version's broker classpath from Maven Central (first run only)"
  mkdir -p "$libs" "$home"
  # Maven's own output (terminal escape codes even with -q) goes to a log, shown only when the fetch fails.
  if ! mvn -q -B -f "$root/tools/kafka/pom.xml" -P "$profile" dependency:copy-dependencies \
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
  if [ "$profile" = kafka-4 ]; then
    # Kafka 4 defaults that need three brokers, for the share groups' state topic.
    printf 'share.coordinator.state.topic.replication.factor=1\nshare.coordinator.state.topic.min.isr=1\n' \
      >>"$home/server.properties"
  fi
  write_logging_config
}

# Kafka 4 logs through log4j 2 (-Dlog4j2.configurationFile), 3.9 through reload4j (-Dlog4j.configuration).
write_logging_config() {
  if [ "$profile" = kafka-4 ]; then
    cat >"$home/log4j2.xml" <<'XML'
<Configuration status="WARN">
  <Appenders>
    <Console name="OUT" target="SYSTEM_OUT"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console>
  </Appenders>
  <Loggers>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Root level="INFO"><AppenderRef ref="OUT"/></Root>
  </Loggers>
</Configuration>
XML
  else
    cat >"$home/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
PROPS
  fi
}

logging_option() {
  if [ "$profile" = kafka-4 ]; then
    printf '%s' "-Dlog4j2.configurationFile=$home/log4j2.xml"
  else
    printf '%s' "-Dlog4j.configuration=file:$home/log4j.properties"
  fi
}

# The version that formatted data/: data.version, or 3.9.1 for a folder formatted before that file was written.
formatted_version() {
  if [ -f "$version_file" ]; then cat "$version_file"
  elif [ -f "$home/data/meta.properties" ]; then echo 3.9.1
  fi
}

# A data folder from another version: 3.9 → 4.4 is Kafka's supported upgrade; any step back is refused.
check_data_version() {
  local formatted
  formatted="$(formatted_version)"
  [ -z "$formatted" ] || [ "$formatted" = "$version" ] && return 0
  if [ "$formatted" = 3.9.1 ] && [ "$version" = 4.4.0 ]; then
    log "running ${home#"$root"/}/data, formatted by Kafka 3.9.1, with Kafka 4.4.0: its metadata stays at 3.9's"
    log "features and it can no longer go back to 3.9; remove the folder for a fresh 4.4 one (README)"
    return 0
  fi
  log "${home#"$root"/}/data was formatted by Kafka $formatted and cannot be run by Kafka $version."
  log "Keep KAFKA_LOCAL_VERSION=$formatted, or stop the broker and remove that folder to start afresh (README)."
  exit 1
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
    # Whatever its version: KAFKA_LOCAL_VERSION applies only to a broker this script starts (README: moving).
    log "reusing the broker already serving on $brokers"
    return
  fi
  if own_pid_alive; then
    log "broker pid $(cat "$pid_file") is starting; waiting for it"
  else
    check_data_version
    fetch_jars
    write_config
    local cp="$libs/*" log4j
    log4j="$(logging_option)"
    if [ -n "$sasl_users" ]; then each_user scram_user; fi
    java -Xmx256m "$log4j" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$home/server.properties" --ignore-formatted "${scram_arguments[@]}" >>"$log_file" 2>&1
    echo "$version" >"$version_file"
    log "starting Kafka $version on $brokers (log: ${log_file#"$root"/})"
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
