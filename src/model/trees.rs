//! Gradient-boosted tree ensembles as scikit-learn exports them (`scripts/train_extract.py`,
//! `scripts/train_coref.py`): the one tree type for every small learned model that reads hand
//! features (extraction's paragraph classifiers, the pronoun pair scorer). Inference is a fixed
//! sum over trees: no threads, no randomness.

use serde::{Deserialize, Serialize};

/// A binary gradient-boosted ensemble (scikit-learn's `GradientBoostingClassifier`): log-odds =
/// `init + learning_rate * sum(trees)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BoostedTrees {
    init: f64,
    learning_rate: f64,
    trees: Vec<Tree>,
}

/// How a tree ensemble is malformed ([`BoostedTrees::check`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("tree {tree}: arrays of different lengths")]
    Lengths { tree: usize },
    #[error("tree {tree}: node {node} points outside the tree or the features")]
    Outside { tree: usize, node: usize },
}

impl BoostedTrees {
    /// Whether every tree is well formed over `features` feature columns.
    pub fn check(&self, features: usize) -> Result<(), TreeError> {
        for (t, tree) in self.trees.iter().enumerate() {
            tree.check(t, features)?;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }

    /// The probability of the positive class for one row of features.
    pub fn probability(&self, x: &[f32]) -> f64 {
        let sum: f64 = self.trees.iter().map(|t| t.predict(x)).sum();
        1.0 / (1.0 + (-(self.init + self.learning_rate * sum)).exp())
    }
}

/// One regression tree in scikit-learn's array layout: node `i` sends `x[feature[i]] <=
/// threshold[i]` to `left[i]`, else to `right[i]`; a node with `left[i] < 0` is a leaf.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Tree {
    feature: Vec<i32>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    value: Vec<f64>,
}

impl Tree {
    /// Whether the arrays agree in length and every node points inside the tree and the
    /// `features` feature columns.
    fn check(&self, tree: usize, features: usize) -> Result<(), TreeError> {
        let n = self.feature.len();
        let sizes = [self.threshold.len(), self.left.len(), self.right.len(), self.value.len()];
        if sizes.iter().any(|&s| s != n) || n == 0 {
            return Err(TreeError::Lengths { tree });
        }
        for i in 0..n {
            let leaf = self.left[i] < 0;
            let children_ok = leaf || (self.left[i] as usize) < n && self.right[i] >= 0 && (self.right[i] as usize) < n;
            let feature_ok = leaf || (self.feature[i] >= 0 && (self.feature[i] as usize) < features);
            if !children_ok || !feature_ok {
                return Err(TreeError::Outside { tree, node: i });
            }
        }
        Ok(())
    }

    fn predict(&self, x: &[f32]) -> f64 {
        let mut node = 0usize;
        while self.left[node] >= 0 {
            // Features are f32 as in training (scikit-learn casts to float32); thresholds are f64.
            let v = f64::from(x[self.feature[node] as usize]);
            node = if v <= self.threshold[node] { self.left[node] } else { self.right[node] } as usize;
        }
        self.value[node]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<BoostedTrees, String> {
        let trees: BoostedTrees = serde_json::from_str(json).map_err(|e| e.to_string())?;
        trees.check(1).map(|()| trees).map_err(|e| e.to_string())
    }

    #[test]
    fn trees_follow_thresholds_and_sum_to_log_odds() {
        // One stump on feature 0: at or below 0.5 it votes -2, above +2.
        let stump = parse(
            r#"{"init":0.5,"learning_rate":0.5,"trees":[{"feature":[0,-1,-1],"threshold":[0.5,0,0],
                "left":[1,-1,-1],"right":[2,-1,-1],"value":[0,-2.0,2.0]}]}"#,
        )
        .unwrap();
        assert!((stump.probability(&[0.5]) - 1.0 / (1.0 + 0.5f64.exp())).abs() < 1e-12);
        assert!((stump.probability(&[0.6]) - 1.0 / (1.0 + (-1.5f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn malformed_trees_are_refused() {
        let outside = r#"{"init":0,"learning_rate":1,"trees":[{"feature":[3,-1,-1],"threshold":[0,0,0],
                         "left":[1,-1,-1],"right":[2,-1,-1],"value":[0,0,0]}]}"#;
        assert!(parse(outside).unwrap_err().contains("tree 0"));
        let short = r#"{"init":0,"learning_rate":1,"trees":[{"feature":[0],"threshold":[],"left":[-1],
                       "right":[-1],"value":[0]}]}"#;
        assert!(parse(short).is_err());
        let trees: BoostedTrees = serde_json::from_str(outside).unwrap();
        assert_eq!(trees.check(1), Err(TreeError::Outside { tree: 0, node: 0 }));
        assert_eq!(trees.check(4), Ok(()));
    }
}
