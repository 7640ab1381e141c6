#!/usr/bin/env bash
# Spark gives the same records as one `slant tag` run: a small JSONL corpus (the five example
# pages, made-up articles that name the same people across partitions with other spellings, a
# blank line, a malformed line, lines without an id) goes through scripts/spark-tag.sh in local
# mode with 3 partitions and through `slant tag`; scripts/spark/compare_records.py compares the
# records by id (entities, actors with canonical names and ids, tone, errors, provenance).
# Exits non-zero and prints the differences when they differ. Installs what it needs
# (scripts/spark-tag.sh does) and prints the wall time of both runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py="$root/.venv/bin/python"
scripts/setup.sh
work="$(mktemp -d "${TMPDIR:-/tmp}/slant-check-spark.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The corpus. Its line numbers matter: lines without an id get `corpus.jsonl:<line>`.
python3 - "$work/corpus.jsonl" examples/articles <<'EOF'
import json, os, sys
out, pages = sys.argv[1], sys.argv[2]
lines = []
for i, name in enumerate(sorted(os.listdir(pages))):
    with open(os.path.join(pages, name), encoding="utf-8") as f:
        record = {"text": f.read()}
    if i != 2:  # one real page without an id
        record = {"id": os.path.splitext(name)[0], **record}
    lines.append(json.dumps(record, ensure_ascii=False))
made_up = [
    ("m1", "Daily Ledger", "Foreign Minister Sergei Lavrov met US Secretary of State Marco Rubio in Geneva on Monday. "
     "Lavrov praised the talks and said both sides wanted a lasting agreement.\n\n"
     "Rubio said the meeting had been useful and that the delegations would meet again in Kiev next month."),
    ("m2", "Morning Wire", "Lavrov attacked the new sanctions on Tuesday, calling them a terrible mistake. "
     "The Kremlin said Vladimir Putin had been briefed on the Geneva talks.\n\n"
     "Officials in Kyiv said President Volodymyr Zelenskyy would not accept any deal made without Ukraine."),
    (None, "Evening Post", "Sergey Lavrov and Marco Rubio spoke by phone again on Wednesday. "
     "Zelensky welcomed the call but warned that Moscow had broken promises before.\n\n"
     "Rubio told reporters in Washington that the United States wanted the war to end this year."),
    ("m4", "Daily Ledger", "Putin praised the talks in a speech in Moscow on Thursday. "
     "Lavrov said a summit with Donald Trump in Budapest was possible but not yet agreed.\n\n"
     "Trump said he would only meet Putin if the meeting could produce a real result for Ukraine."),
]
blank_and_bad = ["", '{"id": "broken", "text": "An unfinished line']
rows = lines[:3] + [blank_and_bad[0]]
for j, (doc_id, outlet, text) in enumerate(made_up):
    record = {"outlet": outlet, "title": text.split(".")[0], "text": text}
    if doc_id:
        record = {"id": doc_id, **record}
    rows.append(json.dumps(record, ensure_ascii=False))
    if j == 1:
        rows.append(blank_and_bad[1])
rows += lines[3:]
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
print(f"check_spark: corpus of {len(rows)} lines in {out}", file=sys.stderr)
EOF

cargo build --release --quiet
slant="${CARGO_TARGET_DIR:-$root/target}/release/slant"
# Both runs read corpus.jsonl by the same relative path, so source.path is the same.
cd "$work"
start=$(date +%s%N)
status=0
"$slant" tag corpus.jsonl -o reference.jsonl --quiet || status=$?
tag_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$status" -ne 1 ]; then
  echo "check_spark: slant tag exited $status, expected 1 (the corpus has a malformed line)" >&2
  exit 1
fi
start=$(date +%s%N)
"$root/scripts/spark-tag.sh" corpus.jsonl spark-out --partitions 3 > spark.log 2>&1 || {
  echo "check_spark: spark-tag.sh failed:" >&2; tail -40 spark.log >&2; exit 1
}
spark_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "check_spark: wall time: slant tag ${tag_ms} ms, spark-tag.sh --partitions 3 ${spark_ms} ms" >&2
"$py" "$root/scripts/spark/compare_records.py" reference.jsonl spark-out
