//! Fine-tuning the tone classifier on the shared loop: a sentence model reads each sentence
//! once with all its targets, a pair model one target at a time; selected on held-out macro-F1.

use super::data::TargetExample;
use super::eval::{self, ToneReport};
use super::{SentenceTargets, ToneModel};
use crate::model::training::{self, Task, TrainConfig, TrainProgress, TrainReport};
use crate::model::{EncodedTargets, ModelError};
use std::path::Path;
use tch::{nn, Tensor};

/// One model input and the gold class of each of its targets.
struct Example {
    encoded: EncodedTargets,
    labels: Vec<i64>,
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
        let items: Vec<&EncodedTargets> = examples.iter().map(|e| &e.encoded).collect();
        let labels: Vec<i64> = examples.iter().flat_map(|e| e.labels.iter().copied()).collect();
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
    let (sentences, members) = group(train);
    let examples = model
        .encode_sentences(&sentences)?
        .into_iter()
        .map(|(encoded, owners)| {
            let labels = owners.iter().map(|&(s, t)| train[members[s][t]].polarity.index() as i64).collect();
            Example { encoded, labels }
        })
        .collect::<Vec<_>>();
    training::fit(&ToneTask { model, dev }, &examples, config, out, progress)
}

/// The examples' sentences with their targets, a sentence's examples together (consecutive
/// examples of one group and sentence, as [`super::data::read`] gives them), and which example
/// each target is.
fn group(examples: &[TargetExample]) -> (Vec<SentenceTargets<'_>>, Vec<Vec<usize>>) {
    let mut sentences: Vec<SentenceTargets> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        let same = i > 0 && examples[i - 1].group == e.group && examples[i - 1].sentence == e.sentence;
        if !same {
            sentences.push(SentenceTargets { sentence: &e.sentence, targets: Vec::new() });
            members.push(Vec::new());
        }
        if let (Some(sentence), Some(member)) = (sentences.last_mut(), members.last_mut()) {
            sentence.targets.push(e.start..e.end);
            member.push(i);
        }
    }
    (sentences, members)
}

/// Probabilities (negative, neutral, positive) for every example, each sentence's targets read
/// together.
pub fn predict(model: &ToneModel, examples: &[TargetExample]) -> Result<Vec<[f32; 3]>, ModelError> {
    let (sentences, members) = group(examples);
    let mut out = vec![[0.0f32; 3]; examples.len()];
    for (probs, member) in model.predict_sentences(&sentences)?.into_iter().zip(&members) {
        for (p, &i) in probs.into_iter().zip(member) {
            out[i] = p;
        }
    }
    Ok(out)
}

/// Predicts every example and scores macro-F1 and accuracy.
pub fn evaluate(model: &ToneModel, examples: &[TargetExample]) -> Result<ToneReport, ModelError> {
    let predicted: Vec<_> = predict(model, examples)?.iter().map(eval::argmax).collect();
    let gold: Vec<_> = examples.iter().map(|e| e.polarity).collect();
    Ok(eval::score(&gold, &predicted))
}
