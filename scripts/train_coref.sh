#!/usr/bin/env bash
# Reproduces models/coref (weights.json, names.tsv, train_report.json) from GAP development
# (training) and validation (scored once, and pooled with development for a cross-validated
# figure), then prints both splits' figures with `slant eval coref`.
# `slant train coref` writes names.tsv and a logistic-regression weights.json (the baseline);
# scripts/train_coref.py then replaces weights.json by the gradient-boosted ensemble that ships.
# The weights are compiled into slant: rebuild after retraining.
set -euo pipefail
cd "$(dirname "$0")/.."
GAP=${GAP:-../shared/data/gap}
# a Python with numpy and scikit-learn (the project venv, set up on first use)
PYTHON=${PYTHON:-$(scripts/training_python.sh)}
SLANT="${CARGO_TARGET_DIR:-target}"/release/slant
cargo build --release
"$SLANT" train coref --train "$GAP/gap-development.tsv" --validation "$GAP/gap-validation.tsv" --out models/coref
"$PYTHON" scripts/train_coref.py --slant "$SLANT" --gap "$GAP" --out models/coref
cargo build --release
for split in development validation; do
    echo "== GAP $split"
    "$SLANT" eval coref --gap "$GAP/gap-$split.tsv"
done
