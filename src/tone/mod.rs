//! Tone toward a target: a fine-tuned pair classifier reads a sentence with the target mention
//! marked (`... said <Marco Rubio> would ...`) together with the mention itself, and gives
//! probabilities for negative, neutral and positive.
//!
//! Sentences longer than the model's window are cut to the words around the target, never
//! rejected; a target too long for the window on its own is cut too. Training is in [`train`], data in [`data`], scoring in [`eval`], article-level
//! aggregation in [`aggregate`], the PerSenT document-level evaluation in [`persent`].

pub mod aggregate;
pub mod data;
pub mod eval;
pub mod persent;
pub mod train;

use crate::document::Polarity;
use crate::model::{EncodedPair, ModelError, PairClassifier};
use std::ops::Range;
use std::path::Path;
use tch::{Device, Kind};

/// Longest input in word pieces; longer sentences are windowed around the target.
pub const WINDOW_PIECES: usize = 160;
const BATCH_SIZE: usize = 32;

/// The class labels, in model order.
pub fn labels() -> Vec<String> {
    Polarity::ALL.iter().map(|p| p.as_str().to_string()).collect()
}

/// A loaded tone model.
pub struct ToneModel {
    classifier: PairClassifier,
    name: String,
}

/// A target to score: a sentence and the byte range of the mention in it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub sentence: &'a str,
    pub start: usize,
    pub end: usize,
}

impl ToneModel {
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let classifier = PairClassifier::load(dir, device)?;
        let name = dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        Ok(Self { classifier, name })
    }

    pub fn from_classifier(classifier: PairClassifier, name: String) -> Self {
        Self { classifier, name }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn classifier(&self) -> &PairClassifier {
        &self.classifier
    }

    /// Encodes a target for the model, windowing long sentences around it. Never longer than
    /// [`WINDOW_PIECES`] (nor the model's position limit): when the target alone is longer, both
    /// segments are cut to fit.
    pub fn encode(&self, target: Target) -> Result<EncodedPair, ModelError> {
        let limit = WINDOW_PIECES.min(self.classifier.max_pieces());
        // No side can keep more words than the window has pieces; starting there spares a
        // 30,000-word sentence from being encoded whole for every mention in it.
        let words = target.sentence.split_whitespace().count();
        let mut context_words = words.min(limit);
        loop {
            let (first, marked_range) = marked(target, context_words);
            let encoded = self.classifier.encode(&first, &target.sentence[target.start..target.end], marked_range)?;
            if encoded.ids.len() <= limit {
                return Ok(encoded);
            }
            if context_words == 0 {
                return Ok(truncate_pair(encoded, limit));
            }
            // Too long: keep fewer words on each side of the target.
            context_words = (context_words * 2 / 3).min(context_words - 1);
        }
    }

    /// Probabilities (negative, neutral, positive) for each target, batched by length.
    pub fn predict(&self, targets: &[Target]) -> Result<Vec<[f32; 3]>, ModelError> {
        let encoded = targets.iter().map(|&t| self.encode(t)).collect::<Result<Vec<_>, _>>()?;
        let mut order: Vec<usize> = (0..encoded.len()).collect();
        order.sort_by_key(|&i| encoded[i].ids.len());
        let mut out = vec![[0.0f32; 3]; targets.len()];
        tch::no_grad(|| -> Result<(), ModelError> {
            for chunk in order.chunks(BATCH_SIZE) {
                let items: Vec<&EncodedPair> = chunk.iter().map(|&i| &encoded[i]).collect();
                let probs = self.classifier.logits(&items, false)?.softmax(-1, Kind::Float).to_device(Device::Cpu);
                let flat = Vec::<f32>::try_from(probs.flatten(0, -1))?;
                for (row, &i) in chunk.iter().enumerate() {
                    out[i].copy_from_slice(&flat[row * 3..row * 3 + 3]);
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// Cuts an encoded pair (`[CLS] first [SEP] second [SEP]`) to `limit` pieces: each segment
/// keeps its first pieces (the second at most half the room unless the first needs less), and
/// the target range is clipped to what remains (`[CLS]` if nothing does).
fn truncate_pair(encoded: EncodedPair, limit: usize) -> EncodedPair {
    let len = encoded.ids.len();
    if len <= limit || len < 3 {
        return encoded;
    }
    // The first segment ends at the first piece of type 1 (the second segment), minus its [SEP].
    let second_start = encoded.type_ids.iter().position(|&t| t == 1).unwrap_or(len);
    let first_len = second_start.saturating_sub(2);
    let second_len = len.saturating_sub(second_start + 1);
    let room = limit.saturating_sub(3);
    let keep_second = second_len.min(room.saturating_sub(first_len).max(room / 2));
    let keep_first = first_len.min(room - keep_second);
    let mut keep: Vec<usize> = Vec::with_capacity(limit);
    keep.push(0);
    keep.extend(1..1 + keep_first);
    keep.push(second_start - 1);
    keep.extend(second_start..second_start + keep_second);
    keep.push(len - 1);
    let pick = |v: &[i64]| keep.iter().map(|&i| v[i]).collect::<Vec<_>>();
    let end = encoded.target.end.min(1 + keep_first);
    let target = if encoded.target.start < end { encoded.target.start..end } else { 0..1 };
    EncodedPair { ids: pick(&encoded.ids), type_ids: pick(&encoded.type_ids), lexicon: pick(&encoded.lexicon), target }
}

/// The sentence with the target wrapped in `<` `>` (keeping `context_words` words on each side
/// of it), and the byte range of the marked target (markers included) in it.
fn marked(target: Target, context_words: usize) -> (String, Range<usize>) {
    let Target { sentence, start, end } = target;
    let mention = &sentence[start..end];
    let before: Vec<&str> = sentence[..start].split_whitespace().collect();
    let after: Vec<&str> = sentence[end..].split_whitespace().collect();
    let before = &before[before.len().saturating_sub(context_words)..];
    let after = &after[..after.len().min(context_words)];
    // Keep a space where the sentence had one, so "<Trump>'s" stays glued as in the text.
    let gap_before = if sentence[..start].ends_with(char::is_whitespace) { " " } else { "" };
    let gap_after = if sentence[end..].starts_with(char::is_whitespace) { " " } else { "" };
    let mut first = before.join(" ");
    if !first.is_empty() {
        first.push_str(gap_before);
    }
    let marked_start = first.len();
    first.push('<');
    first.push_str(mention);
    first.push('>');
    let marked_range = marked_start..first.len();
    if !after.is_empty() {
        first.push_str(gap_after);
        first.push_str(&after.join(" "));
    }
    (first, marked_range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_target_and_windows_around_it() {
        let sentence = "Critics said Trump's plan failed badly.";
        let start = sentence.find("Trump").unwrap();
        let target = Target { sentence, start, end: start + 5 };
        assert_eq!(marked(target, usize::MAX), ("Critics said <Trump>'s plan failed badly.".to_string(), 13..20));
        assert_eq!(marked(target, 1).0, "said <Trump>'s");
    }
}
