//! The `slant` command line: the top-level argument definitions (clap derive) and the dispatch
//! to one module per subcommand. The work itself is in the library; these modules turn arguments
//! into library options and results into messages.
//!
//! [`tag`] (with the `--resume` fingerprint), [`train`], [`eval`] (and [`eval_actors`]),
//! [`link`], [`compare`] and [`exchange`] (export, import) each own a subcommand; [`args`] holds
//! the argument pieces they share and [`progress`] what is drawn on stderr while they run.

mod args;
mod compare;
mod eval;
mod eval_actors;
mod exchange;
mod link;
mod progress;
mod tag;
mod train;

use anyhow::Context;
use clap::{Parser, Subcommand};
use slant::ingest::{self, Ingest, IngestOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code when some documents failed (each has an error record; the run finished).
pub const EXIT_FAILED_DOCS: u8 = 1;
/// Exit code for usage errors: bad flags or values, inputs that match nothing, an unreadable
/// manifest, a journal of another run given `--resume`.
pub const EXIT_USAGE: u8 = 2;
/// Exit code for a run that could not finish: an I/O error, a full disk, an unwritable output,
/// a model that is missing or does not load.
pub const EXIT_FATAL: u8 = 3;

/// What `--help` says about exit codes.
const EXIT_HELP: &str = "Exit status: 0 every document ok; 1 some documents failed (each has an error record); \
                         2 usage error (bad flag or value, no matching input, unreadable manifest); \
                         3 the run could not finish (I/O error, disk full, unwritable output, model missing).";

/// An error that ended a run which could not finish (exit [`EXIT_FATAL`]): the models could not
/// be found or loaded, the output or the journal could not be written. Any other error is a usage
/// error (exit [`EXIT_USAGE`]).
#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
pub struct Fatal(pub anyhow::Error);

/// Marks an error as one that ended the run ([`Fatal`]).
pub fn fatal<E: Into<anyhow::Error>>(err: E) -> anyhow::Error {
    Fatal(err.into()).into()
}

/// The exit code for an error that ended a command.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<Fatal>()) {
        EXIT_FATAL
    } else {
        EXIT_USAGE
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "slant",
    version,
    about = "Reads news articles, marks the actors in them, and scores how each article treats each actor.",
    after_help = EXIT_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract, segment and annotate documents; one JSON record per document.
    #[command(after_help = EXIT_HELP)]
    Tag(Box<tag::TagArgs>),
    /// Train a model.
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Evaluate a model against gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
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

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Tag(args) => tag::run(*args),
        Command::Train(command) => train::run(command),
        Command::Eval(command) => eval::run(command),
        Command::Link(args) => link::run(*args),
        Command::Compare(args) => compare::run(*args),
        Command::Export(args) => exchange::run_export(*args),
        Command::Import(args) => exchange::run_import(*args),
        Command::Env => run_env(),
        Command::ExplainText { file } => run_explain_text(&file),
        Command::ExtractFeatures { files, html } => run_extract_features(files, html),
    }
}

fn run_env() -> anyhow::Result<ExitCode> {
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

fn run_explain_text(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    print!("{}", slant::extract::explain_text(&String::from_utf8_lossy(&bytes)));
    Ok(ExitCode::SUCCESS)
}

fn run_extract_features(files: Vec<PathBuf>, html: bool) -> anyhow::Result<ExitCode> {
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
