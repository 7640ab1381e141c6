//! Fine-tuning a token classifier for NER: labels aligned to the first word piece of each word,
//! AdamW with linear warm-up and decay, gradient clipping, length-bucketed shuffled batches from
//! a fixed seed, evaluation on dev after each epoch, and the best epoch kept on disk.

use super::data::TaggedSentence;
use super::eval::{self, Report};
use super::NerModel;
use crate::model::{Batch, EncodedWords, ModelError};
use std::path::Path;
use std::time::Instant;
use tch::{nn, nn::OptimizerConfig, Kind, Reduction, Tensor};

/// Training settings. The defaults are the ones the shipped model was trained with.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    /// Fraction of all steps spent warming the learning rate up from zero.
    pub warmup: f64,
    pub weight_decay: f64,
    pub max_grad_norm: f64,
    pub seed: u64,
    /// Training sentences longer than this many word pieces are skipped (and counted).
    pub max_pieces: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 4,
            batch_size: 32,
            learning_rate: 1e-4,
            warmup: 0.1,
            weight_decay: 0.01,
            max_grad_norm: 1.0,
            seed: 13,
            max_pieces: 128,
        }
    }
}

/// What the caller sees while training runs.
pub trait TrainProgress {
    fn epoch_started(&self, _epoch: usize, _steps: usize) {}
    fn step_done(&self, _loss: f64, _learning_rate: f64) {}
    fn epoch_done(&self, _epoch: usize, _train_loss: f64, _dev: &Report, _is_best: bool) {}
}

/// Per-epoch results and what was kept.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrainReport {
    pub config: TrainConfig,
    pub train_sentences: usize,
    pub skipped_long: usize,
    pub epochs: Vec<EpochReport>,
    pub best_epoch: usize,
    pub best_dev: Report,
    pub seconds: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EpochReport {
    pub epoch: usize,
    pub train_loss: f64,
    pub dev_f1: f64,
    pub seconds: f64,
}

struct Example {
    encoded: EncodedWords,
    labels: Vec<i64>,
}

/// A small deterministic generator for shuffling (xorshift64*).
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Fine-tunes `model` on `train`, evaluating on `dev` after each epoch and saving the best epoch
/// to `out`. Returns the per-epoch figures.
pub fn train(
    model: &NerModel,
    train: &[TaggedSentence],
    dev: &[TaggedSentence],
    config: &TrainConfig,
    out: &Path,
    progress: &dyn TrainProgress,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    tch::manual_seed(config.seed as i64);
    let classifier = model.classifier();
    let label_index = |tag: &str| classifier.labels().iter().position(|l| l == tag).map_or(0, |i| i as i64);

    let mut examples = Vec::with_capacity(train.len());
    let mut skipped_long = 0;
    for sentence in train {
        let encoded = classifier.encode_words(&sentence.words)?;
        if encoded.ids.len() > config.max_pieces.min(classifier.max_pieces) {
            skipped_long += 1;
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

    let steps_per_epoch = examples.len().div_ceil(config.batch_size);
    let total_steps = (steps_per_epoch * config.epochs).max(1);
    let warmup_steps = ((total_steps as f64 * config.warmup) as usize).max(1);
    let mut optimizer = nn::AdamW { wd: config.weight_decay, ..Default::default() }
        .build(classifier.var_store(), config.learning_rate)?;
    let mut shuffler = Shuffler(config.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut step = 0;
    let mut epochs = Vec::new();
    let mut best: Option<(usize, Report)> = None;

    for epoch in 1..=config.epochs {
        let epoch_started = Instant::now();
        let batches = make_batches(&examples, config.batch_size, &mut shuffler);
        progress.epoch_started(epoch, batches.len());
        let mut loss_sum = 0.0;
        for batch_indices in &batches {
            let items: Vec<&EncodedWords> = batch_indices.iter().map(|&i| &examples[i].encoded).collect();
            let batch = Batch::new(&items, classifier.device());
            let mut labels = vec![-100i64; items.len() * batch.len];
            for (row, &i) in batch_indices.iter().enumerate() {
                let l = &examples[i].labels;
                labels[row * batch.len..row * batch.len + l.len()].copy_from_slice(l);
            }
            let labels = Tensor::from_slice(&labels).to_device(classifier.device());
            let logits = classifier.logits(&batch, true);
            let n_labels = classifier.labels().len() as i64;
            let loss =
                logits.view([-1, n_labels]).cross_entropy_loss::<Tensor>(&labels, None, Reduction::Mean, -100, 0.0);

            step += 1;
            let scale = if step <= warmup_steps {
                step as f64 / warmup_steps as f64
            } else {
                (total_steps - step) as f64 / (total_steps - warmup_steps).max(1) as f64
            };
            let lr = config.learning_rate * scale.max(0.0);
            optimizer.set_lr(lr);
            optimizer.zero_grad();
            loss.backward();
            optimizer.clip_grad_norm(config.max_grad_norm);
            optimizer.step();
            let loss_value = loss.to_kind(Kind::Double).double_value(&[]);
            loss_sum += loss_value;
            progress.step_done(loss_value, lr);
        }
        let dev_report = evaluate(model, dev)?;
        let is_best = best.as_ref().is_none_or(|(_, b)| dev_report.f1 > b.f1);
        if is_best {
            classifier.save(out)?;
            best = Some((epoch, dev_report.clone()));
        }
        let train_loss = loss_sum / batches.len().max(1) as f64;
        progress.epoch_done(epoch, train_loss, &dev_report, is_best);
        epochs.push(EpochReport {
            epoch,
            train_loss,
            dev_f1: dev_report.f1,
            seconds: epoch_started.elapsed().as_secs_f64(),
        });
    }
    let (best_epoch, best_dev) = best.unwrap_or_else(|| (0, eval::score(&[], &[])));
    Ok(TrainReport {
        config: config.clone(),
        train_sentences: examples.len(),
        skipped_long,
        epochs,
        best_epoch,
        best_dev,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Shuffled batches of similar lengths: shuffle, sort within pools of 50 batches by length,
/// cut into batches, shuffle the batches.
fn make_batches(examples: &[Example], batch_size: usize, shuffler: &mut Shuffler) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    shuffler.shuffle(&mut order);
    let mut batches = Vec::new();
    for pool in order.chunks_mut(batch_size * 50) {
        pool.sort_by_key(|&i| examples[i].encoded.ids.len());
        batches.extend(pool.chunks(batch_size).map(<[usize]>::to_vec));
    }
    shuffler.shuffle(&mut batches);
    batches
}

/// Predicts `sentences` and scores them strictly against their tags.
pub fn evaluate(model: &NerModel, sentences: &[TaggedSentence]) -> Result<Report, ModelError> {
    let words: Vec<Vec<&str>> = sentences.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let predicted = model.predict(&words)?;
    let predicted_tags: Vec<Vec<String>> =
        predicted.into_iter().map(|p| p.into_iter().map(|t| t.tag).collect()).collect();
    let gold: Vec<Vec<String>> = sentences.iter().map(|s| s.tags.clone()).collect();
    Ok(eval::score(&gold, &predicted_tags))
}
