//! `slant eval ner|tone|coref|actors`: scores a model against gold data and prints a table or one
//! JSON object (`actors` is in [`eval_actors`](super::eval_actors)).

use super::args::{parse_device, PrecisionArg};
use anyhow::Context;
use clap::{Args, Subcommand};
use slant::coref;
use slant::ner::{self, NerModel};
use slant::pipeline::{Pipeline, PipelineOptions};
use slant::tone::{self, ToneModel};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub(super) enum EvalCommand {
    /// Strict entity-level precision, recall and F1 (seqeval/conlleval), micro and per type.
    Ner(EvalNerArgs),
    /// Target-level tone: macro-F1 over the three classes and accuracy.
    Tone(EvalToneArgs),
    /// Pronoun attribution on GAP (snippet context): F1 overall, masculine, feminine, and F/M.
    Coref(EvalCorefArgs),
    /// Actors against coreference gold (GUM JSON, CoNLL-2012): names found, pronouns and role
    /// nouns linked, B-cubed/MUC/pairwise/CEAF-e within documents, actor ids across documents.
    Actors(super::eval_actors::EvalActorsArgs),
}

pub(super) fn run(command: EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Ner(args) => run_ner(args),
        EvalCommand::Tone(args) => run_tone(args),
        EvalCommand::Coref(args) => run_coref(args),
        EvalCommand::Actors(args) => super::eval_actors::run(args),
    }
}

#[derive(Args, Debug)]
pub(super) struct EvalNerArgs {
    /// Gold data: CoNLL columns (IOB1, IOB2 or BIOES) or slant JSONL.
    #[arg(long)]
    gold: PathBuf,
    /// Model directory (default: ner/ in the models directory slant finds, see `slant env`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Write `token gold predicted` lines (CoNLL layout) here.
    #[arg(long)]
    write_predictions: Option<PathBuf>,
    /// Worker threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Device: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    device: String,
    /// What the encoder computes in.
    #[arg(long, value_enum, default_value_t = PrecisionArg::Auto)]
    precision: PrecisionArg,
}

#[derive(Args, Debug)]
pub(super) struct EvalToneArgs {
    /// NewsMTSC JSONL (or slant's target JSONL) to score targets against.
    #[arg(long, required_unless_present = "persent", conflicts_with = "persent")]
    newsmtsc: Option<PathBuf>,
    /// PerSenT CSV: document-level tone toward TARGET_ENTITY against TRUE_SENTIMENT.
    #[arg(long)]
    persent: Option<PathBuf>,
    /// AFINN word list for the PerSenT lexicon baseline.
    #[arg(long, default_value = "../shared/data/lexicons/afinn/AFINN-en-165.txt")]
    afinn: PathBuf,
    /// Model directory (default: tone/ in the models directory slant finds, see `slant env`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Directory holding the shipped models (PerSenT runs the whole pipeline, NER included).
    #[arg(long)]
    models_dir: Option<PathBuf>,
    /// PerSenT: write each document's gold label and article-level aggregator features as JSON
    /// lines (what scripts/train_aggregate.py trains on).
    #[arg(long, requires = "persent")]
    write_features: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Worker threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Device: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    device: String,
    /// What the encoders compute in.
    #[arg(long, value_enum, default_value_t = PrecisionArg::Auto)]
    precision: PrecisionArg,
}

#[derive(Args, Debug)]
pub(super) struct EvalCorefArgs {
    /// A GAP TSV (`gap-development.tsv`, `gap-validation.tsv`, ...).
    #[arg(long)]
    gap: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Write `ID<TAB>A-coref<TAB>B-coref` lines (TRUE/FALSE, no header) for GAP's official scorer.
    #[arg(long)]
    write_predictions: Option<PathBuf>,
    /// Only write each example's pair features (id, gender, gold A and B, A's features, B's) as
    /// TSV, for `scripts/train_coref.py`; nothing is scored (the compiled-in weights may be for
    /// another feature list while retraining).
    #[arg(long, hide = true)]
    dump_features: Option<PathBuf>,
}

fn run_ner(args: EvalNerArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let model_dir = slant::locate::ner_model(args.model.as_deref(), None)?;
    let mut model = NerModel::load(&model_dir, parse_device(&args.device)?)?;
    let precision = model.set_precision(args.precision.into())?;
    let gold = ner::data::read(&args.gold)?;
    let started = std::time::Instant::now();
    let predicted_tags = ner::train::predict_tags(&model, &gold)?;
    let seconds = started.elapsed().as_secs_f64();
    let gold_tags: Vec<Vec<String>> = gold.iter().map(|s| s.tags.clone()).collect();
    let report = ner::eval::score(&gold_tags, &predicted_tags);
    if let Some(path) = &args.write_predictions {
        let mut out = String::new();
        for ((sentence, gold), predicted) in gold.iter().zip(&gold_tags).zip(&predicted_tags) {
            for ((word, g), p) in sentence.words.iter().zip(gold).zip(predicted) {
                out.push_str(&format!("{word} {g} {p}\n"));
            }
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["model"] = serde_json::json!(model_dir.display().to_string());
        value["gold"] = serde_json::json!(args.gold.display().to_string());
        value["seconds"] = serde_json::json!(seconds);
        value["precision"] = serde_json::json!(precision);
        println!("{}", serde_json::to_string(&value)?);
    } else {
        println!("{:<6} {:>9} {:>9} {:>9} {:>8}", "type", "precision", "recall", "f1", "support");
        for (kind, s) in &report.per_type {
            println!("{kind:<6} {:>9.4} {:>9.4} {:>9.4} {:>8}", s.precision, s.recall, s.f1, s.support);
        }
        println!(
            "{:<6} {:>9.4} {:>9.4} {:>9.4} {:>8}",
            "micro", report.precision, report.recall, report.f1, report.support
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_tone(args: EvalToneArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let model_dir = slant::locate::tone_model(args.model.as_deref(), args.models_dir.as_deref())?;
    let device = parse_device(&args.device)?;
    if let Some(path) = &args.persent {
        let docs = tone::persent::read(path).map_err(anyhow::Error::msg)?;
        let afinn = tone::persent::read_afinn(&args.afinn).ok();
        let mut options = PipelineOptions::shipped(args.models_dir.as_deref())?;
        options.tone_model = Some(model_dir);
        options.device = Some(device);
        options.precision = args.precision.into();
        let pipeline = Pipeline::new(options)?;
        let results = tone::persent::run(&pipeline, &docs, 16)?;
        if let Some(out) = &args.write_features {
            let lines: Vec<String> = results.iter().map(serde_json::to_string).collect::<Result<_, _>>()?;
            std::fs::write(out, lines.join("\n") + "\n").with_context(|| format!("writing {}", out.display()))?;
        }
        let report = tone::persent::report(&docs, &results, afinn.as_ref());
        if args.json {
            println!("{}", serde_json::to_string(&report)?);
        } else {
            println!("{:<26} {:>9} {:>9}", "PerSenT documents", "macro-F1", "accuracy");
            let mut rows = vec![
                ("slant (article tone)", &report.slant),
                ("mean of mention tones", &report.mean_of_mentions),
                ("baseline: majority class", &report.baseline_majority),
            ];
            if let Some(lexicon) = &report.baseline_lexicon {
                rows.push(("baseline: AFINN document", lexicon));
            }
            for (name, r) in rows {
                println!("{name:<26} {:>9.4} {:>9.4}", r.f1_macro, r.accuracy);
            }
            println!(
                "expected calibration error: slant {:.4}, mean of mention tones {:.4}",
                report.calibration_error.slant, report.calibration_error.mean_of_mentions
            );
            println!("{} documents, {} without the target found", report.documents, report.documents_without_mention);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut model = ToneModel::load(&model_dir, device)?;
    let precision = model.set_precision(args.precision.into())?;
    let gold_path = args.newsmtsc.expect("clap requires --newsmtsc without --persent");
    let examples = tone::data::read(&gold_path)?;
    let report = tone::train::evaluate(&model, &examples)?;
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["model"] = serde_json::json!(model_dir.display().to_string());
        value["gold"] = serde_json::json!(gold_path.display().to_string());
        value["precision"] = serde_json::json!(precision);
        println!("{}", serde_json::to_string(&value)?);
    } else {
        println!("{:<9} {:>9} {:>9} {:>9} {:>8}", "class", "precision", "recall", "f1", "support");
        for (class, s) in &report.per_class {
            println!("{class:<9} {:>9.4} {:>9.4} {:>9.4} {:>8}", s.precision, s.recall, s.f1, s.support);
        }
        println!("macro-F1 {:.4}  accuracy {:.4}  ({} targets)", report.f1_macro, report.accuracy, report.examples);
    }
    Ok(ExitCode::SUCCESS)
}

fn run_coref(args: EvalCorefArgs) -> anyhow::Result<ExitCode> {
    let examples = coref::gap::read(&args.gap).map_err(anyhow::Error::msg)?;
    if let Some(path) = &args.dump_features {
        std::fs::write(path, coref::gap::features_tsv(&examples))
            .with_context(|| format!("cannot write {}", path.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let (decisions, report) = coref::gap::evaluate(coref::Scorer::shipped(), &examples);
    if let Some(path) = &args.write_predictions {
        std::fs::write(path, coref::gap::predictions_tsv(&examples, &decisions))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["gap"] = serde_json::json!(args.gap.display().to_string());
        println!("{}", serde_json::to_string(&value)?);
    } else {
        println!("{:<10} {:>9} {:>9} {:>9}", "GAP", "precision", "recall", "f1");
        for (name, r) in
            [("overall", &report.overall), ("masculine", &report.masculine), ("feminine", &report.feminine)]
        {
            println!("{name:<10} {:>9.4} {:>9.4} {:>9.4}", r.precision, r.recall, r.f1);
        }
        println!("bias (F/M) {:.4}  ({} examples)", report.bias, report.examples);
    }
    Ok(ExitCode::SUCCESS)
}
