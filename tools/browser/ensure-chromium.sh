#!/usr/bin/env bash
# Browser tests drive Debian's chromium through playwright-core (`npx playwright install` cannot download here).
# Installs the package with apt-get when /usr/bin/chromium is missing; does nothing when it is there.
# Prints the executable's path on success.
set -euo pipefail
executable="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$executable" ]; then
  echo "$executable"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing at $executable and apt-get is not available: install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
# A lock keeps parallel test workers from running apt-get twice.
lock="${TMPDIR:-/tmp}/mobileplans-chromium-install.lock"
exec 9>"$lock"
flock 9
if [ ! -x "$executable" ]; then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >&2
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
fi
if [ ! -x "$executable" ]; then
  echo "apt-get finished but $executable is still missing" >&2
  exit 1
fi
echo "$executable"
