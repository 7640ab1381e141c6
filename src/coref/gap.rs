//! GAP (Webster et al., 2018): reading its TSVs, the A / B decisions of the pair scorer on the
//! snippet context (the URL is never read), the official scorer's F1 by pronoun gender, and
//! training the scorer's logistic-regression baseline on GAP development (the shipped tree
//! ensemble is trained by `scripts/train_coref.py` on the features `features_tsv` writes).

use super::{feature_count, feature_names, features, Candidate, Gender, NameGenders, Referent, Scorer, Text};
use crate::document::Span;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One GAP example; offsets are byte offsets into `text` (GAP's are character offsets).
#[derive(Debug, Clone)]
pub struct Example {
    pub id: String,
    pub text: String,
    pub pronoun: Span,
    pub names: [String; 2],
    pub offsets: [Span; 2],
    pub gold: [bool; 2],
}

/// Reads a GAP TSV (with its header).
pub fn read(path: &Path) -> Result<Vec<Example>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = data.lines();
    let header: Vec<&str> = lines.next().ok_or("empty file")?.split('\t').collect();
    let col = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| format!("{}: no `{name}` column", path.display()))
    };
    let (id, text, pronoun, p_off) = (col("ID")?, col("Text")?, col("Pronoun")?, col("Pronoun-offset")?);
    let (a, a_off, a_gold) = (col("A")?, col("A-offset")?, col("A-coref")?);
    let (b, b_off, b_gold) = (col("B")?, col("B-offset")?, col("B-coref")?);
    let mut out = Vec::new();
    for (n, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = |msg: String| format!("{}:{}: {msg}", path.display(), n + 2);
        let cols: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| cols.get(c).copied().ok_or_else(|| at(format!("missing column {}", c + 1)));
        let body = get(text)?.to_string();
        let span = |surface: &str, offset: &str| -> Result<Span, String> {
            let chars: usize = offset.trim().parse().map_err(|_| at(format!("bad offset {offset:?}")))?;
            let start =
                body.char_indices().nth(chars).map(|(b, _)| b).ok_or_else(|| at("offset past the text".into()))?;
            let end = start + surface.len();
            if body.get(start..end) != Some(surface) {
                return Err(at(format!("{surface:?} is not at offset {chars}")));
            }
            Ok(Span::new(start, end))
        };
        let truth = |v: &str| -> Result<bool, String> {
            match v.trim().to_uppercase().as_str() {
                "TRUE" => Ok(true),
                "FALSE" => Ok(false),
                other => Err(at(format!("coref value {other:?}"))),
            }
        };
        out.push(Example {
            id: get(id)?.to_string(),
            pronoun: span(get(pronoun)?, get(p_off)?)?,
            names: [get(a)?.to_string(), get(b)?.to_string()],
            offsets: [span(get(a)?, get(a_off)?)?, span(get(b)?, get(b_off)?)?],
            gold: [truth(get(a_gold)?)?, truth(get(b_gold)?)?],
            text: body,
        });
    }
    Ok(out)
}

impl Example {
    /// The pronoun's gender (GAP's pronouns are all he/she forms).
    pub fn gender(&self) -> Option<Gender> {
        match super::pronoun_form(self.pronoun.slice(&self.text))?.0 {
            Referent::Person(g) => Some(g),
            _ => None,
        }
    }

    /// The two candidates: each name's given mention, every other occurrence of the full name,
    /// and its first or last word standing alone (Wikipedia refers back by surname, fiction by
    /// first name), except inside the other name.
    pub(crate) fn candidates(&self) -> [Candidate; 2] {
        let full: Vec<Vec<Span>> = self.names.iter().map(|n| occurrences(&self.text, n)).collect();
        std::array::from_fn(|k| {
            let name = &self.names[k];
            let mut spans: Vec<Span> = full[k].clone();
            spans.push(self.offsets[k]);
            let words: Vec<&str> = name.split_whitespace().collect();
            if words.len() >= 2 {
                for word in [words[0], words[words.len() - 1]] {
                    if word.chars().count() < 3 || !word.starts_with(char::is_uppercase) {
                        continue;
                    }
                    for s in occurrences(&self.text, word) {
                        let inside = |list: &[Span]| list.iter().any(|f| f.start <= s.start && s.end <= f.end);
                        if !inside(&full[k]) && !inside(&full[1 - k]) && !inside(&[self.offsets[1 - k]]) {
                            spans.push(s);
                        }
                    }
                }
            }
            spans.sort_by_key(|s| (s.start, s.end));
            spans.dedup_by(|a, b| a.start < b.end && b.start < a.end);
            Candidate { mentions: spans }
        })
    }

    /// Features of A and B for this example's pronoun.
    pub(crate) fn pair_features(&self) -> Option<[Vec<f32>; 2]> {
        let sentences: Vec<Span> = crate::segment::segment(&self.text).into_iter().map(|s| s.span).collect();
        let text = Text::new(&self.text, &sentences);
        let pronoun = text.pronoun_at(self.pronoun)?;
        let candidates = self.candidates();
        Some([features(&text, &pronoun, &candidates, 0)?, features(&text, &pronoun, &candidates, 1)?])
    }
}

/// Word-bounded occurrences of `word` in `text`.
fn occurrences(text: &str, word: &str) -> Vec<Span> {
    let bounded = |at: usize, end: usize| {
        !text[..at].ends_with(char::is_alphanumeric) && !text[end..].starts_with(char::is_alphanumeric)
    };
    text.match_indices(word).map(|(at, w)| Span::new(at, at + w.len())).filter(|s| bounded(s.start, s.end)).collect()
}

/// The decision for one example: the more probable of A and B is TRUE when it reaches the
/// threshold; the other is FALSE (GAP pronouns have at most one of the two as antecedent).
pub(crate) fn decide(probs: [f32; 2], threshold: f32) -> [bool; 2] {
    let best = if probs[1] > probs[0] { 1 } else { 0 };
    let mut out = [false; 2];
    out[best] = probs[best] >= threshold;
    out
}

/// Precision, recall and F1 over TRUE decisions, as GAP's scorer counts them.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
}

impl Prf {
    fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, false) => {}
        }
        let (tp, fp, fn_) = (self.true_positives as f64, self.false_positives as f64, self.false_negatives as f64);
        self.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        self.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        let pr = self.precision + self.recall;
        self.f1 = if pr > 0.0 { 2.0 * self.precision * self.recall / pr } else { 0.0 };
    }
}

/// GAP's figures: F1 overall, masculine and feminine, and the bias ratio feminine / masculine.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub examples: usize,
    pub overall: Prf,
    pub masculine: Prf,
    pub feminine: Prf,
    pub bias: f64,
}

/// Scores decisions against the examples' gold values.
pub fn score(examples: &[Example], decisions: &[[bool; 2]]) -> Report {
    let (mut overall, mut masculine, mut feminine) = (Prf::default(), Prf::default(), Prf::default());
    for (ex, dec) in examples.iter().zip(decisions) {
        for (&gold, &predicted) in ex.gold.iter().zip(dec) {
            overall.add(gold, predicted);
            match ex.gender() {
                Some(Gender::Masculine) => masculine.add(gold, predicted),
                Some(Gender::Feminine) => feminine.add(gold, predicted),
                None => {}
            }
        }
    }
    let bias = if masculine.f1 > 0.0 { feminine.f1 / masculine.f1 } else { 0.0 };
    Report { examples: examples.len(), overall, masculine, feminine, bias }
}

/// The scorer's probabilities for A and B of each example ([0, 0] when the pronoun is not one
/// slant reads).
pub fn probabilities(scorer: &Scorer, examples: &[Example]) -> Vec<[f32; 2]> {
    examples
        .iter()
        .map(|ex| ex.pair_features().map_or([0.0; 2], |[a, b]| [scorer.probability(&a), scorer.probability(&b)]))
        .collect()
}

/// Decisions and their report at the scorer's GAP threshold.
pub fn evaluate(scorer: &Scorer, examples: &[Example]) -> (Vec<[bool; 2]>, Report) {
    let decisions: Vec<[bool; 2]> =
        probabilities(scorer, examples).into_iter().map(|p| decide(p, scorer.gap_threshold)).collect();
    let report = score(examples, &decisions);
    (decisions, report)
}

/// `ID<TAB>A-coref<TAB>B-coref` lines, no header: what GAP's official scorer reads.
pub fn predictions_tsv(examples: &[Example], decisions: &[[bool; 2]]) -> String {
    let word = |b: bool| if b { "TRUE" } else { "FALSE" };
    examples.iter().zip(decisions).map(|(ex, d)| format!("{}\t{}\t{}\n", ex.id, word(d[0]), word(d[1]))).collect()
}

/// A header line, then `ID, gender (m/f), A-coref, B-coref` (1/0) and A's and B's features per
/// example (empty feature columns when the pronoun is not one slant reads).
pub fn features_tsv(examples: &[Example]) -> String {
    let names = feature_names();
    let mut out = String::from("id\tgender\tgold_a\tgold_b");
    for side in ["a", "b"] {
        for n in &names {
            out.push_str(&format!("\t{side}_{n}"));
        }
    }
    out.push('\n');
    for ex in examples {
        let gender = if ex.gender() == Some(Gender::Feminine) { "f" } else { "m" };
        out.push_str(&format!("{}\t{gender}\t{}\t{}", ex.id, ex.gold[0] as u8, ex.gold[1] as u8));
        let features = ex.pair_features().unwrap_or_else(|| [vec![f32::NAN; names.len()], vec![f32::NAN; names.len()]]);
        for v in features.iter().flatten() {
            out.push_str(&format!("\t{v}"));
        }
        out.push('\n');
    }
    out
}

/// The precision the document linker's threshold is set to reach on GAP validation.
pub const LINK_PRECISION: f64 = 0.8;

/// Options for [`train`].
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// L2 penalties tried; the one with the best F1 on the selection set is kept.
    pub l2: &'static [f32],
    pub iterations: usize,
    pub learning_rate: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self { l2: &[0.0, 0.001, 0.01, 0.1], iterations: 3000, learning_rate: 0.5 }
    }
}

/// What [`train`] reports.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub l2: f32,
    pub train: Report,
    pub validation: Report,
    /// Precision of the document linker's decisions (best candidate above `link_threshold`)
    /// on validation.
    pub validation_link_precision: f64,
    pub validation_link_recall: f64,
}

/// Trains the logistic regression on `train` pairs (each of A and B is a pair, labelled by its
/// coref value) by full-batch gradient descent on standardized features; deterministic. The GAP
/// threshold is chosen on `train`; the L2 penalty on `validation`, whose figure is therefore
/// selection data rather than an unseen test. The link threshold is the lowest that keeps the
/// linker's precision on validation at [`LINK_PRECISION`] or more.
pub fn train(train_set: &[Example], validation: &[Example], options: TrainOptions) -> (Scorer, TrainReport) {
    let pairs: Vec<(Vec<f32>, f32)> = train_set
        .iter()
        .filter_map(|ex| Some((ex.pair_features()?, ex)))
        .flat_map(|([a, b], ex)| [(a, ex.gold[0] as u8 as f32), (b, ex.gold[1] as u8 as f32)])
        .collect();
    let n = feature_count();
    let count = pairs.len().max(1) as f32;
    let mut mean = vec![0.0f32; n];
    for (x, _) in &pairs {
        for j in 0..n {
            mean[j] += x[j] / count;
        }
    }
    let mut scale = vec![0.0f32; n];
    for (x, _) in &pairs {
        for j in 0..n {
            scale[j] += (x[j] - mean[j]).powi(2) / count;
        }
    }
    // The bias column is constant: keep it as is (mean 0, scale 1).
    mean[0] = 0.0;
    let scale: Vec<f32> =
        scale.iter().enumerate().map(|(j, v)| if j == 0 || *v < 1e-8 { 1.0 } else { v.sqrt() }).collect();
    let standardized: Vec<(Vec<f32>, f32)> = pairs
        .iter()
        .map(|(x, y)| (x.iter().zip(&mean).zip(&scale).map(|((v, m), s)| (v - m) / s).collect(), *y))
        .collect();

    let mut best: Option<(Scorer, TrainReport)> = None;
    for &l2 in options.l2 {
        let mut w = vec![0.0f32; n];
        for _ in 0..options.iterations {
            let mut grad = vec![0.0f32; n];
            for (x, y) in &standardized {
                let z: f32 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
                let err = 1.0 / (1.0 + (-z).exp()) - y;
                for j in 0..n {
                    grad[j] += err * x[j] / count;
                }
            }
            for j in 0..n {
                let penalty = if j == 0 { 0.0 } else { l2 * w[j] };
                w[j] -= options.learning_rate * (grad[j] + penalty);
            }
        }
        let mut scorer = Scorer {
            features: feature_names(),
            weights: w,
            mean: mean.clone(),
            scale: scale.clone(),
            ensemble: None,
            gap_threshold: 0.5,
            link_threshold: 0.5,
            trained: serde_json::Value::Null,
        };
        // GAP threshold: the best F1 on the training set.
        let train_probs = probabilities(&scorer, train_set);
        let thresholds: Vec<f32> = (5..=90).step_by(5).map(|t| t as f32 / 100.0).collect();
        let f1_at = |probs: &[[f32; 2]], examples: &[Example], t: f32| {
            let d: Vec<[bool; 2]> = probs.iter().map(|p| decide(*p, t)).collect();
            score(examples, &d).overall.f1
        };
        scorer.gap_threshold = thresholds
            .iter()
            .copied()
            .max_by(|a, b| f1_at(&train_probs, train_set, *a).total_cmp(&f1_at(&train_probs, train_set, *b)))
            .unwrap_or(0.5);
        let val_probs = probabilities(&scorer, validation);
        // Link threshold: precision-first on validation.
        let link_at = |t: f32| {
            let d: Vec<[bool; 2]> = val_probs.iter().map(|p| decide(*p, t)).collect();
            score(validation, &d).overall
        };
        scorer.link_threshold = thresholds
            .iter()
            .copied()
            .find(|t| link_at(*t).precision >= LINK_PRECISION)
            .unwrap_or(0.9)
            .max(scorer.gap_threshold);
        let link = link_at(scorer.link_threshold);
        let (_, train_report) = evaluate(&scorer, train_set);
        let (_, validation_report) = evaluate(&scorer, validation);
        let report = TrainReport {
            l2,
            train: train_report,
            validation: validation_report,
            validation_link_precision: link.precision,
            validation_link_recall: link.recall,
        };
        if best.as_ref().is_none_or(|(_, r)| report.validation.overall.f1 > r.validation.overall.f1) {
            best = Some((scorer, report));
        }
    }
    best.expect("at least one L2 value")
}

/// First-name gender counts from examples: GAP pairs each pronoun with two names of its gender,
/// so every name's first word counts for the pronoun's gender. Written as `models/coref/names.tsv`.
pub fn name_counts(examples: &[Example]) -> String {
    let mut counts: BTreeMap<String, [u32; 2]> = BTreeMap::new();
    for ex in examples {
        let Some(gender) = ex.gender() else { continue };
        for name in &ex.names {
            let Some(first) = name.split_whitespace().next() else { continue };
            if first.chars().count() < 2 || !first.chars().all(char::is_alphabetic) {
                continue;
            }
            counts.entry(first.to_string()).or_default()[(gender == Gender::Feminine) as usize] += 1;
        }
    }
    let mut out = String::from("# first name, masculine, feminine: counts from GAP development (slant train coref)\n");
    for (name, [m, f]) in counts {
        out.push_str(&format!("{name}\t{m}\t{f}\n"));
    }
    out
}

/// Whether a name table derived from examples reads gender as the examples do (a check for the
/// model card: on names it has seen, it should agree with GAP nearly always).
pub fn name_table_agreement(names: &NameGenders, examples: &[Example]) -> f64 {
    let (mut known, mut agree) = (0u32, 0u32);
    for ex in examples {
        for name in &ex.names {
            if let Some(g) = name.split_whitespace().next().and_then(|f| names.get(f)) {
                known += 1;
                agree += (Some(g) == ex.gender()) as u32;
            }
        }
    }
    if known == 0 {
        0.0
    } else {
        agree as f64 / known as f64
    }
}
