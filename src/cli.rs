//! Argument definitions (clap derive) and one `run_*` function per subcommand. The work itself is
//! in the library; this module turns arguments into library options and results into messages.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use slant::document::{DocError, Document};
use slant::extract::{ExtractOptions, HtmlExtractor};
use slant::ingest::{self, FieldNames, Ingest, IngestOptions, InputFormat, Manifest};
use slant::output::{RecordOptions, Sink};
use slant::pipeline::{self, Pipeline, PipelineOptions, Progress};
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
    /// Show the libtorch runtime slant links against (threads, CUDA devices).
    Env,
    /// Show how the text extractor classified each paragraph of a page (for tuning its rules).
    #[command(hide = true)]
    ExplainText {
        /// A plain-text page.
        file: PathBuf,
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
    #[arg(long, value_enum, default_value_t = HtmlExtractor::Readability)]
    html_extractor: HtmlExtractor,
    /// Include token offsets in each sentence.
    #[arg(long)]
    tokens: bool,
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
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            print!(
                "{}",
                slant::extract::explain_text(&String::from_utf8_lossy(&bytes))
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Env => {
            slant::runtime::set_threads(0);
            println!("{}", serde_json::to_string_pretty(&slant::runtime::info())?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_tag(args: TagArgs) -> anyhow::Result<ExitCode> {
    slant::runtime::set_threads(args.threads);
    let files = ingest::discover(&args.inputs, args.input_format)?;
    let manifest = args.manifest.as_deref().map(Manifest::load).transpose()?;
    let ingest_options = IngestOptions {
        format: args.input_format,
        fields: args.fields.into(),
        max_doc_bytes: (args.max_doc_mb * 1024.0 * 1024.0) as usize,
        text_is_body: args.no_extract,
    };
    let pipeline = Pipeline::new(PipelineOptions {
        extract: ExtractOptions {
            html_extractor: args.html_extractor,
        },
        record: RecordOptions {
            with_tokens: args.tokens,
        },
    });
    let mut sink =
        Sink::open(&args.output).with_context(|| format!("cannot write to {}", args.output))?;
    let reporter = Reporter::new(args.quiet, files.len());
    let summary = pipeline::run_corpus(
        &pipeline,
        Ingest::new(files, ingest_options, manifest),
        &mut sink,
        &reporter,
        args.strict,
    )
    .with_context(|| format!("writing {}", args.output))?;
    reporter.bar.finish_and_clear();

    let written = if summary.stopped_early {
        // A stopped run leaves nothing under the final name (the temporary file is removed).
        drop(sink);
        None
    } else {
        sink.finish()
            .with_context(|| format!("cannot finish {}", args.output))?
    };
    if !args.quiet {
        let secs = summary.elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "slant: {} documents: {} ok, {} failed ({}); {} sentences, {} tokens, {} warnings; {:.1} docs/s{}",
            summary.documents,
            summary.ok,
            summary.failed,
            if summary.errors.is_empty() { "none".to_string() } else { summary.errors.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ") },
            summary.sentences,
            summary.words,
            summary.warnings,
            summary.documents as f64 / secs,
            written.map(|p| format!("; wrote {}", p.display())).unwrap_or_default(),
        );
    }
    if summary.stopped_early {
        eprintln!("slant: stopped at the first failed document (--strict); no output file written");
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(EXIT_FAILED_DOCS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Progress bar and messages on stderr.
struct Reporter {
    bar: ProgressBar,
    quiet: bool,
}

impl Reporter {
    fn new(quiet: bool, files: usize) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = if visible {
            ProgressBar::new(files as u64)
        } else {
            ProgressBar::hidden()
        };
        bar.set_draw_target(if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        });
        // The length counts input files; record files hold many documents, so it is a floor.
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos} docs [{elapsed_precise}] {per_sec} eta {eta} {wide_msg}",
            )
            .expect("valid template"),
        );
        Self { bar, quiet }
    }
}

impl Progress for Reporter {
    fn documents_done(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn document_failed(&self, error: &DocError) {
        self.bar.suspend(|| {
            eprintln!(
                "slant: {}: {} ({})",
                error.source,
                error.message,
                error.kind.as_str()
            )
        });
    }

    fn document_warning(&self, doc: &Document, warning: &str) {
        if !self.quiet {
            self.bar
                .suspend(|| eprintln!("slant: warning: {}: {}", doc.source, warning));
        }
    }
}
