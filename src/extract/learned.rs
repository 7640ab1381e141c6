//! The learned part of extraction: a small gradient-boosted tree ensemble that reads the cues
//! computed for each paragraph (see `text::features`, named in `feature_names`) and says whether
//! the paragraph belongs to the article body.
//!
//! The model is trained by `scripts/train_extract.py` on `../shared/data/extraction` (selected by
//! cross-validation with whole sites held out) and shipped in `models/extract/`; it is compiled
//! into the binary so that extraction needs no model directory and cannot be out of step with
//! the feature code. The trees are [`crate::model::BoostedTrees`], the type the pronoun scorer
//! ([`crate::coref::Scorer`]) ships too.

use super::feature_names::{html_feature_names, TEXT_FEATURE_NAMES};
use crate::model::BoostedTrees;
use serde::Deserialize;
use std::sync::LazyLock;

/// A paragraph classifier: a boosted tree ensemble over named features, and how its
/// probabilities become the kept paragraphs.
#[derive(Debug, Deserialize)]
pub(crate) struct Model {
    /// Feature names, in the order `features` computes them (checked at load).
    pub features: Vec<String>,
    #[serde(flatten)]
    trees: BoostedTrees,
    /// A paragraph is kept when its probability reaches this.
    pub threshold: f64,
    /// How the probabilities become the kept paragraphs.
    pub decode: Decode,
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

/// Why a paragraph classifier's JSON is not a model ([`Model::parse`]).
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Trees(#[from] crate::model::TreeError),
}

impl Model {
    pub fn parse(json: &str) -> Result<Model, ModelFileError> {
        let model: Model = serde_json::from_str(json)?;
        model.trees.check(model.features.len())?;
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
        self.trees.probability(x)
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
