//! Fine-tuning a token classifier for NER on the shared loop ([`crate::model::training`]):
//! labels aligned to the first word piece of each word (other pieces ignored by the loss), dev
//! scored with strict entity F1 after each epoch.

use super::data::TaggedSentence;
use super::eval::{self, Report};
use super::NerModel;
use crate::model::training::{self, Task, TrainConfig, TrainProgress, TrainReport};
use crate::model::{Batch, EncodedWords, ModelError};
use std::path::Path;
use tch::{nn, Reduction, Tensor};

struct Example {
    encoded: EncodedWords,
    labels: Vec<i64>,
}

struct NerTask<'a> {
    model: &'a NerModel,
    dev: &'a [TaggedSentence],
}

impl Task for NerTask<'_> {
    type Example = Example;

    fn length(&self, example: &Example) -> usize {
        example.encoded.ids.len()
    }

    fn loss(&self, examples: &[&Example]) -> Result<Tensor, ModelError> {
        let classifier = self.model.classifier();
        let items: Vec<&EncodedWords> = examples.iter().map(|e| &e.encoded).collect();
        let batch = Batch::new(&items, classifier.device());
        let mut labels = vec![-100i64; items.len() * batch.len];
        for (row, example) in examples.iter().enumerate() {
            labels[row * batch.len..row * batch.len + example.labels.len()].copy_from_slice(&example.labels);
        }
        let labels = Tensor::from_slice(&labels).to_device(classifier.device());
        let n_labels = classifier.labels().len() as i64;
        let logits = classifier.logits(&batch, true);
        Ok(logits.view([-1, n_labels]).cross_entropy_loss::<Tensor>(&labels, None, Reduction::Mean, -100, 0.0))
    }

    fn evaluate(&self) -> Result<(f64, serde_json::Value), ModelError> {
        let report = evaluate(self.model, self.dev)?;
        Ok((report.f1, serde_json::to_value(&report).unwrap_or_default()))
    }

    fn save(&self, out: &Path) -> Result<(), ModelError> {
        self.model.classifier().save(out)
    }

    fn var_store(&self) -> &nn::VarStore {
        self.model.classifier().var_store()
    }
}

/// Fine-tunes `model` on `train`, keeping the epoch with the best dev F1 in `out`.
///
/// With document context (`classifier.document_context`), each document's sentences become one
/// stream of words cut into the same packed windows as at prediction, and the loss covers the
/// words each window predicts (not its context). Otherwise each sentence is an example and those
/// longer than `config.max_pieces` word pieces are skipped; the report's `train_examples` says
/// how many examples were used.
pub fn train(
    model: &NerModel,
    train: &[TaggedSentence],
    dev: &[TaggedSentence],
    config: &TrainConfig,
    out: &Path,
    progress: &dyn TrainProgress,
) -> Result<TrainReport, ModelError> {
    let classifier = model.classifier();
    let label_index = |tag: &str| classifier.labels().iter().position(|l| l == tag).map_or(0, |i| i as i64);
    let mut examples = Vec::with_capacity(train.len());
    if classifier.document_context {
        for doc in documents(train) {
            let words: Vec<&str> = doc.iter().flat_map(|s| s.words.iter().map(String::as_str)).collect();
            let tags: Vec<&str> = doc.iter().flat_map(|s| s.tags.iter().map(String::as_str)).collect();
            for window in model.windows(&words, super::TRAIN_WINDOW_PIECES, super::TRAIN_CONTEXT_WORDS)?.windows {
                let mut labels = vec![-100i64; window.encoded.ids.len()];
                for (word, tag) in tags.iter().enumerate().take(window.end).skip(window.start) {
                    if let Some(piece) = window.encoded.first_piece[word - window.context_start] {
                        labels[piece] = label_index(tag);
                    }
                }
                examples.push(Example { encoded: window.encoded, labels });
            }
        }
    } else {
        for sentence in train {
            let encoded = classifier.encode_words(&sentence.words)?;
            if encoded.ids.len() > config.max_pieces.min(classifier.max_pieces) {
                continue;
            }
            let mut labels = vec![-100i64; encoded.ids.len()];
            for (word, piece) in encoded.first_piece.iter().enumerate() {
                if let Some(piece) = piece {
                    labels[*piece] = label_index(&sentence.tags[word]);
                }
            }
            examples.push(Example { encoded, labels });
        }
    }
    training::fit(&NerTask { model, dev }, &examples, config, out, progress)
}

/// Consecutive sentences of the same document, in order.
fn documents(sentences: &[TaggedSentence]) -> Vec<&[TaggedSentence]> {
    sentences.chunk_by(|a, b| a.doc == b.doc).collect()
}

/// Predicts `sentences` (in documents, as the model reads them) and scores them strictly
/// against their tags.
pub fn evaluate(model: &NerModel, sentences: &[TaggedSentence]) -> Result<Report, ModelError> {
    let predicted_tags = predict_tags(model, sentences)?;
    let gold: Vec<Vec<String>> = sentences.iter().map(|s| s.tags.clone()).collect();
    Ok(eval::score(&gold, &predicted_tags))
}

/// Predicted IOB2 tags for each sentence, read in their documents.
pub fn predict_tags(model: &NerModel, sentences: &[TaggedSentence]) -> Result<Vec<Vec<String>>, ModelError> {
    let documents: Vec<Vec<Vec<&str>>> = documents(sentences)
        .into_iter()
        .map(|doc| doc.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect())
        .collect();
    let predicted = model.predict_documents(&documents)?;
    Ok(predicted.into_iter().flatten().map(|p| p.into_iter().map(|t| t.tag).collect()).collect())
}
