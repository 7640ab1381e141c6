//! Fine-tuning the tone pair classifier on the shared loop: one example per target, selected on
//! held-out macro-F1.

use super::data::TargetExample;
use super::eval::{self, ToneReport};
use super::{Target, ToneModel};
use crate::model::training::{self, Task, TrainConfig, TrainProgress, TrainReport};
use crate::model::{EncodedPair, ModelError};
use std::path::Path;
use tch::{nn, Tensor};

struct Example {
    encoded: EncodedPair,
    label: i64,
}

struct ToneTask<'a> {
    model: &'a ToneModel,
    dev: &'a [TargetExample],
}

impl Task for ToneTask<'_> {
    type Example = Example;

    fn length(&self, example: &Example) -> usize {
        example.encoded.ids.len()
    }

    fn loss(&self, examples: &[&Example]) -> Result<Tensor, ModelError> {
        let classifier = self.model.classifier();
        let items: Vec<&EncodedPair> = examples.iter().map(|e| &e.encoded).collect();
        let labels: Vec<i64> = examples.iter().map(|e| e.label).collect();
        let labels = Tensor::from_slice(&labels).to_device(classifier.device());
        Ok(classifier.logits(&items, true)?.cross_entropy_for_logits(&labels))
    }

    fn evaluate(&self) -> Result<(f64, serde_json::Value), ModelError> {
        let report = evaluate(self.model, self.dev)?;
        Ok((report.f1_macro, serde_json::to_value(&report).unwrap_or_default()))
    }

    fn save(&self, out: &Path) -> Result<(), ModelError> {
        self.model.classifier().save(out)
    }

    fn var_store(&self) -> &nn::VarStore {
        self.model.classifier().var_store()
    }
}

pub fn train(
    model: &ToneModel,
    train: &[TargetExample],
    dev: &[TargetExample],
    config: &TrainConfig,
    out: &Path,
    progress: &dyn TrainProgress,
) -> Result<TrainReport, ModelError> {
    let examples = train
        .iter()
        .map(|e| {
            let encoded = model.encode(Target { sentence: &e.sentence, start: e.start, end: e.end })?;
            Ok(Example { encoded, label: e.polarity.index() as i64 })
        })
        .collect::<Result<Vec<_>, ModelError>>()?;
    training::fit(&ToneTask { model, dev }, &examples, config, out, progress)
}

/// Predicts every example and scores macro-F1 and accuracy.
pub fn evaluate(model: &ToneModel, examples: &[TargetExample]) -> Result<ToneReport, ModelError> {
    let targets: Vec<Target> =
        examples.iter().map(|e| Target { sentence: &e.sentence, start: e.start, end: e.end }).collect();
    let probs = model.predict(&targets)?;
    let predicted: Vec<_> = probs.iter().map(eval::argmax).collect();
    let gold: Vec<_> = examples.iter().map(|e| e.polarity).collect();
    Ok(eval::score(&gold, &predicted))
}
