//! Scoring three-class tone predictions: macro-F1 over negative, neutral, positive, and accuracy.

use crate::document::Polarity;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct ToneReport {
    pub f1_macro: f64,
    pub accuracy: f64,
    pub per_class: BTreeMap<&'static str, ClassScores>,
    pub examples: usize,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ClassScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

pub fn score(gold: &[Polarity], predicted: &[Polarity]) -> ToneReport {
    let mut per_class = BTreeMap::new();
    let mut f1_sum = 0.0;
    for class in Polarity::ALL {
        let tp = gold.iter().zip(predicted).filter(|(g, p)| **g == class && **p == class).count();
        let predicted_n = predicted.iter().filter(|p| **p == class).count();
        let support = gold.iter().filter(|g| **g == class).count();
        let precision = if predicted_n == 0 { 0.0 } else { tp as f64 / predicted_n as f64 };
        let recall = if support == 0 { 0.0 } else { tp as f64 / support as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        f1_sum += f1;
        per_class.insert(class.as_str(), ClassScores { precision, recall, f1, support });
    }
    let correct = gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
    ToneReport {
        f1_macro: f1_sum / 3.0,
        accuracy: if gold.is_empty() { 0.0 } else { correct as f64 / gold.len() as f64 },
        per_class,
        examples: gold.len(),
    }
}

/// Expected calibration error: predictions binned by confidence into `bins` equal-width bins,
/// the mean gap between each bin's accuracy and mean confidence, weighted by the bin's size.
pub fn calibration_error(confidence: &[f32], correct: &[bool], bins: usize) -> f64 {
    let bins = bins.max(1);
    let mut count = vec![0usize; bins];
    let mut confidence_sum = vec![0f64; bins];
    let mut correct_sum = vec![0f64; bins];
    for (&c, &ok) in confidence.iter().zip(correct) {
        let bin = ((c.clamp(0.0, 1.0) as f64 * bins as f64) as usize).min(bins - 1);
        count[bin] += 1;
        confidence_sum[bin] += c as f64;
        correct_sum[bin] += f64::from(u8::from(ok));
    }
    let total = confidence.len().max(1) as f64;
    (0..bins).filter(|&b| count[b] > 0).map(|b| (correct_sum[b] - confidence_sum[b]).abs() / total).sum()
}

/// The most probable class of (negative, neutral, positive) probabilities.
pub fn argmax(probs: &[f32; 3]) -> Polarity {
    let best = (0..3).max_by(|&a, &b| probs[a].total_cmp(&probs[b]).then(b.cmp(&a))).unwrap_or(1);
    Polarity::ALL[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::*;

    #[test]
    fn macro_f1_averages_the_three_classes() {
        let gold = [Negative, Negative, Neutral, Positive];
        let predicted = [Negative, Neutral, Neutral, Neutral];
        let r = score(&gold, &predicted);
        // negative: P 1, R .5, F1 2/3; neutral: P 1/3, R 1, F1 .5; positive: 0.
        assert!((r.f1_macro - (2.0 / 3.0 + 0.5) / 3.0).abs() < 1e-9);
        assert!((r.accuracy - 0.5).abs() < 1e-9);
        assert_eq!(argmax(&[0.2, 0.3, 0.5]), Positive);
    }

    #[test]
    fn calibration_error_is_the_weighted_gap_per_bin() {
        // Bin 0.9: confidence .9, 1 of 2 right (gap .4); bin 0.5: .5, 1 of 2 right (gap 0).
        let ece = calibration_error(&[0.9, 0.9, 0.5, 0.5], &[true, false, true, false], 10);
        assert!((ece - 0.2).abs() < 1e-6, "{ece}");
        assert!(calibration_error(&[1.0, 1.0], &[true, true], 10) < 1e-9);
    }
}
