//! `--dedup`: drops near-duplicate articles (syndicated wire copies) before export.
//!
//! Each text becomes a MinHash signature over its word 5-shingles (lower-cased words, punctuation
//! and quote styles ignored); the share of equal signature slots estimates the Jaccard similarity
//! of two texts' shingle sets. Locality-sensitive hashing (64 bands of 2 slots) finds the
//! candidates, so the cost grows with the number of similar pairs, not with the square of the
//! corpus. The first occurrence is kept. Hashes are fixed in this file: the same corpus gives the
//! same result on every run.

use super::split::{mix64, stable_hash};
use crate::segment::words;
use std::collections::HashMap;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Signature slots (hash functions).
pub const SLOTS: usize = 128;
/// Slots per LSH band; `SLOTS / BAND_ROWS` bands.
const BAND_ROWS: usize = 2;
/// Default minimum estimated Jaccard similarity for a duplicate.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// The MinHash signature of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(Vec<u64>);

impl Signature {
    /// The signature of `text`, or `None` when it has no words.
    pub fn of(text: &str) -> Option<Self> {
        let words: Vec<String> = words(text).map(str::to_lowercase).collect();
        if words.is_empty() {
            return None;
        }
        let width = SHINGLE_WORDS.min(words.len());
        let mut slots = vec![u64::MAX; SLOTS];
        for shingle in words.windows(width) {
            let base = stable_hash(&shingle.join(" "));
            for (i, slot) in slots.iter_mut().enumerate() {
                // One hash function per slot: the shingle hash mixed with a per-slot constant.
                let h = mix64(base ^ SLOT_SEEDS[i]);
                *slot = (*slot).min(h);
            }
        }
        Some(Self(slots))
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count() as f64 / SLOTS as f64
    }
}

/// Per-slot seeds, derived once from the slot number.
static SLOT_SEEDS: std::sync::LazyLock<[u64; SLOTS]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|i| mix64(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1))));

/// A document dropped as a near-duplicate of an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub id: String,
    /// The kept document it repeats.
    pub of: String,
    pub similarity: f64,
}

/// Remembers the kept documents and answers whether a new one repeats any of them.
pub struct Deduplicator {
    threshold: f64,
    kept: Vec<(String, Signature)>,
    /// Per band: band hash → indices into `kept`. Only looked up, never iterated.
    bands: Vec<HashMap<u64, Vec<usize>>>,
}

impl Deduplicator {
    pub fn new(threshold: f64) -> Self {
        Self { threshold, kept: Vec::new(), bands: vec![HashMap::new(); SLOTS / BAND_ROWS] }
    }

    /// Checks `text` against the documents kept so far: a [`Duplicate`] naming the earliest kept
    /// document at or above the threshold, or `None` (and the document is kept). Texts without
    /// words are always kept.
    pub fn check(&mut self, id: &str, text: &str) -> Option<Duplicate> {
        let signature = Signature::of(text)?;
        let keys: Vec<u64> =
            signature.0.chunks(BAND_ROWS).map(|rows| rows.iter().fold(0, |h, &r| mix64(h ^ r))).collect();
        let mut candidates: Vec<usize> =
            keys.iter().zip(&self.bands).filter_map(|(key, band)| band.get(key)).flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        for k in candidates {
            let (kept_id, kept) = &self.kept[k];
            let similarity = signature.similarity(kept);
            if similarity >= self.threshold {
                return Some(Duplicate { id: id.to_string(), of: kept_id.clone(), similarity });
            }
        }
        let index = self.kept.len();
        for (key, band) in keys.into_iter().zip(&mut self.bands) {
            band.entry(key).or_default().push(index);
        }
        self.kept.push((id.to_string(), signature));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Foreign ministers from both countries met in Geneva on Monday and agreed to resume talks \
        on the prisoner exchange next week, officials said. The meeting lasted three hours and ended \
        without a joint statement, but both delegations described it as useful. A second round is \
        planned in Vienna before the end of the month, according to a spokesperson for the ministry.";

    #[test]
    fn wire_copies_match_and_other_articles_do_not() {
        let reprint =
            format!("GENEVA (Reuters) — {} Reporting by the newsroom; editing by the desk.", WIRE.replace('\'', "’"));
        let other = "The central bank raised interest rates by a quarter point on Tuesday, citing stubborn \
            inflation in services and a tight labour market, and signalled that further increases were possible.";
        let original = Signature::of(WIRE).unwrap();
        assert!(original.similarity(&Signature::of(&reprint).unwrap()) > 0.6);
        assert!(original.similarity(&Signature::of(other).unwrap()) < 0.1);

        let mut dedup = Deduplicator::new(DEFAULT_THRESHOLD);
        assert_eq!(dedup.check("a", WIRE), None);
        assert_eq!(dedup.check("b", other), None);
        let dropped = dedup.check("c", &reprint).expect("the reprint is a duplicate");
        assert_eq!((dropped.id.as_str(), dropped.of.as_str()), ("c", "a"));
        // A duplicate is not remembered, and empty texts are never duplicates.
        assert_eq!(dedup.check("d", ""), None);
        assert_eq!(dedup.check("e", "  "), None);
    }

    #[test]
    fn threshold_decides() {
        // Two of the three sentences, and a new ending.
        let half = WIRE.split_inclusive(". ").take(2).collect::<String>()
            + " Entirely different closing words follow here now.";
        let similarity = Signature::of(WIRE).unwrap().similarity(&Signature::of(&half).unwrap());
        assert!(similarity > 0.3 && similarity < 0.9, "{similarity}");
        let mut strict = Deduplicator::new(similarity + 0.05);
        strict.check("a", WIRE);
        assert!(strict.check("b", &half).is_none());
        let mut loose = Deduplicator::new(similarity - 0.05);
        loose.check("a", WIRE);
        assert!(loose.check("b", &half).is_some());
    }
}
