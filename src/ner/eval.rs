//! Strict entity-level scoring (the seqeval / conlleval definition): a predicted entity counts
//! only when its type and both boundaries match a gold entity. Micro precision, recall and F1,
//! and the same per type.

use serde::Serialize;
use std::collections::BTreeMap;

/// An entity chunk: type and word range (end exclusive).
pub type Chunk = (String, usize, usize);

/// Chunks of an IOB2 sequence. An I- that does not continue a chunk of its type opens one
/// (as conlleval does), so invalid sequences are scored rather than rejected.
pub fn chunks(tags: &[String]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, kind) = match tag.split_once('-') {
            Some((p, k)) => (p, k),
            None => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(k, _)| k == kind);
        if !continues {
            if let Some((k, start)) = open.take() {
                out.push((k, start, i));
            }
            if prefix != "O" {
                open = Some((kind.to_string(), i));
            }
        }
    }
    if let Some((k, start)) = open {
        out.push((k, start, tags.len()));
    }
    out
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold entities.
    pub support: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Scores {
    fn from_counts(correct: usize, predicted: usize, support: usize) -> Self {
        let precision = if predicted == 0 { 0.0 } else { correct as f64 / predicted as f64 };
        let recall = if support == 0 { 0.0 } else { correct as f64 / support as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Self { precision, recall, f1, support, predicted, correct }
    }
}

/// Micro scores and per-type scores.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
    pub per_type: BTreeMap<String, Scores>,
    pub sentences: usize,
    pub tokens: usize,
}

/// Scores predicted against gold IOB2 sequences (same lengths, sentence by sentence).
pub fn score(gold: &[Vec<String>], predicted: &[Vec<String>]) -> Report {
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        let gold_chunks = chunks(g);
        let predicted_chunks = chunks(p);
        for c in &gold_chunks {
            counts.entry(c.0.clone()).or_default().2 += 1;
        }
        for c in &predicted_chunks {
            let entry = counts.entry(c.0.clone()).or_default();
            entry.1 += 1;
            if gold_chunks.contains(c) {
                entry.0 += 1;
            }
        }
    }
    let (correct, predicted_n, support) =
        counts.values().fold((0, 0, 0), |acc, &(c, p, s)| (acc.0 + c, acc.1 + p, acc.2 + s));
    let micro = Scores::from_counts(correct, predicted_n, support);
    Report {
        precision: micro.precision,
        recall: micro.recall,
        f1: micro.f1,
        support,
        per_type: counts.into_iter().map(|(k, (c, p, s))| (k, Scores::from_counts(c, p, s))).collect(),
        sentences: gold.len(),
        tokens: gold.iter().map(Vec::len).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn chunks_follow_conlleval() {
        assert_eq!(
            chunks(&tags("B-PER I-PER O B-LOC B-LOC I-ORG")),
            vec![("PER".into(), 0, 2), ("LOC".into(), 3, 4), ("LOC".into(), 4, 5), ("ORG".into(), 5, 6)]
        );
    }

    #[test]
    fn strict_matching_needs_type_and_both_boundaries() {
        let gold = vec![tags("B-PER I-PER O B-LOC O B-ORG")];
        let predicted = vec![tags("B-PER O O B-LOC O B-MISC")];
        let report = score(&gold, &predicted);
        assert_eq!(report.support, 3);
        assert!((report.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((report.recall - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(report.per_type["LOC"].f1, 1.0);
        assert_eq!(report.per_type["PER"].f1, 0.0);
        assert_eq!(report.per_type["MISC"].predicted, 1);
    }
}
