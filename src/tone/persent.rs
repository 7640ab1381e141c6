//! Document-level evaluation on PerSenT: the author's tone toward a news article's main entity.
//!
//! For each document, slant finds the target's mentions (the full name, or its last word as a
//! whole word), scores each with the tone model, and aggregates them as `slant tag` does for an
//! actor ([`super::aggregate`]: quoted mentions count half). Documents with no mention found get
//! "neutral". Two document-level baselines are scored on the same documents: the majority class,
//! and the mean AFINN word score of the whole document (positive above +0.05, negative below
//! -0.05, fixed thresholds).

use super::aggregate;
use super::eval::{self, ToneReport};
use super::{Target, ToneModel};
use crate::actors::quote_regions;
use crate::document::{Polarity, Span};
use crate::model::ModelError;
use std::collections::HashMap;
use std::path::Path;

/// One PerSenT document.
pub struct PersentDoc {
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
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{shown}: record {}: {e}", i + 1))?;
        let gold = Polarity::parse(&record[gold_c])
            .ok_or_else(|| format!("{shown}: record {}: sentiment {:?}", i + 1, &record[gold_c]))?;
        out.push(PersentDoc { target: record[target_c].to_string(), text: record[doc_c].to_string(), gold });
    }
    Ok(out)
}

/// Byte spans of the target's mentions: the full name, and its last word where the full name is
/// not, as whole words.
fn find_mentions(text: &str, target: &str) -> Vec<Span> {
    let whole_word = |at: usize, len: usize| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + len..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    let mut spans: Vec<Span> = Vec::new();
    let surname = target.split_whitespace().last().unwrap_or(target);
    for needle in [target, surname] {
        if needle.chars().count() < 2 {
            continue;
        }
        for (at, _) in text.match_indices(needle) {
            let span = Span::new(at, at + needle.len());
            if whole_word(at, needle.len()) && !spans.iter().any(|s| s.start <= span.start && span.end <= s.end) {
                spans.push(span);
            }
        }
    }
    spans.sort();
    spans
}

#[derive(Debug, serde::Serialize)]
pub struct PersentReport {
    pub slant: ToneReport,
    pub baseline_majority: ToneReport,
    pub baseline_lexicon: Option<ToneReport>,
    pub documents: usize,
    pub documents_without_mention: usize,
}

/// Scores slant and the baselines on the documents. `afinn` is the AFINN word list, if given.
pub fn evaluate(
    model: &ToneModel,
    docs: &[PersentDoc],
    afinn: Option<&HashMap<String, f32>>,
) -> Result<PersentReport, ModelError> {
    let mut predicted = Vec::with_capacity(docs.len());
    let mut without = 0;
    for doc in docs {
        let sentences = crate::segment::segment(&doc.text);
        let quotes = quote_regions(&doc.text);
        let mut mentions = Vec::new();
        let mut targets = Vec::new();
        for span in find_mentions(&doc.text, &doc.target) {
            let Some((index, sentence)) =
                sentences.iter().enumerate().find(|(_, s)| s.span.start <= span.start && span.end <= s.span.end)
            else {
                continue;
            };
            targets.push(Target {
                sentence: sentence.span.slice(&doc.text),
                start: span.start - sentence.span.start,
                end: span.end - sentence.span.start,
            });
            mentions.push(aggregate::ScoredMention {
                sentence: index,
                quoted: quotes.iter().any(|q| q.start <= span.start && span.end <= q.end),
                probs: [0.0; 3],
            });
        }
        let probs = model.predict(&targets)?;
        for (m, p) in mentions.iter_mut().zip(probs) {
            m.probs = p;
        }
        predicted.push(match aggregate::combine(mentions) {
            Some((tone, _)) => tone.label,
            None => {
                without += 1;
                Polarity::Neutral
            }
        });
    }
    let gold: Vec<Polarity> = docs.iter().map(|d| d.gold).collect();
    let majority =
        Polarity::ALL.into_iter().max_by_key(|p| gold.iter().filter(|g| *g == p).count()).unwrap_or(Polarity::Neutral);
    let baseline_lexicon = afinn.map(|lexicon| {
        let lexicon_predicted: Vec<Polarity> = docs.iter().map(|d| lexicon_label(&d.text, lexicon)).collect();
        eval::score(&gold, &lexicon_predicted)
    });
    Ok(PersentReport {
        slant: eval::score(&gold, &predicted),
        baseline_majority: eval::score(&gold, &vec![majority; gold.len()]),
        baseline_lexicon,
        documents: docs.len(),
        documents_without_mention: without,
    })
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
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_whole_words_full_name_first() {
        let text = "Benjamin Koellmann bought a flat. Koellmann said Koellmanns are rare.";
        let spans: Vec<&str> = find_mentions(text, "Benjamin Koellmann").iter().map(|s| s.slice(text)).collect();
        assert_eq!(spans, ["Benjamin Koellmann", "Koellmann"]);
    }
}
