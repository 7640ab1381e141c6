#!/usr/bin/env bash
# Reproduces the shipped tone model: fine-tunes the MiniLM base on NewsMTSC train (10% of its
# sentences held out as dev, chosen by a hash of the sentence id), keeps the epoch with the best
# held-out macro-F1, scores NewsMTSC devtest_mt, fits the article-level aggregator on PerSenT dev
# (scripts/train_aggregate.sh, which also scores PerSenT), and writes MODEL_CARD.md.
#
#   scripts/train_tone.sh [OUT_DIR]     (default models/tone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-models/tone}"
data="../shared/data"
scripts/setup.sh
cargo build --release --quiet
./target/release/slant train tone --train "$data/newsmtsc/train.jsonl" --out "$out" --epochs 3 --batch-size 16 --lr 5e-5 \
  --pooling cls-target --input sentence --lexicon "$data/lexicons"
./target/release/slant eval tone --newsmtsc "$data/newsmtsc/devtest_mt.jsonl" --model "$out" --json > "$out/eval_devtest_mt.json"
scripts/train_aggregate.sh "$out"
python3 scripts/model_card_tone.py "$out" > "$out/MODEL_CARD.md"
cat "$out/MODEL_CARD.md"
