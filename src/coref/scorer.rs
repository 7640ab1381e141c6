//! The learned pair scorer (a tree ensemble or the logistic-regression baseline, compiled in
//! from `models/coref/weights.json`). Gender lives with the names, in `crate::actors`.

use super::features::{feature_count, feature_names};
use crate::model::BoostedTrees;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Why a weights file is not a pair scorer (`Scorer::from_json`).
#[derive(Debug, thiserror::Error)]
pub enum ScorerError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("the weights file was trained on another feature list; retrain it")]
    OtherFeatures,
    #[error("the weights file has the wrong number of weights")]
    WeightCount,
    #[error("{0}")]
    Trees(#[from] crate::model::TreeError),
}

/// The pair scorer and the decision thresholds chosen with it: a gradient-boosted tree ensemble
/// over the raw features (exported by `scripts/train_coref.py`) when `ensemble` is present (what ships: it reads the crosses between
/// distance, position and the pronoun's case that a linear model cannot), else the logistic
/// regression in `weights` (what `slant train coref` fits, the baseline the ensemble replaced).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scorer {
    pub features: Vec<String>,
    #[serde(default)]
    pub weights: Vec<f32>,
    /// Feature means and scales (standardization from the training pairs), for `weights`.
    #[serde(default)]
    pub mean: Vec<f32>,
    #[serde(default)]
    pub scale: Vec<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<BoostedTrees>,
    /// GAP decision: the better of A and B is TRUE when its probability reaches this.
    pub gap_threshold: f32,
    /// Document linking: a pronoun links when the best candidate's probability reaches this
    /// (higher than `gap_threshold`: a wrong link costs more than a missed one).
    pub link_threshold: f32,
    /// How the weights were made (data, regularization, figures), for the model card.
    #[serde(default)]
    pub trained: serde_json::Value,
}

impl Scorer {
    /// The probability that the pair is coreferent.
    pub fn probability(&self, features: &[f32]) -> f32 {
        if let Some(trees) = &self.ensemble {
            return trees.probability(features) as f32;
        }
        let z: f32 = features
            .iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(&self.weights)
            .map(|(((x, m), s), w)| (x - m) / s * w)
            .sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// Reads a weights file; refuses one made for another feature list.
    pub(crate) fn from_json(json: &str) -> Result<Self, ScorerError> {
        let scorer: Scorer = serde_json::from_str(json)?;
        if scorer.features != feature_names() {
            return Err(ScorerError::OtherFeatures);
        }
        match &scorer.ensemble {
            Some(trees) => trees.check(feature_count())?,
            None => {
                if [scorer.weights.len(), scorer.mean.len(), scorer.scale.len()].iter().any(|&n| n != feature_count()) {
                    return Err(ScorerError::WeightCount);
                }
            }
        }
        Ok(scorer)
    }

    /// The scorer shipped in `models/coref/weights.json`, compiled into the binary (a few
    /// hundred bytes of weights need no loading path of their own).
    pub fn shipped() -> &'static Scorer {
        static SCORER: OnceLock<Scorer> = OnceLock::new();
        SCORER.get_or_init(|| {
            Scorer::from_json(include_str!("../../models/coref/weights.json"))
                .expect("models/coref/weights.json is valid")
        })
    }
}
