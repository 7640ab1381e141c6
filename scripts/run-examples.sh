#!/usr/bin/env bash
# Quick start, command 1: set everything up (idempotent) and tag the seed articles in
# examples/articles, writing out/examples.jsonl and printing a short summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
cargo build --release --quiet
out=out/examples.jsonl
./target/release/slant tag examples/articles --manifest examples/manifest.csv -o "$out"
python3 - "$out" <<'PY'
import json, sys
print(f"\n{'outlet':<22} {'date':<11} {'sent':>4}  title")
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["status"] != "ok":
        print(f"{r['id']}: {r['error']['kind']}: {r['error']['message']}")
        continue
    title = (r.get("title") or "")[:70]
    print(f"{(r.get('outlet') or '-'):<22} {(r.get('date') or '-'):<11} {len(r['sentences']):>4}  {title}")
    people = [a for a in r["actors"] if a["type"] == "PER"][:4]
    tones = ", ".join(f"{a['name']} {a['tone']['label']} {a['tone']['score']:+.2f}" if a.get("tone") else a["name"] for a in people)
    print(f"{'':<39}people: {tones}")
print(f"\nrecords: {sys.argv[1]}")
PY
