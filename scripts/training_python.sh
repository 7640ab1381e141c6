#!/usr/bin/env bash
# Prints the Python that the training scripts (train_extract.py, train_aggregate.py,
# train_coref.py, train_nominals.py) run with: the project's .venv (made by scripts/setup.sh),
# with scikit-learn installed into it the first time (pinned, so a retrained model is the one
# the card describes; numpy is whatever version the other tools in .venv already accept).
# Idempotent.
#
#   PY="$(scripts/training_python.sh)"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="$root/.venv/bin/python"
[ -x "$py" ] || "$root/scripts/setup.sh" >&2
if ! "$py" -c 'import numpy, sklearn' 2>/dev/null; then
  echo "training_python: installing scikit-learn 1.9.1 (and numpy) into .venv" >&2
  "$py" -m pip install --quiet --disable-pip-version-check "scikit-learn==1.9.1" >&2
fi
echo "$py"
