//! Document-level evaluation on PerSenT: the author's tone toward a news article's main person.
//!
//! Each document goes through the whole pipeline as `slant tag` runs it (NER, actors, pronoun
//! and role-noun linking, tone of every mention, the learned article-level aggregation of
//! [`super::aggregate`]); the target is the actor whose name is the TARGET_ENTITY (or shares
//! its last word). Documents where no actor matches get "neutral". Beside slant's figure, the
//! same mentions are scored by the plain weighted mean of their probabilities (the aggregation
//! slant used before it learned one), and two document-level baselines: the majority class, and
//! the mean AFINN word score of the whole document (positive above +0.05, negative below -0.05).
//! Each document's aggregator features can be written out to train the aggregator on.

use super::aggregate::{self, ActorContext, ArticleContext};
use super::eval::{self, ToneReport};
use crate::actors::fold;
use crate::document::{ContentKind, Metadata, Polarity, RawDocument};
use crate::ingest;
use crate::model::ModelError;
use crate::offsets::CodePoints;
use crate::pipeline::{text_stages, Pipeline};
use crate::records::{Record, TaggedActor};
use crate::segment::words_keeping;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// One PerSenT document.
pub struct PersentDoc {
    pub title: Option<String>,
    pub target: String,
    pub text: String,
    pub gold: Polarity,
}

pub fn read(path: &Path) -> Result<Vec<PersentDoc>, String> {
    let shown = path.display();
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{shown}: {e}"))?;
    let headers = reader.headers().map_err(|e| format!("{shown}: {e}"))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| format!("{shown}: no {name} column"));
    let (target_c, doc_c, gold_c) = (col("TARGET_ENTITY")?, col("DOCUMENT")?, col("TRUE_SENTIMENT")?);
    let title_c = col("TITLE").ok();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{shown}: record {}: {e}", i + 1))?;
        let gold = Polarity::parse(&record[gold_c])
            .ok_or_else(|| format!("{shown}: record {}: sentiment {:?}", i + 1, &record[gold_c]))?;
        // As `slant tag` reads a CSV's text column (PerSenT's texts carry mojibake).
        let field = |c: usize| ingest::tidy_supplied(record[c].to_string(), true).0;
        out.push(PersentDoc {
            title: title_c.map(field).filter(|t| !t.trim().is_empty()),
            target: field(target_c),
            text: field(doc_c),
            gold,
        });
    }
    Ok(out)
}

/// What the pipeline gave for one document's target.
#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    pub gold: Polarity,
    /// The aggregator's features ([`aggregate::FEATURES`]); `None` when no actor matched.
    pub features: Option<Vec<f32>>,
    /// The weighted mean of the target's mention probabilities.
    pub mean: Option<[f32; 3]>,
    /// slant's tone (the shipped aggregator).
    pub probs: Option<[f32; 3]>,
    pub mentions: usize,
}

/// Runs the pipeline over the documents, `batch` at a time, and reads each one's target.
pub fn run(pipeline: &Pipeline, docs: &[PersentDoc], batch: usize) -> Result<Vec<TargetResult>, ModelError> {
    let mut out = Vec::with_capacity(docs.len());
    for (b, chunk) in docs.chunks(batch.max(1)).enumerate() {
        let mut processed: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                let raw = RawDocument::new(format!("persent-{}", b * batch + i), doc.text.clone())
                    .with_kind(ContentKind::Body)
                    .with_metadata(Metadata { title: doc.title.clone(), ..Metadata::default() });
                text_stages(pipeline.options(), &raw)
            })
            .collect();
        let mut ok: Vec<_> = processed.iter_mut().filter_map(|d| d.as_mut().ok()).collect();
        pipeline.model_stages(&mut ok)?;
        for (doc, result) in chunk.iter().zip(&processed) {
            let Record::Ok(record) = pipeline.records().record(result, Some(ContentKind::Body)) else {
                out.push(TargetResult { gold: doc.gold, features: None, mean: None, probs: None, mentions: 0 });
                continue;
            };
            let actor = target_actor(&record.actors, &doc.target);
            let code_points = CodePoints::new(&record.text);
            let article = ArticleContext::of_record(&record, &code_points);
            let context = actor.map(|actor| ActorContext::of_record(actor, &article));
            let features = context.as_ref().and_then(ActorContext::features);
            let mean = context.as_ref().and_then(|c| Some(aggregate::combine(c.scored_mentions())?.mean));
            let tone = actor.and_then(|a| a.tone.as_ref());
            out.push(TargetResult {
                gold: doc.gold,
                features,
                mean,
                probs: tone.map(|t| [t.p_negative, t.p_neutral, t.p_positive]),
                mentions: tone.map_or(0, |t| t.mentions),
            });
        }
    }
    Ok(out)
}

/// The actor whose name or an alias is the target (folded), else the most mentioned one whose
/// name ends with the target's last word.
fn target_actor<'a>(actors: &'a [TaggedActor], target: &str) -> Option<&'a TaggedActor> {
    let target = fold(target);
    let surname = target.split_whitespace().last()?.to_string();
    let names = |a: &'a TaggedActor| std::iter::once(&a.name).chain(&a.aliases).map(|n| fold(n));
    let exact = actors.iter().find(|a| names(a).any(|n| n == target));
    exact.or_else(|| {
        actors
            .iter()
            .filter(|a| names(a).any(|n| n.split_whitespace().last() == Some(surname.as_str())))
            .max_by_key(|a| (a.mentions.len(), std::cmp::Reverse(a.id.clone())))
    })
}

#[derive(Debug, Serialize)]
pub struct PersentReport {
    /// slant's article-level tone (the shipped aggregator). On PerSenT dev this is the
    /// aggregator's training data: its cross-validated figure is in the tone model card.
    pub slant: ToneReport,
    /// The weighted mean of the same mentions' probabilities.
    pub mean_of_mentions: ToneReport,
    /// Expected calibration error (10 bins) of slant's confidence, and of the mean's (its top
    /// probability, damped for one or two mentions as slant did before).
    pub calibration_error: CalibrationErrors,
    pub baseline_majority: ToneReport,
    pub baseline_lexicon: Option<ToneReport>,
    pub documents: usize,
    pub documents_without_mention: usize,
}

#[derive(Debug, Serialize)]
pub struct CalibrationErrors {
    pub slant: f64,
    pub mean_of_mentions: f64,
}

/// Scores slant, the mean of mentions and the baselines. `afinn` is the AFINN word list, if
/// given.
pub fn report(docs: &[PersentDoc], results: &[TargetResult], afinn: Option<&HashMap<String, f32>>) -> PersentReport {
    let gold: Vec<Polarity> = docs.iter().map(|d| d.gold).collect();
    let label = |probs: Option<[f32; 3]>| probs.map_or(Polarity::Neutral, |p| eval::argmax(&p));
    let slant: Vec<Polarity> = results.iter().map(|r| label(r.probs)).collect();
    let mean: Vec<Polarity> = results.iter().map(|r| label(r.mean)).collect();
    let confidence =
        |probs: Option<[f32; 3]>, damping: f32| probs.map_or(1.0 / 3.0, |p| p[eval::argmax(&p).index()] * damping);
    let slant_confidence: Vec<f32> = results.iter().map(|r| confidence(r.probs, 1.0)).collect();
    let mean_confidence: Vec<f32> =
        results.iter().map(|r| confidence(r.mean, (r.mentions as f32 / 3.0).min(1.0).sqrt())).collect();
    let correct = |predicted: &[Polarity]| gold.iter().zip(predicted).map(|(g, p)| g == p).collect::<Vec<bool>>();
    let majority =
        Polarity::ALL.into_iter().max_by_key(|p| gold.iter().filter(|g| *g == p).count()).unwrap_or(Polarity::Neutral);
    let baseline_lexicon = afinn.map(|lexicon| {
        let lexicon_predicted: Vec<Polarity> = docs.iter().map(|d| lexicon_label(&d.text, lexicon)).collect();
        eval::score(&gold, &lexicon_predicted)
    });
    PersentReport {
        slant: eval::score(&gold, &slant),
        mean_of_mentions: eval::score(&gold, &mean),
        calibration_error: CalibrationErrors {
            slant: eval::calibration_error(&slant_confidence, &correct(&slant), 10),
            mean_of_mentions: eval::calibration_error(&mean_confidence, &correct(&mean), 10),
        },
        baseline_majority: eval::score(&gold, &vec![majority; gold.len()]),
        baseline_lexicon,
        documents: docs.len(),
        documents_without_mention: results.iter().filter(|r| r.features.is_none()).count(),
    }
}

/// Reads AFINN (`word<TAB>score`).
pub fn read_afinn(path: &Path) -> Result<HashMap<String, f32>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let (word, score) = l.rsplit_once('\t')?;
            Some((word.to_string(), score.trim().parse().ok()?))
        })
        .collect())
}

fn lexicon_label(text: &str, lexicon: &HashMap<String, f32>) -> Polarity {
    let words: Vec<String> = words_keeping(text, '\'').map(str::to_lowercase).collect();
    let total: f32 = words.iter().filter_map(|w| lexicon.get(w)).sum();
    let mean = total / words.len().max(1) as f32;
    if mean > 0.05 {
        Polarity::Positive
    } else if mean < -0.05 {
        Polarity::Negative
    } else {
        Polarity::Neutral
    }
}
