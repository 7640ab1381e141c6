//! The learned pair scorer (a tree ensemble or the logistic-regression baseline, compiled in
//! from `models/coref/weights.json`) and gender: the first-name table counted from GAP and the
//! role words that say a person's gender.

use super::features::{feature_count, feature_names};
use super::text::Gender;
use crate::document::{Actor, MentionKind};
use crate::model::BoostedTrees;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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

/// First names and their gender: the one GAP development's pronouns give them
/// (`models/coref/names.tsv`), else the one the 1990 US Census gives (`census_names.tsv`, which
/// knows 5,163 names where GAP knows 2,230).
pub struct NameGenders {
    /// Every name the table has counts for; `None` where neither gender reaches 80%.
    by_name: HashMap<String, Option<Gender>>,
}

impl NameGenders {
    /// Reads `name<TAB>masculine<TAB>feminine` counts; a name gets a gender when at least 80% of
    /// its uses have it.
    pub fn parse(tsv: &str) -> Self {
        let mut by_name = HashMap::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [name, m, f] = cols[..] else { continue };
            let (Ok(m), Ok(f)) = (m.parse::<f32>(), f.parse::<f32>()) else { continue };
            let gender = if m >= 4.0 * f {
                Some(Gender::Masculine)
            } else if f >= 4.0 * m {
                Some(Gender::Feminine)
            } else {
                None
            };
            by_name.insert(name.to_lowercase(), gender);
        }
        Self { by_name }
    }

    pub fn shipped() -> &'static NameGenders {
        static NAMES: OnceLock<NameGenders> = OnceLock::new();
        NAMES.get_or_init(|| {
            let mut names = NameGenders::parse(include_str!("../../models/coref/names.tsv"));
            names.fill_from(NameGenders::parse(include_str!("../../models/coref/census_names.tsv")));
            names
        })
    }

    /// Adds the names `other` knows and this table does not; a name this table leaves genderless
    /// (GAP saw it with both) stays so.
    fn fill_from(&mut self, other: NameGenders) {
        for (name, gender) in other.by_name {
            self.by_name.entry(name).or_insert(gender);
        }
    }

    /// Whether the table has the name at all (with a gender or with both).
    pub fn knows(&self, first_name: &str) -> bool {
        self.by_name.contains_key(&first_name.to_lowercase())
    }

    pub fn get(&self, first_name: &str) -> Option<Gender> {
        self.by_name.get(&first_name.to_lowercase()).copied().flatten()
    }
}

/// Role and title words that say a person's gender ("spokeswoman", "Mrs").
pub(super) fn gender_of_word(word: &str) -> Option<Gender> {
    match word.to_lowercase().trim_end_matches('.') {
        "mr" | "king" | "prince" | "spokesman" | "chairman" | "sir" | "lord" | "congressman" | "father" | "brother"
        | "son" | "husband" => Some(Gender::Masculine),
        "mrs" | "ms" | "miss" | "queen" | "princess" | "spokeswoman" | "chairwoman" | "dame" | "lady"
        | "congresswoman" | "mother" | "sister" | "daughter" | "wife" => Some(Gender::Feminine),
        _ => None,
    }
}

/// A person actor's gender from its role, the words right before its mentions, and its first
/// name; `None` when unknown or when the clues disagree.
pub(super) fn actor_gender(actor: &Actor, doc_text: &str, names: &NameGenders) -> Option<Gender> {
    let mut clues = Vec::new();
    for word in actor.role.iter().flat_map(|r| r.split_whitespace()) {
        clues.extend(gender_of_word(word));
    }
    for m in actor.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let before = doc_text[..m.span.start].split_whitespace().next_back().unwrap_or_default();
        clues.extend(gender_of_word(before.trim_matches(|c: char| !c.is_alphanumeric())));
    }
    if actor.name.split_whitespace().count() >= 2 || clues.is_empty() {
        clues.extend(actor.name.split_whitespace().next().and_then(|first| names.get(first)));
    }
    let first = *clues.first()?;
    clues.iter().all(|g| *g == first).then_some(first)
}
