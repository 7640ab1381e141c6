#!/usr/bin/env bash
# Reproduces the shipped NER model: fine-tunes the MiniLM base on CoNLL-2003 train, keeps the
# epoch with the best dev (valid) F1, scores dev and test, and writes MODEL_CARD.md.
#
#   scripts/train_ner.sh [OUT_DIR]     (default models/ner; about 40 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-models/ner}"
data="../shared/data/conll2003"
scripts/setup.sh
cargo build --release --quiet
./target/release/slant train ner --train "$data/train.txt" --dev "$data/valid.txt" --out "$out" \
  --context document --batch-size 8
./target/release/slant eval ner --gold "$data/valid.txt" --model "$out" --json > "$out/eval_dev.json"
./target/release/slant eval ner --gold "$data/test.txt" --model "$out" --json > "$out/eval_test.json"
python3 scripts/model_card_ner.py "$out" > "$out/MODEL_CARD.md"
cat "$out/MODEL_CARD.md"
