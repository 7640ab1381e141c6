//! rust-bert's pretrained CoNLL-2003 NER model (bert-large-cased), downloaded from the model hub
//! on first use. Only with the `hub` cargo feature, for users who have network access; selected
//! with `--ner-model rust-bert:conll03`.

use crate::document::{Document, Entity, Span};
use crate::model::ModelError;
use rust_bert::pipelines::ner::NERModel;
use rust_bert::pipelines::token_classification::TokenClassificationConfig;

/// Sentences per `predict_full_entities` call: rust-bert 0.23 decodes every batch after the
/// first against the first batch's features when one call yields more than 64 features, so
/// calls stay well under that.
const SENTENCES_PER_CALL: usize = 8;

pub struct HubNer {
    model: NERModel,
}

impl HubNer {
    pub fn conll03(device: tch::Device) -> Result<Self, ModelError> {
        let config = TokenClassificationConfig { device, ..Default::default() };
        Ok(Self { model: NERModel::new(config)? })
    }

    pub fn annotate_all(&self, docs: &mut [&mut Document]) -> Result<(), ModelError> {
        for doc in docs.iter_mut() {
            let mut entities = Vec::new();
            let sentences: Vec<&str> = doc.sentences.iter().map(|s| s.span.slice(&doc.text)).collect();
            for (chunk_index, chunk) in sentences.chunks(SENTENCES_PER_CALL).enumerate() {
                for (k, found) in self.model.predict_full_entities(chunk).into_iter().enumerate() {
                    let sentence = &doc.sentences[chunk_index * SENTENCES_PER_CALL + k];
                    let text = sentence.span.slice(&doc.text);
                    // rust-bert offsets are in characters of the sentence.
                    let byte_at = |chars: u32| text.char_indices().nth(chars as usize).map_or(text.len(), |(b, _)| b);
                    for e in found {
                        let Some(kind) = super::entity_kind(&e.label) else { continue };
                        let span = Span::new(
                            sentence.span.start + byte_at(e.offset.begin),
                            sentence.span.start + byte_at(e.offset.end),
                        );
                        entities.push(Entity { span, kind, score: ((e.score * 1e4).round() / 1e4) as f32 });
                    }
                }
            }
            doc.entities = entities;
        }
        Ok(())
    }
}
