#!/usr/bin/env python3
"""Article-body extraction benchmark on ../shared/data/extraction (100 pages with gold bodies).

Runs `slant tag` over the HTML pages (each HTML extractor) and over their plain-text renderings,
plus the whole-page baseline, and scores each with the benchmark's metric: word 4-gram shingles
(tokens are \\w+), true/false positives normalised per document, precision and recall averaged
over documents, F1 from the two means. The learned models were trained on these pages, so these
are training-set figures; the honest estimates are the cross-validated ones (whole sites held
out) that scripts/train_extract.py writes to models/extract/train_report_*.json, printed here
in a second table.

    python3 scripts/bench_extraction.py [--data DIR] [--slant PATH] [--json OUT]

Prints the Markdown tables in BENCHMARKS.md.
"""
import argparse
import collections
import gzip
import html as html_lib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tokens(text):
    return re.findall(r"\w+", text or "")


def shingles(text, n=4):
    toks = tokens(text)
    return collections.Counter(tuple(toks[i:i + n]) for i in range(max(len(toks) - n + 1, 0)))


def score(gold, pred):
    """Per-document normalised (tp, fp, fn) as in the benchmark."""
    g, p = shingles(gold), shingles(pred)
    tp = fp = fn = 0
    for key in set(g) | set(p):
        tp += min(g[key], p[key])
        fp += max(0, p[key] - g[key])
        fn += max(0, g[key] - p[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def evaluate(gold, predictions):
    precisions, recalls = [], []
    for doc_id, body in gold.items():
        tp, fp, fn = score(body, predictions.get(doc_id, ""))
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_slant(slant, inputs, extra):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        cmd = [slant, "tag", *inputs, "-o", out, "--quiet", "--no-ner", "--no-tone", *extra]
        subprocess.run(cmd, check=False)
        predictions = {}
        for line in open(out, encoding="utf-8"):
            record = json.loads(line)
            doc_id = os.path.basename(record["id"]).split(".")[0]
            predictions[doc_id] = record.get("text", "")
        return predictions


def text_stage_share(slant, inputs, repeat=3):
    """The text stages' share of a whole `slant tag` run, runs interleaved, medians of `repeat`.

    Text stages: `slant tag --no-ner --no-tone` (ingest, extraction, segmentation, output). Both
    commands also pay the process start (loading libtorch's shared libraries, about 0.4 s), which is
    no stage's work: it is measured as `slant tag --no-ner --no-tone` on one short body and
    subtracted from both. The raw ratio is printed too."""
    print("| input | text stages (s) | whole `slant tag` (s) | process start (s) | share | raw share |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        tiny = os.path.join(tmp, "tiny.txt")
        with open(tiny, "w", encoding="utf-8") as fh:
            fh.write("The minister said on Monday that the talks had been useful.\n")
        for kind, (files, extra) in inputs.items():
            times = {"text": [], "all": [], "start": []}
            for _ in range(repeat):
                for name, args in (("start", [tiny, "--no-extract", "--no-ner", "--no-tone"]),
                                   ("text", [*files, *extra, "--no-ner", "--no-tone"]), ("all", [*files, *extra])):
                    start = time.monotonic()
                    subprocess.run([slant, "tag", *args, "-o", out, "--quiet"], check=False)
                    times[name].append(time.monotonic() - start)
            text, whole, begin = (statistics.median(times[k]) for k in ("text", "all", "start"))
            share = (text - begin) / (whole - begin)
            print(f"| {kind} | {text - begin:.2f} | {whole - begin:.1f} | {begin:.2f} | {share:.2%} | {text / whole:.1%} |",
                  flush=True)


def whole_page_text(html):
    html = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", html)
    return html_lib.unescape(re.sub(r"(?s)<[^>]+>", " ", html))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "extraction"))
    ap.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    ap.add_argument("--json", help="also write the figures as JSON here")
    ap.add_argument("--share", action="store_true",
                    help="only time the text stages (--no-ner --no-tone) against the whole `slant tag` on the pages")
    args = ap.parse_args()

    truth = json.load(open(os.path.join(args.data, "ground-truth.json"), encoding="utf-8"))
    gold = {k: v["articleBody"] for k, v in truth.items()}
    pages = os.path.join(args.data, "pages")
    html_files = [os.path.join(pages, f"{k}.html.gz") for k in sorted(gold)]
    text_files = [os.path.join(pages, f"{k}.txt") for k in sorted(gold)]

    if args.share:
        return text_stage_share(args.slant, {
            "text": (text_files, []),
            "HTML (combined, the default)": (html_files, []),
            "HTML (`--html-extractor readability`)": (html_files, ["--html-extractor", "readability"]),
        })

    rows = []
    rows.append(("HTML", "slant, combined (default)", evaluate(gold, run_slant(args.slant, html_files, ["--html-extractor", "combined"]))))
    rows.append(("HTML", "slant, dom_smoothie", evaluate(gold, run_slant(args.slant, html_files, ["--html-extractor", "readability"]))))
    rows.append(("HTML", "slant, rs-trafilatura", evaluate(gold, run_slant(args.slant, html_files, ["--html-extractor", "trafilatura"]))))
    whole_html = {k: whole_page_text(gzip.open(os.path.join(pages, f"{k}.html.gz"), "rt", encoding="utf-8", errors="replace").read()) for k in gold}
    rows.append(("HTML", "whole page (tags stripped)", evaluate(gold, whole_html)))
    rows.append(("text", "slant (learned text classifier)", evaluate(gold, run_slant(args.slant, text_files, []))))
    whole_text = {k: open(os.path.join(pages, f"{k}.txt"), encoding="utf-8", errors="replace").read() for k in gold}
    rows.append(("text", "whole page", evaluate(gold, whole_text)))

    print(f"{len(gold)} pages from {os.path.relpath(args.data, ROOT)}\n")
    print("| input | extractor | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    for kind, name, (p, r, f) in rows:
        print(f"| {kind} | {name} | {p:.4f} | {r:.4f} | {f:.4f} |")
    reports = os.path.join(ROOT, "models", "extract")
    print("\nCross-validated (5 folds, whole sites held out; scripts/train_extract.py), same pages:\n")
    print("| input | system | CV F1 | training-set F1 | baselines on all pages (F1) |")
    print("|---|---|---|---|---|")
    for kind in ("text", "html"):
        path = os.path.join(reports, f"train_report_{kind}.json")
        if os.path.exists(path):
            rep = json.load(open(path))
            base = ", ".join(f"{k} {v[2]:.4f}" for k, v in rep["baselines"].items())
            print(f"| {kind} | learned ({rep['chosen']}) | {rep['cv'][2]:.4f} | {rep['training_set'][2]:.4f} | {base} |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump([{"input": k, "extractor": n, "precision": p, "recall": r, "f1": f} for k, n, (p, r, f) in rows], fh, indent=2)


if __name__ == "__main__":
    sys.exit(main())
