#!/usr/bin/env bash
# Development tokens under .local/credentials (ignored by git), one `name:token` per line, read by the apps'
# *_FILE settings when the inline setting is unset. Never used in production: production mode refuses these
# files and every token starting with `mpdev_`.
#
#   portal-client-tokens    portal backends that call the portal gateway with a bearer token (portal-dev)
#   support-credentials     support users: support-operator (may redrive, rebuild the index) and support-viewer
#   simulator-admin-tokens  callers of the SM-DP+ simulator's admin API (tests, people)
#
# Idempotent: a file that exists is kept, so running apps and terminals keep working. CREDENTIALS_DIR overrides
# the folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${CREDENTIALS_DIR:-$root/.local/credentials}"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077

token() { printf 'mpdev_%s' "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"; }

write() { # file line...
  local file="$dir/$1"
  shift
  [[ -s "$file" ]] && return 0
  printf '%s\n' "$@" >"$file.tmp" && mv "$file.tmp" "$file"
  echo "development credentials in ${file#"$root"/}"
}

write portal-client-tokens "portal-dev:$(token)"
write support-credentials "support-operator:$(token)" "support-viewer:$(token)"
write simulator-admin-tokens "simulator-admin:$(token)"
