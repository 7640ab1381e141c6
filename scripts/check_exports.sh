#!/usr/bin/env bash
# Proves `slant export` and `slant import` with the tools that consume them (idempotent):
#   1. scripts/setup.sh, then spaCy 3.8, datasets, pandas and label-studio-sdk into .venv
#      (skipped when already there);
#   2. cargo build --release, and `slant tag` on examples/articles into a temporary directory;
#   3. scripts/exports_check/check.py: exports every format and checks it with its consumer
#      (spaCy's `convert`, datasets.load_dataset, label-studio-sdk's LabelInterface and
#      Converter, pandas, brat's .ann/.txt pairs, `slant eval tone`), the import round trips
#      (label-studio, JSON-MIN, brat, doccano, conll: spans identical to the tagged ones),
#      `slant eval ner` on imported files, --split, --dedup and the error handling.
# Prints one line per check and a summary; exits non-zero if any check fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf 'check_exports: %s\n' "$*" >&2; }

scripts/setup.sh
py="$root/.venv/bin/python"

# The consumers, pinned to the majors the checks are written against. `import torch` cannot
# work in this venv (CPU libtorch for linking only), so look the packages up without importing.
if ! "$py" - <<'EOF'
import importlib.metadata as m, sys
want = {"spacy": "3.8.", "datasets": "", "pandas": "", "label-studio-sdk": ""}
try:
    sys.exit(any(not m.version(name).startswith(prefix) for name, prefix in want.items()))
except m.PackageNotFoundError:
    sys.exit(1)
EOF
then
  log "installing spaCy 3.8, datasets, pandas, label-studio-sdk into .venv"
  "$py" -m pip install -q "spacy==3.8.*" datasets pandas label-studio-sdk
fi

cargo build --release --quiet
slant="$root/target/release/slant"

work="$(mktemp -d "${TMPDIR:-/tmp}/slant-exports.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "tagging examples/articles into $work/tagged.jsonl"
"$slant" tag examples/articles --manifest examples/manifest.csv -o "$work/tagged.jsonl" --quiet

"$py" scripts/exports_check/check.py "$slant" "$work/tagged.jsonl" "$work"
