//! `slant compare`: arguments and the run function (the work is in `slant::compare`). Reports
//! skipped lines on stderr as they are read, writes the output atomically, and sets the exit
//! code (1 when a line was malformed).

use anyhow::Context;
use clap::{Args, ValueEnum};
use slant::compare::{stats, Aggregator, Bootstrap, CompareOptions, GroupKey, DEFAULT_EVIDENCE_PER_CELL};
use slant::output::Sink;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Tagged JSONL files written by `slant tag` (`-` for standard input; `.gz` is read).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Group documents by a metadata field (outlet, date, author, title, url, id, language), a
    /// field kept from the input (`extra`, e.g. `section`), or a date bucket (date:day, date:week
    /// for ISO weeks, date:month, date:year). Repeat it, or give a comma-separated list, to group
    /// by combinations: `--by outlet,date:month`.
    #[arg(long, value_name = "KEY", value_delimiter = ',', default_value = "outlet")]
    pub by: Vec<GroupKey>,
    /// Only the N most mentioned actors (over the whole corpus, after --actor).
    #[arg(long, value_name = "N")]
    pub actors: Option<usize>,
    /// Only this actor: canonical name, id or alias, case-insensitive. Repeatable.
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// Leave out group-and-actor cells with fewer documents than K.
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub min_docs: usize,
    /// Output format (default: from the -o extension, else json).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Output file; `-` for standard output.
    #[arg(short, long, default_value = "-")]
    pub output: String,
    /// Bootstrap resamples per confidence interval.
    #[arg(long, default_value_t = stats::DEFAULT_RESAMPLES)]
    pub resamples: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = stats::DEFAULT_SEED)]
    pub seed: u64,
    /// Evidence sentences kept per group and actor.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_EVIDENCE_PER_CELL)]
    pub evidence: usize,
    /// No summary or warnings on stderr (skipped lines are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Html,
}

impl Format {
    /// The format an output name asks for by its extension.
    fn from_output(output: &str) -> Self {
        let lower = output.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Format::Csv
        } else if lower.ends_with(".html") || lower.ends_with(".htm") {
            Format::Html
        } else {
            Format::Json
        }
    }
}

pub fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let options = CompareOptions {
        by: args.by,
        actor_names: args.actor,
        top_actors: args.actors,
        min_docs: args.min_docs,
        bootstrap: Bootstrap { resamples: args.resamples, seed: args.seed, ..Bootstrap::default() },
        evidence_per_cell: args.evidence,
    };
    let mut aggregator = Aggregator::new(options)?;
    for path in &args.inputs {
        aggregator.add_file(path, |problem| eprintln!("slant: {problem}"))?;
    }
    let unknown = aggregator.unknown_fields();
    if !unknown.is_empty() {
        anyhow::bail!(
            "no record has a field {} to group by (slant's fields: {}; or a field kept from the input in `extra`)",
            unknown.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
            slant::compare::groups::FIELDS.join(", ")
        );
    }
    let comparison = aggregator.finish();
    if !args.quiet {
        for name in &comparison.unmatched_actor_names {
            eprintln!("slant: warning: no actor matches --actor {name:?}");
        }
    }

    let text = match args.format.unwrap_or_else(|| Format::from_output(&args.output)) {
        Format::Json => comparison.to_json(),
        Format::Csv => comparison.to_csv()?,
        Format::Html => comparison.to_html(),
    };
    let mut sink = Sink::open(&args.output).with_context(|| format!("cannot write to {}", args.output))?;
    sink.write_line(text.trim_end_matches('\n')).with_context(|| format!("writing {}", args.output))?;
    let written = sink.finish().with_context(|| format!("cannot finish {}", args.output))?;

    let meta = &comparison.meta;
    if !args.quiet {
        eprintln!(
            "slant: {} documents ({} error records, {} malformed lines skipped); {} rows for {} actors{}",
            meta.documents,
            meta.error_records,
            meta.malformed_lines,
            meta.rows,
            meta.actors.len(),
            written.map(|p| format!("; wrote {}", p.display())).unwrap_or_default(),
        );
    }
    Ok(if meta.malformed_lines > 0 { ExitCode::from(super::EXIT_FAILED_DOCS) } else { ExitCode::SUCCESS })
}
