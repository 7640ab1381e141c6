"""Exports a scikit-learn GradientBoostingClassifier (binary) to the JSON form slant's Rust
tree ensemble reads (`src/extract/learned.rs`): an initial score, the learning rate, and each
tree's arrays. Shared by scripts/train_extract.py and scripts/train_coref.py."""
import numpy as np


def export_trees(clf, x):
    """{init, learning_rate, trees} for `clf`; checks on the rows `x` that the exported form
    reproduces scikit-learn's decision scores."""
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append({
            "feature": [int(f) if l >= 0 else -1 for f, l in zip(t.feature, t.children_left)],
            "threshold": [float(v) for v in t.threshold],
            "left": [int(v) for v in t.children_left],
            "right": [int(v) for v in t.children_right],
            "value": [float(v) for v in t.value[:, 0, 0]],
        })
    raw = clf.decision_function(x)
    init = float(raw[0] - clf.learning_rate * sum(e.predict(x[:1])[0] for e in clf.estimators_[:, 0]))
    recomputed = init + clf.learning_rate * sum(e.predict(x) for e in clf.estimators_[:, 0])
    assert np.allclose(recomputed, raw, atol=1e-9), "the exported trees must reproduce scikit-learn's scores"
    return {"init": init, "learning_rate": clf.learning_rate, "trees": trees}
