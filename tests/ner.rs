//! NER training and prediction with a tiny randomly initialised BERT built here (no shipped model
//! needed): the training loop learns a toy task, a saved model predicts the same after loading,
//! and long sequences are windowed so that every word is predicted exactly once.

mod common;

use common::{tiny_config, tiny_tokenizer, torch_lock, PEOPLE, PLACES};
use slant::model::training::{NoProgress, TrainConfig};
use slant::model::TokenClassifier;
use slant::ner::data::{label_set, TaggedSentence};
use slant::ner::train::{evaluate, train};
use slant::ner::NerModel;
use tch::Device;

fn tiny_model(labels: &[String]) -> TokenClassifier {
    TokenClassifier::from_config(tiny_config(labels), tiny_tokenizer(), Device::Cpu).unwrap()
}

/// Sentences like "Lavrov met Rubio in Budapest on Monday ." with PER and LOC tags.
fn toy_data(n: usize, seed: usize) -> Vec<TaggedSentence> {
    let cap = |w: &str| w[..1].to_uppercase() + &w[1..];
    (0..n)
        .map(|i| {
            let k = i * 7 + seed;
            let (a, b, c) = (PEOPLE[k % 8], PEOPLE[(k / 8 + 1 + k) % 8], PLACES[(k * 3) % 8]);
            let words: Vec<String> =
                [cap(a), "met".into(), cap(b), "in".into(), cap(c), "on".into(), "Monday".into(), ".".into()].to_vec();
            let tags = ["B-PER", "O", "B-PER", "O", "B-LOC", "O", "O", "O"].iter().map(|t| t.to_string()).collect();
            TaggedSentence { words, tags, doc: i }
        })
        .collect()
}

#[test]
fn training_loop_learns_and_saved_model_predicts_the_same() {
    let _torch = torch_lock();
    let train_data = toy_data(96, 0);
    let dev = toy_data(24, 3);
    let labels = label_set(&train_data);
    assert_eq!(labels, ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]);
    let model = NerModel::from_classifier(tiny_model(&labels), "tiny".into());
    let before = evaluate(&model, &dev).unwrap().f1;
    let out = tempfile::tempdir().unwrap();
    let config = TrainConfig { epochs: 6, batch_size: 8, learning_rate: 3e-3, ..TrainConfig::default() };
    let report = train(&model, &train_data, &dev, &config, out.path(), &NoProgress).unwrap();

    assert!(report.epochs.last().unwrap().train_loss < report.epochs[0].train_loss * 0.5, "{:?}", report.epochs);
    assert!(
        report.best_dev_score > 0.9 && report.best_dev_score > before,
        "dev F1 {} (before {before})",
        report.best_dev_score
    );
    for file in ["config.json", "tokenizer.json", "model.safetensors"] {
        assert!(out.path().join(file).exists(), "{file} not written");
    }

    // The saved (fp16) model reproduces the best epoch's dev score after loading.
    let loaded = NerModel::load(out.path(), Device::Cpu).unwrap();
    let reloaded_f1 = evaluate(&loaded, &dev).unwrap().f1;
    assert!((reloaded_f1 - report.best_dev_score).abs() < 0.02, "{reloaded_f1} vs {}", report.best_dev_score);
}

#[test]
fn long_sequences_are_windowed_and_every_word_predicted_once() {
    let _torch = torch_lock();
    let labels: Vec<String> = ["O", "B-PER", "I-PER"].iter().map(|s| s.to_string()).collect();
    let model = NerModel::from_classifier(tiny_model(&labels), "tiny".into());
    let long: Vec<String> =
        (0..700).map(|i| if i % 5 == 0 { "Lavrov".to_string() } else { "met".to_string() }).collect();
    let short = vec!["Putin".to_string(), "said".to_string()];
    // More than one batch of windows, and a short sequence after the long one.
    let mut sequences = vec![long.clone(); 3];
    sequences.push(short.clone());
    let predicted = model.predict(&sequences).unwrap();
    assert_eq!(predicted.len(), 4);
    assert_eq!(predicted[0].len(), 700);
    assert_eq!(predicted[3].len(), 2);
    // Windows do not change what a word gets: the same sequence gives the same tags each time.
    assert_eq!(predicted[0], predicted[1]);
    for tags in &predicted {
        for (i, t) in tags.iter().enumerate() {
            assert!(t.prob > 0.0 && t.prob <= 1.0);
            // Valid IOB2: an I- tag continues something.
            if t.tag.starts_with("I-") {
                assert_ne!(tags[i - 1].tag, "O", "I- after O at {i}");
            }
        }
    }
}

#[test]
fn document_context_model_trains_on_packed_windows_and_tags_every_sentence() {
    let _torch = torch_lock();
    // Four sentences to a document, so windows hold several sentences.
    let in_documents = |mut sentences: Vec<TaggedSentence>| {
        sentences.iter_mut().for_each(|s| s.doc /= 4);
        sentences
    };
    let (train_data, dev) = (in_documents(toy_data(96, 0)), in_documents(toy_data(24, 3)));
    let labels = label_set(&train_data);
    let mut classifier = tiny_model(&labels);
    classifier.document_context = true;
    let model = NerModel::from_classifier(classifier, "tiny".into());
    let before = evaluate(&model, &dev).unwrap().f1;
    let out = tempfile::tempdir().unwrap();
    let config = TrainConfig { epochs: 12, batch_size: 2, learning_rate: 3e-3, ..TrainConfig::default() };
    let report = train(&model, &train_data, &dev, &config, out.path(), &NoProgress).unwrap();
    // 96 sentences in 24 documents: one window per document, not one per sentence.
    assert_eq!(report.train_examples, 24);
    // Position cues differ from window to window, so the tiny model learns less than per sentence.
    assert!(report.best_dev_score > 0.8 && before < 0.5, "dev F1 {} (before {before})", report.best_dev_score);

    let loaded = NerModel::load(out.path(), Device::Cpu).unwrap();
    assert!(loaded.classifier().document_context, "the setting is saved with the model");
    // A document longer than one window still gets exactly one tag per word, sentence by sentence.
    let long_gold = toy_data(60, 5);
    let long_doc: Vec<Vec<String>> = long_gold.iter().map(|s| s.words.clone()).collect();
    let documents = vec![long_doc.clone(), vec![vec!["Putin".to_string(), "spoke".to_string()]]];
    let predicted = loaded.predict_documents(&documents).unwrap();
    assert_eq!(predicted.len(), 2);
    assert_eq!(predicted[0].len(), 60);
    for (tags, words) in predicted[0].iter().zip(&long_doc) {
        assert_eq!(tags.len(), words.len());
    }
    assert_eq!(predicted[1][0].len(), 2);
    // ... and what the model learnt carries over to it. (Less well than to short documents: the
    // tiny model leans on positions in the window, which a long document shifts; an untrained
    // model scores 0 here.)
    let gold_tags: Vec<Vec<String>> = long_gold.iter().map(|s| s.tags.clone()).collect();
    let predicted_tags: Vec<Vec<String>> =
        predicted[0].iter().map(|tags| tags.iter().map(|t| t.tag.clone()).collect()).collect();
    let long_f1 = slant::ner::eval::score(&gold_tags, &predicted_tags).f1;
    assert!(long_f1 > 0.3, "F1 {long_f1} on a document longer than a window");
}
