//! NER training and prediction with a tiny randomly initialised BERT built here (no shipped model
//! needed): the training loop learns a toy task, a saved model predicts the same after loading,
//! and long sequences are windowed so that every word is predicted exactly once.

use rust_bert::bert::BertConfig;
use rust_bert::Activation;
use slant::model::TokenClassifier;
use slant::ner::data::{label_set, TaggedSentence};
use slant::ner::train::{evaluate, train, TrainConfig, TrainProgress};
use slant::ner::NerModel;
use tch::Device;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::Tokenizer;

const PEOPLE: &[&str] = &["lavrov", "rubio", "putin", "trump", "zelensky", "merkel", "macron", "modi"];
const PLACES: &[&str] = &["moscow", "budapest", "alaska", "kyiv", "paris", "delhi", "berlin", "geneva"];
const FILLER: &[&str] = &["met", "in", "on", "monday", "and", "talks", "said", "the", "visited", "later", "."];

fn tiny_tokenizer() -> Tokenizer {
    let vocab: Vec<&str> =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].iter().chain(PEOPLE).chain(PLACES).chain(FILLER).copied().collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vocab.txt");
    std::fs::write(&path, vocab.join("\n")).unwrap();
    let model = WordPiece::from_file(path.to_str().unwrap()).unk_token("[UNK]".into()).build().unwrap();
    let mut tokenizer = Tokenizer::new(model);
    tokenizer.with_normalizer(Some(BertNormalizer::new(true, true, None, true)));
    tokenizer.with_pre_tokenizer(Some(BertPreTokenizer));
    tokenizer.with_post_processor(Some(BertProcessing::new(("[SEP]".into(), 3), ("[CLS]".into(), 2))));
    tokenizer
}

fn tiny_model(labels: &[String]) -> TokenClassifier {
    tch::manual_seed(7);
    let config = BertConfig {
        hidden_act: Activation::gelu,
        attention_probs_dropout_prob: 0.0,
        hidden_dropout_prob: 0.0,
        hidden_size: 32,
        initializer_range: 0.02,
        intermediate_size: 64,
        max_position_embeddings: 512,
        num_attention_heads: 2,
        num_hidden_layers: 2,
        type_vocab_size: 2,
        vocab_size: 32,
        output_attentions: None,
        output_hidden_states: None,
        is_decoder: None,
        id2label: Some(labels.iter().enumerate().map(|(i, l)| (i as i64, l.clone())).collect()),
        label2id: None,
    };
    TokenClassifier::from_config(config, tiny_tokenizer(), Device::Cpu).unwrap()
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

struct Quiet;
impl TrainProgress for Quiet {}

#[test]
fn training_loop_learns_and_saved_model_predicts_the_same() {
    let train_data = toy_data(96, 0);
    let dev = toy_data(24, 3);
    let labels = label_set(&train_data);
    assert_eq!(labels, ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]);
    let model = NerModel::from_classifier(tiny_model(&labels), "tiny".into());
    let before = evaluate(&model, &dev).unwrap().f1;
    let out = tempfile::tempdir().unwrap();
    let config = TrainConfig { epochs: 6, batch_size: 8, learning_rate: 3e-3, ..TrainConfig::default() };
    let report = train(&model, &train_data, &dev, &config, out.path(), &Quiet).unwrap();

    assert!(report.epochs.last().unwrap().train_loss < report.epochs[0].train_loss * 0.5, "{:?}", report.epochs);
    assert!(report.best_dev.f1 > 0.9 && report.best_dev.f1 > before, "dev F1 {} (before {before})", report.best_dev.f1);
    for file in ["config.json", "tokenizer.json", "model.safetensors"] {
        assert!(out.path().join(file).exists(), "{file} not written");
    }

    // The saved (fp16) model reproduces the best epoch's dev score after loading.
    let loaded = NerModel::load(out.path(), Device::Cpu).unwrap();
    let reloaded_f1 = evaluate(&loaded, &dev).unwrap().f1;
    assert!((reloaded_f1 - report.best_dev.f1).abs() < 0.02, "{reloaded_f1} vs {}", report.best_dev.f1);
}

#[test]
fn long_sequences_are_windowed_and_every_word_predicted_once() {
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
