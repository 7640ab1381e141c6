#!/usr/bin/env python3
"""Text extraction on renderings it was not trained on, of sites it was not trained on (issue 16).

The text model learns from w3m renderings of the 100 extraction pages. Users' text comes from
other tools: other text browsers, HTML-to-text libraries, scrapers that join every text node
with a newline. This renders the same 100 HTML pages again with

- `lynx -dump` (when Debian's lynx is installed; skipped otherwise),
- `inscriptis` (PyPI; a layout-aware renderer, close to a browser's copy),
- `html2text` (PyPI; markdown),
- BeautifulSoup's `get_text("\\n")` (PyPI; a newline at every text node, so links and emphasis
  break their sentences, as many scrapers' output does),

and scores site-grouped 5-fold CV as scripts/train_extract.py does (folds made of whole sites,
the shipped settings: the model's trees re-fitted on the training folds' w3m pages and the
seeds, its threshold and decoding), predicting each held-out page from its *other* rendering.
The features come from the `slant` given, so two builds compare their paragraph splitting and
cues on the same folds.

    "$(scripts/training_python.sh)" scripts/bench_renderings.py [--slant PATH] [--keep DIR]

Installs inscriptis, html2text and beautifulsoup4 into the training Python on first use. Reads
../shared/data/extraction; writes only to a temporary folder (or --keep DIR).
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_extraction import evaluate  # noqa: E402
import train_extract as te  # noqa: E402

RENDERERS = ("lynx", "inscriptis", "html2text", "bs4")


def ensure_renderers():
    try:
        import bs4, html2text, inscriptis  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "inscriptis==2.7.6", "html2text==2025.4.15", "beautifulsoup4==4.15.0", "lxml==6.1.3"], check=True)


def render(html, renderer):
    if renderer == "lynx":
        cmd = ["lynx", "-dump", "-nolist", "-width=200", "-stdin", "-assume_charset=utf-8", "-display_charset=utf-8"]
        return subprocess.run(cmd, input=html.encode(), capture_output=True, timeout=120).stdout.decode("utf-8", "replace")
    if renderer == "inscriptis":
        from inscriptis import get_text
        return get_text(html)
    if renderer == "html2text":
        import html2text
        h = html2text.HTML2Text()
        h.ignore_links, h.ignore_images, h.body_width = True, True, 0
        return h.handle(html)
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n")


def write_renderings(data, out, renderers):
    truth = json.load(open(os.path.join(data, "ground-truth.json"), encoding="utf-8"))
    for renderer in renderers:
        folder = os.path.join(out, renderer, "pages")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(os.path.join(data, "ground-truth.json"), os.path.join(out, renderer))
        for k in sorted(truth):
            html = gzip.open(os.path.join(data, "pages", f"{k}.html.gz"), "rt", encoding="utf-8", errors="replace").read()
            with open(os.path.join(folder, f"{k}.txt"), "w", encoding="utf-8") as fh:
                fh.write(render(html, renderer))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(te.ROOT, "..", "shared", "data", "extraction"))
    ap.add_argument("--slant", default=os.path.join(te.ROOT, "target", "release", "slant"))
    ap.add_argument("--keep", help="write the renderings here and keep them")
    ap.add_argument("--json", help="also write each rendering's kept body per page here")
    args = ap.parse_args()
    ensure_renderers()
    renderers = [r for r in RENDERERS if r != "lynx" or shutil.which("lynx")]
    model = json.load(open(os.path.join(te.ROOT, "models", "extract", "train_report_text.json")))["chosen"]
    params = {k: model[k] for k in te.GRID}
    threshold, decode = model["threshold"], model["decode"]
    work = args.keep or tempfile.mkdtemp()
    write_renderings(args.data, work, renderers)

    names, pages = te.load(args.data, args.slant, "text")
    seeds = te.load_seeds(args.slant, names)
    others = {r: te.load(os.path.join(work, r), args.slant, "text")[1] for r in renderers}
    groups = [p["site"] for p in pages]
    probs = {"w3m": [None] * len(pages), **{r: [None] * len(pages) for r in renderers}}
    for train, test in GroupKFold(n_splits=te.FOLDS).split(np.zeros(len(pages)), groups=groups):
        clf = te.fit([pages[i] for i in train] + seeds, params)
        for i in test:
            for r, rendered in [("w3m", pages), *others.items()]:
                x = rendered[i]["x"]
                probs[r][i] = clf.predict_proba(x)[:, 1] if len(x) else np.zeros(0)
    print(f"{len(pages)} pages, {len(set(groups))} sites; site-grouped {te.FOLDS}-fold CV, model trained on w3m text, "
          f"settings {params} t={threshold} {decode}; slant {args.slant}\n")
    print("| rendering of the held-out sites' pages | precision | recall | F1 |")
    print("|---|---|---|---|")
    kept = {}
    for r, rendered in [("w3m", pages), *others.items()]:
        gold = {p["id"]: p["gold"] for p in rendered}
        kept[r] = te.bodies(rendered, probs[r], threshold, decode, names)
        p, rec, f = evaluate(gold, kept[r])
        print(f"| {r} | {p:.4f} | {rec:.4f} | {f:.4f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(kept, fh, ensure_ascii=False)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
