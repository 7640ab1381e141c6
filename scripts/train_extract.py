#!/usr/bin/env python3
"""Trains the text extraction model (models/extract/text.json) and reports its cross-validated F1.

Each paragraph of each plain-text page in ../shared/data/extraction gets the features slant
computes (`slant extract-features`, so training and inference share one implementation) and a
label from the gold body: the share of the word 4-gram shingles touching the paragraph (with
three words of context on each side) that occur in the gold body, kept if >= 0.5. A small
gradient-boosted tree ensemble (scikit-learn, fixed seed) learns the labels; hyper-parameters and
the keep threshold are chosen by 5-fold cross-validation with whole sites (the url's domain) held
out, scored with the benchmark metric on the page bodies the model keeps. The final model is fit on
every page with the chosen settings.

    python scripts/train_extract.py [--data DIR] [--slant PATH] [--kind text|html|both]
                                    [--models models/extract]

The same is done for HTML pages (`--kind html`): the candidate paragraphs are dom_smoothie's and
rs-trafilatura's outputs merged (`slant extract-features --html`), with features saying which
extractor found each and how far the two agree; the result is models/extract/html.json.
"""
import argparse
import collections
import itertools
import json
import os
import subprocess
import sys
from urllib.parse import urlparse

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GroupKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_extraction import evaluate, shingles, tokens  # noqa: E402
from gbm_export import export_trees  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRID = {"n_estimators": [200], "max_depth": [3], "learning_rate": [0.1], "min_samples_leaf": [20]}
THRESHOLDS = [0.2, 0.3, 0.4, 0.5]
DECODES = ["independent", "region"]
FOLDS = 5
SEED = 13


def site(url):
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def label(paragraph_tokens, gold_set, context=3):
    """Share of the shingles touching each paragraph (with neighbours' words) found in the gold."""
    labels = []
    for i, toks in enumerate(paragraph_tokens):
        if not toks:
            labels.append(0.0)
            continue
        before = [t for p in paragraph_tokens[max(0, i - 3):i] for t in p][-context:]
        after = [t for p in paragraph_tokens[i + 1:i + 4] for t in p][:context]
        window = before + toks + after
        grams = [tuple(window[j:j + 4]) for j in range(len(window) - 3)]
        # keep only shingles that include at least one of the paragraph's own words
        lo, hi = len(before), len(before) + len(toks)
        grams = [g for j, g in enumerate(grams) if j + 3 >= lo and j < hi]
        labels.append(sum(g in gold_set for g in grams) / len(grams) if grams else 0.0)
    return labels


def load(data, slant, kind):
    truth = json.load(open(os.path.join(data, "ground-truth.json"), encoding="utf-8"))
    ids = sorted(truth)
    suffix, flags = (".txt", []) if kind == "text" else (".html.gz", ["--html"])
    files = [os.path.join(data, "pages", f"{k}{suffix}") for k in ids]
    out = subprocess.run([slant, "extract-features", *flags, *files], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    names = json.loads(lines[0])["feature_names"]
    pages = []
    for doc_id, line in zip(ids, lines[1:]):
        rec = json.loads(line)
        assert os.path.basename(rec["file"]).startswith(doc_id)
        texts = [t for t, _ in rec["paragraphs"]]
        x = np.array([f for _, f in rec["paragraphs"]], dtype=np.float32).reshape(len(texts), len(names))
        gold = truth[doc_id]["articleBody"]
        y = np.array(label([tokens(t) for t in texts], set(shingles(gold))), dtype=np.float64)
        w = np.array([len(tokens(t)) + 1 for t in texts], dtype=np.float64)
        pages.append({"id": doc_id, "site": site(truth[doc_id]["url"]), "texts": texts, "x": x, "y": y, "w": w, "gold": gold,
                      "readability": rec.get("readability"), "trafilatura": rec.get("trafilatura")})
    return names, pages


def load_seeds(slant, names):
    """The seed pages (examples/articles), labelled by the rules, whose output on them was checked
    by hand (tests/seeds.rs): always in the training folds, never scored."""
    seed_dir = os.path.join(ROOT, "examples", "articles")
    files = sorted(os.path.join(seed_dir, f) for f in os.listdir(seed_dir) if f.endswith(".txt"))
    out = subprocess.run([slant, "extract-features", *files], check=True, capture_output=True, text=True).stdout
    seeds = []
    for line in out.splitlines()[1:]:
        rec = json.loads(line)
        texts = [t for t, _ in rec["paragraphs"]]
        x = np.array([f for _, f in rec["paragraphs"]], dtype=np.float32).reshape(len(texts), len(names))
        y = (x[:, names.index("kept_by_rules")] > 0).astype(np.float64)
        w = np.array([len(tokens(t)) + 1 for t in texts], dtype=np.float64)
        seeds.append({"id": os.path.basename(rec["file"]), "site": "seed", "texts": texts, "x": x, "y": y, "w": w})
    return seeds


def keep(probs, texts, threshold, decode):
    """Which paragraphs to keep: each on its own (`independent`), or only inside the contiguous run
    with the largest sum of (probability - threshold) * (words + 1) (`region`, as in the rules)."""
    kept = [q >= threshold for q in probs]
    if decode == "region" and len(probs):
        best, best_range, total, start = -1.0, (0, 0), 0.0, 0
        for i, (q, t) in enumerate(zip(probs, texts)):
            if total <= 0.0:
                total, start = 0.0, i
            total += (q - threshold) * (len(tokens(t)) + 1)
            if total > best:
                best, best_range = total, (start, i + 1)
        if best > 0.0:
            kept = [k and best_range[0] <= i < best_range[1] for i, k in enumerate(kept)]
    return kept


LONG_PROSE_WORDS = 20


def veto(kept, x, names, texts):
    """Text pages, as `slant tag` decodes them (src/extract/text.rs): a paragraph the rules call
    prose (class good) of at least LONG_PROSE_WORDS words between the first and last kept ones is
    kept; what the rules call furniture, a caption or a closing heading is never kept, and neither
    are bulleted short lines (link lists), nor a paragraph the page prints more than once (issue
    16: captions printed beside their pictures' alt text); short lines (headings, links) are not
    kept at either end of the body (as in the rules)."""
    cols = [names.index(c) for c in ("class_furniture", "class_caption", "class_article_end")]
    short = names.index("class_short")
    bullet = names.index("bullet")
    good, log_words = names.index("class_good"), names.index("log_words")
    words = [round(float(np.exp(row[log_words]) - 1)) for row in x]
    idx = [i for i, k in enumerate(kept) if k]
    if idx:
        kept = [k or (idx[0] <= i < idx[-1] and row[good] > 0 and w >= LONG_PROSE_WORDS)
                for i, (k, row, w) in enumerate(zip(kept, x, words))]
    counts = collections.Counter(" ".join(t.split()).lower() for t in texts)
    kept = [k and not any(row[c] > 0 for c in cols) and not (row[bullet] > 0 and row[short] > 0)
            and counts[" ".join(t.split()).lower()] == 1 for k, row, t in zip(kept, x, texts)]
    idx = [i for i, k in enumerate(kept) if k]
    while idx and x[idx[0]][short] > 0:
        kept[idx.pop(0)] = False
    while idx and x[idx[-1]][short] > 0:
        kept[idx.pop()] = False
    return kept


def bodies(pages, probs, threshold, decode="independent", names=None):
    out = {}
    for p, pr in zip(pages, probs):
        kept = keep(pr, p["texts"], threshold, decode)
        if names is not None:
            kept = veto(kept, p["x"], names, p["texts"])
        out[p["id"]] = "\n\n".join(t for t, k in zip(p["texts"], kept) if k)
    return out


def fit(pages, params):
    x = np.concatenate([p["x"] for p in pages])
    y = np.concatenate([p["y"] for p in pages]) >= 0.5
    w = np.concatenate([p["w"] for p in pages])
    clf = GradientBoostingClassifier(random_state=SEED, subsample=1.0, **params)
    clf.fit(x, y, sample_weight=w)
    return clf


def cross_validate(pages, params, extra):
    """Out-of-fold probabilities for every page, folds made of whole sites."""
    groups = [p["site"] for p in pages]
    probs = [None] * len(pages)
    for train, test in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=groups):
        clf = fit([pages[i] for i in train] + extra, params)
        for i in test:
            probs[i] = clf.predict_proba(pages[i]["x"])[:, 1] if len(pages[i]["x"]) else np.zeros(0)
    return probs


def export(clf, names, threshold, decode, pages):
    ensemble = export_trees(clf, np.concatenate([p["x"] for p in pages]))
    return {"features": names, "init": ensemble["init"], "learning_rate": ensemble["learning_rate"],
            "threshold": threshold, "decode": decode, "trees": ensemble["trees"]}


def train(args, kind, out):
    """Chooses settings by site-grouped CV, fits on every page, writes the model; returns the report."""
    names, pages = load(args.data, args.slant, kind)
    gold = {p["id"]: p["gold"] for p in pages}
    report = {"kind": kind, "pages": len(pages), "sites": len({p["site"] for p in pages}), "folds": FOLDS, "seed": SEED,
              "baselines": {}, "grid": []}
    if kind == "text":
        k = names.index("kept_by_rules")
        report["baselines"]["rules"] = evaluate(gold, {p["id"]: "\n\n".join(t for t, x in zip(p["texts"], p["x"]) if x[k] > 0) for p in pages})
        extra = load_seeds(args.slant, names)
    else:
        for name in ("readability", "trafilatura"):
            report["baselines"][name] = evaluate(gold, {p["id"]: p[name] for p in pages})
        extra = []
    print(f"{kind}: {len(pages)} pages, {report['sites']} sites, {sum(len(p['texts']) for p in pages)} paragraphs")
    for name, (p, r, f) in report["baselines"].items():
        print(f"  baseline {name}, all pages: P {p:.4f} R {r:.4f} F1 {f:.4f}")
    best = None
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values))
        probs = cross_validate(pages, params, extra)
        for threshold, decode in itertools.product(THRESHOLDS, DECODES):
            p, r, f = evaluate(gold, bodies(pages, probs, threshold, decode, names if kind == "text" else None))
            report["grid"].append({**params, "threshold": threshold, "decode": decode, "cv_precision": p, "cv_recall": r, "cv_f1": f})
            print(f"  {params} t={threshold} {decode}: CV P {p:.4f} R {r:.4f} F1 {f:.4f}", flush=True)
            if best is None or f > best[0]:
                best = (f, params, threshold, decode, (p, r, f))
    _, params, threshold, decode, cv = best
    clf = fit(pages + extra, params)
    probs = [clf.predict_proba(p["x"])[:, 1] if len(p["x"]) else np.zeros(0) for p in pages]
    train_f = evaluate(gold, bodies(pages, probs, threshold, decode, names if kind == "text" else None))
    report.update({"chosen": {**params, "threshold": threshold, "decode": decode}, "cv": cv, "training_set": train_f})
    print(f"  chosen {params} t={threshold} {decode}: CV F1 {cv[2]:.4f}, training-set F1 {train_f[2]:.4f}")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as fh:
        json.dump(export(clf, names, threshold, decode, pages), fh, separators=(",", ":"))
        fh.write("\n")
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "extraction"))
    ap.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    ap.add_argument("--kind", choices=["text", "html", "both"], default="both")
    ap.add_argument("--models", default=os.path.join(ROOT, "models", "extract"), help="where text.json, html.json go")
    args = ap.parse_args()
    for kind in (["text", "html"] if args.kind == "both" else [args.kind]):
        report = train(args, kind, os.path.join(args.models, f"{kind}.json"))
        with open(os.path.join(args.models, f"train_report_{kind}.json"), "w") as fh:
            json.dump(report, fh, indent=1)
            fh.write("\n")


if __name__ == "__main__":
    sys.exit(main())
