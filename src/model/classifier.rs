//! [`TokenClassifier`]: rust-bert's `BertForTokenClassification` with a word-shape embedding,
//! its tokenizer and label list, loaded from and saved to a model directory:
//!
//! - `config.json`: the BERT configuration with `id2label` (as transformers writes it);
//! - `tokenizer.json`: the Hugging Face tokenizer of the base encoder;
//! - `model.safetensors`: all weights in fp16 (`bert.*`, `classifier.*`, `shape_embeddings.*`).

use super::encoder::{self, Encoder};
use super::feature::InputFeature;
use super::files::{self, labels_of, ModelError};
use super::precision::Precision;
use super::shape::{word_shape, SHAPE_CLASSES};
use rust_bert::bert::{BertConfig, BertForTokenClassification};
use std::path::Path;
use tch::{nn, Device, Tensor};
use tokenizers::Tokenizer;

/// A sequence of words as the model sees it: word pieces with `[CLS]`/`[SEP]`, one shape per piece,
/// and where each word's first piece is (`None` for words the tokenizer drops, e.g. a lone
/// variation selector).
#[derive(Debug, Clone)]
pub struct EncodedWords {
    pub ids: Vec<i64>,
    pub shapes: Vec<i64>,
    pub first_piece: Vec<Option<usize>>,
}

/// Padded tensors for a batch of encoded sequences.
pub struct Batch {
    pub ids: Tensor,
    pub mask: Tensor,
    pub shapes: Tensor,
    /// Padded length of the batch.
    pub len: usize,
}

impl Batch {
    /// The items padded to the longest of them (training).
    pub fn new(items: &[&EncodedWords], device: Device) -> Batch {
        Self::padded_to(items, 0, device)
    }

    /// The items padded to `len` pieces, or to the longest of them when that is longer
    /// (inference pads to [`super::padded_len`], so that a row's outputs do not depend on the
    /// other rows).
    pub(crate) fn padded_to(items: &[&EncodedWords], len: usize, device: Device) -> Batch {
        let len = items.iter().map(|e| e.ids.len()).max().unwrap_or(0).max(len);
        let mut ids = vec![0i64; items.len() * len];
        let mut mask = vec![0i64; items.len() * len];
        let mut shapes = vec![0i64; items.len() * len];
        for (row, item) in items.iter().enumerate() {
            let at = row * len;
            ids[at..at + item.ids.len()].copy_from_slice(&item.ids);
            shapes[at..at + item.shapes.len()].copy_from_slice(&item.shapes);
            mask[at..at + item.ids.len()].fill(1);
        }
        let shape = [items.len() as i64, len as i64];
        Batch {
            ids: Tensor::from_slice(&ids).view(shape).to_device(device),
            mask: Tensor::from_slice(&mask).view(shape).to_device(device),
            shapes: Tensor::from_slice(&shapes).view(shape).to_device(device),
            len,
        }
    }
}

/// A BERT token classifier with a word-shape input feature.
pub struct TokenClassifier {
    vs: nn::VarStore,
    /// rust-bert's model, for training (dropout, gradients).
    bert: BertForTokenClassification,
    /// The same weights' fused inference pass, and the head it feeds.
    encoder: Encoder,
    head: (Tensor, Tensor),
    precision: Precision,
    shapes: InputFeature,
    tokenizer: Tokenizer,
    config: BertConfig,
    labels: Vec<String>,
    /// Longest piece sequence the model takes (position embeddings), `[CLS]` and `[SEP]` included.
    pub max_pieces: usize,
    /// Feed word shapes (on by default; off only for the ablation that measures their gain).
    pub word_shapes: bool,
    /// Trained on windows packed with neighbouring sentences of the same document (stored in
    /// `config.json` as `slant_document_context`), and so best run on such windows too.
    pub document_context: bool,
}

const DOCUMENT_CONTEXT_KEY: &str = "slant_document_context";

impl TokenClassifier {
    /// Builds a classifier for `labels` on top of a base encoder directory (config.json,
    /// tokenizer.json, model.safetensors without the `bert.` prefix); head and shapes start fresh.
    pub fn from_base(base: &Path, labels: Vec<String>, device: Device) -> Result<Self, ModelError> {
        let (config, tokenizer) = files::base_parts(base, &labels)?;
        let model = Self::build(config, tokenizer, labels, device)?;
        files::load_weights(&model.vs, &base.join("model.safetensors"), "bert.")?;
        Ok(model)
    }

    /// Builds a classifier from an explicit configuration with random weights (tests, tiny models).
    pub fn from_config(config: BertConfig, tokenizer: Tokenizer, device: Device) -> Result<Self, ModelError> {
        let labels = labels_of(&config);
        Self::build(config, tokenizer, labels, device)
    }

    /// Loads a trained model directory (see the module docs for its files).
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let (config, labels, tokenizer) = files::model_parts(dir)?;
        let mut model = Self::build(config, tokenizer, labels, device)?;
        files::load_weights(&model.vs, &dir.join("model.safetensors"), "")?;
        model.document_context =
            files::config_extra(dir, DOCUMENT_CONTEXT_KEY).and_then(|v| v.as_bool()).unwrap_or(false);
        Ok(model)
    }

    fn build(
        config: BertConfig,
        mut tokenizer: Tokenizer,
        labels: Vec<String>,
        device: Device,
    ) -> Result<Self, ModelError> {
        files::no_padding_or_truncation(&mut tokenizer)?;
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        let bert = BertForTokenClassification::new(&root, &config)?;
        let shapes = InputFeature::new(&vs, "shape_embeddings", SHAPE_CLASSES, config.hidden_size);
        let max_pieces = config.max_position_embeddings as usize;
        let encoder = Encoder::new(&vs, &config, false)?;
        let head = files::linear_vars(&vs, "classifier")?;
        Ok(Self {
            vs,
            bert,
            encoder,
            head,
            precision: Precision::Fp32,
            shapes,
            tokenizer,
            config,
            labels,
            max_pieces,
            word_shapes: true,
            document_context: false,
        })
    }

    /// Runs inference in `precision` (resolved for the model's device) from now on; returns the
    /// precision that runs. Casting to bf16 is for inference only: training needs fp32.
    pub fn set_precision(&mut self, precision: Precision) -> Result<Precision, ModelError> {
        let precision = precision.resolve(self.device());
        encoder::cast_layers(&mut self.vs, precision);
        self.encoder = Encoder::new(&self.vs, &self.config, false)?;
        self.precision = precision;
        Ok(precision)
    }

    /// The precision inference runs in.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Writes the model directory: config, tokenizer and fp16 weights.
    pub fn save(&self, dir: &Path) -> Result<(), ModelError> {
        let extra = [(DOCUMENT_CONTEXT_KEY, serde_json::Value::Bool(self.document_context))];
        files::save(dir, &self.vs, &self.config, &extra, &self.tokenizer)
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn var_store(&self) -> &nn::VarStore {
        &self.vs
    }

    pub fn device(&self) -> Device {
        self.vs.device()
    }

    /// Encodes pre-split words into pieces with shapes. Never truncates.
    pub fn encode_words<S: AsRef<str>>(&self, words: &[S]) -> Result<EncodedWords, ModelError> {
        Ok(self.encode_words_capped(words, usize::MAX)?.0)
    }

    /// Encodes pre-split words, keeping at most `max_word_pieces` pieces of each word (its first
    /// ones, so the first-piece mapping is unchanged), and says which words were cut. One word
    /// can tokenize to thousands of pieces ("ab.ab.ab..." splits at every period); uncut, it
    /// would overflow the position embeddings, which libtorch answers with a panic.
    pub(crate) fn encode_words_capped<S: AsRef<str>>(
        &self,
        words: &[S],
        max_word_pieces: usize,
    ) -> Result<(EncodedWords, Vec<usize>), ModelError> {
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let encoding =
            self.tokenizer.encode(words.as_slice(), true).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        let mut ids = Vec::with_capacity(encoding.len());
        let mut shapes = Vec::with_capacity(encoding.len());
        let mut first_piece = vec![None; words.len()];
        let mut kept = vec![0usize; words.len()];
        let mut cut = Vec::new();
        for (&id, word) in encoding.get_ids().iter().zip(encoding.get_word_ids()) {
            let shape = match word.map(|w| w as usize) {
                Some(w) => {
                    if kept[w] == max_word_pieces {
                        if cut.last() != Some(&w) {
                            cut.push(w);
                        }
                        continue;
                    }
                    kept[w] += 1;
                    if first_piece[w].is_none() {
                        first_piece[w] = Some(ids.len());
                    }
                    if self.word_shapes {
                        word_shape(words[w])
                    } else {
                        0
                    }
                }
                None => 0,
            };
            ids.push(id as i64);
            shapes.push(shape);
        }
        Ok((EncodedWords { ids, shapes, first_piece }, cut))
    }

    /// Label scores `[batch, pieces, labels]` (fp32) for a batch: through rust-bert when
    /// training, through the fused [`Encoder`] otherwise.
    pub fn logits(&self, batch: &Batch, train: bool) -> Tensor {
        let embeds = self.shapes.embeds(&batch.ids, &batch.shapes);
        if train {
            return self.bert.forward_t(None, Some(&batch.mask), None, None, Some(&embeds), train).logits;
        }
        let hidden = self.encoder.forward(&batch.ids, Some(&embeds), None, &batch.mask);
        hidden.linear(&self.head.0, Some(&self.head.1))
    }

    /// [`Self::logits`] at inference through rust-bert's own forward pass (fp32 only), to check
    /// the fused pass against.
    pub fn logits_rust_bert(&self, batch: &Batch) -> Tensor {
        let embeds = self.shapes.embeds(&batch.ids, &batch.shapes);
        self.bert.forward_t(None, Some(&batch.mask), None, None, Some(&embeds), false).logits
    }
}
