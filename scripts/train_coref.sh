#!/usr/bin/env bash
# Reproduces models/coref (weights.json, names.tsv, train_report.json) from GAP development
# (training) and validation (selection), then prints both figures with `slant eval coref`.
# The weights are compiled into slant: rebuild after retraining.
set -euo pipefail
cd "$(dirname "$0")/.."
GAP=${GAP:-../shared/data/gap}
cargo build --release
"${CARGO_TARGET_DIR:-target}"/release/slant train coref --train "$GAP/gap-development.tsv" --validation "$GAP/gap-validation.tsv" --out models/coref
cargo build --release
for split in development validation; do
    echo "== GAP $split"
    "${CARGO_TARGET_DIR:-target}"/release/slant eval coref --gap "$GAP/gap-$split.tsv"
done
