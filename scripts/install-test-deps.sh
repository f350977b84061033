#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: a redis-server binary (the tests start their own instances on
# free loopback ports; nothing runs as a system service). Debian/Ubuntu; uses sudo when not root.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server present: $(redis-server --version | cut -d' ' -f3)"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# Debian starts the packaged service; the tests do not use it.
($SUDO service redis-server stop || true) >/dev/null 2>&1
echo "installed redis-server: $(redis-server --version | cut -d' ' -f3)"
