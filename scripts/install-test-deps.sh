#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: a redis-server binary (the tests start their own instances on
# free loopback ports; nothing runs as a system service). Debian/Ubuntu; uses sudo when not root.
set -euo pipefail
FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if command -v redis-server >/dev/null 2>&1 && [ -f "$FONT" ]; then
  echo "redis-server present: $(redis-server --version | cut -d' ' -f3); Chinese font present: $FONT"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# fonts-wqy-microhei: the Chinese font the result card is drawn with (test/card checks its glyphs are real).
$SUDO apt-get install -y -qq --no-install-recommends redis-server fonts-wqy-microhei >/dev/null
# Debian starts the packaged service; the tests do not use it.
($SUDO service redis-server stop || true) >/dev/null 2>&1
echo "installed redis-server: $(redis-server --version | cut -d' ' -f3) and $FONT"
