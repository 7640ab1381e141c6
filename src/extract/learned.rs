//! The learned part of extraction: a small gradient-boosted tree ensemble that reads the cues
//! computed for each paragraph (see `text::features`, named in `feature_names`) and says whether
//! the paragraph belongs to the article body.
//!
//! The model is trained by `scripts/train_extract.py` on `../shared/data/extraction` (selected by
//! cross-validation with whole sites held out) and shipped in `models/extract/`; it is compiled
//! into the binary so that extraction needs no model directory and cannot be out of step with
//! the feature code. Inference is a fixed sum over trees: no threads, no randomness. The tree
//! type is shared with the pronoun scorer ([`crate::coref::Scorer`]), which ships one such
//! ensemble too.

use super::feature_names::{html_feature_names, TEXT_FEATURE_NAMES};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// One regression tree in scikit-learn's array layout: node `i` sends `x[feature[i]] <=
/// threshold[i]` to `left[i]`, else to `right[i]`; a node with `left[i] < 0` is a leaf.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Tree {
    feature: Vec<i32>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    value: Vec<f64>,
}

impl Tree {
    /// Whether the arrays agree in length and every node points inside the tree and the
    /// `features` feature columns.
    pub(crate) fn check(&self, features: usize) -> Result<(), String> {
        let n = self.feature.len();
        let sizes = [self.threshold.len(), self.left.len(), self.right.len(), self.value.len()];
        if sizes.iter().any(|&s| s != n) || n == 0 {
            return Err("arrays of different lengths".into());
        }
        for i in 0..n {
            let leaf = self.left[i] < 0;
            let children_ok = leaf || (self.left[i] as usize) < n && self.right[i] >= 0 && (self.right[i] as usize) < n;
            let feature_ok = leaf || (self.feature[i] >= 0 && (self.feature[i] as usize) < features);
            if !children_ok || !feature_ok {
                return Err(format!("node {i} points outside the tree or the features"));
            }
        }
        Ok(())
    }

    pub(crate) fn predict(&self, x: &[f32]) -> f64 {
        let mut node = 0usize;
        while self.left[node] >= 0 {
            // Features are f32 as in training (scikit-learn casts to float32); thresholds are f64.
            let v = f64::from(x[self.feature[node] as usize]);
            node = if v <= self.threshold[node] { self.left[node] } else { self.right[node] } as usize;
        }
        self.value[node]
    }
}

/// A binary gradient-boosted ensemble: log-odds = `init + learning_rate * sum(trees)`.
#[derive(Debug, Deserialize)]
pub(crate) struct Model {
    /// Feature names, in the order `features` computes them (checked at load).
    pub features: Vec<String>,
    init: f64,
    learning_rate: f64,
    /// A paragraph is kept when its probability reaches this.
    pub threshold: f64,
    /// How the probabilities become the kept paragraphs.
    pub decode: Decode,
    trees: Vec<Tree>,
}

/// Turning paragraph probabilities into a body (chosen by cross-validation with the model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Decode {
    /// Each paragraph on its own.
    Independent,
    /// Only inside the contiguous run of paragraphs with the largest sum of
    /// `(probability - threshold) * (words + 1)`: an article is one stretch of the page, and a
    /// prose-like ticker item far before it is not part of it.
    Region,
}

impl Model {
    pub fn parse(json: &str) -> Result<Model, String> {
        let model: Model = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for (t, tree) in model.trees.iter().enumerate() {
            tree.check(model.features.len()).map_err(|e| format!("tree {t}: {e}"))?;
        }
        Ok(model)
    }

    /// Indices of the paragraphs kept, given each one's features and word count.
    pub fn keep(&self, rows: &[Vec<f32>], words: &[usize]) -> Vec<usize> {
        let probs: Vec<f64> = rows.iter().map(|x| self.probability(x)).collect();
        let mut range = 0..probs.len();
        if self.decode == Decode::Region {
            let (mut best, mut total, mut start) = (-1.0, 0.0, 0);
            for (i, (p, &w)) in probs.iter().zip(words).enumerate() {
                if total <= 0.0 {
                    total = 0.0;
                    start = i;
                }
                total += (p - self.threshold) * (w as f64 + 1.0);
                if total > best {
                    best = total;
                    range = start..i + 1;
                }
            }
            if best <= 0.0 {
                range = 0..probs.len();
            }
        }
        range.filter(|&i| probs[i] >= self.threshold).collect()
    }

    /// Probability that a paragraph with these features is article body.
    pub fn probability(&self, x: &[f32]) -> f64 {
        let sum: f64 = self.trees.iter().map(|t| t.predict(x)).sum();
        1.0 / (1.0 + (-(self.init + self.learning_rate * sum)).exp())
    }
}

/// The shipped paragraph classifier for plain-text pages.
pub(crate) static TEXT_MODEL: LazyLock<Model> = LazyLock::new(|| {
    let model = Model::parse(include_str!("../../models/extract/text.json")).expect("models/extract/text.json");
    assert_eq!(model.features, *TEXT_FEATURE_NAMES, "models/extract/text.json was trained on other features");
    model
});

/// The shipped candidate-paragraph classifier for HTML pages (see `combine`).
pub(crate) static HTML_MODEL: LazyLock<Model> = LazyLock::new(|| {
    let model = Model::parse(include_str!("../../models/extract/html.json")).expect("models/extract/html.json");
    assert_eq!(model.features, html_feature_names(), "models/extract/html.json was trained on other features");
    model
});

#[cfg(test)]
mod tests {
    use super::*;

    /// One stump on feature 0: below 0.5 it votes -2, above +2.
    fn stump_model(decode: &str) -> Model {
        let json = format!(
            r#"{{"features":["f"],"init":0.0,"learning_rate":1.0,"threshold":0.5,"decode":"{decode}",
               "trees":[{{"feature":[0,-1,-1],"threshold":[0.5,0,0],"left":[1,-1,-1],"right":[2,-1,-1],
               "value":[0,-2.0,2.0]}}]}}"#
        );
        Model::parse(&json).unwrap()
    }

    #[test]
    fn trees_follow_thresholds_and_sum_to_log_odds() {
        let m = stump_model("independent");
        assert!((m.probability(&[0.0]) - 1.0 / (1.0 + 2f64.exp())).abs() < 1e-12);
        assert!(m.probability(&[1.0]) > 0.88);
    }

    #[test]
    fn region_decoding_drops_a_lone_likely_paragraph_far_from_the_article() {
        let rows: Vec<Vec<f32>> = [1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0].iter().map(|&v| vec![v]).collect();
        let words = [5, 30, 30, 30, 60, 60, 2, 60];
        assert_eq!(stump_model("independent").keep(&rows, &words), vec![0, 4, 5, 7]);
        assert_eq!(stump_model("region").keep(&rows, &words), vec![4, 5, 7]);
    }

    #[test]
    fn malformed_models_are_refused() {
        let bad = r#"{"features":["f"],"init":0,"learning_rate":1,"threshold":0.5,"decode":"region",
                      "trees":[{"feature":[3,-1,-1],"threshold":[0,0,0],"left":[1,-1,-1],"right":[2,-1,-1],"value":[0,0,0]}]}"#;
        assert!(Model::parse(bad).is_err());
    }

    #[test]
    fn shipped_models_load_with_their_features() {
        assert!(!TEXT_MODEL.trees.is_empty());
        assert!(!HTML_MODEL.trees.is_empty());
    }
}
