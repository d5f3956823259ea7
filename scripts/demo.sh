#!/usr/bin/env bash
# README command (a): install, create the SQLite database under ./var, load the demo data, start the server.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
exec .venv/bin/clusterdesk demo "$@"
