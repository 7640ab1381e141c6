//! Argument definitions (clap derive) and one `run_*` function per subcommand. The work itself is
//! in the library; this module turns arguments into library options and results into messages.

mod compare;
mod eval_actors;
mod exchange;
mod link;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use slant::coref;
use slant::corpus::{self, Progress, RunOptions, Shard};
use slant::document::SourceRef;
use slant::extract::{ExtractOptions, HtmlExtractor};
use slant::ingest::{self, FieldNames, Ingest, IngestOptions, InputFormat, Manifest};
use slant::model::card::{self, CardInfo};
use slant::model::training::{TrainConfig, TrainProgress, TrainReport};
use slant::model::{Lexicon, Pooling, TargetClassifier, TargetInput, TokenClassifier};
use slant::ner::{self, NerModel};
use slant::output::{RecordOptions, Sink};
use slant::pipeline::{Pipeline, PipelineOptions};
use slant::records::ErrorRecord;
use slant::tone::{self, ToneModel};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code when some documents failed.
pub const EXIT_FAILED_DOCS: u8 = 1;
/// Exit code for usage errors (bad arguments, unreadable manifest, unwritable output).
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "slant",
    version,
    about = "Reads news articles, marks the actors in them, and scores how each article treats each actor."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract, segment and annotate documents; one JSON record per document.
    Tag(Box<TagArgs>),
    /// Train a model.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate a model against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Link actors across tagged outputs (`slant tag --no-link`, shards): canonical actors and
    /// article tone as one run over the whole corpus gives.
    Link(Box<link::LinkArgs>),
    /// Compare tone toward actors across outlets, dates or any metadata field.
    Compare(Box<compare::CompareArgs>),
    /// Export tagged records for annotation and training tools.
    Export(Box<exchange::ExportArgs>),
    /// Import corrected annotations into slant's training JSONL.
    Import(Box<exchange::ImportArgs>),
    /// Show the libtorch runtime slant links against (threads, CUDA devices).
    Env,
    /// Show how the text extractor classified each paragraph of a page (for tuning its rules).
    #[command(hide = true)]
    ExplainText {
        /// A plain-text page.
        file: PathBuf,
    },
    /// Print each page's paragraphs with the extraction model's features, one JSON line per page
    /// (for `scripts/train_extract.py`).
    #[command(hide = true)]
    ExtractFeatures {
        /// Pages: plain text, or HTML with --html.
        files: Vec<PathBuf>,
        /// Candidate paragraphs of HTML pages (both extractors merged) instead of text paragraphs.
        #[arg(long)]
        html: bool,
    },
}

#[derive(Args, Debug)]
struct TagArgs {
    /// Files, directories (recursive), glob patterns, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output file (JSONL); `-` for standard output.
    #[arg(short, long, default_value = "-")]
    output: String,
    /// Read every input as this format instead of detecting it from the extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// CSV or JSONL file keyed by `id` or `file` supplying outlet, date, url, title, author.
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// Treat text inputs as clean article bodies (skip furniture removal).
    #[arg(long)]
    no_extract: bool,
    /// HTML body extractor.
    #[arg(long, value_enum, default_value_t = HtmlExtractor::Combined)]
    html_extractor: HtmlExtractor,
    /// Include token offsets in each sentence.
    #[arg(long)]
    tokens: bool,
    /// NER model directory (default: the shipped models/ner).
    #[arg(long)]
    ner_model: Option<PathBuf>,
    /// Skip entity recognition (`entities` and `actors` stay empty).
    #[arg(long, conflicts_with = "ner_model")]
    no_ner: bool,
    /// Tone model directory (default: the shipped models/tone).
    #[arg(long)]
    tone_model: Option<PathBuf>,
    /// Skip tone (actors are grouped but get no tone).
    #[arg(long, conflicts_with = "tone_model")]
    no_tone: bool,
    /// Alias CSV (canonical,aliases,type,external_id,group) that overrides and extends the
    /// automatic grouping of actors; added to the shipped models/aliases.csv.
    #[arg(long)]
    aliases: Option<PathBuf>,
    /// Directory holding the shipped models (ner/, tone/, aliases.csv). Default: $SLANT_MODELS,
    /// else `models` beside the binary (bin/, bin/.., ../share/slant, the checkout), else the
    /// checkout the binary was built from.
    #[arg(long, value_name = "DIR")]
    models_dir: Option<PathBuf>,
    /// Device for models: cpu, cuda or cuda:N.
    #[arg(long, default_value = "cpu")]
    device: String,
    /// Documents larger than this (in MB) become error records.
    #[arg(long, default_value_t = 16.0)]
    max_doc_mb: f64,
    /// Stop at the first document that fails.
    #[arg(long)]
    strict: bool,
    /// Worker threads (0: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// No progress bar, warnings or summary on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    fields: FieldArgs,
    /// Link actors within each document only; `slant link` links such outputs (shards) later.
    #[arg(long)]
    no_link: bool,
    /// Tag only the documents whose id hashes to shard K of N (1-based), e.g. `--shard 2/8`.
    #[arg(long, value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// Continue an interrupted run of the same command: documents already tagged (in the journal
    /// beside the output, `.NAME.slant-journal/`) are not tagged again.
    #[arg(long, requires = "output")]
    resume: bool,
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// Fine-tune the base encoder for named entities (PER, LOC, ORG, MISC).
    Ner(TrainNerArgs),
    /// Fine-tune the base encoder for tone toward a marked target (negative, neutral, positive).
    Tone(TrainToneArgs),
    /// Train the pronoun scorer's logistic-regression baseline and name table on GAP (scripts/train_coref.sh
    /// then trains the shipped ensemble; see models/coref/MODEL_CARD.md).
    #[command(hide = true)]
    Coref(TrainCorefArgs),
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Strict entity-level precision, recall and F1 (seqeval/conlleval), micro and per type.
    Ner(EvalNerArgs),
    /// Target-level tone: macro-F1 over the three classes and accuracy.
    Tone(EvalToneArgs),
    /// Pronoun attribution on GAP (snippet context): F1 overall, masculine, feminine, and F/M.
    Coref(EvalCorefArgs),
    /// Actors against coreference gold (GUM JSON, CoNLL-2012): names found, pronouns and role
    /// nouns linked, B-cubed/MUC/pairwise/CEAF-e within documents, actor ids across documents.
    Actors(eval_actors::EvalActorsArgs),
}

#[derive(Args, Debug)]
struct EvalCorefArgs {
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

#[derive(Args, Debug)]
struct TrainCorefArgs {
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

#[derive(Args, Debug)]
struct TrainToneArgs {
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
    #[arg(long, value_enum, default_value_t = Pooling::ClsTarget)]
    pooling: Pooling,
    /// How targets reach the encoder: every target of a sentence marked and read in one pass
    /// (sentence), or one `sentence [SEP] target` input per target (pair).
    #[arg(long, value_enum, default_value_t = TargetInput::Sentence)]
    input: TargetInput,
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
struct EvalToneArgs {
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
}

/// How much text an NER training window holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum NerContext {
    Sentence,
    Document,
}

#[derive(Args, Debug)]
struct TrainNerArgs {
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

#[derive(Args, Debug)]
struct EvalNerArgs {
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
}

fn parse_device(name: &str) -> anyhow::Result<tch::Device> {
    Ok(match name {
        "cpu" => tch::Device::Cpu,
        "cuda" => tch::Device::Cuda(0),
        other => match other.strip_prefix("cuda:").and_then(|n| n.parse().ok()) {
            Some(n) => tch::Device::Cuda(n),
            None => anyhow::bail!("unknown device {other:?} (cpu, cuda, cuda:N)"),
        },
    })
}

/// Field names read from JSONL objects and CSV columns.
#[derive(Args, Debug)]
struct FieldArgs {
    #[arg(long, default_value = "id", help_heading = "Record fields")]
    id_field: String,
    #[arg(long, default_value = "text", help_heading = "Record fields")]
    text_field: String,
    #[arg(long, default_value = "html", help_heading = "Record fields")]
    html_field: String,
    #[arg(long, default_value = "title", help_heading = "Record fields")]
    title_field: String,
    #[arg(long, default_value = "outlet", help_heading = "Record fields")]
    outlet_field: String,
    #[arg(long, default_value = "date", help_heading = "Record fields")]
    date_field: String,
    #[arg(long, default_value = "author", help_heading = "Record fields")]
    author_field: String,
    #[arg(long, default_value = "url", help_heading = "Record fields")]
    url_field: String,
}

impl From<FieldArgs> for FieldNames {
    fn from(f: FieldArgs) -> Self {
        FieldNames {
            id: f.id_field,
            text: f.text_field,
            html: f.html_field,
            title: f.title_field,
            outlet: f.outlet_field,
            date: f.date_field,
            author: f.author_field,
            url: f.url_field,
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Tag(args) => run_tag(*args),
        Command::ExplainText { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            print!("{}", slant::extract::explain_text(&String::from_utf8_lossy(&bytes)));
            Ok(ExitCode::SUCCESS)
        }
        Command::ExtractFeatures { files, html } => {
            use std::io::Write;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let names = if html { slant::extract::html_feature_names() } else { slant::extract::feature_names() };
            writeln!(out, "{}", serde_json::json!({ "feature_names": names }))?;
            for file in files {
                let inputs = ingest::discover(&[file.display().to_string()], None)?;
                let raw = Ingest::new(inputs, IngestOptions::default(), None)
                    .next()
                    .with_context(|| format!("cannot read {}", file.display()))?
                    .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.message))?;
                let line = if html {
                    let (rows, readability, trafilatura) = slant::extract::html_feature_rows(&raw.content);
                    serde_json::json!({ "file": file, "paragraphs": rows, "readability": readability, "trafilatura": trafilatura })
                } else {
                    serde_json::json!({ "file": file, "paragraphs": slant::extract::feature_rows(&raw.content) })
                };
                writeln!(out, "{line}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train(TrainCommand::Ner(args)) => run_train_ner(args),
        Command::Train(TrainCommand::Tone(args)) => run_train_tone(args),
        Command::Eval(EvalCommand::Ner(args)) => run_eval_ner(args),
        Command::Eval(EvalCommand::Tone(args)) => run_eval_tone(args),
        Command::Eval(EvalCommand::Coref(args)) => run_eval_coref(args),
        Command::Eval(EvalCommand::Actors(args)) => eval_actors::run(args),
        Command::Train(TrainCommand::Coref(args)) => run_train_coref(args),
        Command::Link(args) => link::run(*args),
        Command::Compare(args) => compare::run(*args),
        Command::Export(args) => exchange::run_export(*args),
        Command::Import(args) => exchange::run_import(*args),
        Command::Env => {
            slant::runtime::set_threads(0);
            let mut info = serde_json::to_value(slant::runtime::info())?;
            // Where the models were found, or why not: the first thing to check on a new machine.
            info["models_dir"] = match slant::locate::models_dir(None) {
                Ok(dir) => serde_json::json!(dir.display().to_string()),
                Err(err) => serde_json::json!(format!("not found: {err}")),
            };
            println!("{}", serde_json::to_string_pretty(&info)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_tag(args: TagArgs) -> anyhow::Result<ExitCode> {
    let run_fingerprint = fingerprint(&args);
    slant::runtime::set_threads(args.threads);
    let files = ingest::discover(&args.inputs, args.input_format)?;
    let manifest = args.manifest.as_deref().map(Manifest::load).transpose()?;
    let ingest_options = IngestOptions {
        format: args.input_format,
        fields: args.fields.into(),
        max_doc_bytes: (args.max_doc_mb * 1024.0 * 1024.0) as usize,
        text_is_body: args.no_extract,
    };
    // Found at run time (flag, $SLANT_MODELS, beside the binary), so a copied binary works too.
    // Always needed: the shipped alias table is read even when both models are given.
    let mut options = PipelineOptions::shipped(args.models_dir.as_deref())?;
    let shipped_ner = options.ner_model.take().expect("shipped options name a NER model");
    let shipped_tone = options.tone_model.take().expect("shipped options name a tone model");
    options.ner_model = choose_model(args.no_ner, args.ner_model, shipped_ner, "entities");
    options.tone_model =
        choose_model(args.no_tone || options.ner_model.is_none(), args.tone_model, shipped_tone, "tone");
    if let Some(path) = &args.aliases {
        options.aliases.extend_from(path)?;
    }
    options.extract = ExtractOptions { html_extractor: args.html_extractor };
    options.record = RecordOptions { with_tokens: args.tokens };
    options.device = Some(parse_device(&args.device)?);
    let pipeline = Pipeline::new(options)?;
    if args.resume && args.output == "-" {
        anyhow::bail!("--resume needs an output file (-o FILE), not standard output");
    }
    let run = RunOptions {
        strict: args.strict,
        link: !args.no_link,
        journal: (args.output != "-").then(|| corpus::journal_dir_for(std::path::Path::new(&args.output))),
        resume: args.resume,
        fingerprint: run_fingerprint,
    };
    let mut sink = Sink::open(&args.output).with_context(|| format!("cannot write to {}", args.output))?;
    let reporter = Reporter::new(args.quiet, files.len());
    let items = Ingest::new(files, ingest_options, manifest);
    let shard = args.shard;
    let items = items.filter(move |item| shard.is_none_or(|s| s.contains_item(item)));
    let summary = corpus::run_corpus(&pipeline, items, &mut sink, &reporter, &run)
        .with_context(|| format!("writing {}", args.output))?;
    reporter.bar.finish_and_clear();

    let written = if summary.stopped_early {
        // A stopped run leaves nothing under the final name (the temporary file is removed).
        drop(sink);
        None
    } else {
        sink.finish().with_context(|| format!("cannot finish {}", args.output))?
    };
    if !args.quiet {
        let secs = summary.elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "slant: {} documents{}: {} ok, {} failed ({}); {} sentences, {} tokens, {} entities, {} actors, {} warnings; {:.1} docs/s{}",
            summary.documents,
            if summary.resumed_after > 0 {
                format!(" ({} tagged before resuming)", summary.resumed_after)
            } else {
                String::new()
            },
            summary.ok,
            summary.failed,
            if summary.errors.is_empty() {
                "none".to_string()
            } else {
                summary.errors.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
            },
            summary.sentences,
            summary.words,
            summary.entities,
            summary.actors,
            summary.warnings,
            (summary.documents - summary.resumed_after) as f64 / secs,
            written.map(|p| format!("; wrote {}", p.display())).unwrap_or_default(),
        );
    }
    if summary.stopped_early {
        eprintln!("slant: stopped at the first failed document (--strict); no output file written");
    }
    Ok(if summary.failed > 0 { ExitCode::from(EXIT_FAILED_DOCS) } else { ExitCode::SUCCESS })
}

/// What identifies a tagging run for `--resume`: every argument that changes the records (not
/// threads, quiet or resume itself), and slant's version.
fn fingerprint(args: &TagArgs) -> String {
    let mut args = format!("{args:?}");
    for volatile in [r"threads: \d+", r"quiet: (true|false)", r"resume: (true|false)"] {
        args = regex::Regex::new(volatile).expect("valid regex").replace_all(&args, "").into_owned();
    }
    format!("slant {} {args}", env!("CARGO_PKG_VERSION"))
}

fn run_train_ner(args: TrainNerArgs) -> anyhow::Result<ExitCode> {
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

fn run_train_tone(args: TrainToneArgs) -> anyhow::Result<ExitCode> {
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
        TargetClassifier::from_base(&base, tone::labels(), args.pooling, args.input, lexicon, device)?,
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

fn run_eval_tone(args: EvalToneArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let model_dir = slant::locate::tone_model(args.model.as_deref(), args.models_dir.as_deref())?;
    let device = parse_device(&args.device)?;
    if let Some(path) = &args.persent {
        let docs = tone::persent::read(path).map_err(anyhow::Error::msg)?;
        let afinn = tone::persent::read_afinn(&args.afinn).ok();
        let mut options = PipelineOptions::shipped(args.models_dir.as_deref())?;
        options.tone_model = Some(model_dir);
        options.device = Some(device);
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
    let model = ToneModel::load(&model_dir, device)?;
    let gold_path = args.newsmtsc.expect("clap requires --newsmtsc without --persent");
    let examples = tone::data::read(&gold_path)?;
    let report = tone::train::evaluate(&model, &examples)?;
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["model"] = serde_json::json!(model_dir.display().to_string());
        value["gold"] = serde_json::json!(gold_path.display().to_string());
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

fn run_eval_coref(args: EvalCorefArgs) -> anyhow::Result<ExitCode> {
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

fn run_train_coref(args: TrainCorefArgs) -> anyhow::Result<ExitCode> {
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

fn run_eval_ner(args: EvalNerArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let model_dir = slant::locate::ner_model(args.model.as_deref(), None)?;
    let model = NerModel::load(&model_dir, parse_device(&args.device)?)?;
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

/// Training progress: a bar per epoch with the running loss, and a line per finished epoch.
struct TrainBar {
    bar: ProgressBar,
    loss: std::cell::Cell<f64>,
    /// When stderr is not a terminal (a log file), a line every tenth of an epoch instead of a bar.
    log_lines: bool,
}

impl TrainBar {
    fn new() -> Self {
        let bar = if std::io::stderr().is_terminal() { ProgressBar::new(0) } else { ProgressBar::hidden() };
        bar.set_style(
            ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} {per_sec} eta {eta} {msg}")
                .expect("valid template"),
        );
        Self { log_lines: bar.is_hidden(), bar, loss: std::cell::Cell::new(0.0) }
    }
}

impl TrainProgress for TrainBar {
    fn epoch_started(&self, epoch: usize, steps: usize) {
        self.bar.set_prefix(epoch.to_string());
        self.bar.set_length(steps as u64);
        self.bar.set_position(0);
    }

    fn step_done(&self, loss: f64, learning_rate: f64) {
        // Exponential moving average, so the shown loss is readable.
        let smoothed = if self.loss.get() == 0.0 { loss } else { 0.98 * self.loss.get() + 0.02 * loss };
        self.loss.set(smoothed);
        self.bar.set_message(format!("loss {smoothed:.4} lr {learning_rate:.2e}"));
        self.bar.inc(1);
        let (done, total) = (self.bar.position(), self.bar.length().unwrap_or(0));
        if self.log_lines && total >= 10 && done % (total / 10) == 0 {
            eprintln!(
                "slant: epoch {}: step {done}/{total}, loss {smoothed:.4}, lr {learning_rate:.2e}",
                self.bar.prefix()
            );
        }
    }

    fn epoch_done(&self, epoch: usize, train_loss: f64, dev_score: f64, is_best: bool) {
        self.bar.suspend(|| {
            eprintln!(
                "slant: epoch {epoch}: train loss {train_loss:.4}, dev score {dev_score:.4}{}",
                if is_best { " (best so far, saved)" } else { "" }
            )
        });
    }
}

/// The model to use: none when skipped, the user's, else the shipped one if it is there.
fn choose_model(skip: bool, given: Option<PathBuf>, shipped: PathBuf, what: &str) -> Option<PathBuf> {
    if skip {
        return None;
    }
    if given.is_some() {
        return given;
    }
    if shipped.join("model.safetensors").exists() {
        Some(shipped)
    } else {
        eprintln!("slant: warning: no model at {}; no {what}", shipped.display());
        None
    }
}

/// Progress bar and messages on stderr.
pub(crate) struct Reporter {
    pub(crate) bar: ProgressBar,
    quiet: bool,
}

impl Reporter {
    pub(crate) fn new(quiet: bool, files: usize) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = if visible { ProgressBar::new(files as u64) } else { ProgressBar::hidden() };
        bar.set_draw_target(if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() });
        // The length counts input files; record files hold many documents, so it is a floor.
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} docs [{elapsed_precise}] {per_sec} eta {eta} {wide_msg}")
                .expect("valid template"),
        );
        Self { bar, quiet }
    }
}

impl Progress for Reporter {
    fn documents_done(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn resumed(&self, done: u64) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("slant: resuming after {done} documents already tagged"));
        }
    }

    fn document_failed(&self, error: &ErrorRecord) {
        let source = if error.source.path.is_empty() { error.id.clone() } else { error.source.to_string() };
        self.bar.suspend(|| eprintln!("slant: {source}: {} ({})", error.error.message, error.error.kind.as_str()));
    }

    fn document_warning(&self, _id: &str, source: &SourceRef, warning: &str) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("slant: warning: {source}: {warning}"));
        }
    }

    fn linking(&self, documents: u64) {
        self.bar.set_message(format!("linking actors across {documents} documents"));
    }
}
