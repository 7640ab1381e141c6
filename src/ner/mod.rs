//! NER: entity mentions (PER, LOC, ORG, MISC) from a fine-tuned token classifier.
//!
//! Owns the word-level prediction path: sequences of words are cut into windows the model takes
//! (each word predicted once, with context on both sides), batched by length to cut padding, run
//! without gradients, and decoded with valid IOB2 transitions ([`decode`]). A model trained with
//! document context reads a whole document as one stream, several sentences packed to a window;
//! otherwise each sentence is read on its own (long ones in overlapping chunks). No window is
//! longer than the model takes: a word with more pieces than a window holds ("ab.ab.ab..." splits
//! at every period) is read up to its first pieces, and the document gets a warning.
//! [`NerModel::annotate_all`] fills a [`Document`]'s entities from its segmented tokens, and
//! [`repair_spans`] mends the spans of any model (the pipeline runs it after each). Training is
//! in [`train`], data reading in [`data`], scoring in [`eval`].
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

mod citations;
pub mod data;
pub mod decode;
pub mod eval;
#[cfg(feature = "hub")]
pub mod hub;
mod regions;
pub mod train;

use crate::document::{Document, Entity, EntityKind, Span};
use crate::model::{inference_batches, padded_len, Batch, EncodedWords, ModelError, Precision, TokenClassifier};
use decode::Transitions;
use std::path::Path;
use tch::{Device, Kind};

/// Sequences per forward pass at inference.
const BATCH_SIZE: usize = 32;
/// Longest training window in word pieces, when training with document context.
pub(crate) const TRAIN_WINDOW_PIECES: usize = 128;
/// Longest window at inference. Longer than in training, so that the context on both sides (read
/// but not predicted) is a smaller share of the work: with 128-piece windows of packed sentences
/// about 40% of the pieces were context; every predicted word still has at least
/// [`PREDICT_CONTEXT_WORDS`] words of context on each side.
pub(crate) const PREDICT_WINDOW_PIECES: usize = 128;
/// Words of context kept on each side when a sequence is cut into windows, in training and at
/// inference.
pub(crate) const TRAIN_CONTEXT_WORDS: usize = 16;
const PREDICT_CONTEXT_WORDS: usize = 8;

/// A loaded NER model.
pub struct NerModel {
    classifier: TokenClassifier,
    transitions: Transitions,
    name: String,
}

/// One word's predicted IOB2 tag and the model's probability for it.
#[derive(Debug, Clone, PartialEq)]
pub struct WordTag {
    pub tag: String,
    pub prob: f32,
}

/// How one sequence of words is read: its windows, and the words read only in part.
#[derive(Default)]
pub(crate) struct Windows {
    pub windows: Vec<Window>,
    /// Indices of words with more pieces than a window holds, read up to the window's size.
    pub cut_words: Vec<usize>,
}

/// A stretch of one sequence of words, predicted with context around it.
pub(crate) struct Window {
    /// Words `[context_start, context_end)` are encoded; `[start, end)` are predicted.
    pub context_start: usize,
    pub start: usize,
    pub end: usize,
    pub encoded: EncodedWords,
}

impl NerModel {
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let classifier = TokenClassifier::load(dir, device)?;
        let name = dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        Ok(Self::from_classifier(classifier, name))
    }

    pub fn from_classifier(classifier: TokenClassifier, name: String) -> Self {
        let transitions = Transitions::iob2(classifier.labels());
        Self { classifier, transitions, name }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Predicts in `precision` from now on; returns the precision that runs.
    pub fn set_precision(&mut self, precision: Precision) -> Result<Precision, ModelError> {
        self.classifier.set_precision(precision)
    }

    pub fn classifier(&self) -> &TokenClassifier {
        &self.classifier
    }

    /// Predicts IOB2 tags for each sequence of words, each read on its own.
    pub fn predict<S: AsRef<str>>(&self, sequences: &[impl AsRef<[S]>]) -> Result<Vec<Vec<WordTag>>, ModelError> {
        let (scores, _) = self.score(sequences)?;
        Ok(scores.iter().map(|sequence| self.decode(sequence)).collect())
    }

    /// Predicts IOB2 tags for each sentence of each document. A model trained with document
    /// context reads each document as one stream of words cut into packed windows (several
    /// sentences to a window, context on both sides, every word predicted once); others read each
    /// sentence on its own. Decoding is per sentence either way.
    pub fn predict_documents<S: AsRef<str>>(
        &self,
        documents: &[Vec<Vec<S>>],
    ) -> Result<Vec<Vec<Vec<WordTag>>>, ModelError> {
        Ok(self.predict_documents_cut(documents)?.0)
    }

    /// [`Self::predict_documents`], and for each document the words (as indices into the
    /// document's words, sentence after sentence) that were too long to be read whole.
    #[allow(clippy::type_complexity)]
    fn predict_documents_cut<S: AsRef<str>>(
        &self,
        documents: &[Vec<Vec<S>>],
    ) -> Result<(Vec<Vec<Vec<WordTag>>>, Vec<Vec<usize>>), ModelError> {
        if !self.classifier.document_context {
            let sentences: Vec<&[S]> = documents.iter().flatten().map(Vec::as_slice).collect();
            let (scores, cut) = self.score(&sentences)?;
            let mut predicted = scores.iter().map(|sentence| self.decode(sentence));
            let mut cut = cut.into_iter();
            let mut tags = Vec::with_capacity(documents.len());
            let mut cut_words = Vec::with_capacity(documents.len());
            for doc in documents {
                tags.push(predicted.by_ref().take(doc.len()).collect());
                let mut offset = 0;
                let mut words = Vec::new();
                for (sentence, cut) in doc.iter().zip(cut.by_ref()) {
                    words.extend(cut.into_iter().map(|w| offset + w));
                    offset += sentence.len();
                }
                cut_words.push(words);
            }
            return Ok((tags, cut_words));
        }
        let streams: Vec<Vec<&str>> =
            documents.iter().map(|doc| doc.iter().flatten().map(AsRef::as_ref).collect()).collect();
        let (scores, cut) = self.score(&streams)?;
        let tags = documents
            .iter()
            .zip(scores)
            .map(|(doc, stream)| {
                let mut stream = stream.into_iter();
                doc.iter()
                    .map(|sentence| self.decode(&stream.by_ref().take(sentence.len()).collect::<Vec<_>>()))
                    .collect()
            })
            .collect();
        Ok((tags, cut))
    }

    /// Label log-probabilities for every word of every sequence, and the words of each sequence
    /// that were read only in part.
    #[allow(clippy::type_complexity)]
    fn score<S: AsRef<str>>(
        &self,
        sequences: &[impl AsRef<[S]>],
    ) -> Result<(Vec<Vec<Vec<f32>>>, Vec<Vec<usize>>), ModelError> {
        let mut windows = Vec::new();
        let mut cut = Vec::with_capacity(sequences.len());
        for (i, words) in sequences.iter().enumerate() {
            let read = self.windows(words.as_ref(), PREDICT_WINDOW_PIECES, PREDICT_CONTEXT_WORDS)?;
            windows.extend(read.windows.into_iter().map(|w| (i, w)));
            cut.push(read.cut_words);
        }
        // Batches of similar lengths keep padding small; each of one padded length, so that a
        // window's scores never depend on the windows it is batched with.
        let lengths: Vec<usize> = windows.iter().map(|(_, w)| w.encoded.ids.len()).collect();
        let limit = self.classifier.max_pieces;
        let mut scores: Vec<Vec<Vec<f32>>> = sequences.iter().map(|s| vec![Vec::new(); s.as_ref().len()]).collect();
        let labels = self.classifier.labels().len();
        tch::no_grad(|| -> Result<(), ModelError> {
            for chunk in inference_batches(&lengths, BATCH_SIZE, limit) {
                let items: Vec<&EncodedWords> = chunk.iter().map(|&w| &windows[w].1.encoded).collect();
                let batch = Batch::padded_to(&items, padded_len(lengths[chunk[0]], limit), self.classifier.device());
                let log_probs =
                    self.classifier.logits(&batch, false).log_softmax(-1, Kind::Float).to_device(Device::Cpu);
                let flat = Vec::<f32>::try_from(log_probs.flatten(0, -1))?;
                for (row, &w) in chunk.iter().enumerate() {
                    let (sequence, window) = &windows[w];
                    let slots = scores[*sequence].iter_mut().enumerate().take(window.end).skip(window.start);
                    for (word, slot) in slots {
                        let scored = match window.encoded.first_piece[word - window.context_start] {
                            Some(piece) => {
                                let at = (row * batch.len + piece) * labels;
                                flat[at..at + labels].to_vec()
                            }
                            // A word with no pieces (e.g. a lone combining mark) is outside any entity.
                            None => (0..labels).map(|l| if l == 0 { 0.0 } else { f32::NEG_INFINITY }).collect(),
                        };
                        *slot = scored;
                    }
                }
            }
            Ok(())
        })?;
        Ok((scores, cut))
    }

    /// The best valid tag path for one sentence's word scores.
    fn decode(&self, sentence: &[Vec<f32>]) -> Vec<WordTag> {
        let path = decode::viterbi(sentence, &self.transitions);
        path.iter()
            .zip(sentence)
            .map(|(&l, s)| WordTag { tag: self.classifier.labels()[l].clone(), prob: s[l].exp() })
            .collect()
    }

    /// Cuts one sequence of words into windows of at most `max_pieces` pieces, each predicting a
    /// stretch of words with up to `context_words` words of context on each side; every word is
    /// predicted by exactly one window. No window is ever longer than `max_pieces` (nor the
    /// model's position limit): a word is read up to its first `max_pieces - 2` pieces, and left
    /// context gives way before the word it surrounds does.
    pub(crate) fn windows<S: AsRef<str>>(
        &self,
        words: &[S],
        max_pieces: usize,
        context_words: usize,
    ) -> Result<Windows, ModelError> {
        let mut out = Windows::default();
        if words.is_empty() {
            return Ok(out);
        }
        let limit = max_pieces.min(self.classifier.max_pieces);
        // [CLS] and [SEP] take two positions.
        let budget = limit.saturating_sub(2).max(1);
        let (whole, cut) = self.classifier.encode_words_capped(words, budget)?;
        out.cut_words = cut;
        if whole.ids.len() <= limit {
            out.windows.push(Window { context_start: 0, start: 0, end: words.len(), encoded: whole });
            return Ok(out);
        }
        // Pieces per word, to size windows without re-encoding each candidate.
        let mut pieces_per_word = vec![0usize; words.len()];
        let firsts: Vec<usize> = whole.first_piece.iter().flatten().copied().collect();
        let mut k = 0;
        for (w, first) in whole.first_piece.iter().enumerate() {
            if let Some(first) = first {
                let next = firsts.get(k + 1).copied().unwrap_or(whole.ids.len() - 1);
                pieces_per_word[w] = next - first;
                k += 1;
            }
        }
        let mut start = 0;
        while start < words.len() {
            let mut context_start = start.saturating_sub(context_words);
            let mut used: usize = pieces_per_word[context_start..start].iter().sum();
            // Long words on the left must not push the first predicted word past the budget.
            while context_start < start && used + pieces_per_word[start] > budget {
                used -= pieces_per_word[context_start];
                context_start += 1;
            }
            let mut end = start;
            // Leave room for right context, but always predict at least one word.
            while end < words.len() && (end == start || used + pieces_per_word[end] + context_words * 2 <= budget) {
                used += pieces_per_word[end];
                end += 1;
            }
            let mut context_end = end;
            while context_end < words.len() && used + pieces_per_word[context_end] <= budget {
                used += pieces_per_word[context_end];
                context_end += 1;
            }
            let (encoded, _) = self.classifier.encode_words_capped(&words[context_start..context_end], budget)?;
            if encoded.ids.len() > limit {
                // Unreachable when pieces add up per word; an error is still better than a panic.
                return Err(ModelError::Tokenizer(format!(
                    "window of {} pieces is longer than the limit of {limit}",
                    encoded.ids.len()
                )));
            }
            out.windows.push(Window { context_start, start, end, encoded });
            start = end;
        }
        Ok(out)
    }

    /// Fills each document's `entities` from its sentences' tokens; sentences of all documents
    /// are predicted together, so batches are full.
    pub fn annotate_all(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        let documents: Vec<Vec<Vec<&str>>> = docs
            .iter()
            .map(|doc| doc.sentences.iter().map(|s| s.tokens.iter().map(|t| t.slice(&doc.text)).collect()).collect())
            .collect();
        let (predicted, cut) = self.predict_documents_cut(&documents)?;
        for ((doc, tags), cut) in docs.iter_mut().zip(predicted).zip(cut) {
            if let Some(&first) = cut.first() {
                let word = doc.sentences.iter().flat_map(|s| &s.tokens).nth(first).map_or("", |t| t.slice(&doc.text));
                let shown: String = word.chars().take(24).collect();
                doc.warnings.push(format!(
                    "NER read only the first {} word pieces of {} over-long word(s) (first: {shown:?}...)",
                    PREDICT_WINDOW_PIECES.min(self.classifier.max_pieces) - 2,
                    cut.len()
                ));
            }
            doc.entities = entities_from_tags(doc, &tags);
        }
        Ok(())
    }
}

/// Repairs to the spans any NER model gives, in text order: citation author lists become their
/// authors ([`citations`]) and a compass word split from its place joins it ([`regions`]).
pub(crate) fn repair_spans(text: &str, entities: Vec<Entity>) -> Vec<Entity> {
    regions::join_compass_prefixes(text, citations::split_author_lists(text, entities))
}

/// Entity spans from per-sentence word tags; the score is the mean tag probability, rounded to
/// four decimals so that output does not vary in the last bits with the thread count.
fn entities_from_tags(doc: &Document, predicted: &[Vec<WordTag>]) -> Vec<Entity> {
    let mut entities = Vec::new();
    for (sentence, tags) in doc.sentences.iter().zip(predicted) {
        let tag_names: Vec<String> = tags.iter().map(|t| t.tag.clone()).collect();
        for (kind, start, end) in eval::chunks(&tag_names) {
            let Some(kind) = entity_kind(&kind) else { continue };
            let score = tags[start..end].iter().map(|t| t.prob).sum::<f32>() / (end - start) as f32;
            let span = Span::new(sentence.tokens[start].start, sentence.tokens[end - 1].end);
            entities.push(Entity { span, kind, score: (score * 1e4).round() / 1e4 });
        }
    }
    entities
}

/// The entity class for a CoNLL type name.
pub(crate) fn entity_kind(name: &str) -> Option<EntityKind> {
    Some(match name {
        "PER" => EntityKind::Person,
        "LOC" => EntityKind::Location,
        "ORG" => EntityKind::Organization,
        "MISC" => EntityKind::Misc,
        _ => return None,
    })
}
