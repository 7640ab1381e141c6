#!/usr/bin/env bash
# Reproduces the article-level tone aggregator (models/tone/aggregate.json, compiled into slant)
# from PerSenT dev: slant runs the whole pipeline over each document and writes the target
# actor's features, scripts/train_aggregate.py fits and cross-validates the aggregator, slant is
# rebuilt with it, and the PerSenT evaluation is written beside the model.
#
#   scripts/train_aggregate.sh [TONE_MODEL_DIR]     (default models/tone; the aggregator is
#                                                   written there, where --tone-model DIR reads
#                                                   it; the shipped one is compiled from models/tone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
model="${1:-models/tone}"
persent="../shared/data/persent/dev.csv"
scripts/setup.sh
cargo build --release --quiet
features="$(mktemp)"
trap 'rm -f "$features"' EXIT
./target/release/slant eval tone --persent "$persent" --model "$model" --write-features "$features" > /dev/null
"$(scripts/training_python.sh)" scripts/train_aggregate.py "$features" "$model"
cargo build --release --quiet
./target/release/slant eval tone --persent "$persent" --model "$model" --json > "$model/eval_persent_dev.json"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print("PerSenT dev (in-sample): macro-F1", round(r["slant"]["f1_macro"], 4), "ECE", round(r["calibration_error"]["slant"], 4))' "$model/eval_persent_dev.json"
