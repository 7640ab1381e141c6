#!/usr/bin/env bash
# Rebuilds models/coref/census_names.tsv from the 1990 US Census first-name lists in the PyPI
# package `names` (pinned). Makes a throwaway venv once (NAMES_VENV, default /tmp/namesvenv);
# installing the package is the only network use.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${NAMES_VENV:-/tmp/namesvenv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip show names 2>/dev/null | grep -qx "Version: 0.3.0" \
  || "$VENV/bin/python" -m pip install -q --disable-pip-version-check "names==0.3.0"
"$VENV/bin/python" scripts/build_census_names.py
