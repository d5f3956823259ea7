#!/usr/bin/env bash
# README command (b), also what CI runs: install with test extras, make sure Chromium is there, lint, test.
set -euo pipefail
CLUSTERDESK_EXTRAS=dev source "$(dirname "$0")/venv.sh"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "WARNING: /usr/bin/chromium missing and not root: browser tests will be skipped (fail under CI=true)" >&2
  fi
fi
.venv/bin/ruff check clusterdesk tests bench
.venv/bin/ruff format --check clusterdesk tests bench
.venv/bin/mypy clusterdesk
.venv/bin/pytest -q "$@"
