#!/usr/bin/env bash
# Refresh the dependency locks from pyproject.toml: requirements/main.txt (README command (a)) and
# requirements/dev.txt (the same pins plus the test tools, README command (b) and CI). Both are for
# CPython 3.11 on Linux x86-64, with a hash for every file. Existing pins are kept unless asked:
#   bash scripts/lock.sh                      # add what pyproject gained, keep every other pin
#   bash scripts/lock.sh --upgrade            # move every package to the newest release pyproject allows
#   bash scripts/lock.sh --upgrade-package X  # move only X
# Afterwards: rm -rf .venv && bash scripts/test.sh, and commit pyproject.toml with requirements/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python3.11 || command -v python3)
TOOLS=.venv-lock
if [ ! -x "$TOOLS/bin/pip-compile" ]; then
  "$PY" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q --disable-pip-version-check "pip-tools>=7.4,<8"
fi
COMMON=(--quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
        --no-emit-trusted-host --all-build-deps --resolver=backtracking)
mkdir -p requirements
"$TOOLS/bin/pip-compile" "${COMMON[@]}" "$@" -o requirements/main.txt pyproject.toml
# dev is constrained to main's pins, so the test run uses exactly the versions the demo runs with
"$TOOLS/bin/pip-compile" "${COMMON[@]}" "$@" --extra dev -c requirements/main.txt -o requirements/dev.txt pyproject.toml
echo "Locked: requirements/main.txt ($(grep -c '^[a-z]' requirements/main.txt) packages)," \
     "requirements/dev.txt ($(grep -c '^[a-z]' requirements/dev.txt) packages)"
