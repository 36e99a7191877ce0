#!/usr/bin/env bash
# Installs what the question page's browser test drives: Debian's headless
# Chromium and its ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver).
# Does nothing when both are there. Needs root (or sudo) and apt-get.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    as_root=(sudo -n)
  else
    echo "install-browser: not root and no sudo; install Debian's chromium and chromium-driver" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y --no-install-recommends chromium chromium-driver; then
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends chromium chromium-driver
fi
