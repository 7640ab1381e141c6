//! The fine-tuning loop shared by every model slant trains: AdamW with linear warm-up and decay,
//! gradient clipping, length-bucketed shuffled batches from a fixed seed, evaluation on dev
//! after each epoch, and the best epoch kept on disk. A [`Task`] says how to batch its examples
//! into a loss, how to score dev, and how to save.

use super::ModelError;
use std::path::Path;
use std::time::Instant;
use tch::{nn, nn::OptimizerConfig, Kind, Tensor};

/// Training settings.
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
    /// Examples longer than this many word pieces are skipped (NER) or windowed (tone).
    pub max_pieces: usize,
    /// Run only the first N epochs of the `epochs`-long schedule (the learning rate still
    /// decays as for `epochs`).
    pub stop_after: Option<usize>,
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
            stop_after: None,
        }
    }
}

/// A model and data the loop can train.
pub trait Task {
    type Example;
    /// Length used to bucket examples into batches of similar size.
    fn length(&self, example: &Self::Example) -> usize;
    /// Mean loss over a batch (in training mode: dropout on).
    fn loss(&self, batch: &[&Self::Example]) -> Result<Tensor, ModelError>;
    /// The dev score to maximise, and details to report.
    fn evaluate(&self) -> Result<(f64, serde_json::Value), ModelError>;
    fn save(&self, out: &Path) -> Result<(), ModelError>;
    fn var_store(&self) -> &nn::VarStore;
}

/// What the caller sees while training runs.
pub trait TrainProgress {
    fn epoch_started(&self, _epoch: usize, _steps: usize) {}
    fn step_done(&self, _loss: f64, _learning_rate: f64) {}
    fn epoch_done(&self, _epoch: usize, _train_loss: f64, _dev_score: f64, _is_best: bool) {}
}

/// Silent progress (tests, library use).
pub struct NoProgress;
impl TrainProgress for NoProgress {}

/// Per-epoch results and what was kept.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrainReport {
    pub config: TrainConfig,
    pub train_examples: usize,
    pub epochs: Vec<EpochReport>,
    pub best_epoch: usize,
    pub best_dev_score: f64,
    pub best_dev: serde_json::Value,
    pub seconds: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EpochReport {
    pub epoch: usize,
    pub train_loss: f64,
    pub dev_score: f64,
    pub seconds: f64,
}

/// A small deterministic generator for shuffling (xorshift64*).
struct Shuffler(u64);

impl Shuffler {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

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

/// Trains `task` on `examples`, evaluating after each epoch and saving the best epoch to `out`.
pub fn fit<T: Task>(
    task: &T,
    examples: &[T::Example],
    config: &TrainConfig,
    out: &Path,
    progress: &dyn TrainProgress,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    tch::manual_seed(config.seed as i64);
    let steps_per_epoch = examples.len().div_ceil(config.batch_size);
    let total_steps = (steps_per_epoch * config.epochs).max(1);
    let warmup_steps = ((total_steps as f64 * config.warmup) as usize).max(1);
    let mut optimizer =
        nn::AdamW { wd: config.weight_decay, ..Default::default() }.build(task.var_store(), config.learning_rate)?;
    let mut shuffler = Shuffler::new(config.seed);
    let mut step = 0;
    let mut epochs = Vec::new();
    let mut best: Option<(usize, f64, serde_json::Value)> = None;

    for epoch in 1..=config.epochs.min(config.stop_after.unwrap_or(usize::MAX)) {
        let epoch_started = Instant::now();
        let batches = make_batches(examples.len(), |i| task.length(&examples[i]), config.batch_size, &mut shuffler);
        progress.epoch_started(epoch, batches.len());
        let mut loss_sum = 0.0;
        for batch in &batches {
            let items: Vec<&T::Example> = batch.iter().map(|&i| &examples[i]).collect();
            let loss = task.loss(&items)?;
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
        let (score, details) = task.evaluate()?;
        let is_best = best.as_ref().is_none_or(|(_, b, _)| score > *b);
        if is_best {
            task.save(out)?;
            best = Some((epoch, score, details));
        }
        let train_loss = loss_sum / batches.len().max(1) as f64;
        progress.epoch_done(epoch, train_loss, score, is_best);
        epochs.push(EpochReport {
            epoch,
            train_loss,
            dev_score: score,
            seconds: epoch_started.elapsed().as_secs_f64(),
        });
    }
    let (best_epoch, best_dev_score, best_dev) = best.unwrap_or((0, 0.0, serde_json::Value::Null));
    Ok(TrainReport {
        config: config.clone(),
        train_examples: examples.len(),
        epochs,
        best_epoch,
        best_dev_score,
        best_dev,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Shuffled batches of similar lengths: shuffle, sort within pools of 50 batches by length,
/// cut into batches, shuffle the batches.
fn make_batches(
    n: usize,
    length: impl Fn(usize) -> usize,
    batch_size: usize,
    shuffler: &mut Shuffler,
) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..n).collect();
    shuffler.shuffle(&mut order);
    let mut batches = Vec::new();
    for pool in order.chunks_mut(batch_size * 50) {
        pool.sort_by_key(|&i| length(i));
        batches.extend(pool.chunks(batch_size).map(<[usize]>::to_vec));
    }
    shuffler.shuffle(&mut batches);
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_example_once_and_are_reproducible() {
        let lengths: Vec<usize> = (0..1000).map(|i| (i * 37) % 101).collect();
        let batches = make_batches(1000, |i| lengths[i], 32, &mut Shuffler::new(5));
        let mut seen: Vec<usize> = batches.iter().flatten().copied().collect();
        seen.sort();
        assert_eq!(seen, (0..1000).collect::<Vec<_>>());
        assert_eq!(batches, make_batches(1000, |i| lengths[i], 32, &mut Shuffler::new(5)));
        assert_ne!(batches, make_batches(1000, |i| lengths[i], 32, &mut Shuffler::new(6)));
    }
}
