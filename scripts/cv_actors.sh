#!/usr/bin/env bash
# End-to-end cross-validated actor figures on gum-dev: for each of 5 folds over documents (md5 of
# the id, as scripts/train_nominals.py splits them), the nominal lexicon is learned from the other
# four folds (SLANT_NOMINAL_LEXICON), the fold's documents are tagged with it, and all folds'
# records are scored together by `slant eval actors`, also with unnamed actors left out. The
# in-sample run (shipped lexicon, learned on all 159 documents) is scored beside it.
#
#   scripts/cv_actors.sh [OUT_DIR]      (default out/cv-actors; needs a release build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-out/cv-actors}"
gum="${GUM_DEV:-../shared/data/gum-dev}"
slant="${SLANT:-target/release/slant}"
py="${PYTHON:-python3}"
mkdir -p "$out"
rm -f "$out/cv.jsonl"
for fold in 0 1 2 3 4; do
  "$py" scripts/train_nominals.py "$gum/gum_gold.json" --out "$out/nominals-$fold.tsv" --exclude-fold "$fold" --target "${NOMINAL_TARGET:-0.80}" > "$out/train-$fold.log"
  "$py" - "$gum/gum_docs.jsonl" "$fold" > "$out/docs-$fold.jsonl" <<'PY'
import hashlib, json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if int(hashlib.md5(json.loads(line)["id"].encode("utf-8")).hexdigest(), 16) % 5 == int(sys.argv[2]):
        sys.stdout.write(line)
PY
  SLANT_NOMINAL_LEXICON="$out/nominals-$fold.tsv" "$slant" tag "$out/docs-$fold.jsonl" -o "$out/fold-$fold.jsonl" --no-tone --quiet --no-link
done
cat "$out"/fold-?.jsonl > "$out/cv-unlinked.jsonl"
"$slant" link "$out/cv-unlinked.jsonl" -o "$out/cv.jsonl" --quiet
"$slant" tag "$gum/gum_docs.jsonl" -o "$out/in-sample.jsonl" --no-tone --quiet
echo "== in-sample (shipped lexicon, learned on all documents)"
"$slant" eval actors --gold "$gum/gum_gold.json" "$out/in-sample.jsonl" | tail -n 1
echo "== 5-fold CV over documents (lexicon learned without the scored fold)"
"$slant" eval actors --gold "$gum/gum_gold.json" "$out/cv.jsonl" | tail -n 1
# The same CV records with unnamed actors (local ids, `TYPE:~...`) left out: what links to a
# named actor (a pronoun chain or a narrator with no name in view counts as unlinked here).
"$py" - "$out/cv.jsonl" > "$out/cv-named.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    record["actors"] = [a for a in record.get("actors") or [] if ":~" not in a["id"]]
    print(json.dumps(record, ensure_ascii=False))
PY
echo "== 5-fold CV, named actors only"
"$slant" eval actors --gold "$gum/gum_gold.json" "$out/cv-named.jsonl" | tail -n 1
