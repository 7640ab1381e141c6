#!/usr/bin/env python3
"""GAP read through the whole `slant tag` pipeline: he/she linking on Wikipedia text.

`slant eval coref --gap` scores the pronoun scorer alone, on GAP's two candidate names. This
script instead tags each GAP snippet as a document, as a user would, and reads which actor the
snippet's pronoun ended in. Wikipedia snippets are close to the biographies that the actors
issue's held-out set holds and gum-dev lacks.

For each snippet, the pronoun's actor "takes" a candidate (A or B) when one of the actor's
mentions overlaps that candidate's name. Figures:
  - GAP F1: precision and recall over the A and B decisions, as GAP's official scorer counts them
    (a pronoun slant leaves unlinked decides "no" for both);
  - linked right: of the pronouns whose gold antecedent is A or B, the share whose actor takes
    that candidate and not the other;
  - link precision: of the pronouns whose actor takes A or B, the share that took the right one
    (one of the two candidates, where both are wrong, is a wrong link).
GAP development trained the pronoun scorer, so its figure is in-sample for that part; validation
was looked at when the scorer's features were designed.

  scripts/gap_pipeline.py prepare OUT_DIR [SPLIT ...]   writes OUT_DIR/docs.jsonl, OUT_DIR/gold.json
  slant tag OUT_DIR/docs.jsonl -o OUT_DIR/tagged.jsonl --no-tone --quiet
  scripts/gap_pipeline.py score OUT_DIR [--show N]

SPLIT is development and/or validation (both by default), read from ../shared/data/gap (or
$GAP_DIR). Writes only under OUT_DIR.
"""
import collections
import csv
import json
import os
import sys

GAP_DIR = os.environ.get("GAP_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "gap"))


def prepare(out_dir, splits):
    os.makedirs(out_dir, exist_ok=True)
    gold = {}
    with open(os.path.join(out_dir, "docs.jsonl"), "w", encoding="utf-8") as docs:
        for split in splits:
            with open(os.path.join(GAP_DIR, f"gap-{split}.tsv"), encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                    text = row["Text"]
                    gold[row["ID"]] = {
                        "pronoun": [int(row["Pronoun-offset"]), int(row["Pronoun-offset"]) + len(row["Pronoun"])],
                        "a": [int(row["A-offset"]), int(row["A-offset"]) + len(row["A"])],
                        "b": [int(row["B-offset"]), int(row["B-offset"]) + len(row["B"])],
                        "a_coref": row["A-coref"].upper() == "TRUE",
                        "b_coref": row["B-coref"].upper() == "TRUE",
                        "split": split,
                    }
                    docs.write(json.dumps({"id": row["ID"], "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(out_dir, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f)


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def decisions(record, g):
    """(takes A, takes B, pronoun found) for one tagged snippet."""
    for actor in record.get("actors") or []:
        spans = [(m["start"], m["end"]) for m in actor.get("mentions", [])]
        if any(s == tuple(g["pronoun"]) for s in spans):
            return any(overlaps(s, g["a"]) for s in spans), any(overlaps(s, g["b"]) for s in spans), True
    return False, False, False


def score(out_dir, show):
    with open(os.path.join(out_dir, "gold.json"), encoding="utf-8") as f:
        gold = json.load(f)
    records = {}
    with open(os.path.join(out_dir, "tagged.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            records[r["id"]] = r
    by_split = collections.defaultdict(collections.Counter)
    examples = collections.defaultdict(list)
    for doc_id, g in gold.items():
        c = by_split[g["split"]]
        r = records.get(doc_id)
        if r is None or r.get("status", "ok") != "ok":
            c["no_record"] += 1
            continue
        take_a, take_b, in_actor = decisions(r, g)
        c["snippets"] += 1
        c["in_actor"] += in_actor
        for took, truth in ((take_a, g["a_coref"]), (take_b, g["b_coref"])):
            c["tp"] += took and truth
            c["fp"] += took and not truth
            c["fn"] += truth and not took
        if g["a_coref"] or g["b_coref"]:
            c["gold_named"] += 1
            right = (take_a and g["a_coref"] and not take_b) or (take_b and g["b_coref"] and not take_a)
            c["right"] += right
        if take_a or take_b:
            c["linked"] += 1
            ok = (take_a == g["a_coref"]) and (take_b == g["b_coref"])
            c["linked_ok"] += ok
            if not ok:
                examples[g["split"]].append((doc_id, r["text"], g, take_a, take_b))
    out = {}
    total = collections.Counter()
    for split, c in sorted(by_split.items()):
        total.update(c)
        out[split] = figures(c)
    out["all"] = figures(total)
    print(json.dumps(out, indent=1))
    for split, rows in examples.items():
        for doc_id, text, g, take_a, take_b in rows[:show]:
            p0, p1 = g["pronoun"]
            print(f"{doc_id}: took A={take_a} B={take_b}, gold A={g['a_coref']} B={g['b_coref']} "
                  f"A={text[g['a'][0]:g['a'][1]]!r} B={text[g['b'][0]:g['b'][1]]!r}: "
                  f"…{text[max(0, p0 - 160):p0]}[[{text[p0:p1]}]]{text[p1:p1 + 60]}…")


def figures(c):
    p = c["tp"] / max(1, c["tp"] + c["fp"])
    r = c["tp"] / max(1, c["tp"] + c["fn"])
    return {
        "snippets": c["snippets"], "no_record": c["no_record"],
        "gap_precision": round(p, 4), "gap_recall": round(r, 4), "gap_f1": round(2 * p * r / max(1e-9, p + r), 4),
        "linked_right": round(c["right"] / max(1, c["gold_named"]), 4),
        "link_precision": round(c["linked_ok"] / max(1, c["linked"]), 4),
        "pronoun_in_an_actor": round(c["in_actor"] / max(1, c["snippets"]), 4),
    }


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3:] or ["development", "validation"])
    elif len(sys.argv) >= 3 and sys.argv[1] == "score":
        show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
        score(sys.argv[2], show)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
