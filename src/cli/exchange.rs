//! `slant export` and `slant import`: arguments and run functions (the work is in
//! `slant::export` and `slant::import`).

use super::args::{ExportFormatArg, ImportFormatArg};
use super::{EXIT_FAILED_DOCS, EXIT_USAGE};
use anyhow::Context;
use clap::Args;
use slant::export::{self, split::SplitSpec, EntityFilter, ExportError, ExportOptions, Format};
use slant::import::{self, ImportFormat};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Tagged JSONL files written by `slant tag` (`-` for standard input, `.gz` read as gzip).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format (docs/export.md says what each writes and how to load it).
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Output file, `-` for standard output (single-file formats), or the directory for brat.
    /// hf and label-studio also write a file beside it (NAME.labels.json, NAME.label_config.xml).
    #[arg(short, long, default_value = "-")]
    pub output: String,
    /// Split documents by a stable hash of their id, e.g. train:dev:test=80:10:10; each part
    /// goes to OUTPUT with `.PART` before the extension (out.train.conll, brat_dir.train).
    #[arg(long, value_name = "NAMES=SHARES")]
    pub split: Option<SplitSpec>,
    /// Drop near-duplicate documents (syndicated copies), keeping the first occurrence.
    #[arg(long)]
    pub dedup: bool,
    /// Estimated Jaccard similarity of word 5-shingles (MinHash) at which --dedup drops a
    /// document.
    #[arg(long, default_value_t = export::dedup::DEFAULT_THRESHOLD, requires = "dedup", value_parser = parse_fraction)]
    pub dedup_threshold: f64,
    /// Drop entities scored below this (newsmtsc: mentions whose most probable tone is below it).
    #[arg(long, value_parser = parse_fraction)]
    pub min_score: Option<f64>,
    /// Keep only these labels, comma-separated (newsmtsc: actor types PER, ORG, LOC).
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// No summary or per-document messages on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Annotation files, or directories searched for them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum)]
    pub format: ImportFormatArg,
    /// Output JSONL (what `slant train ner --train` reads), `-` for standard output.
    #[arg(short, long)]
    pub output: String,
    /// No summary or warnings on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_fraction(text: &str) -> Result<f64, String> {
    let value: f64 = text.parse().map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let inputs = export::read_inputs(&args.inputs)?;
    for bad in &inputs.bad_lines {
        eprintln!("slant: {bad}");
    }
    if !args.quiet {
        for skipped in &inputs.error_records {
            eprintln!(
                "slant: {}: skipped {} (tagging failed: {}: {})",
                skipped.path, skipped.id, skipped.kind, skipped.message
            );
        }
    }
    if let Some(labels) = &args.labels {
        if labels.iter().any(|l| l.trim().is_empty()) {
            eprintln!("slant: error: --labels has an empty label");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let options = ExportOptions {
        format: args.format.into(),
        filter: EntityFilter {
            min_score: args.min_score.map(|s| s as f32),
            labels: args.labels.map(|l| l.into_iter().map(|s| s.trim().to_string()).collect()),
        },
        dedup_threshold: args.dedup.then_some(args.dedup_threshold),
        split: args.split,
    };
    let summary = match export::export(&inputs.documents, &options, &args.output) {
        Ok(summary) => summary,
        Err(e @ (ExportError::NeedsPath { .. } | ExportError::NotABratExport { .. })) => {
            eprintln!("slant: error: {e}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        Err(e) => return Err(e).context("export failed; no output written"),
    };
    if !args.quiet {
        for d in &summary.duplicates {
            eprintln!("slant: duplicate: {} repeats {} (estimated Jaccard {:.2}); dropped", d.id, d.of, d.similarity);
        }
        let mut line = format!(
            "slant: exported {} documents as {} ({} {}); skipped {} error records, {} unreadable lines; {} duplicates dropped",
            summary.documents(),
            Format::from(args.format).name(),
            summary.items(),
            Format::from(args.format).item_name(),
            inputs.error_records.len(),
            inputs.bad_lines.len(),
            summary.duplicates.len(),
        );
        let parts: Vec<String> = summary
            .parts
            .iter()
            .filter_map(|p| {
                let path = p.path.as_ref()?.display();
                Some(match &p.name {
                    Some(name) => format!("{name}: {} docs → {path}", p.documents),
                    None => format!("→ {path}"),
                })
            })
            .chain(summary.sidecars.iter().map(|s| format!("+ {}", s.display())))
            .collect();
        if !parts.is_empty() {
            line.push_str("; ");
            line.push_str(&parts.join(", "));
        }
        eprintln!("{line}");
    }
    Ok(if inputs.bad_lines.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FAILED_DOCS) })
}

pub fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let imported = import::import(&args.inputs, args.format.into())?;
    for issue in &imported.issues {
        if issue.severity == import::Severity::Error || !args.quiet {
            eprintln!("slant: {issue}");
        }
    }
    match import::write_jsonl(&imported.records, &args.output) {
        Ok(()) => {}
        Err(e @ import::ImportError::NotJsonl { .. }) => {
            eprintln!("slant: error: {e}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        Err(e) => return Err(e).context("import failed; no output written"),
    }
    if !args.quiet {
        let warnings = imported.issues.len() - imported.errors();
        eprintln!(
            "slant: imported {} records ({} entities) from {} {} files into {}; {} unannotated tasks skipped, {} errors, {} warnings",
            imported.records.len(),
            imported.entities(),
            imported.files,
            ImportFormat::from(args.format).name(),
            args.output,
            imported.unannotated,
            imported.errors(),
            warnings,
        );
    }
    Ok(if imported.errors() == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FAILED_DOCS) })
}
