//! [`PairClassifier`]: a BERT classifier over a text pair (`[CLS] first [SEP] second [SEP]`),
//! with its tokenizer and labels, in a model directory laid out as [`super::files`] describes.
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

use super::feature::InputFeature;
use super::files::{self, labels_of, ModelError};
use super::lexicon::{Lexicon, LEXICON_CLASSES};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertForSequenceClassification, BertModel};
use std::ops::Range;
use std::path::Path;
use tch::{nn, nn::Module, Device, Tensor};
use tokenizers::Tokenizer;

const POOLING_KEY: &str = "slant_pooling";

/// How the head reads the encoder's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Pooling {
    /// BERT's pooled `[CLS]` vector.
    Cls,
    /// `[CLS]` hidden state concatenated with the mean over the target's pieces.
    ClsTarget,
}

/// A text pair as word pieces with segment ids, and which pieces are the target.
#[derive(Debug, Clone)]
pub struct EncodedPair {
    pub ids: Vec<i64>,
    pub type_ids: Vec<i64>,
    /// Piece indices of the target (never empty; `[CLS]` when the target has no piece).
    pub target: Range<usize>,
    /// Lexicon class of each piece's word (all 0 without a lexicon).
    pub lexicon: Vec<i64>,
}

const LEXICON_FILE: &str = "lexicon.tsv";

enum Head {
    Cls(BertForSequenceClassification),
    ClsTarget { bert: BertModel<BertEmbeddings>, dropout: f64, classifier: nn::Linear },
}

pub struct PairClassifier {
    vs: nn::VarStore,
    head: Head,
    pooling: Pooling,
    /// The lexicon feature: the table and its embedding.
    lexicon: Option<(Lexicon, InputFeature)>,
    tokenizer: Tokenizer,
    config: BertConfig,
    labels: Vec<String>,
}

impl PairClassifier {
    /// A classifier for `labels` on top of a base encoder directory; the head starts fresh.
    pub fn from_base(
        base: &Path,
        labels: Vec<String>,
        pooling: Pooling,
        lexicon: Option<Lexicon>,
        device: Device,
    ) -> Result<Self, ModelError> {
        let (config, tokenizer) = files::base_parts(base, &labels)?;
        let model = Self::build(config, tokenizer, labels, pooling, lexicon, device)?;
        files::load_weights(&model.vs, &base.join("model.safetensors"), "bert.")?;
        Ok(model)
    }

    /// A classifier from an explicit configuration with random weights (tests, tiny models).
    pub fn from_config(
        config: BertConfig,
        tokenizer: Tokenizer,
        pooling: Pooling,
        lexicon: Option<Lexicon>,
        device: Device,
    ) -> Result<Self, ModelError> {
        let labels = labels_of(&config);
        Self::build(config, tokenizer, labels, pooling, lexicon, device)
    }

    /// Loads a trained model directory (models saved before `slant_pooling` existed are `Cls`).
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let (config, labels, tokenizer) = files::model_parts(dir)?;
        let pooling = match files::config_extra(dir, POOLING_KEY) {
            None => Pooling::Cls,
            Some(value) => serde_json::from_value(value)
                .map_err(|e| files::file_error(&dir.join("config.json"), format!("{POOLING_KEY}: {e}")))?,
        };
        let lexicon_path = dir.join(LEXICON_FILE);
        let lexicon = if lexicon_path.exists() { Some(Lexicon::load(&lexicon_path)?) } else { None };
        let model = Self::build(config, tokenizer, labels, pooling, lexicon, device)?;
        files::load_weights(&model.vs, &dir.join("model.safetensors"), "")?;
        Ok(model)
    }

    fn build(
        config: BertConfig,
        mut tokenizer: Tokenizer,
        labels: Vec<String>,
        pooling: Pooling,
        lexicon: Option<Lexicon>,
        device: Device,
    ) -> Result<Self, ModelError> {
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
        Ok(Self { vs, head, pooling, lexicon, tokenizer, config, labels })
    }

    pub fn save(&self, dir: &Path) -> Result<(), ModelError> {
        let pooling = serde_json::to_value(self.pooling).unwrap_or_default();
        files::save(dir, &self.vs, &self.config, &[(POOLING_KEY, pooling)], &self.tokenizer)?;
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
    pub fn encode(&self, first: &str, second: &str, target: Range<usize>) -> Result<EncodedPair, ModelError> {
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
                let (Some((table, _)), Some(word), Some(sequence)) =
                    (&self.lexicon, encoding.get_word_ids()[i], encoding.get_sequence_ids()[i])
                else {
                    return 0;
                };
                let text = if sequence == 0 { first } else { second };
                encoding
                    .word_to_chars(word, sequence)
                    .and_then(|(s, e)| text.get(s..e))
                    .map_or(0, |w| table.class_of(w))
            })
            .collect();
        Ok(EncodedPair {
            ids: encoding.get_ids().iter().map(|&i| i as i64).collect(),
            type_ids: encoding.get_type_ids().iter().map(|&i| i as i64).collect(),
            target,
            lexicon,
        })
    }

    /// Class scores `[batch, labels]`.
    pub fn logits(&self, items: &[&EncodedPair], train: bool) -> Result<Tensor, ModelError> {
        let len = items.iter().map(|e| e.ids.len()).max().unwrap_or(0);
        let mut ids = vec![0i64; items.len() * len];
        let mut types = vec![0i64; items.len() * len];
        let mut mask = vec![0i64; items.len() * len];
        let mut lexicon = vec![0i64; items.len() * len];
        // Row weights that average each item's target pieces.
        let mut target_weights = vec![0f32; items.len() * len];
        for (row, item) in items.iter().enumerate() {
            let at = row * len;
            ids[at..at + item.ids.len()].copy_from_slice(&item.ids);
            types[at..at + item.type_ids.len()].copy_from_slice(&item.type_ids);
            mask[at..at + item.ids.len()].fill(1);
            lexicon[at..at + item.lexicon.len()].copy_from_slice(&item.lexicon);
            let share = 1.0 / item.target.len() as f32;
            target_weights[at + item.target.start..at + item.target.end].fill(share);
        }
        let shape = [items.len() as i64, len as i64];
        let device = self.device();
        let tensor = |v: &[i64]| Tensor::from_slice(v).view(shape).to_device(device);
        let (ids, mask, types) = (tensor(&ids), tensor(&mask), tensor(&types));
        // With a lexicon the input goes in as embeddings (word pieces plus lexicon classes).
        let embeds = self.lexicon.as_ref().map(|(_, feature)| feature.embeds(&ids, &tensor(&lexicon)));
        let ids = if embeds.is_some() { None } else { Some(&ids) };
        match &self.head {
            Head::Cls(model) => {
                Ok(model.forward_t(ids, Some(&mask), Some(&types), None, embeds.as_ref(), train).logits)
            }
            Head::ClsTarget { bert, dropout, classifier } => {
                let hidden = bert
                    .forward_t(ids, Some(&mask), Some(&types), None, embeds.as_ref(), None, None, train)?
                    .hidden_state;
                let weights = Tensor::from_slice(&target_weights).view(shape).to_device(device).to_kind(hidden.kind());
                let target = weights.unsqueeze(1).bmm(&hidden).squeeze_dim(1);
                let features = Tensor::cat(&[hidden.select(1, 0), target], -1);
                Ok(classifier.forward(&features.dropout(*dropout, train)))
            }
        }
    }
}
