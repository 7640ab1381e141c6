//! Model directories on disk: `config.json` (BERT configuration with `id2label`, as
//! transformers writes it), `tokenizer.json` (Hugging Face tokenizer) and `model.safetensors`
//! (all weights in fp16), and the errors of loading, saving and running models.

use rust_bert::bert::BertConfig;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tch::{nn, Device, Kind, Tensor};
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
    #[error("model settings: {0}")]
    Config(String),
    #[error("tone aggregator: {0}")]
    Aggregator(#[from] crate::tone::aggregate::AggregatorError),
}

pub(crate) fn file_error(path: &Path, message: impl std::fmt::Display) -> ModelError {
    ModelError::File { path: path.to_path_buf(), message: message.to_string() }
}

pub(crate) fn load_tokenizer(path: &Path) -> Result<Tokenizer, ModelError> {
    Tokenizer::from_file(path).map_err(|e| file_error(path, e))
}

/// The base tokenizer.json pads and truncates to 128: slant makes its own windows.
pub(crate) fn no_padding_or_truncation(tokenizer: &mut Tokenizer) -> Result<(), ModelError> {
    tokenizer.with_padding(None);
    tokenizer.with_truncation(None).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
    Ok(())
}

/// The configuration (with `labels` as `id2label`/`label2id`) and tokenizer of a base encoder
/// directory; its weights are loaded with [`load_weights`] and the `bert.` prefix.
pub(crate) fn base_parts(base: &Path, labels: &[String]) -> Result<(BertConfig, Tokenizer), ModelError> {
    use rust_bert::Config;
    let mut config = BertConfig::from_file(base.join("config.json"));
    config.id2label = Some(id2label(labels));
    config.label2id = Some(labels.iter().enumerate().map(|(i, l)| (l.clone(), i as i64)).collect());
    Ok((config, load_tokenizer(&base.join("tokenizer.json"))?))
}

/// The configuration, labels and tokenizer of a trained model directory.
pub(crate) fn model_parts(dir: &Path) -> Result<(BertConfig, Vec<String>, Tokenizer), ModelError> {
    use rust_bert::Config;
    let config_path = dir.join("config.json");
    if !config_path.exists() {
        return Err(file_error(&config_path, "no such file (is this a slant model directory?)"));
    }
    let config = BertConfig::from_file(&config_path);
    let labels = labels_of(&config);
    if labels.is_empty() {
        return Err(file_error(&config_path, "no id2label"));
    }
    Ok((config, labels, load_tokenizer(&dir.join("tokenizer.json"))?))
}

/// A label list as `id2label` for a configuration.
pub(crate) fn id2label(labels: &[String]) -> HashMap<i64, String> {
    labels.iter().enumerate().map(|(i, l)| (i as i64, l.clone())).collect()
}

/// The label list of a configuration, in id order.
pub(crate) fn labels_of(config: &BertConfig) -> Vec<String> {
    let Some(map) = &config.id2label else { return Vec::new() };
    let mut pairs: Vec<(&i64, &String)> = map.iter().collect();
    pairs.sort();
    pairs.into_iter().map(|(_, l)| l.clone()).collect()
}

/// Copies weights by name from a safetensors file into `vs`; names in the file get `prefix` in
/// front. Every file tensor that matches must have the right shape; variables the file lacks keep
/// their values (a fresh head when loading a base encoder).
pub(crate) fn load_weights(vs: &nn::VarStore, path: &Path, prefix: &str) -> Result<(), ModelError> {
    let tensors = Tensor::read_safetensors(path).map_err(|e| file_error(path, e))?;
    let vars = vs.variables();
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

/// Handles on the weight and bias of the linear layer `NAME` in `vs` (shared storage).
pub(crate) fn linear_vars(vs: &nn::VarStore, name: &str) -> Result<(Tensor, Tensor), ModelError> {
    let vars = vs.variables();
    let get = |part: &str| {
        vars.get(&format!("{name}.{part}"))
            .map(Tensor::shallow_clone)
            .ok_or_else(|| ModelError::Config(format!("no variable {name}.{part}")))
    };
    Ok((get("weight")?, get("bias")?))
}

/// A slant-specific setting stored beside the BERT configuration in `config.json` (keys start
/// with `slant_`; transformers and rust-bert ignore them).
pub(crate) fn config_extra(dir: &Path, key: &str) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("config.json")).ok()?;
    let mut value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get_mut(key).map(serde_json::Value::take)
}

/// Writes a model directory: config (with `extra` settings), tokenizer and fp16 weights.
pub(crate) fn save(
    dir: &Path,
    vs: &nn::VarStore,
    config: &BertConfig,
    extra: &[(&str, serde_json::Value)],
    tokenizer: &Tokenizer,
) -> Result<(), ModelError> {
    std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
    let mut config = serde_json::to_value(config).map_err(|e| file_error(dir, e))?;
    if let Some(map) = config.as_object_mut() {
        map.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    }
    let config = serde_json::to_string_pretty(&config).map_err(|e| file_error(dir, e))?;
    std::fs::write(dir.join("config.json"), config).map_err(|e| file_error(dir, e))?;
    tokenizer.save(dir.join("tokenizer.json"), false).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
    let mut named: Vec<(String, Tensor)> =
        vs.variables().into_iter().map(|(n, t)| (n, t.to_kind(Kind::Half).to_device(Device::Cpu))).collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    Tensor::write_safetensors(&named, dir.join("model.safetensors"))?;
    Ok(())
}
