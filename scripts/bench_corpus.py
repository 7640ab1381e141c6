#!/usr/bin/env python3
"""Corpus-scale benchmark of `slant tag`: peak memory against corpus size, words/s with one
process and with two, and (when PySpark is set up) the Spark job against the CLI.

    scripts/bench_corpus.py [--sizes 300,5000] [--spark] [--write BENCHMARKS.md]
    scripts/bench_corpus.py --trace 3000 [--write BENCHMARKS.md]   # memory over one run

The corpus is made of real article bodies: the 100 gold bodies of ../shared/data/extraction and
the five seed stories, cut to their first paragraphs (about 150 words, a short news item) and
repeated with distinct ids, outlets and dates up to each size. Repeating bodies keeps the name
table small, so the memory figures are for the runner, not for a growing vocabulary of names.
Every run is `slant tag --no-extract` on JSONL with actors and tone on (the default).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SLANT = ROOT / "target" / "release" / "slant"
BEGIN = "<!-- bench_corpus:begin -->"
END = "<!-- bench_corpus:end -->"
TRACE_BEGIN = "<!-- bench_corpus_trace:begin -->"
TRACE_END = "<!-- bench_corpus_trace:end -->"


def bodies():
    truth = json.loads((SHARED / "data" / "extraction" / "ground-truth.json").read_text())
    texts = [v["articleBody"] for _, v in sorted(truth.items())]
    for seed in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        texts.append(seed.read_text())
    out = []
    for text in texts:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 8]
        kept, words = [], 0
        for p in paragraphs:
            kept.append(p)
            words += len(p.split())
            if words >= 150:
                break
        if words >= 60:
            out.append("\n\n".join(kept))
    return out


def write_corpus(path, n, texts):
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"doc{i:06d}", "text": texts[i % len(texts)],
                                "outlet": f"Outlet {i % 7}", "date": f"2025-10-{1 + i % 28:02d}"}) + "\n")


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS in MB, stderr)."""
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    seconds = time.monotonic() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    return seconds, rss, proc.stderr


def words_of(stderr):
    m = re.search(r"(\d+) tokens", stderr)
    return int(m.group(1)) if m else 0


def rss_trace(n, texts, tmp):
    """Tags n articles and samples the process's resident memory every half second against the
    documents its journal has committed: memory that grew with the corpus would climb here."""
    corpus = tmp / f"t{n}.jsonl"
    write_corpus(corpus, n, texts)
    out = tmp / "trace.jsonl"
    state = tmp / ".trace.jsonl.slant-journal" / "state.json"
    proc = subprocess.Popen([SLANT, "tag", "--no-extract", "-q", "--threads", "2", corpus, "-o", out])
    samples = []  # (documents committed, RSS MB)
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
            done = json.loads(state.read_text())["documents"] if state.exists() else 0
            samples.append((done, rss))
        except (OSError, ValueError, AttributeError, KeyError):
            pass
        time.sleep(0.5)
    rows = []
    for step in range(1, 11):
        upto = n * step // 10
        window = [rss for done, rss in samples if upto - n // 10 < done <= upto]
        if window:
            rows.append((upto, max(window)))
    linking = [rss for done, rss in samples if done >= n]
    return rows, (max(linking) if linking else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300,5000")
    ap.add_argument("--speed-size", type=int, default=300, help="corpus size for the 1 vs 2 process runs")
    ap.add_argument("--spark", action="store_true", help="also time scripts/spark-tag.sh (local[2])")
    ap.add_argument("--write", type=Path, help="replace the section between the markers in this file")
    ap.add_argument("--trace", type=int, metavar="N",
                    help="only sample resident memory while tagging N articles (its own section)")
    args = ap.parse_args()
    if not SLANT.exists():
        sys.exit("build first: cargo build --release")
    texts = bodies()
    if args.trace:
        with tempfile.TemporaryDirectory() as tmp:
            rows, linking = rss_trace(args.trace, texts, Path(tmp))
        lines = [TRACE_BEGIN, "", f"Resident memory while one run tags {args.trace} articles (`scripts/bench_corpus.py "
                 f"--trace {args.trace}`, sampled every 0.5 s against the documents committed to the journal):", "",
                 "| documents tagged | peak RSS MB in that tenth |", "|---|---|"]
        lines += [f"| {upto} | {rss:.0f} |" for upto, rss in rows]
        if linking is not None:
            lines += [f"| linking and writing | {linking:.0f} |"]
        lines += ["", TRACE_END]
        write_section(args.write, "\n".join(lines), TRACE_BEGIN, TRACE_END)
        return
    rows, speed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in [int(s) for s in args.sizes.split(",")]:
            corpus = tmp / f"c{n}.jsonl"
            write_corpus(corpus, n, texts)
            secs, rss, err = timed([SLANT, "tag", "--no-extract", "--threads", "2", corpus, "-o", tmp / "out.jsonl"])
            rows.append((n, words_of(err), secs, rss))
            print(f"{n} articles: {rss:.0f} MB peak, {secs:.0f} s, {words_of(err) / secs:.0f} words/s", flush=True)

        n = args.speed_size
        corpus = tmp / f"s{n}.jsonl"
        write_corpus(corpus, n, texts)
        secs1, _, err = timed([SLANT, "tag", "--no-extract", "--threads", "2", corpus, "-o", tmp / "one.jsonl"])
        words = words_of(err)
        # Two processes on the two cores: one shard each (1 thread), then `slant link`.
        start = time.monotonic()
        procs = [subprocess.Popen([SLANT, "tag", "--no-extract", "-q", "--threads", "1", "--no-link",
                                   "--shard", f"{k}/2", corpus, "-o", tmp / f"shard{k}.jsonl"])
                 for k in (1, 2)]
        for p in procs:
            if p.wait() not in (0, 1):
                sys.exit("a shard failed")
        subprocess.run([SLANT, "link", "-q", tmp / "shard1.jsonl", tmp / "shard2.jsonl", "-o", tmp / "two.jsonl"],
                       check=False)
        secs2 = time.monotonic() - start
        speed.append(("1 process, 2 threads", secs1, words / secs1))
        speed.append(("2 processes (`--shard K/2 --no-link`, 1 thread each) + `slant link`", secs2, words / secs2))
        print(f"speed: 1 process {words / secs1:.0f} words/s, 2 processes {words / secs2:.0f} words/s", flush=True)
        if args.spark:
            start = time.monotonic()
            subprocess.run([ROOT / "scripts" / "spark-tag.sh", corpus, tmp / "spark"], check=True,
                           stdout=subprocess.DEVNULL)
            secs_spark = time.monotonic() - start
            speed.append(("Spark local[2] (`scripts/spark-tag.sh`, 2 partitions)", secs_spark, words / secs_spark))
            print(f"spark: {words / secs_spark:.0f} words/s", flush=True)

    lines = [BEGIN, "", f"Measured {time.strftime('%Y-%m-%d')} on this machine (2 cores) with `scripts/bench_corpus.py"
             f" --sizes {args.sizes}{' --spark' if args.spark else ''}`; short real news bodies (about 150 words) "
             "repeated with distinct ids, actors and tone on.", "",
             "| articles | words | wall s | words/s | peak RSS MB |", "|---|---|---|---|---|"]
    for n, words, secs, rss in rows:
        lines.append(f"| {n} | {words} | {secs:.0f} | {words / secs:.0f} | {rss:.0f} |")
    lines += ["", f"Throughput on {args.speed_size} articles, same run:", "",
              "| how | wall s | words/s | vs 1 process |", "|---|---|---|---|"]
    base = speed[0][2]
    for name, secs, wps in speed:
        lines.append(f"| {name} | {secs:.0f} | {wps:.0f} | {wps / base:.2f}x |")
    lines += ["", END]
    write_section(args.write, "\n".join(lines), BEGIN, END)


def write_section(path, section, begin, end):
    """Prints the section and, with a path, puts it between its markers there (or appends it)."""
    print(section)
    if not path:
        return
    text = path.read_text() if path.exists() else ""
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        heading = "" if "## Corpus scale" in text else "\n\n## Corpus scale: memory and throughput"
        text = text.rstrip() + heading + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
