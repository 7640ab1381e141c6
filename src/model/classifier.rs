//! [`TokenClassifier`]: rust-bert's `BertForTokenClassification` with a word-shape embedding,
//! its tokenizer and label list, loaded from and saved to a model directory:
//!
//! - `config.json`: the BERT configuration with `id2label` (as transformers writes it);
//! - `tokenizer.json`: the Hugging Face tokenizer of the base encoder;
//! - `model.safetensors`: all weights in fp16 (`bert.*`, `classifier.*`, `shape_embeddings.*`).

use super::shape::{word_shape, SHAPE_CLASSES};
use rust_bert::bert::{BertConfig, BertForTokenClassification};
use rust_bert::Config;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tch::{nn, nn::Module, Device, Kind, Tensor};
use tokenizers::Tokenizer;

/// Problems loading, saving or running a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("model: {0}")]
    Torch(#[from] tch::TchError),
    #[error("model: {0}")]
    RustBert(#[from] rust_bert::RustBertError),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> ModelError {
    ModelError::File { path: path.to_path_buf(), message: message.to_string() }
}

/// A sequence of words as the model sees it: word pieces with [CLS]/[SEP], one shape per piece,
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
    pub fn new(items: &[&EncodedWords], device: Device) -> Batch {
        let len = items.iter().map(|e| e.ids.len()).max().unwrap_or(0);
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
    bert: BertForTokenClassification,
    shape_embeddings: nn::Embedding,
    tokenizer: Tokenizer,
    config: BertConfig,
    labels: Vec<String>,
    /// Handle on BERT's word-piece embedding matrix (the same variable, shared storage).
    word_embeddings: Tensor,
    /// Longest piece sequence the model takes (position embeddings), [CLS] and [SEP] included.
    pub max_pieces: usize,
}

impl TokenClassifier {
    /// Builds a classifier for `labels` on top of a base encoder directory (config.json,
    /// tokenizer.json, model.safetensors without the `bert.` prefix); head and shapes start fresh.
    pub fn from_base(base: &Path, labels: Vec<String>, device: Device) -> Result<Self, ModelError> {
        let config_path = base.join("config.json");
        let mut config = BertConfig::from_file(&config_path);
        config.id2label = Some(id2label(&labels));
        config.label2id = Some(labels.iter().enumerate().map(|(i, l)| (l.clone(), i as i64)).collect());
        let model = Self::build(config, load_tokenizer(&base.join("tokenizer.json"))?, labels, device)?;
        model.load_weights(&base.join("model.safetensors"), "bert.")?;
        Ok(model)
    }

    /// Builds a classifier from an explicit configuration with random weights (tests, tiny models).
    pub fn from_config(config: BertConfig, tokenizer: Tokenizer, device: Device) -> Result<Self, ModelError> {
        let labels = labels_of(&config);
        Self::build(config, tokenizer, labels, device)
    }

    /// Loads a trained model directory (see the module docs for its files).
    pub fn load(dir: &Path, device: Device) -> Result<Self, ModelError> {
        let config_path = dir.join("config.json");
        if !config_path.exists() {
            return Err(file_error(&config_path, "no such file (is this a slant model directory?)"));
        }
        let config = BertConfig::from_file(&config_path);
        let labels = labels_of(&config);
        if labels.is_empty() {
            return Err(file_error(&config_path, "no id2label"));
        }
        let model = Self::build(config, load_tokenizer(&dir.join("tokenizer.json"))?, labels, device)?;
        model.load_weights(&dir.join("model.safetensors"), "")?;
        Ok(model)
    }

    fn build(
        config: BertConfig,
        mut tokenizer: Tokenizer,
        labels: Vec<String>,
        device: Device,
    ) -> Result<Self, ModelError> {
        // The base tokenizer.json pads and truncates to 128: windows are ours to make.
        tokenizer.with_padding(None);
        tokenizer.with_truncation(None).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        let bert = BertForTokenClassification::new(&root, &config)?;
        let shape_embeddings = nn::embedding(
            &root / "shape_embeddings",
            SHAPE_CLASSES,
            config.hidden_size,
            nn::EmbeddingConfig { ws_init: nn::Init::Const(0.0), ..Default::default() },
        );
        let max_pieces = config.max_position_embeddings as usize;
        let word_embeddings = vs.variables()["bert.embeddings.word_embeddings.weight"].shallow_clone();
        Ok(Self { vs, bert, shape_embeddings, tokenizer, config, labels, word_embeddings, max_pieces })
    }

    /// Copies weights by name from a safetensors file into this model; names in the file get
    /// `prefix` in front. Every file tensor that matches must have the right shape; model weights
    /// the file lacks keep their values (a fresh head when loading a base encoder).
    fn load_weights(&self, path: &Path, prefix: &str) -> Result<(), ModelError> {
        let tensors = Tensor::read_safetensors(path).map_err(|e| file_error(path, e))?;
        let vars = self.vs.variables();
        let mut loaded = 0;
        tch::no_grad(|| -> Result<(), ModelError> {
            for (name, tensor) in &tensors {
                let Some(var) = vars.get(&format!("{prefix}{name}")) else { continue };
                if var.size() != tensor.size() {
                    return Err(file_error(
                        path,
                        format!("{name}: shape {:?}, model expects {:?}", tensor.size(), var.size()),
                    ));
                }
                var.shallow_clone().copy_(&tensor.to_kind(var.kind()));
                loaded += 1;
            }
            Ok(())
        })?;
        if loaded == 0 {
            return Err(file_error(path, "no weight in the file matches the model"));
        }
        Ok(())
    }

    /// Writes the model directory: config, tokenizer and fp16 weights.
    pub fn save(&self, dir: &Path) -> Result<(), ModelError> {
        std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
        let config = serde_json::to_string_pretty(&self.config).map_err(|e| file_error(dir, e))?;
        std::fs::write(dir.join("config.json"), config).map_err(|e| file_error(dir, e))?;
        self.tokenizer.save(dir.join("tokenizer.json"), false).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        let mut named: Vec<(String, Tensor)> =
            self.vs.variables().into_iter().map(|(n, t)| (n, t.to_kind(Kind::Half).to_device(Device::Cpu))).collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        Tensor::write_safetensors(&named, dir.join("model.safetensors"))?;
        Ok(())
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
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let encoding =
            self.tokenizer.encode(words.as_slice(), true).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        let ids: Vec<i64> = encoding.get_ids().iter().map(|&i| i as i64).collect();
        let mut shapes = vec![0i64; ids.len()];
        let mut first_piece = vec![None; words.len()];
        for (piece, word) in encoding.get_word_ids().iter().enumerate() {
            if let Some(w) = word.map(|w| w as usize) {
                shapes[piece] = word_shape(words[w]);
                if first_piece[w].is_none() {
                    first_piece[w] = Some(piece);
                }
            }
        }
        Ok(EncodedWords { ids, shapes, first_piece })
    }

    /// Label scores `[batch, pieces, labels]` for a batch.
    pub fn logits(&self, batch: &Batch, train: bool) -> Tensor {
        let embeds = Tensor::embedding(&self.word_embeddings, &batch.ids, 0, false, false)
            + self.shape_embeddings.forward(&batch.shapes);
        self.bert.forward_t(None, Some(&batch.mask), None, None, Some(&embeds), train).logits
    }
}

fn labels_of(config: &BertConfig) -> Vec<String> {
    let Some(map) = &config.id2label else { return Vec::new() };
    let mut pairs: Vec<(&i64, &String)> = map.iter().collect();
    pairs.sort();
    pairs.into_iter().map(|(_, l)| l.clone()).collect()
}

fn load_tokenizer(path: &Path) -> Result<Tokenizer, ModelError> {
    Tokenizer::from_file(path).map_err(|e| file_error(path, e))
}

/// A label list as `id2label` for a configuration.
pub fn id2label(labels: &[String]) -> HashMap<i64, String> {
    labels.iter().enumerate().map(|(i, l)| (i as i64, l.clone())).collect()
}
