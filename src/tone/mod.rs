//! Tone toward a target: a fine-tuned classifier reads a sentence with its targets marked
//! (`... said <Marco Rubio> would ...`) and gives each target probabilities for negative, neutral
//! and positive.
//!
//! The shipped model reads a sentence once for all its targets ([`TargetInput::Sentence`]):
//! every target is marked, and each is classified from its own pieces' contextual vectors next
//! to `[CLS]`. Older models read one `[CLS] sentence [SEP] target [SEP]` pair per target
//! ([`TargetInput::Pair`]); both load.
//!
//! Sentences longer than the model's window are never rejected nor re-encoded per target: the
//! marked sentence is tokenized once and cut into windows on a fixed grid (half a window apart),
//! each target read in the grid window where it is most central, so the work grows linearly with
//! the sentence. Training is in [`train`], data in [`data`], scoring in [`eval`], article-level
//! aggregation in [`aggregate`], the PerSenT document-level evaluation in [`persent`].
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

pub mod aggregate;
pub mod data;
pub mod eval;
pub mod persent;
pub mod train;

use crate::document::Polarity;
use crate::model::{
    inference_batches, EncodedTargets, EncodedText, ModelError, Precision, TargetClassifier, TargetInput,
};
use aggregate::Aggregator;
use std::collections::BTreeMap;
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
    classifier: TargetClassifier,
    name: String,
    /// The directory's own `aggregate.json`; `None` runs the shipped one.
    aggregator: Option<Aggregator>,
}

/// A target to score: a sentence and the byte range of the mention in it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub sentence: &'a str,
    pub start: usize,
    pub end: usize,
}

/// A sentence and the byte ranges of all its targets, scored together.
#[derive(Debug, Clone)]
pub struct SentenceTargets<'a> {
    pub sentence: &'a str,
    pub targets: Vec<Range<usize>>,
}

/// Model inputs for some sentences: each input, and for each of its targets the (sentence,
/// target) it scores.
pub type Inputs = Vec<(EncodedTargets, Vec<(usize, usize)>)>;

impl ToneModel {
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let classifier = TargetClassifier::load(dir, device)?;
        let name = dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        let aggregator = Aggregator::in_model_dir(dir)?;
        Ok(Self { classifier, name, aggregator })
    }

    /// A model for a classifier in memory (training), with the shipped aggregator.
    pub fn from_classifier(classifier: TargetClassifier, name: String) -> Self {
        Self { classifier, name, aggregator: None }
    }

    /// The article-level aggregator of this model: its directory's `aggregate.json`, else the
    /// shipped one.
    pub fn aggregator(&self) -> &Aggregator {
        self.aggregator.as_ref().unwrap_or_else(|| Aggregator::shipped())
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Predicts in `precision` from now on; returns the precision that runs.
    pub fn set_precision(&mut self, precision: Precision) -> Result<Precision, ModelError> {
        self.classifier.set_precision(precision)
    }

    pub fn classifier(&self) -> &TargetClassifier {
        &self.classifier
    }

    fn limit(&self) -> usize {
        WINDOW_PIECES.min(self.classifier.max_pieces())
    }

    /// Encodes one target as a pair input, windowing long sentences around it. Never longer
    /// than [`WINDOW_PIECES`] (nor the model's position limit): when the target alone is longer,
    /// both segments are cut to fit.
    pub fn encode(&self, target: Target) -> Result<EncodedTargets, ModelError> {
        let limit = self.limit();
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

    /// The model's inputs for these sentences' targets: one per target for a pair model; for a
    /// sentence model, each sentence's marked text tokenized once and cut into the windows its
    /// targets need (one when it fits).
    pub fn encode_sentences(&self, sentences: &[SentenceTargets]) -> Result<Inputs, ModelError> {
        let mut inputs = Vec::new();
        for (s, sentence) in sentences.iter().enumerate() {
            match self.classifier.input() {
                TargetInput::Pair => {
                    for (t, range) in sentence.targets.iter().enumerate() {
                        let target = Target { sentence: sentence.sentence, start: range.start, end: range.end };
                        inputs.push((self.encode(target)?, vec![(s, t)]));
                    }
                }
                TargetInput::Sentence => {
                    if sentence.targets.is_empty() {
                        continue;
                    }
                    let (text, marked_ranges) = mark_all(sentence.sentence, &sentence.targets);
                    let encoded = self.classifier.encode_text(&text)?;
                    let pieces: Vec<Range<usize>> =
                        marked_ranges.iter().map(|r| encoded.pieces_of(r.clone())).collect();
                    for (window, members) in windows(&encoded, &pieces, self.limit().saturating_sub(2).max(1)) {
                        let targets: Vec<Range<usize>> = members.iter().map(|&t| pieces[t].clone()).collect();
                        let input = self.classifier.window(&encoded, window, &targets);
                        inputs.push((input, members.into_iter().map(|t| (s, t)).collect()));
                    }
                }
            }
        }
        Ok(inputs)
    }

    /// Probabilities (negative, neutral, positive) for each target of each sentence.
    pub fn predict_sentences(&self, sentences: &[SentenceTargets]) -> Result<Vec<Vec<[f32; 3]>>, ModelError> {
        let inputs = self.encode_sentences(sentences)?;
        let mut out: Vec<Vec<[f32; 3]>> = sentences.iter().map(|s| vec![[0.0; 3]; s.targets.len()]).collect();
        // Each batch of one padded length, so that a target's tone never depends on its batch.
        let lengths: Vec<usize> = inputs.iter().map(|(input, _)| input.ids.len()).collect();
        tch::no_grad(|| -> Result<(), ModelError> {
            for chunk in inference_batches(&lengths, BATCH_SIZE, self.classifier.max_pieces()) {
                let items: Vec<&EncodedTargets> = chunk.iter().map(|&i| &inputs[i].0).collect();
                let probs = self.classifier.logits(&items, false)?.softmax(-1, Kind::Float).to_device(Device::Cpu);
                let flat = Vec::<f32>::try_from(probs.flatten(0, -1))?;
                let owners = chunk.iter().flat_map(|&i| inputs[i].1.iter());
                for (row, &(s, t)) in owners.enumerate() {
                    out[s][t].copy_from_slice(&flat[row * 3..row * 3 + 3]);
                }
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Probabilities for targets scored each on its own (a sentence model sees only that target
    /// marked); [`Self::predict_sentences`] reads a sentence's targets together.
    pub fn predict(&self, targets: &[Target]) -> Result<Vec<[f32; 3]>, ModelError> {
        let sentences: Vec<SentenceTargets> = targets
            .iter()
            .map(|t| SentenceTargets { sentence: t.sentence, targets: std::iter::once(t.start..t.end).collect() })
            .collect();
        Ok(self.predict_sentences(&sentences)?.into_iter().map(|p| p[0]).collect())
    }
}

/// The sentence with every target wrapped in `<` `>`, and each target's byte range (markers
/// included) in it. A target overlapping one marked before it is not marked again and reads the
/// range of that one.
fn mark_all(sentence: &str, targets: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by_key(|&t| (targets[t].start, std::cmp::Reverse(targets[t].end)));
    let mut text = String::with_capacity(sentence.len() + 2 * targets.len());
    let mut ranges = vec![0..0; targets.len()];
    let mut cursor = 0;
    // The last marked target: its range in the sentence and in the text.
    let mut last: Option<(Range<usize>, Range<usize>)> = None;
    for t in order {
        let target = targets[t].clone();
        if let Some((source, marked)) = last.as_ref().filter(|(source, _)| target.start < source.end) {
            debug_assert!(source.start <= target.start);
            ranges[t] = marked.clone();
            continue;
        }
        text.push_str(&sentence[cursor..target.start]);
        let start = text.len();
        text.push('<');
        text.push_str(&sentence[target.clone()]);
        text.push('>');
        ranges[t] = start..text.len();
        cursor = target.end;
        last = Some((target, ranges[t].clone()));
    }
    text.push_str(&sentence[cursor..]);
    (text, ranges)
}

/// Cuts `text` into windows of at most `width` pieces for the targets (piece ranges), and says
/// which targets each window reads. Windows start on a grid half a window apart (or end at the
/// text's end); each target goes to the one where it is most central, so a text of n pieces
/// needs at most about 2n / width windows, whatever the number of targets.
fn windows(text: &EncodedText, targets: &[Range<usize>], width: usize) -> Vec<(Range<usize>, Vec<usize>)> {
    let n = text.ids.len();
    if n <= width {
        return vec![(0..n, (0..targets.len()).collect())];
    }
    let stride = (width / 2).max(1);
    let last_start = n - width;
    let mut by_start: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (t, target) in targets.iter().enumerate() {
        let len = target.len();
        // The start that would centre the target, then the grid starts around it.
        let centred = target.start.saturating_sub(width.saturating_sub(len) / 2);
        let grid = centred / stride * stride;
        let candidates = [grid, grid + stride, last_start];
        let fits = |c: usize| c <= target.start && target.end <= c + width && c <= last_start;
        let margin = |c: usize| (target.start - c).min(c + width - target.end);
        let start = candidates
            .into_iter()
            .filter(|&c| fits(c))
            .max_by(|&a, &b| margin(a).cmp(&margin(b)).then(b.cmp(&a)))
            .unwrap_or_else(|| target.start.min(last_start));
        by_start.entry(start).or_default().push(t);
    }
    by_start.into_iter().map(|(start, members)| (start..start + width, members)).collect()
}

/// Cuts an encoded pair (`[CLS] first [SEP] second [SEP]`) to `limit` pieces: each segment
/// keeps its first pieces (the second at most half the room unless the first needs less), and
/// the target range is clipped to what remains (`[CLS]` if nothing does).
fn truncate_pair(encoded: EncodedTargets, limit: usize) -> EncodedTargets {
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
    let targets = encoded
        .targets
        .iter()
        .map(|target| {
            let end = target.end.min(1 + keep_first);
            if target.start < end {
                target.start..end
            } else {
                0..1
            }
        })
        .collect();
    EncodedTargets {
        ids: pick(&encoded.ids),
        type_ids: pick(&encoded.type_ids),
        lexicon: pick(&encoded.lexicon),
        targets,
    }
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

    #[test]
    fn marks_every_target_once_and_overlaps_share_a_mark() {
        let sentence = "Rubio called Lavrov, and Lavrov's aide.";
        let rubio = 0..5;
        let lavrov = 13..19;
        let second = 25..31;
        let (text, ranges) = mark_all(sentence, &[second.clone(), rubio, lavrov.clone(), 13..17]);
        assert_eq!(text, "<Rubio> called <Lavrov>, and <Lavrov>'s aide.");
        let shown: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["<Lavrov>", "<Rubio>", "<Lavrov>", "<Lavrov>"]);
        assert_eq!(ranges[2], ranges[3], "the overlapping target reads the marked one");
    }

    #[test]
    fn long_texts_get_grid_windows_with_each_target_inside_one() {
        let n = 1000;
        let text = EncodedText { ids: vec![7; n], lexicon: vec![0; n], offsets: (0..n).map(|i| (i, i + 1)).collect() };
        let targets: Vec<Range<usize>> = (0..n).step_by(3).map(|i| i..(i + 2).min(n)).collect();
        let cut = windows(&text, &targets, 100);
        // 334 targets, yet no more windows than the grid has (about 2n / width).
        assert!(cut.len() <= 2 * n / 100 + 1, "{} windows", cut.len());
        let mut seen = vec![0; targets.len()];
        for (window, members) in &cut {
            assert!(window.len() <= 100 && window.end <= n);
            for &t in members {
                assert!(window.start <= targets[t].start && targets[t].end <= window.end);
                seen[t] += 1;
            }
        }
        assert!(seen.iter().all(|&c| c == 1), "each target is read exactly once");
        // A short text is one window.
        assert_eq!(windows(&text, &targets[..2], 2000), vec![(0..n, vec![0, 1])]);
    }
}
