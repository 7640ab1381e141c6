//! HTML extraction that combines the two extractor crates: dom_smoothie's and rs-trafilatura's
//! bodies are merged into one list of candidate paragraphs, and a learned model (the text
//! model's cues plus which extractor found the paragraph and how far the two agree) keeps or
//! drops each one.
//!
//! The extractors fail differently: one keeps a "related stories" box the other leaves out, one
//! misses a paragraph after an embedded video the other finds. Agreement is strong evidence, and
//! where they disagree the paragraph's own look decides. Trained with `scripts/train_extract.py`
//! (site-grouped cross-validation, as for text) into `models/extract/html.json`.

use super::feature_names::TEXT_FEATURE_NAMES;
use super::html::HtmlExtraction;
use super::paragraph::word_count;
use super::{learned, text};
use crate::segment::words_keeping;
use std::collections::HashSet;

/// Candidate paragraphs with their features, from the two extractors' bodies (for training the
/// model).
pub(super) fn feature_rows(readability: &str, trafilatura: &str) -> Vec<(String, Vec<f32>)> {
    let c = candidates(readability, trafilatura);
    c.texts.into_iter().zip(c.rows).collect()
}

/// A paragraph is the same in both outputs when this share of its shingles is in the other.
const SAME: f32 = 0.8;

/// How many of dom_smoothie's paragraphs are searched for one of rs-trafilatura's that both have.
const LOOK_AHEAD: usize = 2000;

/// A word 4-gram, hashed: paragraphs are compared by sets of these, and a 64-bit hash makes a
/// collision between two different shingles of one page vanishingly unlikely.
type Shingle = u64;

fn shingle_set(text: &str) -> HashSet<Shingle> {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let words: Vec<&str> = words_keeping(text, '_').collect();
    // A fixed hasher, not the per-process random one: the features must not vary between runs.
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    words.windows(4).map(|w| hasher.hash_one(w)).collect()
}

/// Share of a paragraph's shingles (`own`) found in `other` (1 for a paragraph too short to have
/// any and found verbatim in `other_text`, else 0).
fn support(text: &str, own: &HashSet<Shingle>, other: &HashSet<Shingle>, other_text: &Verbatim) -> f32 {
    if own.is_empty() {
        return if other_text.contains(text.trim()) { 1.0 } else { 0.0 };
    }
    own.iter().filter(|s| other.contains(*s)).count() as f32 / own.len() as f32
}

/// Where a paragraph too short for shingles is looked up in the other output: anywhere in its
/// text, or, on a page with so many of them that this would take quadratic time (no real page
/// comes near), among its paragraphs.
enum Verbatim<'a> {
    Text(&'a str),
    Paragraphs(HashSet<&'a str>),
}

impl<'a> Verbatim<'a> {
    /// Searching the whole text for each of `short` paragraphs costs about `short * text.len()`.
    fn new(text: &'a str, paragraphs: &[&'a str], short: usize) -> Self {
        const BUDGET: usize = 1 << 28;
        if short.saturating_mul(text.len()) <= BUDGET {
            Verbatim::Text(text)
        } else {
            Verbatim::Paragraphs(paragraphs.iter().map(|p| p.trim()).collect())
        }
    }

    fn contains(&self, paragraph: &str) -> bool {
        match self {
            Verbatim::Text(text) => text.contains(paragraph),
            Verbatim::Paragraphs(set) => set.contains(paragraph),
        }
    }
}

/// The candidate paragraphs and their features (in the order of
/// `feature_names::html_feature_names`: the text features, then `HTML_EXTRA_FEATURES`).
pub(crate) struct Candidates {
    pub texts: Vec<String>,
    pub rows: Vec<Vec<f32>>,
}

/// A candidate paragraph and where it came from.
struct Merged<'a> {
    text: &'a str,
    /// Its index among dom_smoothie's paragraphs, if dom_smoothie found it.
    readability: Option<usize>,
    /// Whether rs-trafilatura found it (for one of dom_smoothie's: `support >= SAME`).
    from_trafilatura: bool,
    /// Share of its shingles in the other extractor's output.
    support: f32,
}

/// Merges the two bodies: dom_smoothie's paragraphs in order, with each rs-trafilatura paragraph
/// it lacks inserted after the one that precedes it in rs-trafilatura's output.
pub(crate) fn candidates(readability: &str, trafilatura: &str) -> Candidates {
    let d: Vec<&str> = readability.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let t: Vec<&str> = trafilatura.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let (d_set, t_set) = (shingle_set(readability), shingle_set(trafilatura));
    let d_own: Vec<HashSet<Shingle>> = d.iter().map(|p| shingle_set(p)).collect();
    let t_own: Vec<HashSet<Shingle>> = t.iter().map(|p| shingle_set(p)).collect();
    let d_verbatim = Verbatim::new(readability, &d, t_own.iter().filter(|s| s.is_empty()).count());
    let t_verbatim = Verbatim::new(trafilatura, &t, d_own.iter().filter(|s| s.is_empty()).count());
    let mut merged: Vec<Merged> = d
        .iter()
        .zip(&d_own)
        .enumerate()
        .map(|(i, (p, own))| {
            let support = support(p, own, &t_set, &t_verbatim);
            Merged { text: p, readability: Some(i), from_trafilatura: support >= SAME, support }
        })
        .collect();
    // rs-trafilatura's own paragraphs, each to go right after dom_smoothie paragraph `k` (or, as
    // `None`, before all of them), in the order they come.
    let mut inserts: Vec<(Option<usize>, Merged)> = Vec::new();
    let mut after: Option<usize> = None; // the dom_smoothie paragraph last matched or followed
    for (p, own) in t.iter().zip(&t_own) {
        let s = support(p, own, &d_set, &d_verbatim);
        if s >= SAME {
            // Already there: remember where, so that what follows lands after it. The search
            // looks ahead of the last match first and a bounded way only (linear time on pages
            // of many look-alike paragraphs); a paragraph not found near it keeps the place.
            let start = after.map_or(0, |a| a + 1);
            let found = (start..d.len())
                .chain(0..start)
                .take(LOOK_AHEAD)
                .find(|&k| d[k] == *p || own.iter().any(|s| d_own[k].contains(s)));
            if found.is_some() {
                after = found;
            }
        } else {
            inserts.push((after, Merged { text: p, readability: None, from_trafilatura: true, support: s }));
        }
    }
    // Stable: inserts after one paragraph keep their order, and come right after it.
    if !inserts.is_empty() {
        let mut own: Vec<Option<Merged>> = merged.into_iter().map(Some).collect();
        inserts.sort_by_key(|(k, _)| k.map_or(0, |k| k + 1));
        let mut inserts = inserts.into_iter().peekable();
        merged = Vec::with_capacity(own.len() + inserts.len());
        for slot in 0..=own.len() {
            while let Some((_, m)) = inserts.next_if(|(k, _)| k.map_or(0, |k| k + 1) == slot) {
                merged.push(m);
            }
            if let Some(m) = own.get_mut(slot).and_then(Option::take) {
                merged.push(m);
            }
        }
    }
    let words = |s: &str| s.split_whitespace().count() as f32;
    let agreement = {
        let inter = d_set.intersection(&t_set).count() as f32;
        let union = d_set.union(&t_set).count() as f32;
        if union > 0.0 {
            inter / union
        } else {
            0.0
        }
    };
    let texts: Vec<String> = merged.iter().map(|m| m.text.to_string()).collect();
    let page = texts.join("\n\n");
    let rows = text::feature_rows(&page);
    let rows = if rows.len() == merged.len() {
        rows.into_iter().map(|(_, x)| x).collect::<Vec<_>>()
    } else {
        // A candidate that the paragraph splitter cuts differently: read each on its own page.
        texts.iter().map(|t| text::feature_rows(t).into_iter().next().map(|(_, x)| x).unwrap_or_default()).collect()
    };
    let n_text = TEXT_FEATURE_NAMES.len();
    // Counted once: per row, they made a page of many paragraphs take quadratic time.
    let (d_words, t_words) = ((1.0 + words(readability)).ln(), (1.0 + words(trafilatura)).ln());
    let rows = rows
        .into_iter()
        .zip(&merged)
        .map(|(mut x, m)| {
            x.resize(n_text, 0.0);
            let b = |v: bool| if v { 1.0 } else { 0.0 };
            x.extend([b(m.readability.is_some()), b(m.from_trafilatura), m.support, agreement, d_words, t_words]);
            x
        })
        .collect();
    Candidates { texts, rows }
}

/// The combined body and the metadata (dom_smoothie's, filled in from rs-trafilatura's) from the
/// two extractors' outputs for a page (`None` for one that failed).
pub(super) fn extract(d: Option<HtmlExtraction>, t: Option<HtmlExtraction>) -> Result<HtmlExtraction, String> {
    let body = |e: &Option<HtmlExtraction>| e.as_ref().map(|e| e.body.clone()).unwrap_or_default();
    let (d_body, t_body) = (body(&d), body(&t));
    if d_body.trim().is_empty() && t_body.trim().is_empty() {
        return Err("neither dom_smoothie nor rs-trafilatura found a body".into());
    }
    let model = &*learned::HTML_MODEL;
    let c = candidates(&d_body, &t_body);
    let words: Vec<usize> = c.texts.iter().map(|t| word_count(t)).collect();
    let kept: Vec<&str> = model.keep(&c.rows, &words).into_iter().map(|i| c.texts[i].as_str()).collect();
    let body = if kept.is_empty() {
        if d_body.trim().is_empty() {
            t_body
        } else {
            d_body
        }
    } else {
        kept.join("\n\n")
    };
    let mut detected = match (d, t) {
        (Some(d), Some(t)) => {
            let mut m = d.detected;
            m.title = m.title.or(t.detected.title);
            m.date = m.date.or(t.detected.date);
            m.author = m.author.or(t.detected.author);
            m.outlet = m.outlet.or(t.detected.outlet);
            m.url = m.url.or(t.detected.url);
            m
        }
        (Some(e), None) | (None, Some(e)) => e.detected,
        (None, None) => Default::default(),
    };
    detected.title = detected.title.filter(|t| !t.trim().is_empty());
    Ok(HtmlExtraction { body, detected })
}

#[cfg(test)]
mod tests {
    use super::super::feature_names::html_feature_names as feature_names;
    use super::super::{html_body, HtmlExtractor};
    use super::*;

    const A: &str = "The minister said on Monday that the talks had been useful and would go on next week.";
    const B: &str = "Officials from both sides described the meeting as constructive and agreed to meet again.";
    const C: &str = "A third paragraph that only one of the two extractors found after an embedded video.";

    #[test]
    fn merge_keeps_order_and_marks_where_each_paragraph_came_from() {
        let d = format!("{A}\n\n{B}\n\nRelated: Nine things you missed");
        let t = format!("{A}\n\n{C}\n\n{B}");
        let c = candidates(&d, &t);
        assert_eq!(c.texts, [A, C, B, "Related: Nine things you missed"]);
        let names = feature_names();
        let col = |name: &str| names.iter().position(|n| n == name).unwrap();
        let from = |i: usize| (c.rows[i][col("from_readability")], c.rows[i][col("from_trafilatura")]);
        assert_eq!([from(0), from(1), from(2), from(3)], [(1.0, 1.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)]);
        assert!(c.rows.iter().all(|r| r.len() == names.len()));
    }

    #[test]
    fn combined_extraction_keeps_agreed_prose_and_drops_one_sided_furniture() {
        let body = |extra: &str| format!("<p>{A}</p><p>{B}</p><p>{C}</p>{extra}");
        let page = format!(
            "<html><head><title>Talks</title></head><body><nav><a href='/'>Home</a></nav><article>{}</article>\
             <footer>Share this article on Facebook Twitter Email</footer></body></html>",
            body("")
        );
        let found = html_body(&page, HtmlExtractor::Combined).unwrap();
        for p in [A, B, C] {
            assert!(found.body.contains(p), "{p} missing from {}", found.body);
        }
        assert!(!found.body.contains("Facebook") && !found.body.contains("Home"), "{}", found.body);
    }
}
