#!/usr/bin/env python3
"""Trains slant's article-level tone aggregator (models/tone/aggregate.json) on PerSenT dev.

Input: the JSON lines `slant eval tone --persent DEV.csv --write-features F` writes, one per
document: the gold label, the aggregator features of the target actor (null when slant found no
actor for the target), the weighted mean of its mention probabilities, and its mention count.

The model is a multinomial logistic regression over standardized features. Its settings (L2
strength, class weighting) are chosen by 5-fold cross-validation on macro-F1. The honest estimate
is nested: an outer 5-fold split (stratified, repeated with 5 seeds) where the settings are chosen
again inside each training part. Documents without features count as "neutral" predictions with
confidence 1/3, as `slant tag` would give no tone there. Expected calibration error (10 bins) is
reported for the learned aggregator and for the weighted mean it replaces (whose confidence was
its top probability, damped by sqrt(min(1, mentions / 3))).

    scripts/train_aggregate.py FEATURES.jsonl OUT_DIR

writes OUT_DIR/aggregate.json (weights, compiled into slant) and OUT_DIR/aggregate_report.json.
"""
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

CLASSES = ["negative", "neutral", "positive"]
GRID = [(c, w) for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0) for w in (None, "balanced")]
SEEDS = [13, 17, 19, 23, 29]
FEATURES = [
    "mean_negative", "mean_neutral", "mean_positive", "author_negative", "author_positive",
    "quoted_share", "max_negative", "max_positive", "lead_negative", "lead_positive",
    "log_mentions", "sentence_share", "name_share", "in_title", "first_mention", "mention_share",
    "text_lexicon", "actor_lexicon", "actor_lexicon_positive", "actor_lexicon_negative",
]


def macro_f1(gold, pred):
    f1s = []
    for c in range(3):
        tp = np.sum((gold == c) & (pred == c))
        p = tp / max(1, np.sum(pred == c))
        r = tp / max(1, np.sum(gold == c))
        f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
    return float(np.mean(f1s))


def ece(confidence, correct, bins=10):
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    idx = np.minimum((np.clip(confidence, 0, 1) * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += abs(correct[m].sum() - confidence[m].sum())
    return float(total / max(1, len(confidence)))


class Model:
    def __init__(self, c, weight):
        self.c, self.weight = c, weight

    def fit(self, x, y):
        self.mean = x.mean(axis=0)
        self.scale = x.std(axis=0)
        self.scale[self.scale < 1e-8] = 1.0
        self.lr = LogisticRegression(C=self.c, class_weight=self.weight, max_iter=5000)
        self.lr.fit((x - self.mean) / self.scale, y)
        return self

    def probs(self, x):
        out = np.zeros((len(x), 3))
        out[:, self.lr.classes_] = self.lr.predict_proba((x - self.mean) / self.scale)
        return out


def choose(x, y, seed):
    """The grid setting with the best 5-fold CV macro-F1 on (x, y)."""
    folds = list(StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y))
    best = None
    for c, w in GRID:
        pred = np.zeros(len(y), dtype=int)
        for train, test in folds:
            pred[test] = Model(c, w).fit(x[train], y[train]).probs(x[test]).argmax(axis=1)
        score = macro_f1(y, pred)
        if best is None or score > best[0] + 1e-12:
            best = (score, c, w)
    return best


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    out_dir = sys.argv[2]
    gold = np.array([CLASSES.index(r["gold"]) for r in rows])
    has = np.array([r["features"] is not None for r in rows])
    x = np.array([r["features"] for r in rows if r["features"] is not None], dtype=float)
    y = gold[has]
    # The weighted mean it replaces, with its old confidence.
    mean = np.array([r["mean"] if r["mean"] is not None else [0, 1, 0] for r in rows], dtype=float)
    mean_pred = mean.argmax(axis=1)
    damping = np.sqrt(np.minimum(1.0, np.array([r["mentions"] for r in rows]) / 3.0))
    mean_conf = np.where(has, mean.max(axis=1) * damping, 1 / 3)

    repeats = []
    chosen = []
    for seed in SEEDS:
        probs = np.tile([0.0, 1.0, 0.0], (len(rows), 1))
        conf = np.full(len(rows), 1 / 3)
        where = np.flatnonzero(has)
        part = np.zeros(len(y), dtype=int)
        for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
            _, c, w = choose(x[train], y[train], seed)
            chosen.append({"C": c, "class_weight": w})
            p = Model(c, w).fit(x[train], y[train]).probs(x[test])
            probs[where[test]] = p
            conf[where[test]] = p.max(axis=1)
            part[test] = 1
        pred = probs.argmax(axis=1)
        repeats.append({
            "seed": seed,
            "f1_macro": macro_f1(gold, pred),
            "accuracy": float(np.mean(pred == gold)),
            "ece": ece(conf, pred == gold),
            "recall": {CLASSES[k]: float(np.mean(pred[gold == k] == k)) for k in range(3)},
        })
    summary = {
        k: {"mean": float(np.mean([r[k] for r in repeats])), "sd": float(np.std([r[k] for r in repeats]))}
        for k in ("f1_macro", "accuracy", "ece")
    }
    before = {
        "f1_macro": macro_f1(gold, mean_pred),
        "accuracy": float(np.mean(mean_pred == gold)),
        "ece": ece(mean_conf, mean_pred == gold),
        "recall": {CLASSES[k]: float(np.mean(mean_pred[gold == k] == k)) for k in range(3)},
    }
    score, c, w = choose(x, y, SEEDS[0])
    final = Model(c, w).fit(x, y)
    in_sample = np.tile([0.0, 1.0, 0.0], (len(rows), 1))
    in_sample[has] = final.probs(x)
    in_pred = in_sample.argmax(axis=1)
    coef = np.zeros((3, x.shape[1]))
    bias = np.zeros(3)
    coef[final.lr.classes_] = final.lr.coef_
    bias[final.lr.classes_] = final.lr.intercept_
    aggregator = {
        "features": FEATURES,
        "mean": [round(float(v), 6) for v in final.mean],
        "scale": [round(float(v), 6) for v in final.scale],
        "weights": [[round(float(v), 6) for v in row] for row in coef],
        "bias": [round(float(v), 6) for v in bias],
    }
    assert x.shape[1] == len(FEATURES), "slant's features changed: update FEATURES here"
    report = {
        "documents": len(rows),
        "documents_without_target": int((~has).sum()),
        "class_counts": {CLASSES[k]: int(np.sum(gold == k)) for k in range(3)},
        "chosen": {"C": c, "class_weight": w, "inner_cv_f1_macro": score},
        "nested_cv": {"summary": summary, "repeats": repeats, "settings_chosen_per_fold": chosen},
        "before_mean_of_mentions": before,
        "in_sample": {
            "f1_macro": macro_f1(gold, in_pred),
            "accuracy": float(np.mean(in_pred == gold)),
            "ece": ece(np.where(has, in_sample.max(axis=1), 1 / 3), in_pred == gold),
        },
    }
    with open(f"{out_dir}/aggregate.json", "w") as f:
        json.dump(aggregator, f, indent=1)
        f.write("\n")
    with open(f"{out_dir}/aggregate_report.json", "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print(f"nested CV macro-F1 {summary['f1_macro']['mean']:.4f} ± {summary['f1_macro']['sd']:.4f}, "
          f"ECE {summary['ece']['mean']:.4f}; before (mean of mentions) {before['f1_macro']:.4f}, "
          f"ECE {before['ece']:.4f}; chosen C={c} class_weight={w}")


if __name__ == "__main__":
    main()
