#!/usr/bin/env python3
"""Would a gate make HTML extraction cheaper at no loss? Measures, by the same site-grouped
cross-validation as scripts/train_extract.py, what happens if rs-trafilatura (about two thirds of
HTML extraction time) only runs on the pages where dom_smoothie's output looks doubtful.

1. dom_smoothie alone plus a learned paragraph filter (the text model's features of its output,
   the same tree settings): its CV F1, and per page how unsure the filter is.
2. The combined default (both crates and the shipped model's settings): its CV F1.
3. Gated: the combined output on the most doubtful share of pages, the filtered dom_smoothie
   output elsewhere, for several doubt measures and shares.

    python scripts/eval_html_gate.py [--data DIR] [--slant PATH]

Settings and shares are read off this table, so it is optimistic for the gate; the answer
recorded in BENCHMARKS.md (the gate loses F1 long before it saves enough time) does not depend
on that.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_extraction import evaluate, shingles, tokens  # noqa: E402
from train_extract import ROOT, FOLDS, bodies, cross_validate, keep, label, load  # noqa: E402

PARAMS = {"n_estimators": 200, "max_depth": 3, "learning_rate": 0.1, "min_samples_leaf": 20}


def readability_pages(slant, html_pages):
    """dom_smoothie's bodies read as pages of paragraphs, with the text model's features."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for p in html_pages:
            files.append(os.path.join(tmp, p["id"] + ".txt"))
            with open(files[-1], "w", encoding="utf-8") as fh:
                fh.write(p["readability"] or "")
        out = subprocess.run([slant, "extract-features", *files], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    names = json.loads(lines[0])["feature_names"]
    pages = []
    for p, line in zip(html_pages, lines[1:]):
        rec = json.loads(line)
        assert os.path.basename(rec["file"]).startswith(p["id"])
        texts = [t for t, _ in rec["paragraphs"]]
        x = np.array([f for _, f in rec["paragraphs"]], dtype=np.float32).reshape(len(texts), len(names))
        y = np.array(label([tokens(t) for t in texts], set(shingles(p["gold"]))), dtype=np.float64)
        w = np.array([len(tokens(t)) + 1 for t in texts], dtype=np.float64)
        pages.append({"id": p["id"], "site": p["site"], "texts": texts, "x": x, "y": y, "w": w, "gold": p["gold"]})
    return pages


def doubt(page, probs, kind):
    """How unsure the dom_smoothie filter is about a page (higher: run rs-trafilatura too)."""
    if len(probs) == 0:
        return float("inf")
    w = page["w"]
    if kind == "unsure word share":
        return float(np.sum(w * ((probs > 0.1) & (probs < 0.9))) / np.sum(w))
    if kind == "dropped word share":
        return float(np.sum(w * (probs < 0.2)) / np.sum(w))
    return float(np.max(np.minimum(probs, 1 - probs)))  # most unsure paragraph


def row(system, ran, prf):
    p, r, f = prf
    return f"| {system} | {ran:.0%} | {p:.4f} | {r:.4f} | {f:.4f} |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "extraction"))
    ap.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    args = ap.parse_args()

    _, html_pages = load(args.data, args.slant, "html")
    gold = {p["id"]: p["gold"] for p in html_pages}
    combined = bodies(html_pages, cross_validate(html_pages, PARAMS, []), 0.5, "independent")
    pages = readability_pages(args.slant, html_pages)
    probs = cross_validate(pages, PARAMS, [])
    print(f"{len(pages)} pages, {FOLDS} folds with whole sites held out\n")
    print("| system | pages running rs-trafilatura | CV P | CV R | CV F1 |")
    print("|---|---|---|---|---|")
    raw = {p["id"]: "\n\n".join(p["texts"]) for p in pages}
    print(row("dom_smoothie alone", 0.0, evaluate(gold, raw)))
    best = None
    for threshold in (0.2, 0.3, 0.4, 0.5):
        for decode in ("independent", "region"):
            out = {p["id"]: "\n\n".join(t for t, k in zip(p["texts"], keep(q, p["texts"], threshold, decode)) if k)
                   for p, q in zip(pages, probs)}
            f = evaluate(gold, out)
            if best is None or f[2] > best[0][2]:
                best = (f, out, threshold, decode)
    (p_, r_, f_), single, threshold, decode = best
    print(row(f"dom_smoothie + learned filter (t={threshold}, {decode})", 0.0, (p_, r_, f_)))
    print(row("combined (shipped default)", 1.0, evaluate(gold, combined)))
    for kind in ("unsure word share", "dropped word share", "most unsure paragraph"):
        scores = [doubt(p, q, kind) for p, q in zip(pages, probs)]
        for share in (0.5, 0.3, 0.2):
            cut = np.quantile(scores, 1 - share)
            out = {p["id"]: combined[p["id"]] if s > cut else single[p["id"]] for p, s in zip(pages, scores)}
            ran = np.mean([s > cut for s in scores])
            print(row(f"gated by {kind}", ran, evaluate(gold, out)))


if __name__ == "__main__":
    sys.exit(main())
