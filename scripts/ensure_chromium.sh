#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's chromium at /usr/bin/chromium and axe-core
# in ./node_modules (gitignored). Idempotent and non-interactive; run as root in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
if [[ ! -x /usr/bin/chromium ]]; then
    apt_get() { if [[ $(id -u) -eq 0 ]]; then apt-get "$@"; else sudo -n apt-get "$@"; fi; }
    apt_get update -qq
    apt_get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

if [[ ! -f node_modules/axe-core/axe.min.js ]]; then
    if ! command -v npm >/dev/null; then
        apt_get() { if [[ $(id -u) -eq 0 ]]; then apt-get "$@"; else sudo -n apt-get "$@"; fi; }
        apt_get update -qq
        apt_get install -y -qq --no-install-recommends npm >/dev/null
    fi
    npm install --no-save --no-audit --no-fund --silent axe-core@4 >/dev/null
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing); axe-core: $(test -f node_modules/axe-core/axe.min.js && echo ok || echo missing)"
