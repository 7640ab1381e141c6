#!/usr/bin/env python3
"""What tone costs: the whole `slant tag` with tone against `slant tag --no-tone`, on news and on
one article with a 1,500-word run-on sentence, measured side by side in one run.

    scripts/bench_tone.py [--repeat 3] [--baseline-tone DIR] [--write BENCHMARKS.md]

News: the 100 gold bodies of ../shared/data/extraction and the five seed stories, whole, as JSONL
(`slant tag --no-extract`). Run-on: the seed stories' sentences joined with commas into one
sentence, cut to 1,500 words (its names, pronouns and role nouns all become mentions in it).
Each configuration runs `--repeat` times, interleaved, and the median time counts. The ratio is
the time with tone over the time without; words/s is the whole pipeline's (tone on).
`--baseline-tone DIR` also times another tone model (e.g. the previous pair model) in the same
run, for comparison.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import ROOT, SHARED, news_bodies, write_jsonl, write_section

SLANT = ROOT / "target" / "release" / "slant"
BEGIN = "<!-- bench_tone:begin -->"
END = "<!-- bench_tone:end -->"


def run_on_sentence(words=1500):
    """The seed stories' sentences as one: sentence-ending punctuation becomes a comma."""
    text = " ".join(p.read_text() for p in sorted((ROOT / "examples" / "articles").glob("*.txt")))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"[.!?]+[\"”’]?\s", ", ", text)
    return " ".join(text.split()[:words]) + "."


def timed(cmd):
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr[-3000:]}")
    return seconds


def count_mentions(path):
    total = 0
    for line in open(path):
        record = json.loads(line)
        total += sum(len(a.get("mentions", [])) for a in record.get("actors", []))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-tone", type=Path, help="another tone model directory to time beside the shipped one")
    ap.add_argument("--write", type=Path, help="replace the section between the markers in this file")
    args = ap.parse_args()
    if not SLANT.exists():
        sys.exit("build first: cargo build --release")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sets = {"news": news_bodies(), "run-on": [run_on_sentence()]}
        configs = {"no tone": ["--no-tone"], "tone": []}
        if args.baseline_tone:
            configs["tone, baseline model"] = ["--tone-model", str(args.baseline_tone)]
        for name, texts in sets.items():
            corpus = tmp / f"{name}.jsonl"
            write_jsonl(corpus, texts)
            words = sum(len(t.split()) for t in texts)
            times = {c: [] for c in configs}
            for _ in range(args.repeat):
                for config, extra in configs.items():
                    out = tmp / "out.jsonl"
                    times[config].append(timed([SLANT, "tag", "--no-extract", "-q", *extra, corpus, "-o", out]))
                    if config == "tone":
                        mentions = count_mentions(out)
            medians = {c: statistics.median(t) for c, t in times.items()}
            results[name] = {"documents": len(texts), "words": words, "mentions": mentions, "seconds": medians}
            summary = ", ".join(f"{c} {s:.1f} s" for c, s in medians.items())
            print(f"{name}: {len(texts)} documents, {words} words, {mentions} mentions; {summary}", flush=True)
    lines = [BEGIN, "", f"Measured by `scripts/bench_tone.py --repeat {args.repeat}"
             + (" --baseline-tone DIR" if args.baseline_tone else "") + "` (median of the runs, interleaved; "
             "2 cores):", "",
             "| input | documents | words | actor mentions | `slant tag` with tone / `--no-tone` | words/s with tone |"
             + (" previous pair model / `--no-tone` |" if args.baseline_tone else ""),
             "|---|---|---|---|---|---|" + ("---|" if args.baseline_tone else "")]
    for name, r in results.items():
        s = r["seconds"]
        row = (f"| {name} | {r['documents']} | {r['words']} | {r['mentions']} | **{s['tone'] / s['no tone']:.2f}x** "
               f"| {r['words'] / s['tone']:.0f} |")
        if args.baseline_tone:
            row += f" {s['tone, baseline model'] / s['no tone']:.2f}x |"
        lines.append(row)
    lines += ["", END]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(args.write, BEGIN, END, section)


if __name__ == "__main__":
    main()
