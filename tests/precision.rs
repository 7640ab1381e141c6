//! Inference precision and the fused encoder pass: the fused pass gives rust-bert's outputs to
//! float rounding, bf16 stays close to fp32 with heads in fp32, `--precision` is deterministic
//! whatever the thread count, and `slant env` says what runs.

mod common;

use assert_cmd::Command;
use common::{tiny_config, tiny_tokenizer, torch_lock};
use slant::model::{Batch, Pooling, Precision, TargetClassifier, TargetInput, TokenClassifier};
use std::path::Path;
use tch::{Device, Kind, Tensor};

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn max_difference(a: &Tensor, b: &Tensor) -> f64 {
    assert_eq!(a.size(), b.size());
    (a - b).abs().max().double_value(&[])
}

fn random_weights(vs: &tch::nn::VarStore) {
    // Random init leaves the feature embeddings at zero and the weights small; larger random
    // values make the comparison mean something.
    tch::no_grad(|| {
        for (_, mut var) in vs.variables() {
            let noise = var.randn_like() * 0.3;
            var.copy_(&noise);
        }
    });
}

#[test]
fn the_fused_pass_gives_rust_berts_token_logits() {
    let _lock = torch_lock();
    let mut model =
        TokenClassifier::from_config(tiny_config(&labels(&["O", "B-PER", "I-PER"])), tiny_tokenizer(), Device::Cpu)
            .unwrap();
    random_weights(model.var_store());
    let a = model.encode_words(&["rubio", "met", "lavrov", "in", "geneva"]).unwrap();
    let b = model.encode_words(&["putin", "said"]).unwrap();
    let batch = Batch::new(&[&a, &b], Device::Cpu);
    let (fused, reference) = tch::no_grad(|| (model.logits(&batch, false), model.logits_rust_bert(&batch)));
    assert_eq!(fused.kind(), Kind::Float);
    let diff = max_difference(&fused, &reference);
    assert!(diff < 1e-4, "fused and rust-bert logits differ by {diff}");
    // Padding changes nothing for the real pieces of the shorter row.
    let alone = tch::no_grad(|| model.logits(&Batch::new(&[&b], Device::Cpu), false));
    let padded = fused.get(1).narrow(0, 0, b.ids.len() as i64);
    assert!(max_difference(&alone.get(0), &padded) < 1e-4);

    assert_eq!(model.set_precision(Precision::Bf16).unwrap(), Precision::Bf16);
    let half = tch::no_grad(|| model.logits(&batch, false));
    assert_eq!(half.kind(), Kind::Float, "heads read and give fp32");
    let diff = max_difference(&half, &reference);
    assert!(diff > 0.0 && diff < 0.15, "bf16 logits differ from fp32 by {diff}");
}

#[test]
fn the_fused_pass_gives_rust_berts_target_logits_for_both_poolings() {
    let _lock = torch_lock();
    for (pooling, input) in [(Pooling::ClsTarget, TargetInput::Sentence), (Pooling::Cls, TargetInput::Pair)] {
        let config = tiny_config(&labels(&["negative", "neutral", "positive"]));
        let mut model = TargetClassifier::from_config(config, tiny_tokenizer(), pooling, input, None, Device::Cpu)
            .unwrap_or_else(|e| panic!("{pooling:?}: {e}"));
        random_weights(model.var_store());
        let sentence = "rubio praised lavrov in geneva";
        let encoded = model.encode(sentence, "lavrov", 13..19).unwrap();
        let other = model.encode("putin said", "putin", 0..5).unwrap();
        let items = [&encoded, &other];
        let (fused, reference) =
            tch::no_grad(|| (model.logits(&items, false).unwrap(), model.logits_rust_bert(&items).unwrap()));
        let diff = max_difference(&fused, &reference);
        assert!(diff < 1e-4, "{pooling:?}: fused and rust-bert logits differ by {diff}");
        model.set_precision(Precision::Bf16).unwrap();
        let half = tch::no_grad(|| model.logits(&items, false).unwrap());
        assert_eq!(half.kind(), Kind::Float);
        assert!(max_difference(&half, &reference) < 0.15, "{pooling:?}");
    }
}

#[test]
fn the_shipped_ner_model_decides_the_same_in_bf16() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner");
    let mut model = TokenClassifier::load(&dir, Device::Cpu).unwrap();
    let words: Vec<&str> =
        "Marco Rubio met Sergey Lavrov in Istanbul on Monday , and the State Department said the talks with Russia were useful ."
            .split(' ')
            .collect();
    let encoded = model.encode_words(&words).unwrap();
    let batch = Batch::new(&[&encoded], Device::Cpu);
    let (fused, reference) = tch::no_grad(|| (model.logits(&batch, false), model.logits_rust_bert(&batch)));
    let diff = max_difference(&fused, &reference);
    assert!(diff < 1e-3, "fused and rust-bert logits of the shipped model differ by {diff}");
    model.set_precision(Precision::Bf16).unwrap();
    let half = tch::no_grad(|| model.logits(&batch, false));
    assert_eq!(half.argmax(-1, false), reference.argmax(-1, false), "bf16 changes a piece's label");
}

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

#[test]
fn bf16_tagging_is_the_same_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out = dir.path().join(format!("bf16-{threads}.jsonl"));
        slant()
            .args(["tag", "examples/articles", "-q", "--precision", "bf16", "--threads", threads, "-o"])
            .arg(&out)
            .assert()
            .success();
        std::fs::read_to_string(&out).unwrap()
    };
    let one = run("1");
    assert!(one.contains("\"tone\""), "tone ran");
    assert_eq!(one, run("2"), "bf16 output differs between 1 and 2 threads");
}

#[test]
fn bf16_records_do_not_depend_on_the_documents_tagged_with_them() {
    // Sentences of all documents share model batches; padded lengths that depend on each
    // sequence alone keep a document's records its own (what Spark partitions rely on).
    let dir = tempfile::tempdir().unwrap();
    let tag = |inputs: &[std::path::PathBuf], name: &str| {
        let out = dir.path().join(name);
        slant().args(["tag", "-q", "--no-link", "--precision", "bf16", "-o"]).arg(&out).args(inputs).assert().success();
        std::fs::read_to_string(&out).unwrap()
    };
    let mut seeds: Vec<_> = std::fs::read_dir("examples/articles").unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    let together = tag(&seeds, "together.jsonl");
    let alone: String = seeds.iter().map(|seed| tag(std::slice::from_ref(seed), "alone.jsonl")).collect();
    assert_eq!(together.lines().count(), seeds.len());
    assert!(together.contains("\"tone\""), "tone ran");
    for (t, a) in together.lines().zip(alone.lines()) {
        assert_eq!(t, a, "a seed's record changes when it is tagged with the others");
    }
}

#[test]
fn env_says_which_runtime_and_precision_run() {
    let out = slant().arg("env").assert().success().get_output().stdout.clone();
    let env: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(env["runtime"], "libtorch");
    let native = env["cpu_features"]["avx512_bf16"].as_bool().unwrap();
    let auto_bf16 = native && slant::model::BF16_VALIDATED;
    assert_eq!(env["precision_auto"], if auto_bf16 { "bf16" } else { "fp32" });
    let available: Vec<&str> =
        env["precisions_available"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(available, if native { vec!["fp32", "bf16"] } else { vec!["fp32"] });
    slant().args(["tag", "-", "--precision", "int4"]).assert().failure();
}
