//! [`PairClassifier`]: rust-bert's `BertForSequenceClassification` over a text pair
//! (`[CLS] first [SEP] second [SEP]`), with its tokenizer and labels, in a model directory laid
//! out as [`super::files`] describes.

use super::files::{self, labels_of, ModelError};
use rust_bert::bert::{BertConfig, BertForSequenceClassification};
use std::path::Path;
use tch::{nn, Device, Tensor};
use tokenizers::Tokenizer;

/// A text pair as word pieces with segment ids.
#[derive(Debug, Clone)]
pub struct EncodedPair {
    pub ids: Vec<i64>,
    pub type_ids: Vec<i64>,
}

pub struct PairClassifier {
    vs: nn::VarStore,
    bert: BertForSequenceClassification,
    tokenizer: Tokenizer,
    config: BertConfig,
    labels: Vec<String>,
}

impl PairClassifier {
    /// A classifier for `labels` on top of a base encoder directory; the head starts fresh.
    pub fn from_base(base: &Path, labels: Vec<String>, device: Device) -> Result<Self, ModelError> {
        let (config, tokenizer) = files::base_parts(base, &labels)?;
        let model = Self::build(config, tokenizer, labels, device)?;
        files::load_weights(&model.vs, &base.join("model.safetensors"), "bert.")?;
        Ok(model)
    }

    /// A classifier from an explicit configuration with random weights (tests, tiny models).
    pub fn from_config(config: BertConfig, tokenizer: Tokenizer, device: Device) -> Result<Self, ModelError> {
        let labels = labels_of(&config);
        Self::build(config, tokenizer, labels, device)
    }

    /// Loads a trained model directory.
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let (config, labels, tokenizer) = files::model_parts(dir)?;
        let model = Self::build(config, tokenizer, labels, device)?;
        files::load_weights(&model.vs, &dir.join("model.safetensors"), "")?;
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
        let bert = BertForSequenceClassification::new(vs.root(), &config)?;
        Ok(Self { vs, bert, tokenizer, config, labels })
    }

    pub fn save(&self, dir: &Path) -> Result<(), ModelError> {
        files::save(dir, &self.vs, &self.config, &self.tokenizer)
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
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

    pub fn encode(&self, first: &str, second: &str) -> Result<EncodedPair, ModelError> {
        let encoding =
            self.tokenizer.encode((first, second), true).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(EncodedPair {
            ids: encoding.get_ids().iter().map(|&i| i as i64).collect(),
            type_ids: encoding.get_type_ids().iter().map(|&i| i as i64).collect(),
        })
    }

    /// Class scores `[batch, labels]`.
    pub fn logits(&self, items: &[&EncodedPair], train: bool) -> Tensor {
        let len = items.iter().map(|e| e.ids.len()).max().unwrap_or(0);
        let mut ids = vec![0i64; items.len() * len];
        let mut types = vec![0i64; items.len() * len];
        let mut mask = vec![0i64; items.len() * len];
        for (row, item) in items.iter().enumerate() {
            let at = row * len;
            ids[at..at + item.ids.len()].copy_from_slice(&item.ids);
            types[at..at + item.type_ids.len()].copy_from_slice(&item.type_ids);
            mask[at..at + item.ids.len()].fill(1);
        }
        let shape = [items.len() as i64, len as i64];
        let device = self.device();
        let tensor = |v: &[i64]| Tensor::from_slice(v).view(shape).to_device(device);
        self.bert.forward_t(Some(&tensor(&ids)), Some(&tensor(&mask)), Some(&tensor(&types)), None, None, train).logits
    }
}
