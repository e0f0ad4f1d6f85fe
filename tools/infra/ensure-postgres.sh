#!/usr/bin/env bash
# Makes sure PostgreSQL serves and the project's databases exist.
# - DATABASE_URL / TEST_DATABASE_URL set: uses those servers as they are (creates the databases if missing).
# - otherwise: the local server on 127.0.0.1:5432, started with the distribution's cluster tools if it is down
#   (and installed from Debian's packages if absent, when running as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '[postgres] %s\n' "$*" >&2; }

local_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

start_local() {
  if ! command -v pg_ctlcluster >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "PostgreSQL is not installed; installing Debian's postgresql package"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null ||
        { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    else
      log "PostgreSQL is not installed and cannot be installed here; set DATABASE_URL"; exit 1
    fi
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  [ -n "$version" ] || { log "no PostgreSQL cluster found under /etc/postgresql"; exit 1; }
  log "starting the local PostgreSQL $version cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do local_ready && return; sleep 1; done
  log "PostgreSQL on 127.0.0.1:5432 did not come up within 30s"; exit 1
}

if [ -z "${DATABASE_URL:-}" ] || [ -z "${TEST_DATABASE_URL:-}" ]; then
  if command -v pg_isready >/dev/null && local_ready; then :; else start_local; fi
fi
node "$root/tools/infra/ensure-databases.mjs"
