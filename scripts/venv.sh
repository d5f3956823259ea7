# Sourced by the other scripts: a Python 3.11 virtualenv in .venv with ClusterDesk installed (editable).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  PY=$(command -v python3.11 || command -v python3)
  "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
    echo "ClusterDesk needs Python 3.11 (found $("$PY" --version))" >&2; exit 1; }
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
TARGET="."
[ -n "${CLUSTERDESK_EXTRAS:-}" ] && TARGET=".[${CLUSTERDESK_EXTRAS}]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e "$TARGET"
