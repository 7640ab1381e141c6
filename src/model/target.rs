//! [`TargetClassifier`]: a BERT classifier of targets (spans) in a text, with its tokenizer and
//! labels, in a model directory laid out as [`super::files`] describes.
//!
//! Two input layouts, chosen at training time and stored in `config.json` as `slant_input`:
//! - [`TargetInput::Pair`]: one target per input, `[CLS] text with <target> marked [SEP] target
//!   [SEP]`, so a sentence is encoded once per target;
//! - [`TargetInput::Sentence`]: `[CLS] text with <every> <target> marked [SEP]`, every target of
//!   the text read from the one encoder pass (needs [`Pooling::ClsTarget`]).
//!
//! Two ways to read the encoder's output, chosen at training time and stored in `config.json`
//! as `slant_pooling`:
//! - [`Pooling::Cls`]: rust-bert's `BertForSequenceClassification` (BERT's pooled `[CLS]`);
//! - [`Pooling::ClsTarget`]: the `[CLS]` hidden state next to the mean hidden state of the
//!   target's pieces, so the head sees the target's own contextual vector, not only a summary of
//!   the sentence (as entity-marker models for relation extraction do).
//!
//! Optionally a [`Lexicon`] class per word piece (the prior polarity of the word it belongs to)
//! is embedded and added to the word-piece embeddings, as the word shapes are in
//! [`super::TokenClassifier`]; the table is saved beside the weights as `lexicon.tsv`.

use super::encoder::{self, Encoder};
use super::feature::InputFeature;
use super::files::{self, labels_of, ModelError};
use super::lexicon::{Lexicon, LEXICON_CLASSES};
use super::precision::Precision;
use rust_bert::bert::{BertConfig, BertEmbeddings, BertForSequenceClassification, BertModel};
use std::ops::Range;
use std::path::Path;
use tch::{nn, nn::Module, Device, Tensor};
use tokenizers::Tokenizer;

const POOLING_KEY: &str = "slant_pooling";

/// How the head reads the encoder's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pooling {
    /// BERT's pooled `[CLS]` vector.
    Cls,
    /// `[CLS]` hidden state concatenated with the mean over the target's pieces.
    ClsTarget,
}

/// How targets are laid out in the encoder's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetInput {
    /// `[CLS] text [SEP] target [SEP]`, one target per input.
    Pair,
    /// `[CLS] text [SEP]`, every target of the text marked and read in one pass.
    Sentence,
}

/// An encoder input as word pieces with segment ids, and which pieces each target covers.
#[derive(Debug, Clone)]
pub struct EncodedTargets {
    pub ids: Vec<i64>,
    pub type_ids: Vec<i64>,
    /// Piece ranges of the targets (none empty; `[CLS]` for a target with no piece).
    pub targets: Vec<Range<usize>>,
    /// Lexicon class of each piece's word (all 0 without a lexicon).
    pub lexicon: Vec<i64>,
}

/// A text encoded whole without special tokens, to be cut into windows: each piece's id,
/// lexicon class and byte offsets in the text.
#[derive(Debug, Clone)]
pub struct EncodedText {
    pub ids: Vec<i64>,
    pub lexicon: Vec<i64>,
    pub offsets: Vec<(usize, usize)>,
}

impl EncodedText {
    /// Pieces overlapping a byte range, as a piece range (empty when none does).
    pub(crate) fn pieces_of(&self, bytes: Range<usize>) -> Range<usize> {
        let first = self.offsets.partition_point(|&(_, end)| end <= bytes.start);
        let mut last = first;
        while last < self.offsets.len() && self.offsets[last].0 < bytes.end {
            last += 1;
        }
        first..last.max(first)
    }
}

const LEXICON_FILE: &str = "lexicon.tsv";
const INPUT_KEY: &str = "slant_input";

enum Head {
    Cls(BertForSequenceClassification),
    ClsTarget { bert: BertModel<BertEmbeddings>, dropout: f64, classifier: nn::Linear },
}

pub struct TargetClassifier {
    vs: nn::VarStore,
    /// rust-bert's modules, for training.
    head: Head,
    /// The same weights' fused inference pass, and the classifier it feeds.
    encoder: Encoder,
    classifier: (Tensor, Tensor),
    precision: Precision,
    pooling: Pooling,
    input: TargetInput,
    /// The lexicon feature: the table and its embedding.
    lexicon: Option<(Lexicon, InputFeature)>,
    tokenizer: Tokenizer,
    config: BertConfig,
    labels: Vec<String>,
}

/// A setting saved in `config.json` under `key`, or `default` for models saved before it existed.
fn setting<T: serde::de::DeserializeOwned>(dir: &Path, key: &str, default: T) -> Result<T, ModelError> {
    match files::config_extra(dir, key) {
        None => Ok(default),
        Some(value) => serde_json::from_value(value)
            .map_err(|e| files::file_error(&dir.join("config.json"), format!("{key}: {e}"))),
    }
}

impl TargetClassifier {
    /// A classifier for `labels` on top of a base encoder directory; the head starts fresh.
    pub fn from_base(
        base: &Path,
        labels: Vec<String>,
        pooling: Pooling,
        input: TargetInput,
        lexicon: Option<Lexicon>,
        device: Device,
    ) -> Result<Self, ModelError> {
        let (config, tokenizer) = files::base_parts(base, &labels)?;
        let model = Self::build(config, tokenizer, labels, pooling, input, lexicon, device)?;
        files::load_weights(&model.vs, &base.join("model.safetensors"), "bert.")?;
        Ok(model)
    }

    /// A classifier from an explicit configuration with random weights (tests, tiny models).
    pub fn from_config(
        config: BertConfig,
        tokenizer: Tokenizer,
        pooling: Pooling,
        input: TargetInput,
        lexicon: Option<Lexicon>,
        device: Device,
    ) -> Result<Self, ModelError> {
        let labels = labels_of(&config);
        Self::build(config, tokenizer, labels, pooling, input, lexicon, device)
    }

    /// Loads a trained model directory (models saved before `slant_pooling` existed are `Cls`,
    /// before `slant_input` existed `Pair`).
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let (config, labels, tokenizer) = files::model_parts(dir)?;
        let pooling = setting(dir, POOLING_KEY, Pooling::Cls)?;
        let input = setting(dir, INPUT_KEY, TargetInput::Pair)?;
        let lexicon_path = dir.join(LEXICON_FILE);
        let lexicon = if lexicon_path.exists() { Some(Lexicon::load(&lexicon_path)?) } else { None };
        let model = Self::build(config, tokenizer, labels, pooling, input, lexicon, device)?;
        files::load_weights(&model.vs, &dir.join("model.safetensors"), "")?;
        Ok(model)
    }

    fn build(
        config: BertConfig,
        mut tokenizer: Tokenizer,
        labels: Vec<String>,
        pooling: Pooling,
        input: TargetInput,
        lexicon: Option<Lexicon>,
        device: Device,
    ) -> Result<Self, ModelError> {
        if input == TargetInput::Sentence && pooling == Pooling::Cls {
            return Err(ModelError::Config(
                "sentence input reads several targets at once: it needs cls-target pooling".into(),
            ));
        }
        files::no_padding_or_truncation(&mut tokenizer)?;
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        let head = match pooling {
            Pooling::Cls => Head::Cls(BertForSequenceClassification::new(&root, &config)?),
            Pooling::ClsTarget => Head::ClsTarget {
                bert: BertModel::new_with_optional_pooler(&root / "bert", &config, false),
                dropout: config.hidden_dropout_prob,
                classifier: nn::linear(
                    &root / "classifier",
                    2 * config.hidden_size,
                    labels.len() as i64,
                    Default::default(),
                ),
            },
        };
        let lexicon = lexicon
            .map(|table| (table, InputFeature::new(&vs, "lexicon_embeddings", LEXICON_CLASSES, config.hidden_size)));
        let encoder = Encoder::new(&vs, &config, pooling == Pooling::Cls)?;
        let classifier = files::linear_vars(&vs, "classifier")?;
        let precision = Precision::Fp32;
        Ok(Self { vs, head, encoder, classifier, precision, pooling, input, lexicon, tokenizer, config, labels })
    }

    /// Runs inference in `precision` (resolved for the model's device) from now on; returns the
    /// precision that runs. Casting to bf16 is for inference only: training needs fp32.
    pub fn set_precision(&mut self, precision: Precision) -> Result<Precision, ModelError> {
        let precision = precision.resolve(self.device());
        encoder::cast_layers(&mut self.vs, precision);
        self.encoder = Encoder::new(&self.vs, &self.config, self.pooling == Pooling::Cls)?;
        self.precision = precision;
        Ok(precision)
    }

    /// The precision inference runs in.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    pub fn save(&self, dir: &Path) -> Result<(), ModelError> {
        let pooling = serde_json::to_value(self.pooling).unwrap_or_default();
        let input = serde_json::to_value(self.input).unwrap_or_default();
        files::save(dir, &self.vs, &self.config, &[(POOLING_KEY, pooling), (INPUT_KEY, input)], &self.tokenizer)?;
        let lexicon_path = dir.join(LEXICON_FILE);
        match &self.lexicon {
            Some((table, _)) => table.save(&lexicon_path),
            None if lexicon_path.exists() => {
                std::fs::remove_file(&lexicon_path).map_err(|e| files::file_error(&lexicon_path, e))
            }
            None => Ok(()),
        }
    }

    /// The lexicon feature's table, when the model has one.
    pub fn lexicon(&self) -> Option<&Lexicon> {
        self.lexicon.as_ref().map(|(table, _)| table)
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn pooling(&self) -> Pooling {
        self.pooling
    }

    pub fn input(&self) -> TargetInput {
        self.input
    }

    pub fn device(&self) -> Device {
        self.vs.device()
    }

    pub fn var_store(&self) -> &nn::VarStore {
        &self.vs
    }

    /// Longest input in word pieces (position embeddings).
    pub fn max_pieces(&self) -> usize {
        self.config.max_position_embeddings as usize
    }

    /// Encodes a pair; `target` is the byte range of the target in `first`.
    pub fn encode(&self, first: &str, second: &str, target: Range<usize>) -> Result<EncodedTargets, ModelError> {
        let encoding =
            self.tokenizer.encode((first, second), true).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        let in_target: Vec<usize> = (0..encoding.len())
            .filter(|&i| {
                let (start, end) = encoding.get_offsets()[i];
                encoding.get_sequence_ids()[i] == Some(0) && start < target.end && end > target.start
            })
            .collect();
        let target = match (in_target.first(), in_target.last()) {
            (Some(&first), Some(&last)) => first..last + 1,
            _ => 0..1,
        };
        let lexicon = (0..encoding.len())
            .map(|i| {
                let (Some(word), Some(sequence)) = (encoding.get_word_ids()[i], encoding.get_sequence_ids()[i]) else {
                    return 0;
                };
                let text = if sequence == 0 { first } else { second };
                self.lexicon_class(encoding.word_to_chars(word, sequence).and_then(|(s, e)| text.get(s..e)))
            })
            .collect();
        Ok(EncodedTargets {
            ids: encoding.get_ids().iter().map(|&i| i as i64).collect(),
            type_ids: encoding.get_type_ids().iter().map(|&i| i as i64).collect(),
            targets: vec![target],
            lexicon,
        })
    }

    /// Encodes a whole text without special tokens, for [`Self::window`] to cut. Linear in the
    /// text's length, however long.
    pub(crate) fn encode_text(&self, text: &str) -> Result<EncodedText, ModelError> {
        let encoding = self.tokenizer.encode(text, false).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        let lexicon = (0..encoding.len())
            .map(|i| {
                let word = encoding.get_word_ids()[i];
                self.lexicon_class(word.and_then(|w| encoding.word_to_chars(w, 0)).and_then(|(s, e)| text.get(s..e)))
            })
            .collect();
        Ok(EncodedText {
            ids: encoding.get_ids().iter().map(|&i| i as i64).collect(),
            lexicon,
            offsets: encoding.get_offsets().to_vec(),
        })
    }

    /// The input `[CLS] pieces [SEP]` for a window of pieces of an encoded text, with the given
    /// targets (piece ranges in the text, clipped to the window; `[CLS]` for one outside it).
    pub fn window(&self, text: &EncodedText, pieces: Range<usize>, targets: &[Range<usize>]) -> EncodedTargets {
        let (cls, sep) = (self.special_id("[CLS]"), self.special_id("[SEP]"));
        let mut ids = Vec::with_capacity(pieces.len() + 2);
        ids.push(cls);
        ids.extend_from_slice(&text.ids[pieces.clone()]);
        ids.push(sep);
        let mut lexicon = Vec::with_capacity(ids.len());
        lexicon.push(0);
        lexicon.extend_from_slice(&text.lexicon[pieces.clone()]);
        lexicon.push(0);
        let targets = targets
            .iter()
            .map(|t| {
                let (start, end) = (t.start.max(pieces.start), t.end.min(pieces.end));
                // +1 for [CLS].
                if start < end {
                    start - pieces.start + 1..end - pieces.start + 1
                } else {
                    0..1
                }
            })
            .collect();
        EncodedTargets { type_ids: vec![0; ids.len()], ids, targets, lexicon }
    }

    fn special_id(&self, token: &str) -> i64 {
        self.tokenizer.token_to_id(token).map_or(0, i64::from)
    }

    fn lexicon_class(&self, word: Option<&str>) -> i64 {
        match (&self.lexicon, word) {
            (Some((table, _)), Some(word)) => table.class_of(word),
            _ => 0,
        }
    }

    /// Class scores `[targets, labels]` (fp32): one row per target of every item, in order;
    /// through rust-bert when training, through the fused [`Encoder`] otherwise.
    pub fn logits(&self, items: &[&EncodedTargets], train: bool) -> Result<Tensor, ModelError> {
        self.logits_through(items, train, !train)
    }

    /// [`Self::logits`] at inference through rust-bert's own forward pass (fp32 only), to check
    /// the fused pass against.
    pub fn logits_rust_bert(&self, items: &[&EncodedTargets]) -> Result<Tensor, ModelError> {
        self.logits_through(items, false, false)
    }

    fn logits_through(&self, items: &[&EncodedTargets], train: bool, fused: bool) -> Result<Tensor, ModelError> {
        let longest = items.iter().map(|e| e.ids.len()).max().unwrap_or(0);
        // At inference, padded to a length of the longest item's own (see `super::padding`).
        let len = if train { longest } else { super::padded_len(longest, self.max_pieces()) };
        let targets: usize = items.iter().map(|e| e.targets.len()).sum();
        let mut ids = vec![0i64; items.len() * len];
        let mut types = vec![0i64; items.len() * len];
        let mut mask = vec![0i64; items.len() * len];
        let mut lexicon = vec![0i64; items.len() * len];
        // One row per target over all pieces of the batch, averaging that target's pieces; and
        // the batch row each target is in (for its [CLS]).
        let mut target_weights = vec![0f32; targets * items.len() * len];
        let mut target_rows = Vec::with_capacity(targets);
        for (row, item) in items.iter().enumerate() {
            let at = row * len;
            ids[at..at + item.ids.len()].copy_from_slice(&item.ids);
            types[at..at + item.type_ids.len()].copy_from_slice(&item.type_ids);
            mask[at..at + item.ids.len()].fill(1);
            lexicon[at..at + item.lexicon.len()].copy_from_slice(&item.lexicon);
            for target in &item.targets {
                let weights_at = target_rows.len() * items.len() * len + at;
                let share = 1.0 / target.len().max(1) as f32;
                target_weights[weights_at + target.start..weights_at + target.end].fill(share);
                target_rows.push(row as i64);
            }
        }
        let shape = [items.len() as i64, len as i64];
        let device = self.device();
        let tensor = |v: &[i64]| Tensor::from_slice(v).view(shape).to_device(device);
        let (ids, mask, types) = (tensor(&ids), tensor(&mask), tensor(&types));
        // With a lexicon the input goes in as embeddings (word pieces plus lexicon classes).
        let embeds = self.lexicon.as_ref().map(|(_, feature)| feature.embeds(&ids, &tensor(&lexicon)));
        if self.pooling == Pooling::Cls && targets != items.len() {
            return Err(ModelError::Config("cls pooling reads one target per input".into()));
        }
        let pool = |hidden: &Tensor| {
            let size = hidden.size()[2];
            let weights = Tensor::from_slice(&target_weights)
                .view([targets as i64, items.len() as i64 * len as i64])
                .to_device(device)
                .to_kind(hidden.kind());
            let target = weights.matmul(&hidden.reshape([-1, size]));
            let rows = Tensor::from_slice(&target_rows).to_device(device);
            let cls = hidden.select(1, 0).index_select(0, &rows);
            Tensor::cat(&[cls, target], -1)
        };
        if fused {
            let hidden = self.encoder.forward(&ids, embeds.as_ref(), Some(&types), &mask);
            let features = match self.pooling {
                Pooling::Cls => self.encoder.pooled(&hidden)?,
                Pooling::ClsTarget => pool(&hidden),
            };
            return Ok(features.linear(&self.classifier.0, Some(&self.classifier.1)));
        }
        let ids = if embeds.is_some() { None } else { Some(&ids) };
        match &self.head {
            Head::Cls(model) => {
                Ok(model.forward_t(ids, Some(&mask), Some(&types), None, embeds.as_ref(), train).logits)
            }
            Head::ClsTarget { bert, dropout, classifier } => {
                let hidden = bert
                    .forward_t(ids, Some(&mask), Some(&types), None, embeds.as_ref(), None, None, train)?
                    .hidden_state;
                Ok(classifier.forward(&pool(&hidden).dropout(*dropout, train)))
            }
        }
    }
}
