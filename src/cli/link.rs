//! `slant link`: links actors across tagged outputs, as one `slant tag` run over all of them
//! would. The three steps are the library's (`slant::link`): `--observe` writes a name table,
//! `--table` applies merged tables, and with neither both happen over the given files.

use super::progress::Reporter;
use super::EXIT_FAILED_DOCS;
use anyhow::Context;
use clap::Args;
use slant::corpus;
use slant::link::NameTable;
use slant::output::Sink;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct LinkArgs {
    /// Tagged JSONL files (`slant tag --no-link` outputs, e.g. one per shard), in output order;
    /// `.gz` is read too.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output: linked records (JSONL), or with `--observe` the name table (JSON); `-` for
    /// standard output.
    #[arg(short, long, default_value = "-")]
    output: String,
    /// Only observe: write the inputs' name table, to merge with other tables and apply later.
    #[arg(long, conflicts_with = "table")]
    observe: bool,
    /// Apply these name tables (merged) instead of observing the inputs; repeatable.
    #[arg(long)]
    table: Vec<PathBuf>,
    /// No summary or warnings on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: LinkArgs) -> anyhow::Result<ExitCode> {
    let reporter = Reporter::new(args.quiet, 0);
    let mut bad_lines = 0u64;
    let mut table = if args.table.is_empty() {
        corpus::observe_files(&args.inputs, |e| {
            bad_lines += 1;
            if !args.observe {
                return; // reported once, as an error record, when the records are written
            }
            eprintln!("slant: {e}");
        })?
    } else {
        NameTable::default()
    };
    for path in &args.table {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let part: NameTable =
            serde_json::from_str(&text).with_context(|| format!("{}: not a slant name table", path.display()))?;
        table.merge(part);
    }
    let mut sink = Sink::open(&args.output).with_context(|| format!("cannot write to {}", args.output))?;
    if args.observe {
        sink.write_line(&serde_json::to_string(&table)?)?;
        sink.finish().with_context(|| format!("cannot finish {}", args.output))?;
        if !args.quiet {
            eprintln!(
                "slant: observed {} documents: {} surnames, {} names",
                table.documents,
                table.by_surname.len(),
                table.spellings.len()
            );
        }
        return Ok(if bad_lines > 0 { ExitCode::from(EXIT_FAILED_DOCS) } else { ExitCode::SUCCESS });
    }
    let summary = corpus::link_files(&args.inputs, &table, &mut sink, &reporter)?;
    let written = sink.finish().with_context(|| format!("cannot finish {}", args.output))?;
    reporter.bar.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "slant: linked {} documents: {} ok, {} failed; {} actors{}",
            summary.documents,
            summary.ok,
            summary.failed,
            summary.actors,
            written.map(|p| format!("; wrote {}", p.display())).unwrap_or_default()
        );
    }
    Ok(if summary.failed > 0 { ExitCode::from(EXIT_FAILED_DOCS) } else { ExitCode::SUCCESS })
}
