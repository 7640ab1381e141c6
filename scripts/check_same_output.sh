#!/usr/bin/env bash
# Two builds of slant write the same records, byte for byte: the refactors of issue 17 must not
# change output. Runs both binaries over the seeds (full pipeline, plain and with the example
# manifest), the 100 extraction pages in both renderings (HTML with each extractor, and the w3m
# text; `--no-ner` keeps it fast), and the seeds again as JSONL and CSV (ingest's other readers);
# then the extraction training hooks (`extract-features`, `explain-text`), the help of every command and the messages for bad enum values (the command line's
# surface). Exits 1 and names the runs whose records or messages differ.
#
#   scripts/check_same_output.sh BASELINE_BIN NEW_BIN
#   MODELS=/path/to/models scripts/check_same_output.sh ...   (default: models/ of the checkout)
#   PAGES=/path/to/pages  ...                  (default: ../shared/data/extraction/pages)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="${1:?usage: scripts/check_same_output.sh BASELINE_BIN NEW_BIN}"
new="${2:?usage: scripts/check_same_output.sh BASELINE_BIN NEW_BIN}"
models="${MODELS:-$root/models}"
pages="${PAGES:-$root/../shared/data/extraction/pages}"
seeds="$root/examples/articles"
work="$(mktemp -d "${TMPDIR:-/tmp}/slant-same-output.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The seeds as one JSONL and one CSV file, so the record readers are compared too.
python3 - "$seeds" "$work" <<'EOF'
import csv, json, pathlib, sys

seeds, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rows = [{"id": p.stem, "title": p.stem[:3], "outlet": "Seed", "text": p.read_text(encoding="utf-8")}
        for p in sorted(seeds.glob("*.txt"))]
with open(work / "seeds.jsonl", "w", encoding="utf-8") as f:
    for row in rows:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
with open(work / "seeds.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
EOF

# name|arguments after `tag` (inputs included); output goes to $work/{base,new}/name.jsonl
runs=(
  "seeds|$seeds --models-dir $models"
  "seeds-manifest|$seeds --manifest $root/examples/manifest.csv --models-dir $models"
  "seeds-jsonl|$work/seeds.jsonl --models-dir $models --no-ner"
  "seeds-csv|$work/seeds.csv --models-dir $models --no-ner"
  "pages-html|$pages/*.html.gz --models-dir $models --no-ner"
  "pages-html-readability|$pages/*.html.gz --models-dir $models --no-ner --html-extractor readability"
  "pages-html-trafilatura|$pages/*.html.gz --models-dir $models --no-ner --html-extractor trafilatura"
  "pages-text|$pages/*.txt --models-dir $models --no-ner"
)

mkdir -p "$work/base" "$work/new"
status=0
for run in "${runs[@]}"; do
  name="${run%%|*}"
  args="${run#*|}"
  # $args is split on purpose, with pathname expansion off: slant expands the globs itself, and
  # its discovery is part of what is compared.
  set -f
  # shellcheck disable=SC2086
  "$baseline" tag $args -q -o "$work/base/$name.jsonl"
  # shellcheck disable=SC2086
  "$new" tag $args -q -o "$work/new/$name.jsonl"
  set +f
  records="$(wc -l <"$work/base/$name.jsonl")"
  if cmp -s "$work/base/$name.jsonl" "$work/new/$name.jsonl"; then
    echo "same      $name ($records records)"
  else
    echo "DIFFERENT $name ($records records before, $(wc -l <"$work/new/$name.jsonl") after)"
    diff <(head -c 2000 "$work/base/$name.jsonl") <(head -c 2000 "$work/new/$name.jsonl") | head -n 10 || true
    status=1
  fi
done
# The training hooks that read pages as extraction does: features of text and HTML paragraphs
# (ten pages each) and the rules' reading of a seed.
text_pages=("$pages"/*.txt)
html_pages=("$pages"/*.html.gz)
hooks=(
  "extract-features ${text_pages[*]:0:10}"
  "extract-features --html ${html_pages[*]:0:10}"
  "explain-text $(ls "$seeds"/*.txt | head -n 1)"
)
for command in "${hooks[@]}"; do
  for bin in baseline new; do
    # shellcheck disable=SC2086
    "${!bin}" $command >"$work/$bin.out"
  done
  if cmp -s "$work/baseline.out" "$work/new.out"; then
    echo "same      ${command%% /*} ($(wc -l <"$work/baseline.out") lines)"
  else
    echo "DIFFERENT ${command%% /*}"
    status=1
  fi
done

# The command line's surface: help texts (possible values with their docs, defaults) and the
# error for a value that is not one of them. Run as `slant` so the usage lines name the same binary.
surface=(
  "" "tag" "train" "train ner" "train tone" "train coref" "eval" "eval ner" "eval tone" "eval coref"
  "eval actors" "link" "compare" "export" "import" "env" "explain-text" "extract-features"
)
for command in "${surface[@]}"; do
  for bin in baseline new; do
    # shellcheck disable=SC2086
    (exec -a slant "${!bin}" $command --help) >"$work/$bin.help" 2>&1 || true
  done
  if cmp -s "$work/baseline.help" "$work/new.help"; then
    echo "same      help: slant $command"
  else
    echo "DIFFERENT help: slant $command"
    diff "$work/baseline.help" "$work/new.help" | head -n 10 || true
    status=1
  fi
done
bad_values=(
  "tag --input-format bogus x" "tag --html-extractor bogus x" "train tone --pooling bogus"
  "train tone --input bogus" "train ner --context bogus" "export --format bogus x"
  "import --format bogus x" "compare --format bogus x" "tag"
)
for command in "${bad_values[@]}"; do
  for bin in baseline new; do
    # shellcheck disable=SC2086
    (exec -a slant "${!bin}" $command) >"$work/$bin.err" 2>&1 && code=0 || code=$?
    echo "exit $code" >>"$work/$bin.err"
  done
  if cmp -s "$work/baseline.err" "$work/new.err"; then
    echo "same      message: slant $command"
  else
    echo "DIFFERENT message: slant $command"
    diff "$work/baseline.err" "$work/new.err" | head -n 10 || true
    status=1
  fi
done
exit "$status"
