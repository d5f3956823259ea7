# Sourced by the other scripts: a Python 3.11 virtualenv in .venv with the locked dependency set and ClusterDesk
# itself (editable, no dependencies of its own: everything comes from requirements/*.txt, hash-checked).
# CLUSTERDESK_EXTRAS=dev selects requirements/dev.txt (the main pins plus the test tools); refresh the locks
# with scripts/lock.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  PY=$(command -v python3.11 || command -v python3)
  "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
    echo "ClusterDesk needs Python 3.11 (found $("$PY" --version))" >&2; exit 1; }
  "$PY" -m venv .venv
fi
LOCK=requirements/main.txt
[ "${CLUSTERDESK_EXTRAS:-}" = dev ] && LOCK=requirements/dev.txt
# --no-deps: the lock is complete (pip-compile --all-build-deps --allow-unsafe), so pip's resolver has nothing to
# decide and the pip that Python 3.11 ships (23.2) installs exactly the same set as any newer one.
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r "$LOCK"
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
